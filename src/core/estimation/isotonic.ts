/**
 * Isotonic regression as scikit-learn 1.2's `IsotonicRegression(increasing=True, out_of_bounds="clip",
 * y_min=0, y_max=1)` fits and predicts it (`docs/statistics.md`, "Label-free performance estimation").
 *
 * Fit: sort by x then y (`np.lexsort((y, X))`), merge runs of x closer than float64's resolution (1e-15)
 * into one point with their mean y and summed weight (`_make_unique`), pool adjacent violators
 * (`_inplace_contiguous_isotonic_regression`, the same single pass with backtracking, so the pooled means
 * are summed in the same order), clip to [0, 1], and keep only the points where y changes (`trim_duplicates`).
 * Predict: clip x to the fitted range, then `np.interp` between the kept points.
 */

/** A fitted isotonic regression: increasing thresholds and their values. Plain JSON, stored with a model. */
export interface IsotonicFit {
  /** Increasing x values (at least one). */
  x: number[];
  /** The fitted value at each x, non-decreasing, in [0, 1]. */
  y: number[];
}

/** numpy's `np.finfo(np.float64).resolution`: x values closer than this are one point in `_make_unique`. */
const RESOLUTION = 1e-15;

/** Fits y (0/1 labels or any numbers) against x; every value must be finite and there must be at least one row. */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  const n = x.length;
  if (n === 0) throw new RangeError('Isotonic regression needs at least one row.');
  if (y.length !== n) throw new RangeError(`Isotonic regression got ${n} x values but ${y.length} y values.`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) throw new RangeError(`Row ${i} of the isotonic regression input is not a finite number.`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]! || a - b);
  const { ux, uy, uw } = makeUnique(order, x, y);
  poolAdjacentViolators(uy, uw);
  for (let i = 0; i < uy.length; i++) uy[i] = Math.min(1, Math.max(0, uy[i]!));
  return trimDuplicates(ux, uy);
}

function makeUnique(order: number[], x: ArrayLike<number>, y: ArrayLike<number>): { ux: number[]; uy: Float64Array; uw: Float64Array } {
  const ux: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let currentX = x[order[0]!]!;
  let sumY = 0;
  let sumW = 0;
  for (const j of order) {
    const value = x[j]!;
    if (value - currentX >= RESOLUTION) {
      ux.push(currentX);
      ys.push(sumY / sumW);
      ws.push(sumW);
      currentX = value;
      sumY = y[j]!;
      sumW = 1;
    } else {
      sumY += y[j]!;
      sumW += 1;
    }
  }
  ux.push(currentX);
  ys.push(sumY / sumW);
  ws.push(sumW);
  return { ux, uy: Float64Array.from(ys), uw: Float64Array.from(ws) };
}

/** scikit-learn's `_inplace_contiguous_isotonic_regression`: blocks [i..target[i]], merged forward, backtracking once per merge. */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = Int32Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prevY = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prevY < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    y.fill(y[i]!, i + 1, k);
    i = k;
  }
}

/** Keeps the first and last points and every point whose y differs from its neighbour before or after. */
function trimDuplicates(x: number[], y: Float64Array): IsotonicFit {
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (i === 0 || i === y.length - 1 || y[i] !== y[i - 1] || y[i] !== y[i + 1]) {
      keptX.push(x[i]!);
      keptY.push(y[i]!);
    }
  }
  return { x: keptX, y: keptY };
}

/** The fitted value at each x: clipped to the fitted range, then linear between thresholds as `np.interp` computes it. */
export function predictIsotonic(fit: IsotonicFit, values: ArrayLike<number>): Float64Array {
  const { x: xs, y: ys } = fit;
  const last = xs.length - 1;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.min(xs[last]!, Math.max(xs[0]!, values[i]!));
    if (last === 0 || v >= xs[last]!) {
      out[i] = ys[last]!;
      continue;
    }
    const j = lastAtMost(xs, v);
    if (xs[j] === v) {
      out[i] = ys[j]!;
      continue;
    }
    const slope = (ys[j + 1]! - ys[j]!) / (xs[j + 1]! - xs[j]!);
    out[i] = slope * (v - xs[j]!) + ys[j]!;
  }
  return out;
}

/** The largest j with xs[j] <= v, for xs[0] <= v < xs[last]. */
function lastAtMost(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}
