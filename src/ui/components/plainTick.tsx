import type { ReactElement } from 'react';
import type { BaseTickContentProps } from 'recharts';
import { cutText } from './plainChart.ts';

/** Recharts' Text's first-line offset for each vertical anchor of a one-line label (its default cap height, 0.71em). */
const DY = { start: '0.71em', middle: '0.355em', end: '0em' } as const;

/**
 * An axis label as one plain SVG text. Recharts' own tick Text is handed the axis's width, and with a
 * width it measures every word of every new label in the page (a forced layout each) to wrap it: labels
 * as short as these never wrap, and a chart drawn on a page of a year of batches spent tens of
 * milliseconds there. Not for a category axis of long names that should wrap.
 */
function plainTick(style: { fontSize: number; fill: string }, chars = Infinity): (props: BaseTickContentProps) => ReactElement {
  return function PlainTick({ x, y, index, payload, textAnchor = 'middle', verticalAnchor = 'end', tickFormatter, className }: BaseTickContentProps) {
    const text = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
    const shown = cutText(text, chars);
    return (
      <text x={x} y={y} textAnchor={textAnchor} fill={style.fill} fontSize={style.fontSize} className={className ? `recharts-text ${className}` : 'recharts-text'}>
        {shown !== text && <title>{text}</title>}
        <tspan x={x} dy={DY[verticalAnchor]}>
          {shown}
        </tspan>
      </text>
    );
  };
}

/** The charts' axis label style: a category axis of names takes it as is (Recharts' wrapping Text). */
export const axisTick = { fontSize: 11, fill: '#5b6675' };

/** The charts' numeric and date axis labels, one plain SVG text each in `axisTick`'s style. */
export const plainAxisTick = plainTick(axisTick);

/**
 * A category axis's names beside horizontal bars (130px, about 21 characters at 11px), one plain SVG text
 * each, a longer name cut with an ellipsis and whole in its title (the chart's tooltip and table name it
 * whole too). Recharts' wrapping Text measured each word of each name in the page as the chart was drawn.
 */
export const categoryAxisTick = plainTick(axisTick, 21);
