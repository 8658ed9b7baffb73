import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { predictEnsemble, type TreeEnsemble } from '../../../src/core/trees/ensemble.ts';
import { fitGbdt } from '../../../src/core/trees/gbdt.ts';
import { matrixOf } from './data.ts';

interface GoldenCase {
  name: string;
  task: Task;
  classes: number;
  params: { max_iter: number; max_leaf_nodes?: number; max_depth?: number; l2_regularization?: number; learning_rate?: number; min_samples_leaf?: number };
  x: (number | null)[][];
  y: number[];
  w: number[] | null;
  test: (number | null)[][];
  /** scikit-learn's raw scores, one list per output. */
  raw: number[][];
  /** predict_proba (rows × classes) or predict (rows × 1). */
  output: number[][];
}

/** test/golden/trees/gbdt.json, written by generate.py beside it from scikit-learn 1.2. */
const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../../golden/trees/gbdt.json'), 'utf8')) as { cases: GoldenCase[] };

/** Leaf values and the baseline are stored as 32-bit floats, scikit-learn keeps 64-bit ones: seen worst 1.4e-7. */
const TOLERANCE = 1e-6;

/** The raw scores of the ensemble, rows × outputs, from its own trees (predictEnsemble gives probabilities). */
function rawScores(model: TreeEnsemble, x: Float32Array, rows: number): Float64Array {
  const probe: TreeEnsemble = { ...model, task: 'regression' };
  if (model.outputs === 1) return Float64Array.from(predictEnsemble(probe, x, rows));
  const out = new Float64Array(rows * model.outputs);
  for (let k = 0; k < model.outputs; k++) {
    const one: TreeEnsemble = { ...probe, outputs: 1, baseline: model.baseline.subarray(k, k + 1), trees: model.trees.filter((_, t) => t % model.outputs === k) };
    predictEnsemble(one, x, rows).forEach((v, i) => (out[i * model.outputs + k] = v));
  }
  return out;
}

describe.each(golden.cases)('gbdt against scikit-learn: $name', (c) => {
  it('gives scikit-learn raw scores and outputs on every test row, missing values included', async () => {
    const params = {
      ...defaultParams('gbdt'),
      epochs: c.params.max_iter,
      patience: 0,
      maxLeafNodes: c.params.max_leaf_nodes ?? 31,
      maxDepth: c.params.max_depth ?? null,
      l2: c.params.l2_regularization ?? 0,
      learningRate: c.params.learning_rate ?? 0.1,
      minSamplesLeaf: c.params.min_samples_leaf ?? 20,
    };
    const train = { ...matrixOf(c.x), y: Float64Array.from(c.y), ...(c.w ? { w: Float32Array.from(c.w) } : {}) };
    const outcome = await fitGbdt(train, train, { task: c.task, classes: c.classes, params, seed: 0 });
    expect(outcome.ensemble.trees).toHaveLength(c.params.max_iter * outcome.ensemble.outputs);
    const test = matrixOf(c.test);
    const raw = rawScores(outcome.ensemble, test.x, test.rows);
    const output = predictEnsemble(outcome.ensemble, test.x, test.rows);
    const outputs = outcome.ensemble.outputs;
    let worstRaw = 0;
    let worstOutput = 0;
    for (let i = 0; i < test.rows; i++) {
      for (let k = 0; k < outputs; k++) worstRaw = Math.max(worstRaw, Math.abs(raw[i * outputs + k]! - c.raw[k]![i]!));
      const expected = c.task === 'binary' ? [c.output[i]![1]!] : c.output[i]!;
      expected.forEach((e, k) => (worstOutput = Math.max(worstOutput, Math.abs(output[i * outputs + k]! - e))));
    }
    expect(worstRaw).toBeLessThan(TOLERANCE * Math.max(1, ...c.raw.flat().map(Math.abs)));
    expect(worstOutput).toBeLessThan(TOLERANCE * (c.task === 'regression' ? Math.max(1, ...c.y.map(Math.abs)) : 1));
  });
});
