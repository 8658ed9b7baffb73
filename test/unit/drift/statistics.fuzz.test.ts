import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jensenShannonDistance, populationStabilityIndex } from '../../../src/core/drift/binned.ts';
import { chiSquareContingency, chiSquareSf } from '../../../src/core/drift/chiSquare.ts';
import { compareColumn, type ColumnDrift } from '../../../src/core/drift/columnDrift.ts';
import { kstwoSf } from '../../../src/core/drift/kolmogorov.ts';
import { ksTwoSample } from '../../../src/core/drift/ksTwoSample.ts';
import { profileColumn, type ColumnProfile } from '../../../src/core/drift/profile.ts';
import { adjustPValues, driftReport } from '../../../src/core/drift/report.ts';
import { decidingRule } from '../../../src/core/drift/rule.ts';
import { defaultDriftSettings, DRIFT_STATISTICS, driftSettingsProblems, FEW_VALUES_MAX, isPValueStatistic, STATISTIC_TYPES, type DriftSettings } from '../../../src/core/drift/settings.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const JS_MAX = Math.sqrt(Math.LN2) * (1 + 4 * Number.EPSILON);

/**
 * Doubles up to ±1e150, weighted to the awkward ones: subnormals, ±0, heavy ties. Beyond about 1e154 the
 * squares in the reference's standard deviation overflow, as in numpy; see the property on the whole range.
 */
const value = fc.oneof(
  fc.double({ min: -1e150, max: 1e150, noNaN: true }),
  fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-310, 1e150, -1e150, 1, 1 + Number.EPSILON),
  fc.integer({ min: -2, max: 2 }),
);
/** Any finite double, the ends of the range included. */
const anyValue = fc.oneof(value, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e300));
const values = fc.array(anyValue, { minLength: 1, maxLength: 80 });
/** Numeric cells with missing ones (null) mixed in, possibly all missing. */
const cells = fc.array(fc.option(value, { freq: 6 }), { maxLength: 80 });
const categories = fc.array(fc.option(fc.constantFrom<string>('a', 'b', 'c', 'd', 'é', '', ' x'), { freq: 6 }), { maxLength: 80 });
const asc = (v: number[]): Float64Array => Float64Array.from(v).sort();

const finiteOrAbsent = (v: number | undefined): boolean => v === undefined || Number.isFinite(v);

/** Every number a column verdict reports is finite and in its range; an uncompared column says why. */
function checkColumn(c: ColumnDrift): void {
  if (c.rule === null) {
    expect(c.problem).toMatch(/^no values in (either batch|the reference batch|the current batch)/);
    expect(c.drift).toBeNull();
    return;
  }
  for (const v of [c.value, c.psi, c.jensenShannon, c.wasserstein, c.ks?.statistic, c.ks?.pValue, c.chi2?.statistic, c.chi2?.pValue]) {
    expect(finiteOrAbsent(v ?? undefined)).toBe(true);
  }
  for (const p of [c.ks?.pValue, c.chi2?.pValue, c.adjustedPValue]) {
    if (p !== undefined) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  }
  expect(c.psi!).toBeGreaterThanOrEqual(0);
  expect(c.jensenShannon!).toBeGreaterThanOrEqual(0);
  expect(c.jensenShannon!).toBeLessThanOrEqual(JS_MAX);
  if (c.wasserstein !== undefined) expect(c.wasserstein).toBeGreaterThanOrEqual(0);
  if (c.ks) {
    expect(c.ks.statistic).toBeGreaterThanOrEqual(0);
    expect(c.ks.statistic).toBeLessThanOrEqual(1);
  }
  if (c.chi2) expect(c.chi2.statistic).toBeGreaterThanOrEqual(0);
  expect(typeof c.drift).toBe('boolean');
}

const settings: fc.Arbitrary<DriftSettings> = fc
  .record({
    alpha: fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
    wassersteinThreshold: fc.double({ min: 1e-6, max: 5, noNaN: true }),
    jensenShannonThreshold: fc.double({ min: 1e-6, max: Math.sqrt(Math.LN2), noNaN: true }),
    driftShare: fc.double({ min: 0.01, max: 1, noNaN: true }),
    correction: fc.constantFrom('none' as const, 'bonferroni' as const, 'fdr' as const),
    pin: fc.option(fc.record({ statistic: fc.constantFrom(...DRIFT_STATISTICS), threshold: fc.double({ min: 0.001, max: 0.5, noNaN: true }) })),
  })
  .map((s) => ({ ...s, columnPins: {} }));

const numericProfile = (name: string, v: (number | null)[]): ColumnProfile => profileColumn(numericColumn(name, v));
const categoricalProfile = (name: string, v: (string | null)[]): ColumnProfile => profileColumn(categoricalColumn(name, v));

describe('drift statistics on arbitrary samples', () => {
  it('KS: statistic and p in [0, 1], symmetric; identical samples give statistic 0 and p = 1', () => {
    fc.assert(
      fc.property(values, values, (x, y) => {
        const r = ksTwoSample(asc(x), asc(y));
        for (const v of [r.statistic, r.pValue]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(ksTwoSample(asc(y), asc(x))).toEqual(r);
        expect(ksTwoSample(asc(x), asc(x))).toMatchObject({ statistic: 0, pValue: 1 });
      }),
      { numRuns: 200 },
    );
  });

  it('KS on samples past the exact method (asymptotic p): in [0, 1] and symmetric', () => {
    const big = fc.record({ n: fc.integer({ min: 10_001, max: 12_000 }), shift: fc.double({ min: -0.2, max: 0.2, noNaN: true }), m: fc.integer({ min: 1, max: 400 }) });
    fc.assert(
      fc.property(big, ({ n, shift, m }) => {
        const a = Float64Array.from({ length: n }, (_, i) => i / n);
        const b = Float64Array.from({ length: m }, (_, i) => i / m + shift).sort();
        const r = ksTwoSample(a, b);
        expect(r.method).toBe('asymptotic');
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(ksTwoSample(b, a)).toEqual(r);
      }),
      { numRuns: 20 },
    );
  });

  it('the Kolmogorov and chi-square tails are probabilities that fall as the statistic grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), (d1, d2, n) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const [pLo, pHi] = [kstwoSf(lo, n), kstwoSf(hi, n)];
        for (const p of [pLo, pHi]) expect(p >= 0 && p <= 1).toBe(true);
        expect(pHi).toBeLessThanOrEqual(pLo + 1e-12);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 1, max: 20_000 }), (x1, x2, k) => {
        const [lo, hi] = x1 <= x2 ? [x1, x2] : [x2, x1];
        const [pLo, pHi] = [chiSquareSf(lo, k), chiSquareSf(hi, k)];
        for (const p of [pLo, pHi]) expect(p >= 0 && p <= 1).toBe(true);
        expect(pHi).toBeLessThanOrEqual(pLo * (1 + 1e-9) + 1e-300);
      }),
      { numRuns: 200 },
    );
  });

  it('chi-square, PSI and Jensen-Shannon on any 2 × K counts: in range; chi-square and Jensen-Shannon symmetric', () => {
    const table = fc
      .array(fc.tuple(fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 })), { minLength: 1, maxLength: 40 })
      .filter((cols) => cols.every(([a, b]) => a + b > 0) && cols.some(([a]) => a > 0) && cols.some(([, b]) => b > 0));
    fc.assert(
      fc.property(table, (cols) => {
        const r = cols.map(([a]) => a);
        const c = cols.map(([, b]) => b);
        const chi = chiSquareContingency(r, c);
        expect(Number.isFinite(chi.statistic) && chi.statistic >= 0).toBe(true);
        expect(chi.pValue >= 0 && chi.pValue <= 1).toBe(true);
        const swapped = chiSquareContingency(c, r);
        expect(swapped.statistic).toBeCloseTo(chi.statistic, 6);
        expect(swapped.pValue).toBeCloseTo(chi.pValue, 9);
        const psi = populationStabilityIndex(r, c);
        expect(Number.isFinite(psi) && psi >= 0).toBe(true);
        expect(populationStabilityIndex(r, r)).toBe(0);
        const js = jensenShannonDistance(r, c);
        expect(js >= 0 && js <= JS_MAX).toBe(true);
        expect(jensenShannonDistance(c, r)).toBeCloseTo(js, 12);
        expect(jensenShannonDistance(r, r)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('numeric columns with missing cells and extreme values: every number finite and in range, or the column reported uncompared', () => {
    fc.assert(
      fc.property(cells, cells, settings, (x, y, s) => {
        checkColumn(compareColumn(numericProfile('v', x), numericProfile('v', y), s));
      }),
      { numRuns: 200 },
    );
  });

  it('values out to ±1.8e308: only the normalised Wasserstein can stop being finite, and only where numpy overflows too', () => {
    const wide = fc.array(fc.option(anyValue, { freq: 6 }), { maxLength: 40 });
    fc.assert(
      fc.property(wide, wide, settings, (x, y, s) => {
        const ref = numericProfile('v', x);
        const r = compareColumn(ref, numericProfile('v', y), s);
        if (r.rule === null) return;
        checkColumn({ ...r, wasserstein: 0, value: r.rule.statistic === 'wasserstein' ? 0 : r.value });
        if (Number.isFinite(r.wasserstein)) expect(r.wasserstein).toBeGreaterThanOrEqual(0);
        else {
          // relearn drift names both cases in a warning: the reference's spread overflows, or the distance does.
          const present = [...x, ...y].filter((v) => v !== null);
          const spreadOverflows = ref.type === 'numeric' && !Number.isFinite(ref.std);
          expect(spreadOverflows || Math.max(...present) - Math.min(...present) > 1e305).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('KS and the normalised Wasserstein do not change when both samples are scaled by a large factor', () => {
    const moderate = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(moderate, moderate, fc.constantFrom(1e50, 1e100, 1e140), (x, y, c) => {
        const ref = numericProfile('v', x);
        fc.pre(ref.type === 'numeric' && ref.std >= 1e-3);
        // Rounding can make two values one ulp apart equal once scaled (seen: −999.9999999999993 and
        // −999.9999999999994 at 1e100): KS is unchanged only where scaling keeps every tie and order.
        const all = [...x, ...y];
        fc.pre(all.every((a) => all.every((b) => Math.sign(a - b) === Math.sign(a * c - b * c))));
        const plain = compareColumn(ref, numericProfile('v', y), defaultDriftSettings());
        const scaled = compareColumn(numericProfile('v', x.map((v) => v * c)), numericProfile('v', y.map((v) => v * c)), defaultDriftSettings());
        expect(scaled.ks).toEqual(plain.ks);
        expect(scaled.wasserstein).toBeCloseTo(plain.wasserstein!, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('categorical columns: in range, and the new categories are exactly those the reference lacks', () => {
    fc.assert(
      fc.property(categories, categories, settings, (x, y, s) => {
        const r = compareColumn(categoricalProfile('c', x), categoricalProfile('c', y), s);
        checkColumn(r);
        if (r.rule === null) return;
        const seen = new Set(x.filter((v) => v !== null));
        expect(r.newCategories).toEqual([...new Set(y.filter((v): v is string => v !== null && !seen.has(v)))]);
      }),
      { numRuns: 200 },
    );
  });

  it('identical batches never drift, whatever the rule, pins and correction', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cells, categories), { minLength: 1, maxLength: 5 }), settings, (columns, s) => {
        const profiles = columns.map((col, i) =>
          col.every((v) => v === null || typeof v === 'number') ? numericProfile(`n${i}`, col as (number | null)[]) : categoricalProfile(`c${i}`, col as (string | null)[]),
        );
        const report = driftReport(profiles, profiles, s);
        report.columns.forEach(checkColumn);
        expect(report.columns.filter((c) => c.drift)).toEqual([]);
        expect(report.dataset.drift).toBe(false);
      }),
      { numRuns: 120 },
    );
  });
});

describe('the dataset rule and its corrections', () => {
  const pValues = fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-300, 0.05)), { maxLength: 30 });

  it('adjusted p-values lie in [p, 1]; Benjamini-Hochberg never exceeds Bonferroni and keeps the order of the raw p-values', () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const none = adjustPValues(p, 'none');
        const bonferroni = adjustPValues(p, 'bonferroni');
        const fdr = adjustPValues(p, 'fdr');
        expect(none).toEqual(p);
        const misplaced = p.flatMap((raw, i) => {
          const inRange = [bonferroni[i]!, fdr[i]!].every((a) => a >= raw * (1 - 4 * Number.EPSILON) && a <= 1); // p * m / m can round an ulp down
          const ordered = fdr[i]! <= bonferroni[i]! && p.every((other, j) => !(raw < other) || fdr[i]! <= fdr[j]!);
          return inRange && ordered ? [] : [{ raw, bonferroni: bonferroni[i], fdr: fdr[i] }];
        });
        expect(misplaced).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a correction only removes drift; the share and verdict follow the drifted columns', () => {
    const batch = fc.array(fc.tuple(cells, cells), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(batch, settings, (pairs, s) => {
        const ref = pairs.map(([x], i) => numericProfile(`v${i}`, x));
        const cur = pairs.map(([, y], i) => numericProfile(`v${i}`, y));
        const drifted = (correction: DriftSettings['correction']): Set<string> =>
          new Set(driftReport(ref, cur, { ...s, correction }).columns.filter((c) => c.drift).map((c) => c.name));
        const [none, bonferroni, fdr] = [drifted('none'), drifted('bonferroni'), drifted('fdr')];
        for (const name of bonferroni) expect(fdr.has(name)).toBe(true);
        for (const name of fdr) expect(none.has(name)).toBe(true);

        const { dataset, columns } = driftReport(ref, cur, s);
        const checked = columns.filter((c) => c.drift !== null);
        expect(dataset.checkedColumns).toBe(checked.length);
        expect(dataset.driftedColumns).toBe(checked.filter((c) => c.drift).length);
        if (checked.length === 0) expect(dataset.driftedShare).toBeNull();
        else expect(dataset.driftedShare).toBe(dataset.driftedColumns / checked.length);
        expect(dataset.drift).toBe(dataset.driftedShare !== null && dataset.driftedShare >= s.driftShare);
      }),
      { numRuns: 100 },
    );
  });

  it('every valid setting decides every column with a statistic that fits its type', () => {
    const facts = fc.record({ name: fc.constant('x'), type: fc.constantFrom('numeric' as const, 'categorical' as const), nReference: fc.integer({ min: 1, max: 1e7 }), distinct: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1e4 })) });
    fc.assert(
      fc.property(facts, settings, (f, s) => {
        expect(driftSettingsProblems(s)).toEqual([]);
        const rule = decidingRule(f, s);
        // The default rule tests a numeric column with few distinct values by its categories (chi-square).
        const fewValues = f.type === 'numeric' && f.distinct <= FEW_VALUES_MAX && rule.reason.includes('default rule: ');
        if (!fewValues) expect(STATISTIC_TYPES[rule.statistic]).toContain(f.type);
        expect(rule.reason).not.toBe('');
        if (isPValueStatistic(rule.statistic)) expect(rule.threshold > 0 && rule.threshold < 1).toBe(true);
        else expect(rule.threshold).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
