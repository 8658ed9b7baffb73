import { describe, expect, it } from 'vitest';
import { compareColumn } from '../../../src/core/drift/columnDrift.ts';
import { predictionDrift, predictionName, predictionProfile } from '../../../src/core/drift/predictionDrift.ts';
import { profileColumn, type CategoricalProfile, type NumericProfile } from '../../../src/core/drift/profile.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const binary = { task: 'binary' as const, classes: ['no', 'yes'], target: 'churn' };
const three = { task: 'multiclass' as const, classes: ['a', 'b', 'c'], target: 'kind' };
const regression = { task: 'regression' as const, classes: null, target: 'price' };

/** Binary outputs with `yes` rows above 0.5 out of `rows`. */
const binaryOutputs = (rows: number, yes: number): Float32Array => Float32Array.from({ length: rows }, (_, i) => (i < yes ? 0.9 : 0.2));

describe('the champion’s predictions as a drift profile', () => {
  it('counts each row’s predicted class: binary above 0.5 is the second class, a tie the first, NaN missing', () => {
    const profile = predictionProfile(binary, Float32Array.from([0.9, 0.5, 0.1, 0.51, NaN]), 5) as CategoricalProfile;
    expect(profile).toEqual({ type: 'categorical', name: 'predicted churn', missing: 1, categories: ['no', 'yes'], counts: [2, 2] });
  });

  it('takes the most probable class of a multiclass output, ties to the first, and leaves out classes never predicted', () => {
    const outputs = Float32Array.from([0.2, 0.7, 0.1, 0.4, 0.4, 0.2, 0.1, 0.8, 0.1]);
    const profile = predictionProfile(three, outputs, 3) as CategoricalProfile;
    expect(profile.categories).toEqual(['a', 'b']);
    expect(profile.counts).toEqual([1, 2]);
  });

  it('profiles a regression’s predicted values as a numeric column', () => {
    const profile = predictionProfile(regression, Float32Array.from([3, 1, 2, NaN]), 4) as NumericProfile;
    expect(profile.type).toBe('numeric');
    expect(profile.name).toBe(predictionName('price'));
    expect(Array.from(profile.sorted)).toEqual([1, 2, 3]);
    expect(profile.missing).toBe(1);
  });
});

describe('prediction drift by the project’s rule', () => {
  const settings = defaultDriftSettings();

  it('is the categorical rule on the predicted class: chi-square up to 1,000 reference rows, as a column of those labels would be', () => {
    const reference = predictionProfile(binary, binaryOutputs(400, 100), 400);
    const current = predictionProfile(binary, binaryOutputs(300, 200), 300);
    const drift = predictionDrift(reference, current, settings);
    const labels = (rows: number, yes: number) => Array.from({ length: rows }, (_, i) => (i < yes ? 'yes' : 'no'));
    const asColumn = compareColumn(profileColumn(categoricalColumn('predicted churn', labels(400, 100))), profileColumn(categoricalColumn('predicted churn', labels(300, 200))), settings);
    expect(drift.role).toBe('prediction');
    expect(drift.rule?.statistic).toBe('chi2');
    expect(drift.drift).toBe(true);
    // scipy.stats.chi2_contingency([[300, 100], [100, 200]]) (Yates, dof 1): 119.83234374999995, p 6.883965702877075e-28.
    expect(drift.chi2!.statistic).toBeCloseTo(119.83234374999995, 9);
    expect(Math.abs(drift.chi2!.pValue / 6.883965702877075e-28 - 1)).toBeLessThan(1e-9);
    expect(drift.chi2!.dof).toBe(1);
    expect(Math.abs(drift.value! / asColumn.value! - 1)).toBeLessThan(1e-12);
    expect(drift.drift).toBe(asColumn.drift);
  });

  it('uses Jensen-Shannon above 1,000 reference rows, and finds no drift in the same shares', () => {
    const drift = predictionDrift(predictionProfile(binary, binaryOutputs(2000, 500), 2000), predictionProfile(binary, binaryOutputs(1000, 250), 1000), settings);
    expect(drift.rule?.statistic).toBe('jensenShannon');
    expect(drift.value).toBeCloseTo(0, 12);
    expect(drift.drift).toBe(false);
  });

  it('is the numeric rule on a predicted value: KS on small references, normalised Wasserstein on large ones', () => {
    const values = (n: number, shift: number) => Float32Array.from({ length: n }, (_, i) => (i % 97) + shift);
    const small = predictionDrift(predictionProfile(regression, values(500, 0), 500), predictionProfile(regression, values(500, 40), 500), settings);
    expect(small.rule?.statistic).toBe('ks');
    expect(small.drift).toBe(true);
    const large = predictionDrift(predictionProfile(regression, values(3000, 0), 3000), predictionProfile(regression, values(3000, 0), 3000), settings);
    expect(large.rule?.statistic).toBe('wasserstein');
    expect(large.value).toBe(0);
    expect(large.drift).toBe(false);
    const direct = compareColumn(profileColumn(numericColumn('predicted price', Array.from(values(500, 0)))), profileColumn(numericColumn('predicted price', Array.from(values(500, 40)))), settings);
    expect(small.ks).toEqual(direct.ks);
  });

  it('follows a global pin, never a column’s pin (a feature may share the name)', () => {
    const reference = predictionProfile(binary, binaryOutputs(400, 100), 400);
    const current = predictionProfile(binary, binaryOutputs(300, 200), 300);
    const pinned = predictionDrift(reference, current, { ...settings, pin: { statistic: 'psi', threshold: 0.2 } });
    expect(pinned.rule?.statistic).toBe('psi');
    const columnPin = predictionDrift(reference, current, { ...settings, columnPins: { 'predicted churn': { statistic: 'psi', threshold: 5 } } });
    expect(columnPin.rule?.statistic).toBe('chi2');
  });

  it('reports a side with no prediction as not compared', () => {
    const drift = predictionDrift(predictionProfile(binary, binaryOutputs(10, 5), 10), predictionProfile(binary, Float32Array.from([NaN, NaN]), 2), settings);
    expect(drift.drift).toBeNull();
    expect(drift.problem).toMatch(/no values in the current batch/);
  });
});
