import { createContext, memo, useContext } from 'react';
import type { BarShapeProps } from 'recharts';
import { roundedTopBar } from './roundedTopBar.ts';

/**
 * The open item (a batch, a run) of a bar chart that outlines its open bar. Read from context, so that
 * opening another item redraws two bars, not the memoised chart around them.
 */
export const OpenBar = createContext<string | null>(null);

/** The outline of the open bar. */
export const openOutline = (open: boolean): { stroke: string; strokeWidth: number } => ({ stroke: open ? '#1c2430' : 'none', strokeWidth: open ? 2 : 0 });

/** How a bar looks: its fill, and a class name for styles and tests. */
export interface BarLook {
  fill: string;
  fillOpacity?: number;
  className: string;
}

interface DrawnBar {
  x: number;
  y: number;
  width: number;
  height: number;
  point: unknown;
  open: boolean;
}

/**
 * A Recharts `shape` for bars whose data points have an `id`: each bar one plain SVG path with rounded top
 * corners, in the look `look` gives its data point, outlined when it is the open one (OpenBar's id). Each
 * bar is memoised and reads the open id from context, so opening another item redraws two bars. Made once
 * per chart module, so the shape's identity is stable. Not Recharts' Rectangle: it measures its path's
 * length after mounting and so draws each bar twice, with an animation state of its own; on a chart of
 * 60 bars that was most of the chart's draw.
 */
export function openableBar<Point extends { id: string }>(look: (point: Point) => BarLook, radius = 3): (props: BarShapeProps) => React.JSX.Element {
  const Drawn = memo(function Drawn({ x, y, width, height, point, open }: DrawnBar) {
    const d = roundedTopBar(x, y, width, height, radius);
    if (d === null) return null;
    const { fill, fillOpacity, className } = look(point as Point);
    return <path d={d} fill={fill} fillOpacity={fillOpacity} {...openOutline(open)} className={className} />;
  });
  function Bar({ x, y, width, height, payload }: BarShapeProps) {
    const open = (payload as Point).id === useContext(OpenBar);
    return <Drawn x={x} y={y} width={width} height={height} point={payload} open={open} />;
  }
  return (props) => <Bar {...props} />;
}

/**
 * A Recharts `shape` for bars of one look: one plain SVG rectangle in the Bar's fill, not Recharts'
 * Rectangle (see openableBar). A bar of a negative length is drawn from its far end.
 */
export function plainBar({ x, y, width, height, fill, fillOpacity }: BarShapeProps): React.JSX.Element {
  return <rect x={Math.min(x, x + width)} y={Math.min(y, y + height)} width={Math.abs(width)} height={Math.abs(height)} fill={fill} fillOpacity={fillOpacity} />;
}
