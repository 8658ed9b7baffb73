import type { ListWindow } from './useWindow.ts';

/**
 * Buttons that move a ListWindow: to the oldest stretch, one stretch earlier, one later, the newest; and
 * which items are drawn ("batches 306–365 of 365"). Nothing when everything fits in one stretch.
 */
export function WindowPager({ window: w, noun, label }: { window: ListWindow; noun: string; label: string }) {
  if (w.total <= w.size) return null;
  const step = Math.max(1, w.size - 1);
  const atOldest = w.start === 0;
  const atNewest = w.end >= w.total;
  return (
    <nav className="window-pager" aria-label={label}>
      <button type="button" className="btn" disabled={atOldest} onClick={() => w.show(0)}>
        Oldest
      </button>
      <button type="button" className="btn" disabled={atOldest} onClick={() => w.show(w.start - step)}>
        ← Earlier
      </button>
      <span className="muted window-pager-range" aria-live="polite">
        {noun} {w.start + 1}–{w.end} of {w.total}
      </span>
      <button type="button" className="btn" disabled={atNewest} onClick={() => w.show(w.start + step)}>
        Later →
      </button>
      <button type="button" className="btn" disabled={atNewest} onClick={() => w.show(w.total)}>
        Newest
      </button>
    </nav>
  );
}
