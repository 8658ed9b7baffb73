import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** log(DBL_MAX): cephes' MAXLOG. */
const MAX_LOG = 709.782712893384;

/**
 * Upper tail of the chi-square distribution with k degrees of freedom, Q(k/2, x/2), as SciPy's
 * `chi2.sf` (cephes `igamc`) computes it.
 */
export function chiSquareSf(x: number, k: number): number {
  if (x <= 0) return 1;
  const a = k / 2;
  const y = x / 2;
  // Where cephes takes its prefactor y^a e^-y / Gamma(a) from logs (y > 1.4 a), it returns exactly 0 once
  // that underflows; match it rather than return a subnormal p-value.
  if (y > 1.4 * a && a * Math.log(y) - y - gammaln(a) < -MAX_LOG) return 0;
  // @stdlib gammainc 0.3.1 sums Boost's large-x series from a instead of a - 1 on exactly this branch,
  // which is off by up to 3% near y = a (thousands of categories); everywhere else it agrees with SciPy.
  if (y > 1000 && (a < y || Math.abs(a - 50) < y)) return upperGammaLargeX(a, y);
  return gammainc(y, a, true, true);
}

/** x^a e^-x / Gamma(a) without cancelling O(a log a) terms: sqrt(a / 2 pi) e^(-a phi(x/a)) / Gamma*(a). */
function gammaPrefix(a: number, x: number): number {
  const mu = (x - a) / a;
  let phi: number; // phi = mu - log(1 + mu), by its series where the two nearly cancel
  if (Math.abs(mu) < 0.25) {
    phi = 0;
    let power = mu;
    for (let n = 2; n < 60; n++) {
      power *= -mu;
      const term = -power / n;
      phi += term;
      if (Math.abs(term) < 1e-17 * Math.abs(phi)) break;
    }
  } else {
    phi = mu - Math.log1p(mu);
  }
  // log Gamma*(a) = log Gamma(a) - (a - 1/2) log a + a - log(2 pi) / 2, by Stirling's series for a >= 10.
  const logGammaStar =
    a >= 10
      ? (1 / (12 * a)) * (1 - (1 / (30 * a * a)) * (1 - (2 / (7 * a * a)) * (1 - (3 / (4 * a * a)))))
      : gammaln(a) - (a - 0.5) * Math.log(a) + a - 0.5 * Math.log(2 * Math.PI);
  return Math.sqrt(a / (2 * Math.PI)) * Math.exp(-a * phi - logGammaStar);
}

/** Regularized Q(a, x) for x > 1000 and a < x + 50: Legendre's continued fraction, or 1 - P by its series. */
function upperGammaLargeX(a: number, x: number): number {
  const prefix = gammaPrefix(a, x);
  if (prefix === 0) return x > a ? 0 : 1;
  const tiny = 1e-300;
  if (x > a + 1) {
    // Modified Lentz on Q = prefix / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)).
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 100_000; i++) {
      const an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) d = tiny;
      c = b + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < Number.EPSILON) break;
    }
    return Math.min(1, prefix * h);
  }
  // P = prefix * sum x^n / (a (a + 1) ... (a + n)); here P <= 0.95, so 1 - P keeps its relative accuracy.
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100_000 && Math.abs(term) >= Math.abs(sum) * Number.EPSILON; n++) {
    term *= x / (a + n);
    sum += term;
  }
  return Math.max(0, 1 - prefix * sum);
}

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
