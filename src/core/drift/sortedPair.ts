/** What one merged walk over two ascending samples yields. */
export interface SortedPairSummary {
  /** max |F_a - F_b| over every value of either sample (the KS statistic before rounding). */
  ecdfDistance: number;
  /** The 1-Wasserstein distance: the integral of |F_a - F_b|. */
  wasserstein: number;
  /** Distinct values of both samples together. */
  distinct: number;
  /** The first `keep` distinct values and how often each occurs in a and in b. */
  values: number[];
  countsA: number[];
  countsB: number[];
}

/**
 * One merged walk over two ascending samples, giving the KS distance, the Wasserstein distance
 * and the distinct values together (three separate walks cost three times as much on large batches).
 * F counts values <= x, as `numpy.searchsorted(side='right')` does in SciPy.
 */
export function summarizeSortedPair(a: Float64Array, b: Float64Array, keep = 5): SortedPairSummary {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxPlus = 0;
  let maxMinus = 0;
  let area = 0;
  let previous = Math.min(a[0]!, b[0]!);
  let distinct = 0;
  const values: number[] = [];
  const countsA: number[] = [];
  const countsB: number[] = [];
  // F_a - F_b below the current value: the previous step's difference, so each step divides twice, not four times.
  let diff = 0;
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    area += Math.abs(diff) * (x - previous);
    previous = x;
    const i0 = i;
    const j0 = j;
    while (i < n1 && a[i]! <= x) i++;
    while (j < n2 && b[j]! <= x) j++;
    if (++distinct <= keep) {
      values.push(x);
      countsA.push(i - i0);
      countsB.push(j - j0);
    }
    diff = i / n1 - j / n2;
    if (diff > maxPlus) maxPlus = diff;
    else if (-diff > maxMinus) maxMinus = -diff;
  }
  return { ecdfDistance: Math.min(1, Math.max(maxPlus, maxMinus)), wasserstein: area, distinct, values, countsA, countsB };
}
