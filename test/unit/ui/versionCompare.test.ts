import { describe, expect, it } from 'vitest';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import type { ModelCard } from '../../../src/core/training/modelCard.ts';
import type { ModelRecord } from '../../../src/storage/db.ts';
import { bestOf, humanLabel, parameterChoices, paramValues, settingsDiff } from '../../../src/ui/models/versionParams.ts';
import { improvement } from '../../../src/core/metrics/index.ts';

function version(v: number, params: HyperParameters, features = ['x', 'y'], batches = ['one.csv']): ModelRecord {
  const card = { formatVersion: 1, task: 'binary', target: 'label', classes: ['0', '1'], preprocessing: { formatVersion: 1, features: features.map((name) => ({ name, kind: 'numeric' })), width: features.length }, params, seed: 42 } as unknown as ModelCard;
  return { version: v, source: 'trained', card, tags: [], lineage: { batches: batches.map((name, i) => ({ id: `b${i}`, name, rows: 10 })), holdout: [] } } as unknown as ModelRecord;
}

describe('the parameters of versions side by side', () => {
  it('labels every stored hyper-parameter, tree fields included, and spells out the ones it does not know', () => {
    const gbdt = paramValues({ ...defaultParams('gbdt'), maxDepth: null, ...({ newKnob: 3 } as object) } as HyperParameters);
    const byKey = Object.fromEntries(gbdt.map((p) => [p.key, p]));
    expect(byKey.family).toMatchObject({ label: 'Model family', value: 'gradient boosting' });
    expect(byKey.maxLeafNodes).toMatchObject({ label: 'Max leaf nodes', value: '31' });
    expect(byKey.minSamplesLeaf).toMatchObject({ label: 'Min samples per leaf', value: '20' });
    expect(byKey.maxDepth).toMatchObject({ label: 'Max depth', value: 'no limit' });
    expect(byKey.newKnob).toMatchObject({ label: 'New knob', value: '3' });
    // A network's layers and activation do not shape a tree ensemble: not listed for one.
    expect(byKey.hidden).toBeUndefined();
    expect(gbdt.at(-1)?.key).toBe('newKnob');
    expect(humanLabel('maxFeatures')).toBe('Max features');
  });

  it('lines the settings up across versions and marks the rows whose values differ', () => {
    const mlp = version(1, defaultParams('mlp'));
    const faster = version(2, { ...defaultParams('mlp'), learningRate: 0.01, epochs: 30 }, ['x', 'y'], ['one.csv', 'two.csv']);
    const forest = version(3, { ...defaultParams('forest'), maxFeatures: 'sqrt' }, ['x']);
    const rows = settingsDiff([mlp, faster, forest]);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('learningRate')).toEqual({ key: 'learningRate', label: 'Learning rate', values: ['0.001', '0.01', '0.001'], differs: true });
    expect(row('batchSize').differs).toBe(false);
    expect(row('hidden').values).toEqual(['64-64', '64-64', '—']);
    expect(row('maxFeatures').values).toEqual(['—', '—', 'sqrt']);
    expect(row('features').values).toEqual(['x, y', 'x, y', 'x']);
    expect(row('trainingBatches').values).toEqual(['one.csv', 'one.csv, two.csv', 'one.csv']);
    // Hyper-parameters first (a tree field after the network's), then features, batches and seed.
    expect(rows.map((r) => r.key).slice(-3)).toEqual(['features', 'trainingBatches', 'seed']);
    expect(rows.findIndex((r) => r.key === 'maxFeatures')).toBeGreaterThan(rows.findIndex((r) => r.key === 'epochs'));
  });

  it('offers as columns every setting but the family and the batches, which the table shows anyway', () => {
    const keys = parameterChoices([version(1, defaultParams('mlp')), version(2, defaultParams('gbdt'))]).map((c) => c.key);
    expect(keys).toContain('learningRate');
    expect(keys).toContain('maxLeafNodes');
    expect(keys).not.toContain('family');
    expect(keys).not.toContain('trainingBatches');
  });
});

describe('the best value of a metric across versions', () => {
  it('follows the metric: highest accuracy, lowest log loss; ties share it; unknown values never win', () => {
    expect(bestOf([0.7, 0.81, null, 0.79], (a, b) => improvement('accuracy', a, b))).toEqual([1]);
    expect(bestOf([0.6, 0.5, 0.5], (a, b) => improvement('logLoss', a, b))).toEqual([1, 2]);
    expect(bestOf([0.6, null], (a, b) => improvement('accuracy', a, b))).toEqual([]);
  });
});
