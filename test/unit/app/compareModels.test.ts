import { describe, expect, it } from 'vitest';
import { compareModels, gateOn, type CompareInput, type ScoredModel } from '../../../src/app/compare/compareModels.ts';
import type { GateSettings } from '../../../src/core/pipeline/settings.ts';
import type { HeadlineMetrics } from '../../../src/core/training/modelCard.ts';

const accuracy: CompareInput['metric'] = { key: 'accuracy', higherIsBetter: true };
const settings: GateSettings = { minImprovement: 0, relative: false, approval: 'auto', significance: 'mcnemar', alpha: 0.05 };

// Binary: the output is the probability of class 1; rows 0-9 are 1, rows 10-19 are 0.
const labels = Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? 1 : 0));
const model = (wrongRows: number[], accuracyValue: number, classes = ['no', 'yes']): ScoredModel => ({
  card: { task: 'binary', classes },
  outputs: Float32Array.from(labels, (label, i) => (wrongRows.includes(i) ? 1 - label : label)),
  labels,
  metrics: { accuracy: accuracyValue } as unknown as HeadlineMetrics,
  latencyMs: 3,
  sizeBytes: 1000,
});

describe('compareModels', () => {
  it('pairs the two on the same rows and gates on the paired test the settings name', () => {
    const champion = model([0, 1, 2, 3, 4, 5], 0.7);
    const challenger = model([0], 0.95);
    const result = compareModels({ metric: accuracy, champion, challenger, gate: settings, seed: 7, resamples: 200 });
    expect(result.paired).toMatchObject({ rows: 20, mcnemar: { b: 0, c: 5 } });
    expect(result.gate.improvement).toBeCloseTo(0.25, 12);
    expect(result.gate.checks.map((c) => c.name)).toContain('McNemar (champion right only: 0, challenger right only: 5)');
    // The pipeline's gate task decides on the stored compare output: the same decision.
    expect(gateOn({ metric: accuracy, champion, challenger, paired: result.paired }, settings)).toEqual(result.gate);
  });

  it('without a champion there is nothing to pair: the first model is judged on its own', () => {
    const result = compareModels({ metric: accuracy, champion: null, challenger: model([], 1), gate: settings, seed: 7 });
    expect(result.paired).toBeNull();
    expect(result.gate.decision).toBe('promote');
  });

  it('models over other classes are not paired, and the missing test keeps the champion', () => {
    const result = compareModels({ metric: accuracy, champion: model([1], 0.95, ['a', 'b']), challenger: model([], 1), gate: settings, seed: 7 });
    expect(result.paired).toBeNull();
    expect(result.gate).toMatchObject({ decision: 'keep', reason: 'McNemar: not applicable (regression, or no champion rows) (needs p < 0.05): the champion stays' });
  });
});
