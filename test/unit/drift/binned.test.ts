import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binCounts, countBelow, decileEdges, jensenShannonDistance, linearQuantile, populationStabilityIndex } from '../../../src/core/drift/binned.ts';
import { sortFloat64 } from '../../../src/core/drift/sortFloat64.ts';
import { summarizeSortedPair } from '../../../src/core/drift/sortedPair.ts';
import { populationStd, WASSERSTEIN_MIN_SCALE } from '../../../src/core/drift/wasserstein.ts';
import { checksum, loadGolden, Mismatches, RELATIVE, sampleOf, type SampleSpec } from './golden.ts';

interface Case {
  label: string;
  a?: SampleSpec;
  b?: SampleSpec;
  checksum?: [number, number];
  values?: [number[], number[]];
  quantiles: number[];
  edges: number[];
  refCounts: number[];
  curCounts: number[];
  psi: number;
  jensenShannon: number;
  wasserstein: number;
  std: number;
  wassersteinNormalized: number;
}

const CASES = loadGolden<Case>('numeric-binned.json');
const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i / 10);

function sortedSamples(c: Case): [Float64Array, Float64Array] {
  const [a, b] = c.values ? c.values.map((v) => Float64Array.from(v)) : [sampleOf(c.a!), sampleOf(c.b!)];
  if (c.checksum) {
    expect(checksum(a!)).toBe(c.checksum[0]);
    expect(checksum(b!)).toBe(c.checksum[1]);
  }
  return [sortFloat64(a!), sortFloat64(b!)];
}

describe('numeric bins, PSI, Jensen-Shannon and Wasserstein match numpy / SciPy', () => {
  for (const c of CASES) {
    it(c.label, () => {
      const [ref, cur] = sortedSamples(c);
      const m = new Mismatches();
      // Bin counts hinge on the edges, so these must agree to the last bit, not within a tolerance.
      m.equal('quantiles', DECILES.map((q) => linearQuantile(ref, q)), c.quantiles);
      const edges = decileEdges(ref);
      m.equal('edges', edges, c.edges);
      const refCounts = binCounts(ref, edges);
      const curCounts = binCounts(cur, edges);
      m.equal('reference counts', refCounts, c.refCounts);
      m.equal('current counts', curCounts, c.curCounts);
      m.check('psi', populationStabilityIndex(refCounts, curCounts), c.psi, RELATIVE);
      m.check('jensenShannon', jensenShannonDistance(refCounts, curCounts), c.jensenShannon, RELATIVE);
      const wasserstein = summarizeSortedPair(ref, cur).wasserstein;
      const std = populationStd(ref);
      m.check('wasserstein', wasserstein, c.wasserstein, RELATIVE);
      // np.std of an all-equal sample may be a rounding residue rather than 0; both fall under the 1e-3 floor.
      m.check('std', std, c.std, c.std < 1e-12 ? { rel: 0, abs: 1e-12 } : RELATIVE);
      m.check('wasserstein / max(std, 1e-3)', wasserstein / Math.max(std, WASSERSTEIN_MIN_SCALE), c.wassersteinNormalized, RELATIVE);
      expect(m.list).toEqual([]);
    });
  }
});

describe('binning rules of docs/statistics.md', () => {
  it('linearQuantile interpolates at (n - 1) q like numpy', () => {
    const s = Float64Array.of(1, 2, 4, 8);
    // np.quantile([1, 2, 4, 8], [0, 0.1, 0.5, 0.9, 1], method='linear')
    expect([0, 0.1, 0.5, 0.9, 1].map((q) => linearQuantile(s, q))).toEqual([1, 1.3, 3, 6.800000000000001, 8]);
    expect(linearQuantile(Float64Array.of(5), 0.7)).toBe(5);
  });

  it('a value equal to an edge goes to the bin on its right', () => {
    expect(binCounts(Float64Array.of(0, 1, 1, 2, 3), [1, 2])).toEqual([1, 2, 2]);
    expect(binCounts(Float64Array.of(-5, 9), [])).toEqual([2]);
  });

  it('binCounts agrees with numpy.searchsorted(edges, v, side="right") on random samples (property)', () => {
    const values = fc.array(fc.integer({ min: -6, max: 6 }).map((i) => i / 2), { minLength: 0, maxLength: 60 });
    fc.assert(
      fc.property(values, values, (v, e) => {
        const sorted = Float64Array.from(v).sort();
        const edges = [...new Set(e)].sort((a, b) => a - b);
        const expected = new Array<number>(edges.length + 1).fill(0);
        for (const x of sorted) expected[edges.filter((edge) => edge <= x).length]!++;
        expect(binCounts(sorted, edges)).toEqual(expected);
        for (const edge of edges) expect(countBelow(sorted, edge)).toBe(sorted.filter((x) => x < edge).length);
      }),
      { numRuns: 300 },
    );
  });

  it('edges are unique and ascending', () => {
    // np.unique(np.quantile([1, 1, 1, 1, 2], np.arange(1, 10) / 10, method="linear"))
    expect(decileEdges(Float64Array.of(1, 1, 1, 1, 2))).toEqual([1, 1.2000000000000002, 1.6]);
    expect(decileEdges(Float64Array.of(3, 3, 3))).toEqual([3]);
  });

  it('PSI clamps empty bins at 1e-4 and Jensen-Shannon does not', () => {
    // (0.5 - 1e-4) ln(0.5 / 1e-4) twice: both bins move from empty to half.
    expect(populationStabilityIndex([1, 0], [1, 1])).toBeCloseTo((0.5 - 1e-4) * Math.log(0.5 / 1e-4) + (0.5 - 1) * Math.log(0.5 / 1), 12);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15);
    expect(jensenShannonDistance([3, 5], [6, 10])).toBe(0);
    expect(populationStabilityIndex([3, 5], [6, 10])).toBe(0);
  });
});
