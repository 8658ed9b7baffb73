import type { ReactElement } from 'react';
import type { BaseTickContentProps } from 'recharts';

/** Recharts' Text's first-line offset for each vertical anchor of a one-line label (its default cap height, 0.71em). */
const DY = { start: '0.71em', middle: '0.355em', end: '0em' } as const;

/**
 * An axis label as one plain SVG text. Recharts' own tick Text is handed the axis's width, and with a
 * width it measures every word of every new label in the page (a forced layout each) to wrap it: labels
 * as short as these never wrap, and a chart drawn on a page of a year of batches spent tens of
 * milliseconds there. Not for a category axis of long names that should wrap.
 */
function plainTick(style: { fontSize: number; fill: string }): (props: BaseTickContentProps) => ReactElement {
  return function PlainTick({ x, y, index, payload, textAnchor = 'middle', verticalAnchor = 'end', tickFormatter, className }: BaseTickContentProps) {
    const text = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
    return (
      <text x={x} y={y} textAnchor={textAnchor} fill={style.fill} fontSize={style.fontSize} className={className ? `recharts-text ${className}` : 'recharts-text'}>
        <tspan x={x} dy={DY[verticalAnchor]}>
          {text}
        </tspan>
      </text>
    );
  };
}

/** The charts' axis label style: a category axis of names takes it as is (Recharts' wrapping Text). */
export const axisTick = { fontSize: 11, fill: '#5b6675' };

/** The charts' numeric and date axis labels, one plain SVG text each in `axisTick`'s style. */
export const plainAxisTick = plainTick(axisTick);
