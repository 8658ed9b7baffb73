import { describe, expect, it } from 'vitest';
import { compareColumn } from '../../../src/core/drift/columnDrift.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { driftReport, type DriftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { csvReport } from './reportJson.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every number anywhere in the report (columns, rules, overlays, dataset), with its path. */
function numbersIn(value: unknown, path = 'report'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value instanceof Float64Array) return [...value].map((v, i) => [`${path}[${i}]`, v] as [string, number]);
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

const nonFinite = (report: DriftReport): [string, number][] => numbersIn(report).filter(([, v]) => !Number.isFinite(v));

describe('edge cases of the drift report', () => {
  it('a column with no values in the current batch is reported, not compared', async () => {
    const report = await csvReport(text('x,y\n1.5,a\n2.5,b\n3.5,a\n'), text('x,y\nNA,a\n,b\n'));
    const x = report.columns[0]!;
    expect(x).toMatchObject({ name: 'x', nReference: 3, nCurrent: 0, missingCurrent: 2, drift: null, rule: null, value: null });
    expect(x.problem).toBe('no values in the current batch (every cell is missing)');
    expect(report.dataset.checkedColumns).toBe(1);
    expect(nonFinite(report)).toEqual([]);
  });

  it('a column with no values on either side says so', () => {
    const ref = profileColumn(numericColumn('x', [null, null]));
    const report = driftReport([ref], [profileColumn(numericColumn('x', [null]))], defaultDriftSettings());
    expect(report.columns[0]!.problem).toBe('no values in either batch (every cell is missing)');
  });

  it('one-row batches give finite statistics', async () => {
    const report = await csvReport(text('x,c\n1.25,a\n'), text('x,c\n7.5,b\n'));
    const [x, c] = report.columns;
    expect(x).toMatchObject({ nReference: 1, nCurrent: 1, drift: false });
    expect(x!.ks).toEqual({ statistic: 1, pValue: 1, method: 'exact' });
    expect(x!.rule?.statistic).toBe('chi2'); // 2 distinct values: categories, not a distribution
    expect(c!.newCategories).toEqual(['b']);
    expect(nonFinite(report)).toEqual([]);
  });

  it('all-equal values: no drift when both sides agree, Wasserstein scaled by the 1e-3 floor when they do not', () => {
    const same = compareColumn(profileColumn(numericColumn('x', Array(50).fill(4.2))), profileColumn(numericColumn('x', Array(70).fill(4.2))), defaultDriftSettings());
    expect(same).toMatchObject({ drift: false, psi: 0, jensenShannon: 0, wasserstein: 0 });
    expect(same.chi2).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    const moved = compareColumn(profileColumn(numericColumn('x', Array(50).fill(4.2))), profileColumn(numericColumn('x', Array(50).fill(4.3))), defaultDriftSettings());
    expect(moved.wasserstein).toBeCloseTo(0.1 / 1e-3, 9);
    expect(moved.drift).toBe(true);
    for (const c of [same, moved]) expect(numbersIn(c).filter(([, v]) => !Number.isFinite(v))).toEqual([]);
  });

  it('a categorical column with 20,000 categories has finite statistics and a bounded overlay', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `k${i}`);
    const ref = profileColumn(categoricalColumn('c', names.flatMap((n, i) => (i % 3 === 0 ? [n, n] : [n]))));
    const cur = profileColumn(categoricalColumn('c', [...names.slice(5000), 'brand-new']));
    const report = driftReport([ref], [cur], defaultDriftSettings());
    const c = report.columns[0]!;
    expect(c.chi2?.dof).toBe(20_000);
    expect(c.newCategories).toEqual(['brand-new']);
    expect(c.rule?.statistic).toBe('jensenShannon');
    expect(c.jensenShannon).toBeGreaterThan(0);
    expect(c.jensenShannon).toBeLessThanOrEqual(Math.sqrt(Math.LN2));
    expect(c.distribution?.type === 'categorical' && c.distribution.categories.length).toBe(21);
    expect(nonFinite(report)).toEqual([]);
  });

  it('numeric columns with few non-integer values are decided by chi-square on their values', async () => {
    const rows = (values: number[]): string => 'x\n' + values.map(String).join('\n') + '\n';
    const report = await csvReport(text(rows(Array.from({ length: 60 }, (_, i) => [0.5, 1.5, 2.5][i % 3]!))), text(rows(Array.from({ length: 60 }, () => 0.5))));
    const x = report.columns[0]!;
    expect(x.type).toBe('numeric');
    expect(x.rule?.statistic).toBe('chi2');
    expect(x.chi2?.dof).toBe(2);
    expect(x.drift).toBe(true);
  });

  it('text in a numeric column of the current batch counts as missing there', async () => {
    const report = await csvReport(text('x\n1.5\n2.5\n3.5\n4.5\n'), text('x\n1.5\noops\n2.5\n'));
    expect(report.columns[0]).toMatchObject({ nCurrent: 2, missingCurrent: 1 });
  });

  it('large values far apart keep finite Wasserstein and PSI', () => {
    const ref = profileColumn(numericColumn('x', [-1e300, 0, 1e300, 5, 6, 7, 8]));
    const cur = profileColumn(numericColumn('x', [1e299, 2e299, 3e299, 4, 3, 2, 1]));
    const c = compareColumn(ref, cur, defaultDriftSettings());
    expect(Number.isFinite(c.wasserstein)).toBe(true);
    expect(Number.isFinite(c.psi)).toBe(true);
  });

  it('the overlay of values further apart than the largest double has finite edges and shares summing to 1', () => {
    const ref = profileColumn(numericColumn('x', [-1e308, 0, 1, 2, 3, 4, 1e308]));
    const cur = profileColumn(numericColumn('x', [5, 6, 7, 8, 9, 10, 1.5e308]));
    const overlay = compareColumn(ref, cur, defaultDriftSettings()).distribution!;
    expect(overlay.type).toBe('numeric');
    if (overlay.type !== 'numeric') return;
    expect(overlay.edges.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < overlay.edges.length; i++) expect(overlay.edges[i]!).toBeGreaterThan(overlay.edges[i - 1]!);
    const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
    expect(sum(overlay.reference)).toBeCloseTo(1, 12);
    expect(sum(overlay.current)).toBeCloseTo(1, 12);
    // -1e308 alone in the first bin; 0..4 and 5..10 in the middle one; the two largest in the last.
    expect(overlay.reference[0]).toBeCloseTo(1 / 7, 12);
    expect(overlay.current[overlay.current.length - 1]).toBeCloseTo(1 / 7, 12);
  });

  it('overlays: equal-width numeric bins over both ranges; the 20 largest categories and the rest grouped', () => {
    const numeric = compareColumn(profileColumn(numericColumn('x', [0, 1, 2, 3])), profileColumn(numericColumn('x', [2, 4, 6, 8])), defaultDriftSettings()).distribution!;
    expect(numeric.type === 'numeric' && [numeric.edges[0], numeric.edges.at(-1), numeric.edges.length]).toEqual([0, 8, 25]);
    const one = compareColumn(profileColumn(numericColumn('x', [3, 3])), profileColumn(numericColumn('x', [3])), defaultDriftSettings()).distribution!;
    expect(one).toEqual({ type: 'numeric', edges: [3, 3], reference: [1], current: [1] });
    const names = Array.from({ length: 25 }, (_, i) => `c${i}`);
    const cat = compareColumn(profileColumn(categoricalColumn('c', names.flatMap((n, i) => Array<string>(i + 1).fill(n)))), profileColumn(categoricalColumn('c', ['c0', 'c1'])), defaultDriftSettings()).distribution!;
    expect(cat.type === 'categorical' && [cat.categories.length, cat.otherCount, cat.categories.at(-1)]).toEqual([21, 5, 'other (5)']);
  });
});
