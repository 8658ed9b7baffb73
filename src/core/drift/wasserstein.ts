import { numpySum } from '../metrics/numpySum.ts';

/**
 * std with ddof = 0 as numpy's np.std computes it: the mean by numpy's pairwise sum, then the pairwise
 * sum of squared deviations. A plain loop loses digits when the mean is large against the spread
 * (epoch timestamps), and pairwise sums depend on the order, so pass the values in file order.
 */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mean = numpySum(values) / n;
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    squares[i] = d * d;
  }
  return Math.sqrt(numpySum(squares) / n);
}

/** Scale under which the Wasserstein distance is not divided further (docs/statistics.md). */
export const WASSERSTEIN_MIN_SCALE = 1e-3;
