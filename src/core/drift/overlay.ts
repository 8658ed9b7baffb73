import { binCounts } from './binned.ts';
import type { CategoricalProfile, ColumnProfile, NumericProfile } from './profile.ts';

/** Bins for drawing reference and current on one chart: equal-width over both ranges. */
export const OVERLAY_BINS = 24;
/** Categorical overlays show the most frequent categories and group the rest. */
export const OVERLAY_CATEGORIES = 20;

/** Reference and current as shares of their own totals, on shared bins, for a drill-down chart. */
export type Overlay =
  | { type: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  | { type: 'categorical'; categories: string[]; otherCount: number; reference: number[]; current: number[] };

function numericOverlay(ref: NumericProfile, cur: NumericProfile): Overlay {
  const lo = Math.min(ref.sorted[0]!, cur.sorted[0]!);
  const hi = Math.max(ref.sorted[ref.sorted.length - 1]!, cur.sorted[cur.sorted.length - 1]!);
  const bins = hi > lo ? OVERLAY_BINS : 1;
  const width = (hi - lo) / bins;
  // Values further apart than the largest double overflow hi - lo: interpolate between the ends instead.
  const edgeAt = (i: number): number =>
    i === bins ? hi : Number.isFinite(width) ? lo + i * width : lo * (1 - i / bins) + hi * (i / bins);
  const edges = Array.from({ length: bins + 1 }, (_, i) => edgeAt(i));
  // Sorted samples: the counts come from binary searches at the interior edges, not a pass over every value.
  const shares = (sorted: Float64Array): number[] => binCounts(sorted, edges.slice(1, -1)).map((c) => c / sorted.length);
  return { type: 'numeric', edges, reference: shares(ref.sorted), current: shares(cur.sorted) };
}

function categoricalOverlay(ref: CategoricalProfile, cur: CategoricalProfile): Overlay {
  const total = (counts: number[]): number => counts.reduce((a, b) => a + b, 0);
  const refTotal = total(ref.counts);
  const curTotal = total(cur.counts);
  const shares = new Map<string, { reference: number; current: number }>();
  const entry = (category: string): { reference: number; current: number } => {
    let e = shares.get(category);
    if (!e) shares.set(category, (e = { reference: 0, current: 0 }));
    return e;
  };
  ref.categories.forEach((c, i) => (entry(c).reference = ref.counts[i]! / refTotal));
  cur.categories.forEach((c, i) => (entry(c).current = cur.counts[i]! / curTotal));
  const ranked = [...shares.entries()].sort((a, b) => Math.max(b[1].reference, b[1].current) - Math.max(a[1].reference, a[1].current));
  const shown = ranked.slice(0, OVERLAY_CATEGORIES);
  const rest = ranked.slice(OVERLAY_CATEGORIES);
  const categories = shown.map(([c]) => c);
  const reference = shown.map(([, s]) => s.reference);
  const current = shown.map(([, s]) => s.current);
  if (rest.length > 0) {
    categories.push(`other (${rest.length})`);
    reference.push(rest.reduce((a, [, s]) => a + s.reference, 0));
    current.push(rest.reduce((a, [, s]) => a + s.current, 0));
  }
  return { type: 'categorical', categories, otherCount: rest.length, reference, current };
}

export function overlay(ref: ColumnProfile, cur: ColumnProfile): Overlay {
  if (ref.type === 'numeric' && cur.type === 'numeric') return numericOverlay(ref, cur);
  if (ref.type === 'categorical' && cur.type === 'categorical') return categoricalOverlay(ref, cur);
  throw new TypeError(`column "${ref.name}": reference and current profiles differ in type`);
}
