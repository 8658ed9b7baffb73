import { Bar, BarChart, type BarShapeProps } from 'recharts';
import type { NumericSummary } from '../../core/quality.ts';
import { formatCount, formatStat } from '../format.ts';

const WIDTH = 120;
const HEIGHT = 32;

interface Bin {
  from: number;
  to: number;
  count: number;
}

// Each bin is hoverable over the chart's full height and names its range and count. A native
// title, not a floating tooltip: it is never clipped by the scrolling table around the chart.
function BinShape({ x, y, width, height, payload }: BarShapeProps) {
  const bin = payload as Bin;
  return (
    <g className="histogram-bin">
      <title>{`${formatStat(bin.from)} – ${formatStat(bin.to)}: ${formatCount(bin.count)}`}</title>
      <rect x={x} y={0} width={width} height={HEIGHT} fill="transparent" />
      <rect x={x} y={y} width={width} height={height} fill="var(--chart)" />
    </g>
  );
}

/** A column's histogram at table-cell size: shape only, each bin's range and count on hover. */
export function Histogram({ column, summary }: { column: string; summary: NumericSummary }) {
  const { edges, counts } = summary.histogram;
  const bins: Bin[] = counts.map((count, i) => ({ from: edges[i] as number, to: edges[i + 1] as number, count }));
  return (
    <div className="histogram" role="img" aria-label={`Histogram of ${column}: ${bins.length} bins from ${formatStat(summary.min)} to ${formatStat(summary.max)}`}>
      <BarChart width={WIDTH} height={HEIGHT} data={bins} margin={{ top: 1, right: 0, bottom: 0, left: 0 }} barCategoryGap={1}>
        <Bar dataKey="count" isAnimationActive={false} shape={BinShape} />
      </BarChart>
    </div>
  );
}
