import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binCounts, decileEdges, jensenShannonDistance, populationStabilityIndex } from '../../../src/core/drift/binned.ts';
import { chiSquareContingency } from '../../../src/core/drift/chiSquare.ts';
import { compareColumn } from '../../../src/core/drift/columnDrift.ts';
import { ksTwoSample } from '../../../src/core/drift/ksTwoSample.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { summarizeSortedPair } from '../../../src/core/drift/sortedPair.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

// sqrt(ln 2), plus rounding: disjoint bins can sum to ln 2 + 1 ulp, in SciPy too (same arithmetic).
const JS_MAX = Math.sqrt(Math.LN2) * (1 + 4 * Number.EPSILON);

/** Samples mixing continuous values, heavy ties and a wide range, sizes 1 to 300 (both KS methods stay exact here). */
const sample = fc.oneof(
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 300 }),
  fc.array(fc.constantFrom(0, 0.1, 0.2, 1e-9, -0, 5), { minLength: 1, maxLength: 50 }),
);
const asc = (values: number[]): Float64Array => Float64Array.from(values).sort();
const counts = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 30 }).filter((c) => c.some((v) => v > 0));

describe('properties of the drift statistics', () => {
  it('KS: statistic in [0, 1], p in [0, 1], symmetric in (a, b)', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = asc(x);
        const b = asc(y);
        const r = ksTwoSample(a, b);
        expect(r.statistic).toBeGreaterThanOrEqual(0);
        expect(r.statistic).toBeLessThanOrEqual(1);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(ksTwoSample(b, a)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('Wasserstein: finite, >= 0 and symmetric', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const ab = summarizeSortedPair(asc(x), asc(y)).wasserstein;
        const ba = summarizeSortedPair(asc(y), asc(x)).wasserstein;
        expect(Number.isFinite(ab)).toBe(true);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ba).toBeCloseTo(ab, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('PSI >= 0 and Jensen-Shannon in [0, sqrt(ln 2)], on numeric bins and on category counts', () => {
    const check = (r: number[], c: number[]): void => {
      const psi = populationStabilityIndex(r, c);
      const js = jensenShannonDistance(r, c);
      expect(psi).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(psi)).toBe(true);
      expect(js).toBeGreaterThanOrEqual(0);
      expect(js).toBeLessThanOrEqual(JS_MAX);
      expect(jensenShannonDistance(c, r)).toBeCloseTo(js, 12);
    };
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const ref = asc(x);
        const edges = decileEdges(ref);
        for (let i = 1; i < edges.length; i++) expect(edges[i]!).toBeGreaterThan(edges[i - 1]!);
        check(binCounts(ref, edges), binCounts(asc(y), edges));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(counts, counts, (r, c) => {
        const k = Math.max(r.length, c.length);
        const pad = (v: number[]): number[] => [...v, ...Array<number>(k - v.length).fill(0)];
        check(pad(r), pad(c));
      }),
      { numRuns: 300 },
    );
  });

  it('chi-square: statistic >= 0, p in [0, 1] on tables with no empty category', () => {
    const table = fc.array(fc.tuple(fc.nat({ max: 500 }), fc.nat({ max: 500 })), { minLength: 1, maxLength: 20 }).filter(
      (cols) => cols.every(([a, b]) => a + b > 0) && cols.some(([a]) => a > 0) && cols.some(([, b]) => b > 0),
    );
    fc.assert(
      fc.property(table, (cols) => {
        const r = chiSquareContingency(cols.map(([a]) => a), cols.map(([, b]) => b));
        expect(r.statistic).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(r.dof).toBe(cols.length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('identical samples never drift under the default rule, and every number is finite', () => {
    const settings = defaultDriftSettings();
    fc.assert(
      fc.property(sample, fc.boolean(), (x, categorical) => {
        const column = categorical ? categoricalColumn('c', x.map((v) => String(Math.round(v) % 7))) : numericColumn('c', x);
        const result = compareColumn(profileColumn(column), profileColumn(column), settings);
        expect(result.drift).toBe(false);
        for (const v of [result.value, result.psi, result.jensenShannon, result.wasserstein, result.ks?.pValue, result.chi2?.pValue]) {
          if (v !== undefined && v !== null) expect(Number.isFinite(v)).toBe(true);
        }
        expect(result.psi).toBe(0);
        expect(result.jensenShannon).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('compareColumn results are finite on random numeric pairs', () => {
    const settings = defaultDriftSettings();
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const r = compareColumn(profileColumn(numericColumn('v', x)), profileColumn(numericColumn('v', y)), settings);
        for (const v of [r.value, r.psi, r.jensenShannon, r.wasserstein, r.ks?.statistic, r.ks?.pValue]) expect(Number.isFinite(v)).toBe(true);
        expect(typeof r.drift).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});
