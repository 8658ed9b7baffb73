import { describe, expect, it } from 'vitest';
import { gateDecision, type GateInput } from '../../../src/core/pipeline/gate.ts';
import { defaultPipelineSettings, pipelineSettingsProblems, type GateSettings } from '../../../src/core/pipeline/settings.ts';

const accuracy: GateInput['metric'] = { key: 'accuracy' };
const rmse: GateInput['metric'] = { key: 'rmse' };
const absolute = (minImprovement = 0): GateSettings => ({ minImprovement, relative: false, approval: 'auto' });
const relative = (minImprovement: number): GateSettings => ({ minImprovement, relative: true, approval: 'auto' });

describe('gateDecision', () => {
  it('higher is better: a better challenger is promoted, a worse one kept out', () => {
    const up = gateDecision({ metric: accuracy, champion: { value: 0.8 }, challenger: 0.85 }, absolute(0.01));
    expect(up.decision).toBe('promote');
    expect(up.improvement).toBeCloseTo(0.05, 12);
    expect(up.reason).toBe('the challenger improves Accuracy by 0.0500 (needed 0.0100)');
    expect(up.checks).toEqual([{ name: 'Accuracy: challenger − champion (higher is better)', value: '0.8500 vs 0.8000: +0.0500 (better)', threshold: '≥ +0.0100', pass: true, gating: true }]);
    const down = gateDecision({ metric: accuracy, champion: { value: 0.8 }, challenger: 0.75 }, absolute(0.01));
    expect(down.decision).toBe('keep');
    expect(down.improvement).toBeCloseTo(-0.05, 12);
    expect(down.reason).toBe('the challenger does not beat the champion on Accuracy (0.7500 vs 0.8000): the champion stays');
    expect(down.checks[0]!.pass).toBe(false);
  });

  it('lower is better: the improvement is signed so that a lower error is positive', () => {
    const better = gateDecision({ metric: rmse, champion: { value: 2 }, challenger: 1.5 }, absolute(0.1));
    expect(better).toMatchObject({ decision: 'promote', improvement: 0.5 });
    expect(better.checks[0]!.name).toBe('RMSE: challenger − champion (lower is better)');
    const worse = gateDecision({ metric: rmse, champion: { value: 2 }, challenger: 2.5 }, absolute(0));
    expect(worse).toMatchObject({ decision: 'keep', improvement: -0.5 });
    expect(worse.checks[0]!.value).toBe('2.5000 vs 2.0000: +0.5000 (worse)');
  });

  it('an absolute minimum: a gain below it keeps the champion, a gain at it promotes', () => {
    const small = gateDecision({ metric: accuracy, champion: { value: 0.8 }, challenger: 0.805 }, absolute(0.01));
    expect(small.decision).toBe('keep');
    expect(small.reason).toBe('the gain in Accuracy, 0.0050, is below the minimum 0.0100');
    expect(gateDecision({ metric: accuracy, champion: { value: 0.5 }, challenger: 0.75 }, absolute(0.25)).decision).toBe('promote');
  });

  it('a relative minimum is a share of the champion\'s value', () => {
    // 10% of an RMSE of 2 is 0.2.
    const short = gateDecision({ metric: rmse, champion: { value: 2 }, challenger: 1.85 }, relative(0.1));
    expect(short.decision).toBe('keep');
    expect(short.checks[0]!.threshold).toBe('≤ −0.2000 (10.0000% of the champion)');
    expect(short.reason).toBe('the gain in RMSE, 0.1500, is below the minimum 0.2000');
    expect(gateDecision({ metric: rmse, champion: { value: 2 }, challenger: 1.7 }, relative(0.1)).decision).toBe('promote');
    // A negative champion value (an R² below 0): the share is of its size.
    const r2: GateInput['metric'] = { key: 'r2' };
    expect(gateDecision({ metric: r2, champion: { value: -0.5 }, challenger: -0.4 }, relative(0.1)).decision).toBe('promote');
    expect(gateDecision({ metric: r2, champion: { value: -0.5 }, challenger: -0.48 }, relative(0.1)).decision).toBe('keep');
  });

  it('a tie keeps the champion, even with no minimum', () => {
    const tie = gateDecision({ metric: accuracy, champion: { value: 0.8 }, challenger: 0.8 }, absolute(0));
    expect(tie).toMatchObject({ decision: 'keep', improvement: 0 });
    expect(tie.reason).toBe('the challenger does not beat the champion on Accuracy (0.8000 vs 0.8000): the champion stays');
    expect(tie.checks[0]!.pass).toBe(false);
    expect(gateDecision({ metric: rmse, champion: { value: 1 }, challenger: 1 }, relative(0)).decision).toBe('keep');
  });

  it('the first model passes when it has its metric', () => {
    const first = gateDecision({ metric: accuracy, champion: null, challenger: 0.55 }, absolute(0.5));
    expect(first).toMatchObject({ decision: 'promote', improvement: null, reason: 'no champion yet: the first model is promoted (Accuracy 0.5500)' });
    expect(first.checks).toEqual([{ name: 'challenger Accuracy', value: '0.5500', threshold: 'any (no champion yet)', pass: true, gating: true }]);
  });

  it('a challenger without its metric keeps the champion (and is not the first model either)', () => {
    for (const challenger of [null, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const champion of [{ value: 0.8 }, null]) {
        const d = gateDecision({ metric: accuracy, champion, challenger }, absolute(0));
        expect(d).toMatchObject({ decision: 'keep', improvement: null, reason: 'the challenger has no Accuracy on the holdout rows' });
        expect(d.checks).toEqual([{ name: 'challenger Accuracy', value: 'not computed', threshold: 'a number', pass: false, gating: true }]);
      }
    }
  });

  it('a champion whose metric is not a number never loses to the rule by accident', () => {
    expect(gateDecision({ metric: accuracy, champion: { value: Number.NaN }, challenger: 0.9 }, absolute(0)).decision).toBe('keep');
  });

  it('writes tiny numbers in exponent form', () => {
    const d = gateDecision({ metric: rmse, champion: { value: 0.0002 }, challenger: 0.0001 }, absolute(0));
    expect(d.decision).toBe('promote');
    expect(d.checks[0]!.value).toBe('1.00e-4 vs 2.00e-4: −1.00e-4 (better)');
  });
});

describe('pipelineSettingsProblems', () => {
  it('accepts the defaults and names a bad gate', () => {
    expect(pipelineSettingsProblems(defaultPipelineSettings())).toEqual([]);
    const s = defaultPipelineSettings();
    expect(pipelineSettingsProblems({ ...s, gate: { minImprovement: -0.1, relative: false, approval: 'auto' } })).toEqual([{ field: 'gate.minImprovement', message: 'the minimum improvement must be 0 or more' }]);
    expect(pipelineSettingsProblems({ ...s, gate: { minImprovement: 2, relative: true, approval: 'auto' } })).toEqual([{ field: 'gate.minImprovement', message: 'a relative minimum improvement is a share: at most 1 (100%)' }]);
    expect(pipelineSettingsProblems({ ...s, seed: -1 })).toEqual([{ field: 'seed', message: 'the seed must be a whole number, 0 or more' }]);
    expect(pipelineSettingsProblems({ ...s, policy: { ...s.policy, circuitBreaker: 0 } })).toEqual([{ field: 'policy.circuitBreaker', message: 'the circuit breaker must be a whole number of failures from 1 to 100' }]);
  });
});
