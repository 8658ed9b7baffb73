/** Proportions are clamped below at this value inside the PSI (docs/statistics.md). */
export const PSI_FLOOR = 1e-4;

const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i / 10);

/**
 * `numpy.quantile(values, q, method='linear')` on an ascending sample: numpy's virtual index (n - 1) q
 * and its two-sided interpolation, written the same way so the edges agree to the last bit.
 */
export function linearQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const t = virtual - Math.floor(virtual);
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Interior bin edges for PSI and Jensen-Shannon: the unique deciles of the reference. */
export function decileEdges(sortedReference: Float64Array): number[] {
  const edges: number[] = [];
  for (const q of DECILES) {
    const e = linearQuantile(sortedReference, q);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** How many values of an ascending sample are below x (binary search). */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin (-inf, e1), [e1, e2), ..., [ek, inf) of an ascending sample: equal to an edge goes right. */
export function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let below = 0;
  for (const edge of edges) {
    const next = countBelow(sorted, edge);
    counts.push(next - below);
    below = next;
  }
  counts.push(sorted.length - below);
  return counts;
}

const proportions = (counts: readonly number[]): number[] => {
  let total = 0;
  for (const c of counts) total += c;
  return counts.map((c) => c / total);
};

/** Population Stability Index: sum (c - r) ln(c / r) with proportions clamped below at 1e-4. */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[]): number {
  const r = proportions(reference);
  const c = proportions(current);
  let psi = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = Math.max(r[i]!, PSI_FLOOR);
    const ci = Math.max(c[i]!, PSI_FLOOR);
    psi += (ci - ri) * Math.log(ci / ri);
  }
  return psi;
}

const relativeEntropy = (x: number, y: number): number => (x > 0 ? x * Math.log(x / y) : 0);

/** Jensen-Shannon distance, natural log: `scipy.spatial.distance.jensenshannon(p, q)`. */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const p = proportions(reference);
  const q = proportions(current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    left += relativeEntropy(p[i]!, m);
    right += relativeEntropy(q[i]!, m);
  }
  return Math.sqrt(Math.max(0, (left + right) / 2));
}
