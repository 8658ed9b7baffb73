import gammainc from '@stdlib/math-base-special-gammainc';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** Upper tail of the chi-square distribution with k degrees of freedom. */
export const chiSquareSf = (x: number, k: number): number => (x <= 0 ? 1 : gammainc(x / 2, k / 2, true, true));

/**
 * Pearson chi-square on the 2 x K table (reference counts, current counts), as
 * `scipy.stats.chi2_contingency(table)` computes it: Yates' correction when dof = 1,
 * statistic 0 and p = 1 when dof = 0. Every column of the table must have a positive total.
 */
export function chiSquareContingency(reference: readonly number[], current: readonly number[]): ChiSquareResult {
  const k = reference.length;
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < k; i++) {
    nr += reference[i]!;
    nc += current[i]!;
  }
  const total = nr + nc;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const column = reference[i]! + current[i]!;
    for (const [observed, rowTotal] of [[reference[i]!, nr], [current[i]!, nc]] as const) {
      const expected = (rowTotal * column) / total;
      let o = observed;
      if (dof === 1) {
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (o - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
