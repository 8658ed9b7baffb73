import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

export interface McNemar {
  /** Rows the champion got right and the challenger wrong. */
  b: number;
  /** Rows the challenger got right and the champion wrong. */
  c: number;
  pValue: number;
}

/**
 * Exact two-sided McNemar test on the discordant pairs: p = min(1, 2 · BinomCDF(min(b, c); b + c, ½)),
 * 1 when there are none — `scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue` (docs/statistics.md).
 */
export function mcnemarExact(b: number, c: number): McNemar {
  const n = b + c;
  if (n === 0) return { b, c, pValue: 1 };
  return { b, c, pValue: Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5)) };
}

/** The discordant pairs of two models' per-row correctness on the same rows. */
export function discordantPairs(championRight: ArrayLike<boolean | number>, challengerRight: ArrayLike<boolean | number>): { b: number; c: number } {
  if (championRight.length !== challengerRight.length) throw new RangeError(`${championRight.length} champion rows but ${challengerRight.length} challenger rows`);
  let b = 0;
  let c = 0;
  for (let i = 0; i < championRight.length; i++) {
    const champion = Boolean(championRight[i]);
    const challenger = Boolean(challengerRight[i]);
    if (champion && !challenger) b++;
    else if (!champion && challenger) c++;
  }
  return { b, c };
}
