import { BLOCK, CHUNK, numpySum, pairwiseSum } from '../metrics/numpySum.ts';

// At module level: a closure inside pairwiseSquares would be made anew on each of its thousands of calls per column.
const squareAt = (values: Float64Array, mean: number, i: number): number => {
  const d = values[i]! - mean;
  return d * d;
};

/**
 * numpy's `pairwise_sum_DOUBLE` (see numpySum.ts) of (values[i] - mean)² over values[start .. start + n):
 * the same additions in the same order as summing a stored array of the squares, without storing it.
 */
function pairwiseSquares(values: Float64Array, mean: number, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += squareAt(values, mean, i);
    return sum;
  }
  if (n <= BLOCK) {
    let r0 = squareAt(values, mean, start);
    let r1 = squareAt(values, mean, start + 1);
    let r2 = squareAt(values, mean, start + 2);
    let r3 = squareAt(values, mean, start + 3);
    let r4 = squareAt(values, mean, start + 4);
    let r5 = squareAt(values, mean, start + 5);
    let r6 = squareAt(values, mean, start + 6);
    let r7 = squareAt(values, mean, start + 7);
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const at = start + i;
      r0 += squareAt(values, mean, at);
      r1 += squareAt(values, mean, at + 1);
      r2 += squareAt(values, mean, at + 2);
      r3 += squareAt(values, mean, at + 3);
      r4 += squareAt(values, mean, at + 4);
      r5 += squareAt(values, mean, at + 5);
      r6 += squareAt(values, mean, at + 6);
      r7 += squareAt(values, mean, at + 7);
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += squareAt(values, mean, start + i);
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSquares(values, mean, start, half) + pairwiseSquares(values, mean, start + half, n - half);
}

/**
 * std with ddof = 0 as numpy's np.std computes it: the mean by numpy's pairwise sum, then the pairwise
 * sum of squared deviations. A plain loop loses digits when the mean is large against the spread
 * (epoch timestamps), and pairwise sums depend on the order, so pass the values in file order.
 */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mean = numpySum(values) / n;
  let squares = 0;
  for (let start = 0; start < n; start += CHUNK) squares += pairwiseSquares(values, mean, start, Math.min(CHUNK, n - start));
  return Math.sqrt(squares / n);
}

/**
 * populationStd of the chunks' values joined in order, without joining them: numpy sums in blocks of
 * CHUNK values, so where every chunk but the last holds whole blocks, summing block by block chunk
 * after chunk adds the same numbers in the same order. Undefined where a chunk breaks a block; the
 * chunks must hold no NaN (missing value).
 */
export function populationStdOfChunks(chunks: readonly Float64Array[]): number | undefined {
  if (chunks.some((chunk, i) => i < chunks.length - 1 && chunk.length % CHUNK !== 0)) return undefined;
  let n = 0;
  let sum = 0;
  for (const chunk of chunks) {
    n += chunk.length;
    for (let start = 0; start < chunk.length; start += CHUNK) sum += pairwiseSum(chunk, start, Math.min(CHUNK, chunk.length - start));
  }
  if (n === 0) return NaN;
  const mean = sum / n;
  let squares = 0;
  for (const chunk of chunks) {
    for (let start = 0; start < chunk.length; start += CHUNK) squares += pairwiseSquares(chunk, mean, start, Math.min(CHUNK, chunk.length - start));
  }
  return Math.sqrt(squares / n);
}

/** Scale under which the Wasserstein distance is not divided further (docs/statistics.md). */
export const WASSERSTEIN_MIN_SCALE = 1e-3;
