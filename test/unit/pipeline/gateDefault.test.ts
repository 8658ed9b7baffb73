import { describe, expect, it } from 'vitest';
import { failedCheckText, forcedPast, fullGateDecision, type GateInput } from '../../../src/core/pipeline/gate.ts';
import { defaultGateSettings, defaultMinImprovement, defaultPipelineSettings, minImprovementFor, withGateDefaults, type GateSettings } from '../../../src/core/pipeline/settings.ts';

const gate = defaultGateSettings();
// An interval well above 0 for a higher-is-better metric (challenger − champion).
const clear = { low: 0.001, high: 0.05, level: 0.95 };

const decide = (input: Partial<GateInput> & Pick<GateInput, 'metric'>, settings: GateSettings = gate) =>
  fullGateDecision({ champion: { value: 0.8 }, challenger: 0.8, bootstrap: clear, ...input }, settings);

describe("the gate's default: the metric's minimum improvement and the bootstrap lower bound above 0", () => {
  it('is 0.01 absolute on 0–1 metrics and 1% relative on error metrics, from one function', () => {
    for (const key of ['accuracy', 'f1', 'f1Macro', 'rocAuc', 'rocAucOvrMacro', 'r2', 'precision', 'recallWeighted'] as const) expect(defaultMinImprovement(key)).toEqual({ minImprovement: 0.01, relative: false });
    for (const key of ['rmse', 'mae', 'logLoss'] as const) expect(defaultMinImprovement(key)).toEqual({ minImprovement: 0.01, relative: true });
    expect(gate).toMatchObject({ minImprovementMode: 'metric', significance: 'bootstrap' });
    expect(defaultPipelineSettings().gate).toEqual(gate);
    expect(minImprovementFor(gate, 'rmse')).toEqual({ minImprovement: 0.01, relative: true });
    expect(minImprovementFor({ ...gate, minImprovementMode: 'set', minImprovement: 0.2, relative: false }, 'rmse')).toEqual({ minImprovement: 0.2, relative: false });
  });

  it('promotes at exactly 0.01 absolute (whatever the subtraction rounds to) and keeps below it', () => {
    const accuracy = { key: 'accuracy' } as const;
    expect(decide({ metric: accuracy, champion: { value: 0 }, challenger: 0.01 }).decision).toBe('promote');
    // 0.11 − 0.10 is 0.009999999999999995 in binary: still a gain of 0.01.
    expect(decide({ metric: accuracy, champion: { value: 0.1 }, challenger: 0.11 }).decision).toBe('promote');
    expect(decide({ metric: accuracy, champion: { value: 0.8 }, challenger: 0.81 }).decision).toBe('promote');
    expect(decide({ metric: accuracy, champion: { value: 0.1 }, challenger: 0.1099999 }).decision).toBe('keep');
    const short = decide({ metric: { key: 'f1Macro' }, champion: { value: 0.5 }, challenger: 0.5078125 });
    expect(short).toMatchObject({ decision: 'keep', reason: 'the gain in F1 (macro), 0.0078, is below the minimum 0.0100' });
  });

  it('needs the lower bound strictly above 0: exactly 0 keeps the champion', () => {
    const atZero = decide({ metric: { key: 'accuracy' }, challenger: 0.9, bootstrap: { low: 0, high: 0.2, level: 0.95 } });
    expect(atZero.decision).toBe('keep');
    expect(atZero.checks[1]).toEqual({ name: 'bootstrap 95% interval of Accuracy: challenger − champion', value: '[±0.0000, +0.2000]', threshold: 'entirely above 0 (the challenger better)', pass: false, gating: true });
    expect(atZero.reason).toBe('bootstrap 95% interval of Accuracy: challenger − champion: [±0.0000, +0.2000] (needs entirely above 0 (the challenger better)): the champion stays');
    expect(decide({ metric: { key: 'accuracy' }, challenger: 0.9, bootstrap: { low: 1e-6, high: 0.2, level: 0.95 } }).decision).toBe('promote');
    // A big gain on noise: the interval spans 0, the champion stays.
    expect(decide({ metric: { key: 'accuracy' }, challenger: 0.85, bootstrap: { low: -0.004, high: 0.1, level: 0.95 } }).decision).toBe('keep');
  });

  it('is relative on RMSE and log loss, and the interval is turned into a gain (a lower error is positive)', () => {
    // 1% of an RMSE of 10 is 0.1; challenger − champion of [-0.5, -0.05] is a gain of [0.05, 0.5].
    const lowerBetter = { low: -0.5, high: -0.05, level: 0.95 };
    const rmse = decide({ metric: { key: 'rmse' }, champion: { value: 10 }, challenger: 9.9, bootstrap: lowerBetter });
    expect(rmse.decision).toBe('promote');
    expect(rmse.checks[0]!.threshold).toBe('≤ −0.1000 (1.0000% of the champion)');
    expect(rmse.checks[1]!.value).toBe('[−0.5000, −0.0500]');
    expect(decide({ metric: { key: 'rmse' }, champion: { value: 10 }, challenger: 9.95, bootstrap: lowerBetter }).decision).toBe('keep');
    // Log loss 0.5: 1% is 0.005.
    expect(decide({ metric: { key: 'logLoss' }, champion: { value: 0.5 }, challenger: 0.494, bootstrap: lowerBetter }).decision).toBe('promote');
    expect(decide({ metric: { key: 'logLoss' }, champion: { value: 0.5 }, challenger: 0.496, bootstrap: lowerBetter }).decision).toBe('keep');
    // An interval that reaches above 0 on an error metric is not entirely below 0.
    const spans = decide({ metric: { key: 'mae' }, champion: { value: 10 }, challenger: 9, bootstrap: { low: -2, high: 0.3, level: 0.95 } });
    expect(spans).toMatchObject({ decision: 'keep' });
    expect(spans.checks[1]!.value).toBe('[−2.0000, +0.3000]');
  });

  it('a tie keeps the champion; no champion promotes the first model; a missing interval keeps the champion', () => {
    expect(decide({ metric: { key: 'accuracy' }, challenger: 0.8 }).decision).toBe('keep');
    const first = decide({ metric: { key: 'accuracy' }, champion: null, challenger: 0.6, bootstrap: null });
    expect(first.decision).toBe('promote');
    expect(first.checks).toEqual([{ name: 'challenger Accuracy', value: '0.6000', threshold: 'any (no champion yet)', pass: true, gating: true }]);
    const missing = decide({ metric: { key: 'accuracy' }, challenger: 0.9, bootstrap: null });
    expect(missing.decision).toBe('keep');
    expect(missing.checks[1]).toEqual({ name: 'bootstrap interval: challenger − champion', value: 'not computed', threshold: 'entirely on the better side of 0', pass: false, gating: true });
  });

  it('both parts can be changed: a set minimum, and significance none or McNemar', () => {
    const loose: GateSettings = { ...gate, minImprovementMode: 'set', minImprovement: 0, significance: 'none' };
    const noise = decide({ metric: { key: 'accuracy' }, challenger: 0.801, bootstrap: { low: -0.03, high: 0.03, level: 0.95 }, mcnemar: { b: 10, c: 11, pValue: 1 } }, loose);
    expect(noise.decision).toBe('promote');
    expect(noise.checks.map((c) => [c.name.split(' ')[0], c.gating])).toEqual([['Accuracy:', true], ['McNemar', false], ['bootstrap', false]]);
    const mcnemar = decide({ metric: { key: 'accuracy' }, challenger: 0.9, mcnemar: { b: 10, c: 11, pValue: 1 } }, { ...gate, significance: 'mcnemar' });
    expect(mcnemar.decision).toBe('keep');
    expect(mcnemar.checks.map((c) => c.gating)).toEqual([true, true, false]);
  });

  it('every check of every decision says whether it gates, SLA checks included', () => {
    const settings: GateSettings = { ...gate, floor: 0.95, latencyBudgetMs: 10, sizeBudgetBytes: 100 };
    const inputs: (Partial<GateInput> & Pick<GateInput, 'metric'>)[] = [
      { metric: { key: 'accuracy' }, challenger: 0.9, mcnemar: { b: 1, c: 20, pValue: 0.001 }, latencyMs: 5, sizeBytes: 200 },
      { metric: { key: 'accuracy' }, champion: null, challenger: 0.9 },
      { metric: { key: 'accuracy' }, challenger: null },
      { metric: { key: 'rmse' }, champion: { value: Number.NaN }, challenger: 1 },
    ];
    for (const input of inputs) {
      for (const check of decide(input, settings).checks) expect(typeof check.gating, check.name).toBe('boolean');
    }
    const sla = decide(inputs[0]!, settings).checks.slice(3);
    expect(sla.map((c) => [c.name, c.gating, c.pass])).toEqual([
      ['Accuracy floor', true, false],
      ['latency per 1,000 rows', true, true],
      ['model size', true, false],
    ]);
  });
});

describe('a stored gate written before the default followed the metric', () => {
  it('the old default untouched moves to the new default, keeping approval, metric and budgets', () => {
    const old = { minImprovement: 0, relative: false, approval: 'manual' as const, significance: 'none' as const, alpha: 0.05, floor: null, latencyBudgetMs: 250, sizeBudgetBytes: null, metric: 'accuracy' };
    expect(withGateDefaults(old)).toEqual({ ...gate, approval: 'manual', latencyBudgetMs: 250, metric: 'accuracy' });
    expect(withGateDefaults(undefined)).toEqual(gate);
  });

  it("any other stored values were a person's choice and stay, as a set minimum", () => {
    const chosen = { minImprovement: 0.02, relative: true, approval: 'auto' as const, significance: 'none' as const };
    expect(withGateDefaults(chosen)).toEqual({ ...gate, ...chosen, minImprovementMode: 'set' });
    const mcnemar = { minImprovement: 0, relative: false, approval: 'auto' as const, significance: 'mcnemar' as const };
    expect(withGateDefaults(mcnemar)).toMatchObject({ minImprovementMode: 'set', minImprovement: 0, significance: 'mcnemar' });
    // Saved since: the mode is stored, so an explicit 0 with no significance is kept.
    const explicit = { ...gate, minImprovementMode: 'set' as const, minImprovement: 0, significance: 'none' as const };
    expect(withGateDefaults(explicit)).toEqual(explicit);
  });
});

describe('a promotion forced past a failed gate', () => {
  it('names the gating checks that failed, and none when the gate promoted', () => {
    const kept = decide({ metric: { key: 'accuracy' }, challenger: 0.85, bootstrap: { low: -0.004, high: 0.1, level: 0.95 }, mcnemar: { b: 10, c: 12, pValue: 0.83 } });
    const forced = forcedPast(kept);
    expect(forced).toEqual({ forced: true, failedChecks: [{ name: 'bootstrap 95% interval of Accuracy: challenger − champion', value: '[−0.0040, +0.1000]', threshold: 'entirely above 0 (the challenger better)' }] });
    expect(failedCheckText(forced!.failedChecks[0]!)).toBe('bootstrap 95% interval of Accuracy: challenger − champion [−0.0040, +0.1000], needs entirely above 0 (the challenger better)');
    expect(forcedPast(decide({ metric: { key: 'accuracy' }, challenger: 0.9 }))).toBeNull();
    // A stored check from before `gating` existed gated.
    expect(forcedPast({ decision: 'keep', checks: [{ name: 'improvement', value: '0', threshold: '> 0', pass: false } as never] })?.failedChecks).toHaveLength(1);
  });
});
