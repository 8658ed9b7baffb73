import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, defaultTrainConfig } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { evenRows, MAX_IMPORTANCE_ROWS } from '../../../src/ml/importance.ts';
import { trainModel } from '../../../src/ml/trainModel.ts';
import { categoricalColumn } from '../helpers/columns.ts';
import { pointColumns, points, tableOf } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** x1 (and for binary and regression x2) carry the target; "colour" is noise cycling r, g, b. */
async function trained(task: Task, seed = 3) {
  const data = points(task, 400, 21);
  const table = tableOf([...pointColumns(task, data), categoricalColumn('colour', data.map((_, i) => 'rgb'[i % 3]!))]);
  return trainModel({ table, config: { ...defaultTrainConfig('target', 'mlp'), params: { ...defaultParams('mlp'), hidden: [16], learningRate: 0.03, batchSize: 32, epochs: 25, patience: 0 }, seed } });
}

describe('trainModel measures which columns matter', () => {
  it('multiclass by x1: x1 carries the accuracy, x2 and the noise column next to nothing', async () => {
    const model = await trained('multiclass');
    const importance = model.importance!;
    expect(importance).toMatchObject({ scoring: 'accuracy', repeats: 5, seed: 3, rows: model.counts.holdout });
    expect(importance.columns.map((c) => c.column)).toEqual(['x1', 'x2', 'colour']);
    const [x1, x2, colour] = importance.columns;
    expect(x1!.mean).toBeGreaterThan(0.3);
    expect(Math.abs(x2!.mean)).toBeLessThan(0.1);
    expect(Math.abs(colour!.mean)).toBeLessThan(0.1);
    expect(importance.baseline).toBe((model.evaluation.metrics as { accuracy: number }).accuracy);
  });

  it('regression scores R², in the target’s units, and both features matter', async () => {
    const model = await trained('regression');
    const importance = model.importance!;
    expect(importance.scoring).toBe('r2');
    expect(importance.baseline).toBeCloseTo((model.evaluation.metrics as { r2: number }).r2, 12);
    const byName = new Map(importance.columns.map((c) => [c.column, c]));
    expect(byName.get('x1')!.mean).toBeGreaterThan(byName.get('x2')!.mean);
    expect(byName.get('x2')!.mean).toBeGreaterThan(0.5);
    expect(Math.abs(byName.get('colour')!.mean)).toBeLessThan(0.05);
  });

  it('is the same for the same seed', async () => {
    const [a, b] = [await trained('binary', 5), await trained('binary', 5)];
    expect(a.importance).toEqual(b.importance);
  });
});

describe('evenRows', () => {
  it('keeps every row up to the cap, then every k-th row spread over the whole holdout', () => {
    expect(evenRows(10, 10)).toBeNull();
    expect(Array.from(evenRows(10, 4)!)).toEqual([0, 2, 5, 7]);
    const picked = evenRows(25_000, MAX_IMPORTANCE_ROWS)!;
    expect(picked.length).toBe(MAX_IMPORTANCE_ROWS);
    expect(picked[picked.length - 1]).toBeGreaterThan(24_990);
    expect(picked[1]).toBe(5);
    expect(new Set(picked).size).toBe(MAX_IMPORTANCE_ROWS);
  });
});
