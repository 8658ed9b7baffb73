import { describe, expect, it } from 'vitest';
import { gcd, ksFromDistance, ksTwoSample, outerProbInside, probOutsideSquare, roundHalfEven } from '../../../src/core/drift/ksTwoSample.ts';
import { sortFloat64 } from '../../../src/core/drift/sortFloat64.ts';
import { checksum, KS_P, KS_STATISTIC, loadGolden, Mismatches, RELATIVE, sampleOf, type SampleSpec } from './golden.ts';

interface Case {
  label: string;
  a?: SampleSpec;
  b?: SampleSpec;
  checksum?: [number, number];
  values?: [number[], number[]];
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

const CASES = loadGolden<Case>('ks2samp.json');

/** The two samples of a case, ascending, as profiles hold them. */
function samplesOf(c: { a?: SampleSpec; b?: SampleSpec; values?: [number[], number[]] }): [Float64Array, Float64Array] {
  const [a, b] = c.values ? c.values.map((v) => Float64Array.from(v)) : [sampleOf(c.a!), sampleOf(c.b!)];
  return [a!, b!];
}

describe('ksTwoSample matches scipy.stats.ks_2samp', () => {
  it('covers both methods, sizes 1 to 200000, and both sides of 10000', () => {
    const sizes = CASES.map((c) => samplesOf(c).map((s) => s.length));
    expect(CASES.filter((c) => c.method === 'exact').length).toBeGreaterThan(50);
    expect(CASES.filter((c) => c.method === 'asymptotic').length).toBeGreaterThan(10);
    expect(sizes.some(([a, b]) => a === 10_000 && b === 10_000)).toBe(true);
    expect(sizes.some(([a, b]) => a === 10_000 && b === 10_001)).toBe(true);
    expect(sizes.some(([a, b]) => a === 1 || b === 1)).toBe(true);
  });

  it('reproduces the generated samples bit for bit', () => {
    const m = new Mismatches();
    for (const c of CASES.filter((c) => c.checksum)) {
      const [a, b] = samplesOf(c);
      m.check(`${c.label} checksum a`, checksum(a), c.checksum![0], { rel: 0, abs: 0 });
      m.check(`${c.label} checksum b`, checksum(b), c.checksum![1], { rel: 0, abs: 0 });
    }
    expect(m.list).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.label} (${c.method})`, () => {
      const [a, b] = samplesOf(c);
      const result = ksTwoSample(sortFloat64(a), sortFloat64(b));
      const m = new Mismatches();
      m.check('statistic', result.statistic, c.statistic, KS_STATISTIC);
      m.check('p-value', result.pValue, c.pValue, KS_P);
      m.equal('method', result.method, c.method);
      expect(m.list).toEqual([]);
    });
  }

  it('is symmetric in its two samples', () => {
    for (const c of CASES.slice(0, 40)) {
      const [a, b] = samplesOf(c).map(sortFloat64) as [Float64Array, Float64Array];
      expect(ksTwoSample(b, a)).toEqual(ksTwoSample(a, b));
    }
  });

  it('refuses an empty sample, as SciPy', () => {
    expect(() => ksTwoSample(new Float64Array(0), Float64Array.of(1))).toThrow(RangeError);
  });
});

describe('exact KS helpers', () => {
  it('probOutsideSquare is 2 / C(2n, n) at D = 1 and 1 at D = 1/n (in exact arithmetic)', () => {
    const m = new Mismatches();
    // 2 / C(2n, n) for n = 5, 10: 2/252, 2/184756.
    m.check('n=5 h=5', probOutsideSquare(5, 5), 2 / 252, RELATIVE);
    m.check('n=10 h=10', probOutsideSquare(10, 10), 2 / 184756, RELATIVE);
    m.check('n=7 h=1', probOutsideSquare(7, 1), 1, { rel: 1e-14, abs: 0 });
    expect(m.list).toEqual([]);
  });

  it('outerProbInside agrees with probOutsideSquare on equal sizes and is symmetric in m, n', () => {
    for (const [n, h] of [[5, 2], [12, 5], [40, 9], [100, 17]] as const) {
      // With m = n the lcm is n, so h counts steps of 1/n in both.
      expect(outerProbInside(n, n, n, h)).toBeCloseTo(probOutsideSquare(n, h), 12);
    }
    expect(outerProbInside(30, 45, 15, 40)).toBe(outerProbInside(45, 30, 15, 40));
    // SciPy: _compute_outer_prob_inside_method(30, 45, 15, 40).
    expect(outerProbInside(30, 45, 15, 40)).toBeCloseTo(0.0011290537502658589, 15);
  });

  it('ksFromDistance rounds D to a multiple of 1/lcm with numpy rounding before the exact sum', () => {
    const r = ksFromDistance(1 / 3 + 1e-15, 3, 3);
    expect(r.statistic).toBe(1 / 3);
    expect(r.method).toBe('exact');
    expect(ksFromDistance(0, 4, 6)).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    expect(ksFromDistance(0.5, 10_001, 20).method).toBe('asymptotic');
  });

  it('roundHalfEven matches numpy.round and gcd the Euclidean algorithm', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999999999999996, 7.1].map(roundHalfEven)).toEqual([0, 2, 2, 4, -0, -2, 2, 7]);
    expect([gcd(12, 18), gcd(7, 13), gcd(10_000, 5000), gcd(1, 1)]).toEqual([6, 1, 5000, 1]);
  });
});
