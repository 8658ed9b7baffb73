import { describe, expect, it } from 'vitest';
import { defaultDriftSettings, driftSettingsProblems, type DriftSettings, type DriftStatistic } from '../../../src/core/drift/settings.ts';

const settings = (over: Partial<DriftSettings> = {}): DriftSettings => ({ ...defaultDriftSettings(), ...over });

describe('driftSettingsProblems', () => {
  it('finds nothing wrong with the defaults of docs/statistics.md', () => {
    expect(defaultDriftSettings()).toMatchObject({ alpha: 0.05, wassersteinThreshold: 0.1, jensenShannonThreshold: 0.1, driftShare: 0.5, correction: 'none', pin: null });
    expect(driftSettingsProblems(defaultDriftSettings())).toEqual([]);
  });

  it.each([0, 1, -0.1, 1.5, NaN, Infinity])('refuses alpha = %f', (alpha) => {
    expect(driftSettingsProblems(settings({ alpha }))).toEqual([{ field: 'alpha', message: `alpha must be between 0 and 1 (exclusive), not ${alpha}` }]);
  });

  it('refuses thresholds that are not positive or that can never fire', () => {
    expect(driftSettingsProblems(settings({ wassersteinThreshold: 0 }))).toEqual([{ field: 'wassersteinThreshold', message: 'the Wasserstein threshold must be a positive number, not 0' }]);
    expect(driftSettingsProblems(settings({ wassersteinThreshold: NaN }))).toHaveLength(1);
    expect(driftSettingsProblems(settings({ jensenShannonThreshold: 0.9 }))).toEqual([{ field: 'jensenShannonThreshold', message: 'the Jensen-Shannon threshold must be above 0 and at most 0.833, not 0.9' }]);
    expect(driftSettingsProblems(settings({ jensenShannonThreshold: Math.sqrt(Math.LN2) }))).toEqual([]);
  });

  it('refuses a drift share outside (0, 1] and an unknown correction', () => {
    expect(driftSettingsProblems(settings({ driftShare: 0 }))).toEqual([{ field: 'driftShare', message: 'the drift share must be above 0 and at most 1, not 0' }]);
    expect(driftSettingsProblems(settings({ driftShare: 1 }))).toEqual([]);
    expect(driftSettingsProblems(settings({ correction: 'holm' as never }))).toEqual([{ field: 'correction', message: 'unknown correction "holm"' }]);
  });

  it('checks pins by kind: p-values in (0, 1), distances positive, Jensen-Shannon at most sqrt(ln 2)', () => {
    expect(driftSettingsProblems(settings({ pin: { statistic: 'ks', threshold: 1 } }))).toEqual([
      { field: 'pin', message: 'global pin: the p-value threshold of the KS test must be between 0 and 1 (exclusive), not 1' },
    ]);
    expect(driftSettingsProblems(settings({ pin: { statistic: 'psi', threshold: 2 } }))).toEqual([]);
    expect(driftSettingsProblems(settings({ columnPins: { age: { statistic: 'psi', threshold: -1 } } }))).toEqual([
      { field: 'columnPins.age', message: 'pin on "age": the PSI threshold must be a positive number, not -1' },
    ]);
    expect(driftSettingsProblems(settings({ columnPins: { c: { statistic: 'jensenShannon', threshold: 0.9 } } }))).toEqual([
      { field: 'columnPins.c', message: 'pin on "c": the Jensen-Shannon distance is at most 0.833, so a threshold of 0.9 never fires' },
    ]);
    expect(driftSettingsProblems(settings({ pin: { statistic: 'mmd' as DriftStatistic, threshold: 0.1 } }))).toEqual([{ field: 'pin', message: 'global pin: unknown statistic "mmd"' }]);
  });

  it('lists every problem at once', () => {
    const problems = driftSettingsProblems(settings({ alpha: 2, driftShare: 3, pin: { statistic: 'chi2', threshold: 0 }, columnPins: { a: { statistic: 'wasserstein', threshold: 0 } } }));
    expect(problems.map((p) => p.field)).toEqual(['alpha', 'driftShare', 'pin', 'columnPins.a']);
  });
});
