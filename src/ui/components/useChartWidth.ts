import { useCallback, useRef, useState, type RefCallback } from 'react';

/** The last width each kind of chart was drawn at: a chart drawn again starts there instead of waiting a frame. */
const lastWidths = new Map<string, number>();

/**
 * The width of a chart's box, for a chart drawn at a fixed size. Recharts' `responsive` mode measures its
 * box with getBoundingClientRect while React commits, which lays out the whole page there and then (on
 * the Monitor of a year of batches, about 100 ms inside one task) and draws the chart a second time in the
 * same task. A ResizeObserver reports the width after the browser's own layout instead, so the chart is
 * drawn in a task of its own, and again only when the box changes width. Null until the first report
 * for a kind never drawn before: the caller keeps the box's height and draws nothing in it yet.
 */
export function useChartWidth(kind: string): [RefCallback<HTMLElement>, number | null] {
  const [width, setWidth] = useState<number | null>(() => lastWidths.get(kind) ?? null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback(
    (element: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!element) return;
      observer.current = new ResizeObserver(([entry]) => {
        const measured = Math.floor(entry?.contentRect.width ?? 0);
        if (measured <= 0) return;
        lastWidths.set(kind, measured);
        setWidth(measured);
      });
      observer.current.observe(element);
    },
    [kind],
  );
  return [ref, width];
}

/**
 * Recharts' `interval` for `count` category labels about `labelPx` wide across `width`: every how many-th
 * label is drawn. A number, not "preserveStartEnd": that setting measures every label's text in the page
 * (a forced layout per label) to choose which fit.
 */
export const labelInterval = (count: number, width: number, labelPx: number): number => Math.max(0, Math.ceil(count / Math.max(1, Math.floor(width / labelPx))) - 1);

/**
 * Recharts' `interval` for an axis whose few ticks all fit (a y axis, a numeric x axis): every tick drawn.
 * Left to its default ("preserveEnd"), Recharts measures each new label's text in the page, a forced layout
 * of the whole page per label, which on the Monitor of a year of batches made a chart's first draw a long
 * task, and redrew the loss chart with new labels at each epoch.
 */
export const ALL_TICKS = 0;

/**
 * For a CartesianGrid without lines one way (`vertical={false}`): Recharts works out where those lines would
 * go all the same, measuring every label of that axis in the page; this says there are none.
 */
export const NO_GRID_LINES = (): number[] => [];
