import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classificationMetrics, probabilityRows, regressionMetrics } from '../../../src/core/metrics/index.ts';
import { fixturesRoot } from '../helpers/fixtures.ts';
import { Mismatches } from './golden.ts';

type FixtureCase =
  | { task: 'binary' | 'multiclass'; yTrue: number[]; proba: number[][]; expected: Record<string, number | number[][]> }
  | { task: 'regression'; yTrue: number[]; pred: number[]; expected: Record<string, number> };

/** The fixture's keys (scikit-learn's names) → ours; the fixture file is scikit-learn's output, read as it is. */
const FIXTURE_KEYS: Record<string, string> = {
  precision_macro: 'precisionMacro',
  recall_macro: 'recallMacro',
  f1_macro: 'f1Macro',
  precision_weighted: 'precisionWeighted',
  recall_weighted: 'recallWeighted',
  f1_weighted: 'f1Weighted',
  rocAuc_ovr_macro: 'rocAucOvrMacro',
};

const cases = JSON.parse(readFileSync(join(fixturesRoot, 'stats', 'metrics', 'metrics.json'), 'utf8')) as FixtureCase[];

/** The report's headline in the fixture's shape: every fixture key, looked up under our name. */
function compare(actual: Record<string, unknown>, expected: Record<string, number | number[][]>): string[] {
  const mismatches = new Mismatches();
  for (const [key, value] of Object.entries(expected)) {
    const ours = FIXTURE_KEYS[key] ?? key;
    if (!(ours in actual)) mismatches.list.push(`${key}: no ${ours} in the report`);
    else if (typeof value === 'number') mismatches.close(key, actual[ours] as number | null, value);
    else mismatches.equal(key, actual[ours], value);
  }
  return mismatches.list;
}

describe('model metrics match the scikit-learn fixtures', () => {
  it('finds the fixture cases', () => {
    expect(cases.map((c) => c.task)).toEqual(expect.arrayContaining(['binary', 'multiclass', 'regression']));
  });

  cases.forEach((c, i) => {
    it(`case ${i}: ${c.task}, ${c.yTrue.length} rows`, () => {
      if (c.task === 'regression') {
        const report = regressionMetrics(c.yTrue, c.pred);
        expect(compare({ ...report.metrics }, c.expected)).toEqual([]);
        expect(report.warnings).toEqual([]);
        return;
      }
      const report = classificationMetrics(c.yTrue, probabilityRows(c.proba));
      expect(report.task).toBe(c.task);
      expect(compare({ ...report.metrics }, c.expected)).toEqual([]);
      expect(report.warnings).toEqual([]);
    });
  });

  it('gives the same binary numbers from the positive-class column alone', () => {
    const c = cases.find((x) => x.task === 'binary')!;
    if (c.task === 'regression') throw new Error('unreachable');
    const report = classificationMetrics(c.yTrue, { layout: 'positive', values: c.proba.map((row) => row[1]!) });
    expect(compare({ ...report.metrics }, c.expected)).toEqual([]);
  });
});
