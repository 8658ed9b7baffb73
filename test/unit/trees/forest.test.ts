import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import { Random } from '../../../src/core/training/random.ts';
import { TrainingInputError, type Task } from '../../../src/core/training/task.ts';
import { leafOf, predictEnsemble, type Tree } from '../../../src/core/trees/ensemble.ts';
import type { TreeData } from '../../../src/core/trees/fit.ts';
import { featuresPerSplit, fitForest, forestRules, growerSetup } from '../../../src/core/trees/forest.ts';
import { TrainingCancelled } from '../../../src/core/trees/cancel.ts';
import { ForestTreeGrower } from '../../../src/core/trees/forestTree.ts';

/** Seeded rows: `inputs` uniform features; the label or value from `rule` of a row's features. */
function rows(n: number, inputs: number, seed: number, rule: (f: Float32Array) => number): TreeData {
  const random = new Random(seed);
  const x = new Float32Array(n * inputs);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = x.subarray(i * inputs, (i + 1) * inputs);
    for (let j = 0; j < inputs; j++) f[j] = random.float();
    y[i] = rule(f);
  }
  return { rows: n, inputs, x, y };
}

const params = (changes: Partial<HyperParameters> = {}): HyperParameters => ({ ...defaultParams('forest'), epochs: 10, ...changes });
const fit = (train: TreeData, task: Task, changes: Partial<HyperParameters> = {}, seed = 1, classes = task === 'regression' ? 1 : 2) =>
  fitForest(train, train, { task, classes, params: params(changes), seed });

const depth = (tree: Tree, node = 0): number => (tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree, tree.left[node]!), depth(tree, tree.right[node]!)));

describe('fitForest', () => {
  it('gives the same trees for the same seed and other trees for another', async () => {
    const train = rows(300, 4, 1, (f) => (f[0]! + f[1]! > 1 ? 1 : 0));
    const [a, b, c] = await Promise.all([fit(train, 'binary'), fit(train, 'binary'), fit(train, 'binary', {}, 2)]);
    expect(a.ensemble.trees).toEqual(b.ensemble.trees);
    expect(a.ensemble.trees).not.toEqual(c.ensemble.trees);
  });

  it('splits a pure toy case once, at the midpoint between the classes, into pure leaves', async () => {
    const x = Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]);
    const train: TreeData = { rows: 8, inputs: 1, x, y: Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]) };
    const { ensemble } = await fit(train, 'binary', { epochs: 20 });
    for (const tree of ensemble.trees) {
      expect(tree.feature.length).toBe(3);
      expect(tree.threshold[0]).toBeGreaterThanOrEqual(3);
      expect(tree.threshold[0]).toBeLessThanOrEqual(10);
    }
    expect(Array.from(predictEnsemble(ensemble, Float32Array.from([-5, 3, 10, 50]), 4))).toEqual([0, 0, 1, 1]);
  });

  it('learns where missing values go, and sends them to the larger side when training had none', async () => {
    // Feature 0 is missing exactly in the positive rows: only the missing direction can tell them apart.
    const train = rows(200, 2, 3, () => 0);
    for (let i = 0; i < train.rows; i++) {
      train.y[i] = i % 2;
      if (i % 2 === 1) train.x[i * 2] = NaN;
    }
    const { ensemble } = await fit(train, 'binary', { maxFeatures: 1 });
    const p = predictEnsemble(ensemble, Float32Array.from([NaN, 0.5, 0.5, 0.5]), 2);
    expect(p[0]).toBe(1);
    expect(p[1]).toBe(0);
    const skewed = rows(200, 1, 4, (f) => (f[0]! > 0.8 ? 1 : 0));
    const tree = (await fit(skewed, 'binary', { epochs: 1, maxDepth: 1 })).ensemble.trees[0]!;
    const small = tree.value[tree.left[0]!]! > 0.5 ? 'left' : 'right';
    expect(tree.missingLeft[0] === 1 ? 'left' : 'right').not.toBe(small);
  });

  it('draws a bootstrap sample per tree: one tree misses the rows it did not draw', async () => {
    // Random labels on distinct rows: a fully grown tree fits its drawn rows and guesses on the ~37% it did not draw.
    const random = new Random(9);
    const train = rows(2000, 3, 5, () => random.int(0, 1));
    const { ensemble } = await fit(train, 'binary', { epochs: 1, maxFeatures: 1 });
    const p = predictEnsemble(ensemble, train.x, train.rows);
    const wrong = train.y.filter((y, i) => (p[i]! > 0.5 ? 1 : 0) !== y).length / train.rows;
    expect(wrong).toBeGreaterThan(0.12);
    expect(wrong).toBeLessThan(0.25);
  });

  it('tries max_features features per split: one feature per split spreads the root over the features', async () => {
    const train = rows(400, 8, 6, (f) => (f[0]! > 0.5 ? 1 : 0));
    const roots = async (maxFeatures: HyperParameters['maxFeatures']) => new Set((await fit(train, 'binary', { epochs: 40, maxFeatures })).ensemble.trees.map((t) => t.feature[0]));
    expect(await roots(1)).toEqual(new Set([0]));
    expect((await roots(1 / 8)).size).toBeGreaterThan(4);
    expect(featuresPerSplit(null, 20, true)).toBe(4);
    expect(featuresPerSplit(null, 20, false)).toBe(20);
    expect(featuresPerSplit('log2', 20, true)).toBe(4);
    expect(featuresPerSplit(0.3, 20, true)).toBe(6);
    expect(featuresPerSplit(0.01, 20, true)).toBe(1);
  });

  it('keeps max_depth and min_samples_leaf', async () => {
    const train = rows(500, 3, 7, (f) => (Math.sin(9 * f[0]!) + f[1]! > 0.5 ? 1 : 0));
    const { ensemble } = await fit(train, 'binary', { maxDepth: 3 });
    expect(Math.max(...ensemble.trees.map((t) => depth(t)))).toBe(3);
    const rules = forestRules(params({ minSamplesLeaf: 7 }), train, true);
    const grower = new ForestTreeGrower(await growerSetup(train, 2, rules, 1));
    const tree = grower.grow(Uint32Array.from({ length: train.rows }, (_, i) => i), new Float64Array(train.rows).fill(1), new Random(1));
    const perLeaf = new Map<number, number>();
    for (let i = 0; i < train.rows; i++) {
      const leaf = leafOf(tree, train.x, i * 3);
      perLeaf.set(leaf, (perLeaf.get(leaf) ?? 0) + 1);
    }
    expect(Math.min(...perLeaf.values())).toBeGreaterThanOrEqual(7);
    expect(perLeaf.size).toBeGreaterThan(10);
  });

  it('splits many distinct values only at the edges of maxBins quantile bins', async () => {
    const train = rows(400, 1, 15, (f) => (Math.sin(12 * f[0]!) > 0 ? 1 : 0));
    const { ensemble } = await fit(train, 'binary', { maxBins: 4 });
    const thresholds = new Set(ensemble.trees.flatMap((t) => Array.from(t.threshold.filter((_, n) => t.feature[n]! >= 0))));
    expect(thresholds.size).toBeGreaterThan(0);
    // A threshold lies between two bins present in the node: 6 pairs of 4 bins at most, not a value per row.
    expect(thresholds.size).toBeLessThanOrEqual(6);
  });

  it('reports every tree, with the log loss of the forest so far as predictEnsemble gives it', async () => {
    const train = rows(300, 3, 8, (f) => (f[0]! > 0.3 ? (f[1]! > 0.5 ? 2 : 1) : 0));
    const validation = rows(100, 3, 9, (f) => (f[0]! > 0.3 ? (f[1]! > 0.5 ? 2 : 1) : 0));
    const seen: number[] = [];
    const out = await fitForest(train, validation, { task: 'multiclass', classes: 3, params: params({ epochs: 6 }), seed: 1, onEpoch: (r) => seen.push(r.epoch) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out).toMatchObject({ bestEpoch: 6, stopReason: 'epochs' });
    const last = out.history.at(-1)!;
    expect(last).toMatchObject({ epoch: 6, epochs: 6, etaMs: 0 });
    const logLoss = (data: TreeData): number => {
      const p = predictEnsemble(out.ensemble, data.x, data.rows);
      let loss = 0;
      for (let i = 0; i < data.rows; i++) loss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, p[i * 3 + data.y[i]!]!)));
      return loss / data.rows;
    };
    expect(last.valLoss).toBeCloseTo(logLoss(validation), 5);
    // The training rows' sums come partly from the leaves the rows were grown into: the same numbers.
    expect(last.loss).toBeCloseTo(logLoss(train), 5);
    expect(last.loss).toBeLessThan(last.valLoss);
  });

  it('fits a regression: leaf means, half squared error falling as trees are added', async () => {
    const random = new Random(10);
    const train = rows(600, 2, 11, (f) => 3 * f[0]! - f[1]! + 0.1 * random.float());
    const test = rows(200, 2, 12, (f) => 3 * f[0]! - f[1]!);
    const out = await fitForest(train, test, { task: 'regression', classes: 1, params: params({ epochs: 30 }), seed: 1 });
    expect(out.ensemble.outputs).toBe(1);
    const p = predictEnsemble(out.ensemble, test.x, test.rows);
    const mse = test.y.reduce((s, y, i) => s + (y - p[i]!) ** 2, 0) / test.rows;
    expect(mse).toBeLessThan(0.02);
    expect(out.history.at(-1)!.valLoss).toBeCloseTo(mse / 2, 5);
    expect(out.history.at(-1)!.valLoss).toBeLessThan(out.history[0]!.valLoss);
  });

  it('weighs rows: a heavy class wins the rows it shares with a light one', async () => {
    const train: TreeData = { rows: 40, inputs: 1, x: new Float32Array(40).fill(1), y: Float64Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1)) };
    const plain = await fit(train, 'binary', { epochs: 5 });
    expect(predictEnsemble(plain.ensemble, Float32Array.of(1), 1)[0]).toBeLessThan(0.5);
    const weighted = await fit({ ...train, w: Float32Array.from(train.y, (y) => (y === 1 ? 10 : 1)) }, 'binary', { epochs: 5 });
    expect(predictEnsemble(weighted.ensemble, Float32Array.of(1), 1)[0]).toBeGreaterThan(0.5);
  });

  it('stops within a tree when cancelled, with a CancelledError', async () => {
    const train = rows(300, 3, 13, (f) => (f[0]! > 0.5 ? 1 : 0));
    const controller = new AbortController();
    const seen: number[] = [];
    const run = fitForest(train, train, { task: 'binary', classes: 2, params: params({ epochs: 50 }), seed: 1, signal: controller.signal, onEpoch: (r) => seen.push(r.epoch) });
    setTimeout(() => controller.abort(), 0);
    await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
    expect(seen.length).toBeLessThan(50);
    expect(new TrainingCancelled()).toBeInstanceOf(CancelledError);
  });

  it('refuses bad input with a message naming the problem', async () => {
    const train = rows(20, 2, 14, () => 0);
    await expect(fit(train, 'binary')).rejects.toThrow(/only one class/);
    train.y[3] = 1;
    await expect(fit(train, 'binary', { minSamplesLeaf: 11 })).rejects.toThrow(/too few training rows.*22 rows and there are 20/);
    await expect(fit(train, 'binary', { maxFeatures: 1.5 })).rejects.toThrow(/features per split/);
    await expect(fit(train, 'binary', { epochs: 0 })).rejects.toThrow(/1 to 10000 trees/);
    await expect(fit(train, 'binary', { maxDepth: 0 })).rejects.toThrow(/maximum depth/);
    await expect(fit(train, 'binary', {}, 1, 1)).rejects.toThrow(/2 to 255 classes/);
    train.y[4] = 2;
    await expect(fit(train, 'binary')).rejects.toThrow(/class 2, not one of the 2 classes/);
    train.y[4] = NaN;
    await expect(fit(train, 'regression')).rejects.toThrow(/a regression needs a number/);
    await expect(fit(train, 'regression')).rejects.toBeInstanceOf(TrainingInputError);
  });
});
