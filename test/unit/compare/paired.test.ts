import { describe, expect, it } from 'vitest';
import { metricOnRows, pairedComparison, type ModelScores } from '../../../src/core/compare/paired.ts';
import { fullGateDecision, type GateInput } from '../../../src/core/pipeline/gate.ts';

const binary = (outputs: number[], labels: number[]): ModelScores => ({ task: 'binary', classes: 2, outputs, labels });

describe('pairedComparison', () => {
  it('counts who got which rows right, only on rows both can be judged on', () => {
    const labels = [1, 0, 1, 0, 1, NaN];
    const champion = binary([0.9, 0.2, 0.3, 0.8, 0.6, 0.5], labels);
    const challenger = binary([0.9, 0.1, 0.7, 0.2, 0.4, 0.5], labels);
    const result = pairedComparison(champion, challenger, 'accuracy', { seed: 1, resamples: 200 });
    // Row 2: challenger only; row 3: challenger only; row 4: champion only.
    expect(result.rows).toBe(5);
    expect(result.mcnemar).toMatchObject({ b: 1, c: 2 });
    expect(result.bootstrap!.low).toBeLessThanOrEqual(result.bootstrap!.high);
  });

  it('has no McNemar for regression, and a bootstrap of the error difference', () => {
    const labels = [1, 2, 3, 4, 5, 6, 7, 8];
    const champion: ModelScores = { task: 'regression', classes: 1, outputs: labels.map((v) => v + 1), labels };
    const challenger: ModelScores = { task: 'regression', classes: 1, outputs: labels.map((v) => v + 0.1), labels };
    const result = pairedComparison(champion, challenger, 'rmse', { seed: 2, resamples: 200 });
    expect(result.mcnemar).toBeNull();
    expect(result.bootstrap!.high).toBeLessThan(0);
  });

  it('scores multiclass rows by the first largest probability', () => {
    const s: ModelScores = { task: 'multiclass', classes: 3, outputs: [0.2, 0.5, 0.3, 0.6, 0.2, 0.2, 0.1, 0.1, 0.8], labels: [1, 0, 1] };
    expect(metricOnRows(s, [0, 1, 2], 'accuracy')).toBeCloseTo(2 / 3, 12);
  });
});

describe('fullGateDecision', () => {
  const metric: GateInput['metric'] = { key: 'accuracy' };
  const settings = { minImprovement: 0, relative: false, approval: 'auto' as const };

  it('gates on McNemar when asked: a small, insignificant gain keeps the champion', () => {
    const input = { metric, champion: { value: 0.8 }, challenger: 0.81, mcnemar: { b: 10, c: 12, pValue: 0.83 }, bootstrap: { low: -0.02, high: 0.04, level: 0.95 } };
    expect(fullGateDecision(input, { ...settings, significance: 'mcnemar' }).decision).toBe('keep');
    expect(fullGateDecision(input, { ...settings, significance: 'bootstrap' }).decision).toBe('keep');
    expect(fullGateDecision(input, { ...settings, significance: 'none' }).decision).toBe('promote');
    // Shown, not gating: each says whether it would pass.
    expect(fullGateDecision(input, { ...settings, significance: 'none' }).checks.map((c) => [c.pass, c.gating ?? true])).toEqual([[true, true], [false, false], [false, false]]);
  });

  it('applies the SLA to the first model too', () => {
    const input = { metric, champion: null, challenger: 0.6, latencyMs: 12, sizeBytes: 5000 };
    const d = fullGateDecision(input, { ...settings, floor: 0.7, latencyBudgetMs: 50, sizeBudgetBytes: 10_000 });
    expect(d.decision).toBe('keep');
    expect(d.reason).toMatch(/^Accuracy floor: 0.6000 \(needs ≥ 0.7000\)/);
    expect(d.checks.map((c) => [c.name, c.pass])).toEqual([
      ['challenger Accuracy', true],
      ['Accuracy floor', false],
      ['latency per 1,000 rows', true],
      ['model size', true],
    ]);
  });
});
