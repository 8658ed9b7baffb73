/** std with ddof = 0, numpy's np.std: mean first, then the mean of squared deviations. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / n);
}

/** Scale under which the Wasserstein distance is not divided further (docs/statistics.md). */
export const WASSERSTEIN_MIN_SCALE = 1e-3;
