import { describe, expect, it } from 'vitest';
import { profileColumn, type ColumnProfile } from '../../../src/core/drift/profile.ts';
import { adjustPValues, driftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings, type DriftSettings } from '../../../src/core/drift/settings.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { loadGolden, Mismatches } from './golden.ts';

const settings = (over: Partial<DriftSettings> = {}): DriftSettings => ({ ...defaultDriftSettings(), ...over });

const numeric = (name: string, values: number[]): ColumnProfile => profileColumn(numericColumn(name, values));
const categorical = (name: string, counts: Record<string, number>): ColumnProfile =>
  profileColumn(categoricalColumn(name, Object.entries(counts).flatMap(([category, n]) => Array<string>(n).fill(category))));

/** 30 values 0..29 and the same shifted by `by`: far apart for by = 100, identical for by = 0. */
const pair = (name: string, by: number): [ColumnProfile, ColumnProfile] => {
  const base = Array.from({ length: 30 }, (_, i) => i);
  return [numeric(name, base), numeric(name, base.map((v) => v + by))];
};

describe('dataset drift by the share rule', () => {
  const columns = [pair('a', 100), pair('b', 100), pair('c', 0), pair('d', 0)];
  const refs = columns.map(([r]) => r);
  const curs = columns.map(([, c]) => c);

  it('drifts when drifted / checked reaches the share (inclusive)', () => {
    const report = driftReport(refs, curs, settings());
    expect(report.columns.map((c) => c.drift)).toEqual([true, true, false, false]);
    expect(report.dataset).toMatchObject({ checkedColumns: 4, driftedColumns: 2, driftedShare: 0.5, drift: true, driftShare: 0.5 });
    expect(driftReport(refs, curs, settings({ driftShare: 0.51 })).dataset.drift).toBe(false);
  });

  it('reports columns missing from either batch by name and does not check them', () => {
    const report = driftReport(refs, [curs[0]!, curs[2]!, numeric('extra', [1, 2, 3])], settings());
    expect(report.dataset.missingColumns).toEqual(['b', 'd']);
    expect(report.dataset.extraColumns).toEqual(['extra']);
    expect(report.dataset.checkedColumns).toBe(2);
    expect(report.columns.map((c) => c.name)).toEqual(['a', 'c']);
  });

  it('keeps the target out of the share and reports it as label drift', () => {
    const report = driftReport(refs, curs, settings(), 'a');
    expect(report.labelDrift).toMatchObject({ name: 'a', role: 'target', drift: true });
    expect(report.dataset).toMatchObject({ checkedColumns: 3, driftedColumns: 1, driftedShare: 1 / 3, drift: false });
    expect(driftReport(refs, curs, settings()).labelDrift).toBeNull();
  });

  it('has no share and no drift when nothing can be compared', () => {
    const report = driftReport([numeric('x', [])], [numeric('x', [1, 2])], settings());
    expect(report.dataset).toMatchObject({ checkedColumns: 0, driftedShare: null, drift: false });
    expect(report.columns[0]).toMatchObject({ drift: null, rule: null, value: null, problem: 'no values in the reference batch (every cell is missing)' });
  });
});

describe('multiple-testing corrections', () => {
  interface Case {
    pValues: number[];
    bonferroni: number[];
    fdr: number[];
  }

  it('adjustPValues matches statsmodels multipletests (bonferroni, fdr_bh)', () => {
    const m = new Mismatches();
    loadGolden<Case>('pvalue-corrections.json').forEach((c, i) => {
      const bonferroni = adjustPValues(c.pValues, 'bonferroni');
      const fdr = adjustPValues(c.pValues, 'fdr');
      c.pValues.forEach((_, j) => {
        m.check(`case ${i} bonferroni[${j}]`, bonferroni[j]!, c.bonferroni[j]!, { rel: 1e-12, abs: 0 });
        m.check(`case ${i} fdr[${j}]`, fdr[j]!, c.fdr[j]!, { rel: 1e-12, abs: 0 });
      });
      m.equal(`case ${i} none`, adjustPValues(c.pValues, 'none'), c.pValues);
    });
    expect(m.list).toEqual([]);
  });

  it('Benjamini-Hochberg by hand: p = [0.01, 0.04, 0.03, 0.005] → [0.02, 0.04, 0.04, 0.02]', () => {
    expect(adjustPValues([0.01, 0.04, 0.03, 0.005], 'fdr')).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(adjustPValues([0.01, 0.04, 0.03, 0.005], 'bonferroni')).toEqual([0.04, 0.16, 0.12, 0.02]);
  });

  it('applies to p-value features only: not to distances, not to the target', () => {
    const big = Array.from({ length: 2000 }, (_, i) => i);
    const refs = [pair('a', 100)[0], pair('b', 0)[0], numeric('wide', big), pair('t', 100)[0]];
    const curs = [pair('a', 100)[1], pair('b', 0)[1], numeric('wide', big.map((v) => v + 1)), pair('t', 100)[1]];
    const report = driftReport(refs, curs, settings({ correction: 'bonferroni' }), 't');
    const [a, b, wide, t] = report.columns;
    expect(a!.adjustedPValue).toBe(Math.min(1, a!.value! * 2));
    expect(b!.adjustedPValue).toBe(1);
    expect(wide!.rule?.statistic).toBe('wasserstein');
    expect(wide!.adjustedPValue).toBeUndefined();
    expect(t!.adjustedPValue).toBeUndefined();
    expect(report.dataset.correction).toBe('bonferroni');
  });

  it('a correction can turn a raw drift verdict into no drift', () => {
    // Five columns at p = 0.033 (scipy chi2_contingency of [[62, 38], [46, 54]]): each drifts alone, none after Bonferroni.
    const refs = Array.from({ length: 5 }, (_, i) => categorical(`c${i}`, { x: 62, y: 38 }));
    const curs = Array.from({ length: 5 }, (_, i) => categorical(`c${i}`, { x: 46, y: 54 }));
    const raw = driftReport(refs, curs, settings());
    expect(raw.columns.every((c) => c.drift && c.value! < 0.05 && c.value! > 0.01)).toBe(true);
    const corrected = driftReport(refs, curs, settings({ correction: 'bonferroni' }));
    expect(corrected.columns.every((c) => c.drift === false)).toBe(true);
    expect(corrected.dataset.driftedColumns).toBe(0);
    // Benjamini-Hochberg keeps them: with equal p-values the adjusted p equals the raw one.
    const fdr = driftReport(refs, curs, settings({ correction: 'fdr' }));
    expect(fdr.columns.every((c) => c.drift && Math.abs(c.adjustedPValue! - c.value!) < 1e-15)).toBe(true);
  });
});
