import type { CSSProperties, ReactNode } from 'react';
import type { PlotArea } from './plainChart.ts';
import { axisTick } from './plainTick.tsx';

const GRID = '#edf0f3';
const AXIS_LINE = '#666';

/** Grid lines across the plot at the y ticks, each labelled left of the plot. */
export function YTicks({ ticks, y, plot, format }: { ticks: readonly number[]; y: (value: number) => number; plot: PlotArea; format: (value: number) => string }) {
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={plot.left} x2={plot.right} y1={y(t)} y2={y(t)} stroke={GRID} />
          <text x={plot.left - 8} y={y(t)} dy="0.355em" textAnchor="end" {...axisTick}>
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Grid lines down the plot at the x ticks, each labelled under the axis line. */
export function XTicks({ ticks, x, plot, format }: { ticks: readonly number[]; x: (value: number) => number; plot: PlotArea; format: (value: number) => string }) {
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={plot.top} y2={plot.bottom} stroke={GRID} />
          <XLabel x={x(t)} plot={plot}>
            {format(t)}
          </XLabel>
        </g>
      ))}
    </g>
  );
}

/** The x axis's line along the bottom of the plot. */
export const XAxisLine = ({ plot }: { plot: PlotArea }) => <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={AXIS_LINE} aria-hidden="true" />;

/** A label under the x axis, centred on `x`. */
export function XLabel({ x, plot, children }: { x: number; plot: PlotArea; children: ReactNode }) {
  return (
    <text x={x} y={plot.bottom + 8} dy="0.71em" textAnchor="middle" {...axisTick}>
      {children}
    </text>
  );
}

/** A tooltip at the top of the plot beside `x`: on its right, or on its left in the right half of a `width` wide box. */
export function PlainTooltip({ x, width, plot, children }: { x: number; width: number; plot: PlotArea; children: ReactNode }) {
  const side: CSSProperties = x > width / 2 ? { right: width - x + 12 } : { left: x + 12 };
  return (
    <div className="chart-tooltip plain-chart-tooltip" style={{ ...side, top: plot.top }}>
      {children}
    </div>
  );
}
