import { useMemo, useState } from 'react';

/** A stretch of a long list in arrival order that is drawn, and the moves to other stretches. */
export interface ListWindow {
  /** First item drawn (0-based) and one past the last. */
  start: number;
  end: number;
  total: number;
  size: number;
  /** Moves the window so that it starts at `start` (clamped to the list). */
  show(start: number): void;
}

/** Where a stretch starts: null for the newest one, following growth; else the chosen first item. */
export interface WindowStart {
  chosen: number | null;
  choose(start: number | null): void;
}

const clamp = (start: number, total: number, size: number): number => Math.max(0, Math.min(start, total - size));

/**
 * The stretch of `total` items that starts at `at`, with the moves to others. Pure, so that a component
 * drawing a list late (a deferred copy of it) can draw the start chosen now over the items it has.
 */
export function stretchAt(at: WindowStart, total: number, size: number): ListWindow {
  const start = at.chosen === null ? clamp(total - size, total, size) : clamp(at.chosen, total, size);
  const show = (next: number): void => {
    const clamped = clamp(next, total, size);
    at.choose(clamped + size >= total ? null : clamped);
  };
  return { start, end: Math.min(total, start + size), total, size, show };
}

/**
 * Where the drawn stretch of a long list starts: by default the newest, following new items while it
 * shows the newest; `focus` (an index, such as the open batch) is brought into view whenever it changes.
 */
export function useWindowStart(total: number, size: number, focus: number | null = null): WindowStart {
  const [chosen, setChosen] = useState<number | null>(null);
  const [seen, setSeen] = useState(focus);
  let at = chosen;
  if (focus !== seen) {
    // The focus moved (another batch opened): bring it into view unless it already is.
    setSeen(focus);
    const start = stretchAt({ chosen, choose: setChosen }, total, size).start;
    if (focus !== null && (focus < start || focus >= start + size)) {
      const moved = clamp(focus - Math.floor(size / 2), total, size);
      at = moved + size >= total ? null : moved;
      setChosen(at);
    }
  }
  // The same object while the start holds, for memoised components drawing the stretch.
  return useMemo(() => ({ chosen: at, choose: setChosen }), [at]);
}

/**
 * Which `size` items of `total` (oldest first) a long list, grid or chart draws: a workspace that grows
 * daily for years must not draw every batch, run or event at once. A page, not a virtual scroll: what is
 * drawn stays in the document, for find-in-page, screen readers and tests.
 */
export function useWindow(total: number, size: number, focus: number | null = null): ListWindow {
  return stretchAt(useWindowStart(total, size, focus), total, size);
}
