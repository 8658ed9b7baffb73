/**
 * Sums in numpy's order, so that means and totals round as scikit-learn's do.
 *
 * numpy 1.24 reduces a contiguous float64 array with `np.add.reduce` in buffer-sized chunks of 8192
 * values, each summed pairwise (`pairwise_sum_DOUBLE`: eight accumulators up to 128 values, halves
 * above), and adds the chunk sums left to right starting from 0. Matching that order makes, for
 * example, `mean([0.1, 0.1, 0.1])` come out as in numpy, which decides whether R²'s denominator is 0.
 */

export const CHUNK = 8192;
export const BLOCK = 128;

/** numpy's `pairwise_sum_DOUBLE` over `values[start .. start + n)`. */
export function pairwiseSum(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += values[i]!;
    return sum;
  }
  if (n <= BLOCK) {
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const at = start + i;
      r0 += values[at]!;
      r1 += values[at + 1]!;
      r2 += values[at + 2]!;
      r3 += values[at + 3]!;
      r4 += values[at + 4]!;
      r5 += values[at + 5]!;
      r6 += values[at + 6]!;
      r7 += values[at + 7]!;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** `np.sum(values)` for a contiguous float64 array (and `np.sum(column, axis=0)` of an (n, 1) one). */
export function numpySum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += CHUNK) {
    sum += pairwiseSum(values, start, Math.min(CHUNK, values.length - start));
  }
  return sum;
}

/** `np.mean(values)`: numpy's sum divided by the count. */
export const numpyMean = (values: ArrayLike<number>): number => numpySum(values) / values.length;
