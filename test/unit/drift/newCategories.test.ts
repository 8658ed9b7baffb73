import { describe, expect, it } from 'vitest';
import { compareColumn, NEW_CATEGORY_SHARE_DRIFT } from '../../../src/core/drift/columnDrift.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { driftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings, type DriftSettings } from '../../../src/core/drift/settings.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const counted = (counts: Record<string, number>, missing = 0): (string | null)[] => [
  ...Object.entries(counts).flatMap(([category, n]) => Array<string>(n).fill(category)),
  ...Array<null>(missing).fill(null),
];
const categorical = (counts: Record<string, number>, missing = 0) => profileColumn(categoricalColumn('c', counted(counts, missing)));
/** A PSI threshold no data reach: only the new-category share can make a column drift. */
const silent: DriftSettings = { ...defaultDriftSettings(), pin: { statistic: 'psi', threshold: 1000 } };

describe('the new-category share', () => {
  it("is the share of the current batch's non-missing rows whose category the reference never had", () => {
    const drift = compareColumn(categorical({ a: 10, b: 10 }), categorical({ a: 6, b: 2, x: 1, y: 1 }, 5), defaultDriftSettings());
    expect(drift.newCategories).toEqual(['x', 'y']);
    expect(drift.newCategoryShare).toBe(0.2);
  });

  it('makes a categorical column drift at 0.2 whatever its statistic says, and not below', () => {
    expect(NEW_CATEGORY_SHARE_DRIFT).toBe(0.2);
    const at = compareColumn(categorical({ a: 50, b: 50 }), categorical({ a: 40, b: 40, new: 20 }), silent);
    expect(at).toMatchObject({ newCategoryShare: 0.2, drift: true });
    expect(at.value! < at.rule!.threshold).toBe(true);
    const below = compareColumn(categorical({ a: 50, b: 50 }), categorical({ a: 40, b: 40, new: 19 }), silent);
    expect(below.newCategoryShare).toBeCloseTo(19 / 99, 15);
    expect(below.drift).toBe(false);
  });

  it('finds the drift a chi-square over 731 one-count categories misses', () => {
    const days = (year: number) => Array.from({ length: 731 }, (_, i) => `${year}-day-${i}`);
    const drift = compareColumn(profileColumn(categoricalColumn('date', days(2012))), profileColumn(categoricalColumn('date', days(2015))), defaultDriftSettings());
    expect(drift.rule?.statistic).toBe('chi2');
    // Every value is new, yet the test sees a 2 x 1462 table of ones: p about 0.48.
    expect(drift.chi2!.pValue).toBeGreaterThan(0.4);
    expect(drift.newCategoryShare).toBe(1);
    expect(drift.drift).toBe(true);
  });

  it('keeps the drift through a multiple-testing correction', () => {
    const report = driftReport(
      [categorical({ a: 50, b: 50 }), profileColumn(categoricalColumn('d', counted({ a: 50, b: 50 })))],
      [categorical({ a: 40, b: 40, new: 20 }), profileColumn(categoricalColumn('d', counted({ a: 50, b: 50 })))],
      { ...defaultDriftSettings(), correction: 'bonferroni', pin: { statistic: 'chi2', threshold: 1e-12 } },
    );
    expect(report.columns[0]).toMatchObject({ newCategoryShare: 0.2, drift: true });
    expect(report.columns[0]!.adjustedPValue).toBeGreaterThan(1e-12);
  });

  it('is not reported for numeric columns', () => {
    const values = Array.from({ length: 30 }, (_, i) => i);
    const drift = compareColumn(profileColumn(numericColumn('n', values)), profileColumn(numericColumn('n', values.map((v) => v + 100))), defaultDriftSettings());
    expect(drift.newCategoryShare).toBeUndefined();
  });
});
