import { useState } from 'react';

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

const clamp = (start: number, total: number, size: number): number => Math.max(0, Math.min(start, total - size));

/**
 * Which `size` items of `total` (oldest first) a long list, grid or chart draws: a workspace that grows
 * daily for years must not draw every batch, run or event at once. By default the newest stretch, and
 * it follows new items as they arrive while it shows the newest; `focus` (an index, such as the open
 * batch) is brought into view whenever it changes, or whenever `focusKey` does (a new value per choice
 * of the focus: a caller that draws the choice late can skip one, and come back to the index last seen
 * after the list was paged away from it). A page, not a virtual scroll: what is drawn stays in the
 * document, for find-in-page, screen readers and tests.
 */
export function useWindow(total: number, size: number, focus: number | null = null, focusKey?: unknown): ListWindow {
  // null: the newest stretch, following growth; else the chosen start.
  const [chosen, setChosen] = useState<number | null>(null);
  const [seen, setSeen] = useState({ focus, focusKey });
  let start = chosen === null ? clamp(total - size, total, size) : clamp(chosen, total, size);
  if (focus !== seen.focus || focusKey !== seen.focusKey) {
    // The focus moved (another batch opened): bring it into view unless it already is.
    setSeen({ focus, focusKey });
    if (focus !== null && (focus < start || focus >= start + size)) {
      start = clamp(focus - Math.floor(size / 2), total, size);
      setChosen(start + size >= total ? null : start);
    }
  }
  const show = (next: number): void => {
    const clamped = clamp(next, total, size);
    setChosen(clamped + size >= total ? null : clamped);
  };
  return { start, end: Math.min(total, start + size), total, size, show };
}
