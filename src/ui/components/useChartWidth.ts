import { useCallback, useEffect, useRef, useState, type RefCallback } from 'react';
import { flushSync } from 'react-dom';
import { drawTurns } from './drawTurns.ts';

/** Draws of charts (first draws, and draws of new data) one per task, in turn. */
const turns = drawTurns((turn) => setTimeout(turn, 0), flushSync);

/**
 * `value` as a chart draws it: a new value is taken in a task of its own, in turn with the other charts'
 * draws, the latest one when its turn comes. A Recharts chart given new data redraws itself through its
 * own store after React's commit, in the task of that commit: on the Monitor, a batch opened outside
 * the drawn stretch gave the drift-share and estimate charts 60 new batches each, and their two redraws
 * with the heatmap's new cells were one task of 200–400 ms. The first value is drawn at once.
 */
export function useDrawnInTurn<T>(value: T): T {
  const [drawn, setDrawn] = useState(value);
  useEffect(() => {
    if (Object.is(drawn, value)) return;
    const draw = (): void => setDrawn(() => value);
    turns.wait(draw);
    return () => turns.stopWaiting(draw);
  }, [drawn, value]);
  return drawn;
}

/**
 * How many of `total` items are drawn: none at first, then `step` more in each turn of their own (in
 * turn with the charts' draws) until all are, for a long list drawn after the rest of a page in slices.
 */
export function useCountedInTurns(total: number, step: number): number {
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (drawn >= total) return;
    const draw = (): void => setDrawn((n) => Math.min(total, n + step));
    turns.wait(draw);
    return () => turns.stopWaiting(draw);
  }, [drawn, total, step]);
  return Math.min(drawn, total);
}

/**
 * The width of a chart's box, for a chart drawn at a fixed size: null until the browser has laid the box
 * out, then its width, reported by a ResizeObserver (after the browser's own layout) and again only when
 * the box changes width. The caller keeps the box's height and draws nothing in it while it is null.
 * Recharts' `responsive` mode measures its box with getBoundingClientRect while React commits, which lays
 * out the whole page there and then (on the Monitor of a year of batches, about 100 ms inside one task).
 * Even at a fixed size, a Recharts chart reads its own box once as it mounts (`useReportScale`): mounted
 * only now, after the page was laid out, that read finds the layout done instead of laying out the whole
 * page drawn in the same task (the heatmap, the tables) a first time. A chart's first draw is tens of
 * milliseconds of Recharts' own work (its store takes in each axis, bar and label one update at a time):
 * charts laid out together (three on the Monitor) are drawn one per task.
 */
export function useChartWidth(): [RefCallback<HTMLElement>, number | null] {
  const [width, setWidth] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const firstDraw = useRef<(() => void) | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (firstDraw.current) turns.stopWaiting(firstDraw.current);
    firstDraw.current = null;
    if (!element) return;
    let latest = 0;
    let turn: 'not yet' | 'waiting' | 'drawn' = 'not yet';
    observer.current = new ResizeObserver(([entry]) => {
      latest = Math.floor(entry?.contentRect.width ?? 0);
      if (latest <= 0) return;
      if (turn === 'drawn') return setWidth(latest);
      if (turn === 'waiting') return;
      turn = 'waiting';
      firstDraw.current = () => {
        turn = 'drawn';
        if (latest > 0) setWidth(latest);
      };
      turns.wait(firstDraw.current);
    });
    observer.current.observe(element);
  }, []);
  return [ref, width];
}

/**
 * Whether a chart's series (its bars, lines and areas) are drawn: only once its frame (axes, grid) has been
 * drawn at `width`, in a turn of their own. On the Monitor of a year of batches, the overlay's and the
 * drift-share chart's first draws were one task each of 97 and 113 ms of CPU (a Chromium trace; much
 * of it Recharts' own code run for the first time); split, the longest of their tasks was 53 ms.
 */
export const useSeriesDrawn = (width: number | null): boolean => useDrawnInTurn(width !== null);

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
