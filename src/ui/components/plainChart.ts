/**
 * The geometry of a chart drawn as plain SVG (a few paths and texts) rather than with Recharts, whose first
 * draw of a chart is tens of milliseconds of its own store updates and selectors: the loss chart redrawn at
 * each epoch, the run durations of a hundred runs.
 */

/** The plot's edges in the chart's box, in pixels: y grows downwards. */
export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The plot inside a `width` × `height` box, less the margins, the y axis's labels on the left and the x axis's below. */
export function plotArea(width: number, height: number, margin: { top: number; right: number; bottom: number; left: number }, yAxisWidth: number, xAxisHeight: number): PlotArea {
  return { left: margin.left + yAxisWidth, top: margin.top, right: width - margin.right, bottom: height - margin.bottom - xAxisHeight };
}

/** The linear map of [d0, d1] onto [r0, r1]; a domain of no width maps everything to r0. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (value: number) => number {
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/**
 * An SVG path through the points left to right, straight between them; a point without a y (a diverging
 * loss) is left out and the line joins its neighbours. Empty when no point has a y.
 */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  const drawn = points.filter((p): p is { x: number; y: number } => p.y !== null);
  return drawn.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join('');
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** One bar's slot: its left edge and width. */
export interface Band {
  x: number;
  width: number;
}

/** Slot `index` of `count` equal slots across [left, right], whole: where a bar's hover band and tooltip go. */
export function slot(index: number, count: number, left: number, right: number): Band {
  const width = (right - left) / Math.max(1, count);
  return { x: left + index * width, width };
}

/**
 * `count` bars side by side across [left, right]: each in an equal slot, `gapShare` of the slot left empty
 * around it, no wider than `maxWidth`, centred in its slot.
 */
export function bands(count: number, left: number, right: number, gapShare: number, maxWidth: number): Band[] {
  const room = slot(0, count, left, right).width;
  const width = Math.max(0, Math.min(maxWidth, room * (1 - gapShare)));
  return Array.from({ length: count }, (_, i) => ({ x: slot(i, count, left, right).x + (room - width) / 2, width }));
}

/** The slot under the pointer's x among `count` equal slots across [left, right], or null outside them. */
export function slotAt(x: number, count: number, left: number, right: number): number | null {
  if (count === 0 || x < left || x >= right) return null;
  return Math.min(count - 1, Math.floor(((x - left) / (right - left)) * count));
}

/** The index of the x nearest to `x` among ascending `xs`, or null when there are none. */
export function nearestIndex(xs: readonly number[], x: number): number | null {
  if (xs.length === 0) return null;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1]! <= xs[lo]! - x ? lo - 1 : lo;
}

/** Every `(interval + 1)`-th of `count` labels, from the first: the indices drawn. */
export function labelled(count: number, interval: number): number[] {
  const step = Math.max(1, interval + 1);
  return Array.from({ length: Math.ceil(count / step) }, (_, i) => i * step);
}

/** `text` cut to `chars` characters, the last an ellipsis, when it is longer; else `text` itself. */
export const cutText = (text: string, chars: number): string => (text.length > chars ? `${text.slice(0, Math.max(0, chars - 1))}…` : text);
