import { describe, expect, it } from 'vitest';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import type { EpochReport } from '../../../src/core/training/history.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { TrainingCancelled } from '../../../src/core/trees/cancel.ts';
import { predictEnsemble } from '../../../src/core/trees/ensemble.ts';
import type { TreeData, TreeFitOptions } from '../../../src/core/trees/fit.ts';
import { fitGbdt } from '../../../src/core/trees/gbdt.ts';
import { Random } from '../../../src/core/training/random.ts';

const params = (changes: Partial<HyperParameters> = {}): HyperParameters => ({ ...defaultParams('gbdt'), ...changes });
const binary = (changes: Partial<HyperParameters> = {}, more: Partial<TreeFitOptions> = {}): TreeFitOptions => ({ task: 'binary', classes: 2, params: params(changes), seed: 3, ...more });

/** A noisy two-class set: the class follows x0 + x1 > 0, a tenth of the labels flipped. */
function noisy(rows: number, seed: number): TreeData {
  const random = new Random(seed);
  const x = new Float32Array(rows * 3);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < 3; f++) x[i * 3 + f] = random.float() * 2 - 1;
    y[i] = (x[i * 3]! + x[i * 3 + 1]! > 0 ? 1 : 0) ^ (random.float() < 0.1 ? 1 : 0);
  }
  return { rows, inputs: 3, x, y };
}

describe('fitGbdt', () => {
  it('grows the same trees for the same seed', async () => {
    const data = noisy(400, 1);
    const a = await fitGbdt(data, noisy(100, 2), binary({ epochs: 15 }));
    const b = await fitGbdt(data, noisy(100, 2), binary({ epochs: 15 }));
    expect(a.ensemble.trees.length).toBeGreaterThan(0);
    expect(b.ensemble).toEqual(a.ensemble);
    expect(b.history.map((h) => h.valLoss)).toEqual(a.history.map((h) => h.valLoss));
  });

  it('fits a hand-checkable regression: baseline the mean, one split at the midpoint, leaf values −G/H × rate', async () => {
    // 30 rows at x = 0 with y = 0, 30 at x = 1 with y = 10: baseline 5, gradients 5 and −5, leaves ∓5 × 0.1.
    const x = Float32Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 1));
    const y = Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 10));
    const data: TreeData = { rows: 60, inputs: 1, x, y };
    const { ensemble } = await fitGbdt(data, data, { task: 'regression', classes: 1, params: params({ epochs: 1, patience: 0 }), seed: 0 });
    expect(ensemble.baseline[0]).toBe(5);
    const tree = ensemble.trees[0]!;
    expect(Array.from(tree.feature)).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(0.5);
    expect(tree.value[1]).toBeCloseTo(-0.5, 6);
    expect(tree.value[2]).toBeCloseTo(0.5, 6);
    expect(Array.from(predictEnsemble(ensemble, Float32Array.of(0, 1, NaN), 3))).toEqual([4.5, 5.5, expect.any(Number)]);
  });

  it('starts a classifier from the log-odds of the weighted prior', async () => {
    const data = noisy(300, 4);
    const positive = data.y.reduce((a, b) => a + b, 0) / data.rows;
    const { ensemble } = await fitGbdt(data, data, binary({ epochs: 1 }));
    expect(ensemble.baseline[0]).toBeCloseTo(Math.log(positive / (1 - positive)), 6);
    const w = Float32Array.from(data.y, (c) => (c === 1 ? 3 : 1));
    const weighted = await fitGbdt({ ...data, w }, data, binary({ epochs: 1 }));
    expect(weighted.ensemble.baseline[0]).toBeCloseTo(Math.log((3 * positive) / (1 - positive)), 5);
  });

  it('learns where missing values go', async () => {
    // x0: missing for 60 rows that are all class 1; the others split on x0 > 0. x1 is noise, never missing.
    const rows = 300;
    const random = new Random(9);
    const x = new Float32Array(rows * 2);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const missing = i < 60;
      const v = random.float() * 2 - 1;
      x[i * 2] = missing ? NaN : v;
      x[i * 2 + 1] = random.float();
      y[i] = missing || v < -0.6 ? 1 : 0;
    }
    const data: TreeData = { rows, inputs: 2, x, y };
    const { ensemble } = await fitGbdt(data, data, binary({ epochs: 20, patience: 0 }));
    const root = ensemble.trees[0]!;
    expect(root.feature[0]).toBe(0);
    // The rows below −0.6 go left with the missing ones: both are class 1.
    expect(root.missingLeft[0]).toBe(1);
    const [missingRow, low, high] = predictEnsemble(ensemble, Float32Array.of(NaN, 0.5, -0.9, 0.5, 0.5, 0.5), 3);
    expect(missingRow).toBeGreaterThan(0.9);
    expect(low).toBeGreaterThan(0.9);
    expect(high).toBeLessThan(0.1);
  });

  it('sends missing values to the child with more training rows when training had none', async () => {
    for (const low of [70, 30]) {
      const x = Float32Array.from({ length: 100 }, (_, i) => (i < low ? 0 : 1));
      const y = Float64Array.from(x);
      const { ensemble } = await fitGbdt({ rows: 100, inputs: 1, x, y }, { rows: 0, inputs: 1, x: new Float32Array(), y: new Float64Array() }, binary({ epochs: 1, patience: 0 }));
      expect(ensemble.trees[0]!.missingLeft[0]).toBe(low > 50 ? 1 : 0);
    }
  });

  it('stops when the validation loss stops improving and keeps the trees of the best iteration', async () => {
    const data = noisy(400, 5);
    // Validation rows with every label flipped: the first iteration is the best, and it gets worse from there.
    const flipped: TreeData = { ...noisy(200, 6) };
    flipped.y = flipped.y.map((c) => 1 - c);
    const reports: EpochReport[] = [];
    const outcome = await fitGbdt(data, flipped, binary({ epochs: 100, patience: 4 }, { onEpoch: (r) => reports.push(r) }));
    expect(outcome.stopReason).toBe('early stopping');
    expect(outcome.history).toHaveLength(4);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(reports.every((r) => r.epochs === 100 && r.etaMs >= 0 && r.samplesPerSecond > 0)).toBe(true);
    expect(outcome.bestEpoch).toBe(1);
    expect(outcome.ensemble.trees).toHaveLength(1);
    const one = await fitGbdt(data, flipped, binary({ epochs: 1, patience: 0 }));
    expect(predictEnsemble(outcome.ensemble, flipped.x, flipped.rows)).toEqual(predictEnsemble(one.ensemble, flipped.x, flipped.rows));
  });

  it('runs every iteration and keeps every tree with patience 0', async () => {
    const data = noisy(200, 7);
    const outcome = await fitGbdt(data, noisy(100, 8), binary({ epochs: 12, patience: 0 }));
    expect(outcome.stopReason).toBe('epochs');
    expect(outcome.history).toHaveLength(12);
    expect(outcome.bestEpoch).toBe(12);
    expect(outcome.ensemble.trees).toHaveLength(12);
    expect(outcome.history.at(-1)!.loss).toBeLessThan(outcome.history[0]!.loss);
  });

  it('grows one tree per class each iteration for a multiclass target', async () => {
    const data = noisy(300, 10);
    data.y = data.y.map((c, i) => (i % 3 === 0 ? 2 : c));
    const outcome = await fitGbdt(data, data, { task: 'multiclass', classes: 3, params: params({ epochs: 5, patience: 0 }), seed: 0 });
    expect(outcome.ensemble.outputs).toBe(3);
    expect(outcome.ensemble.trees).toHaveLength(15);
    const p = predictEnsemble(outcome.ensemble, data.x, 2);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
  });

  it('throws TrainingCancelled when cancelled before or between iterations', async () => {
    const data = noisy(300, 11);
    const before = new AbortController();
    before.abort();
    await expect(fitGbdt(data, data, binary({}, { signal: before.signal }))).rejects.toBeInstanceOf(TrainingCancelled);
    const during = new AbortController();
    let seen = 0;
    const error = await fitGbdt(data, data, binary({ patience: 0 }, { signal: during.signal, onEpoch: () => (++seen === 2 ? during.abort() : undefined) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingCancelled);
    expect(seen).toBe(2);
  });

  it('rejects bad input with a message naming the problem', async () => {
    const data = noisy(100, 12);
    const one: TreeData = { ...data, y: new Float64Array(100) };
    await expect(fitGbdt(one, one, binary())).rejects.toThrow(/one class only/);
    await expect(fitGbdt(data, data, binary({ minSamplesLeaf: 60 }))).rejects.toThrow(/at least 60 rows per leaf needs 120 training rows or more.*there are 100/);
    await expect(fitGbdt(data, data, binary({ maxLeafNodes: 1 }))).rejects.toThrow(/leaves per tree must be a whole number of at least 2, not 1/);
    await expect(fitGbdt(data, data, binary({ maxDepth: 0, learningRate: 0 }))).rejects.toThrow(/learning rate must be above 0.*maximum depth/);
    const infinite: TreeData = { ...data, x: data.x.map((v, j) => (j === 7 ? Infinity : v)) };
    await expect(fitGbdt(infinite, data, binary())).rejects.toThrow(/feature 2 has an infinite value in row 3/);
    await expect(fitGbdt(data, data, binary())).resolves.toBeDefined();
    const error = await fitGbdt(one, one, binary()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingInputError);
  });
});
