import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/training/config.ts';
import { Random } from '../../../src/core/training/random.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { predictEnsemble } from '../../../src/core/trees/ensemble.ts';
import type { TreeData } from '../../../src/core/trees/fit.ts';
import { fitForest, growerSetup } from '../../../src/core/trees/forest.ts';
import { ForestTreeGrower } from '../../../src/core/trees/forestTree.ts';

interface TreeCase {
  name: string;
  classes: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  x: number[][];
  y: number[];
  test: number[][];
  expected: number[] | number[][];
  nodes: number;
}

interface ForestCase {
  name: string;
  classes: number;
  x: number[][];
  y: number[];
  train: number;
  /** scikit-learn's holdout accuracy (R² for a regression) for random_state 0 to 9. */
  scores: number[];
}

/** test/golden/forest/forest.json, written by generate.py beside it from scikit-learn 1.2. */
const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../../golden/forest/forest.json'), 'utf8')) as { trees: TreeCase[]; forests: ForestCase[] };

const data = (x: number[][], y: number[]): TreeData => ({ rows: x.length, inputs: x[0]!.length, x: Float32Array.from(x.flat()), y: Float64Array.from(y) });

describe.each(golden.trees)('one tree against scikit-learn (no bootstrap, every feature): $name', (c) => {
  it('predicts what scikit-learn predicts, on the training rows and between and beyond their values', async () => {
    const train = data(c.x, c.y);
    const rules = { trees: 1, maxFeatures: train.inputs, maxDepth: c.maxDepth ?? Infinity, minSamplesLeaf: c.minSamplesLeaf, maxBins: 255 };
    const grower = new ForestTreeGrower(await growerSetup(train, c.classes, rules, 0));
    const tree = grower.grow(Uint32Array.from({ length: train.rows }, (_, i) => i), new Float64Array(train.rows).fill(1), new Random(0));
    const task: Task = c.classes === 0 ? 'regression' : c.classes === 2 ? 'binary' : 'multiclass';
    const outputs = grower.outputs();
    const ensemble = { kind: 'forest' as const, task, inputs: train.inputs, outputs, baseline: new Float32Array(outputs), trees: [tree] };
    const predicted = predictEnsemble(ensemble, Float32Array.from(c.test.flat()), c.test.length);
    const expected = c.expected.flat();
    expect(predicted.length).toBe(expected.length);
    const worst = Math.max(...expected.map((e, i) => Math.abs(e - predicted[i]!) / Math.max(1, Math.abs(e))));
    // float32 leaf values: the same leaf gives the same value to 1e-6.
    expect(worst).toBeLessThan(1e-6);
    expect(tree.feature.length).toBe(c.nodes);
  });
});

const accuracy = (p: Float32Array, y: number[], classes: number): number => {
  let right = 0;
  y.forEach((label, i) => {
    if (classes === 2) right += (p[i]! > 0.5 ? 1 : 0) === label ? 1 : 0;
    else {
      const row = Array.from(p.subarray(i * classes, (i + 1) * classes));
      right += row.indexOf(Math.max(...row)) === label ? 1 : 0;
    }
  });
  return right / y.length;
};

const r2 = (p: Float32Array, y: number[]): number => {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const residual = y.reduce((s, v, i) => s + (v - p[i]!) ** 2, 0);
  return 1 - residual / y.reduce((s, v) => s + (v - mean) ** 2, 0);
};

describe.each(golden.forests)('100 trees against scikit-learn RandomForest: $name', (c) => {
  it("scores the 500 holdout rows within a point of scikit-learn's range over ten random states", async () => {
    const train = data(c.x.slice(0, c.train), c.y.slice(0, c.train));
    const holdout = data(c.x.slice(c.train), c.y.slice(c.train));
    const task: Task = c.classes === 0 ? 'regression' : c.classes === 2 ? 'binary' : 'multiclass';
    const { ensemble } = await fitForest(train, holdout, { task, classes: c.classes || 1, params: defaultParams('forest'), seed: 0 });
    const p = predictEnsemble(ensemble, holdout.x, holdout.rows);
    const ours = c.classes === 0 ? r2(p, c.y.slice(c.train)) : accuracy(p, c.y.slice(c.train), c.classes);
    // A forest is random: ten of scikit-learn's spread over about 3 points of accuracy on these 500 rows.
    expect(ours).toBeGreaterThanOrEqual(Math.min(...c.scores) - 0.01);
    expect(ours).toBeLessThanOrEqual(Math.max(...c.scores) + 0.01);
  });
});
