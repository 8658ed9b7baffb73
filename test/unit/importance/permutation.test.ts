import { describe, expect, it } from 'vitest';
import { inputGroups, permutationImportance, type PredictRows } from '../../../src/core/importance/permutation.ts';
import type { Preprocessing } from '../../../src/core/training/preprocess.ts';
import { golden, type ImportanceCase } from './golden.ts';

/** The fixture's linear formula, summed in the generator's order: intercept, then each input times its weight. */
function linear(x: Float32Array, width: number, row: number, coef: number[], intercept: number): number {
  let total = intercept;
  for (let j = 0; j < width; j++) total = total + x[row * width + j]! * coef[j]!;
  return total;
}

/** The model as the MLP gives its outputs: P(classes[1]) for binary, softmax rows for multiclass, values for regression. */
function modelOf(c: ImportanceCase, width: number): PredictRows {
  return async (x, rows) => {
    if (c.task === 'regression') return Float64Array.from({ length: rows }, (_, i) => linear(x, width, i, c.coef as number[], c.intercept as number));
    const coef = c.coef as number[][];
    const intercept = c.intercept as number[];
    if (c.task === 'binary') return Float64Array.from({ length: rows }, (_, i) => 1 / (1 + Math.exp(-linear(x, width, i, coef[0]!, intercept[0]!))));
    const k = coef.length;
    const out = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      const scores = coef.map((w, c) => linear(x, width, i, w, intercept[c]!));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const sum = exp.reduce((a, b) => a + b, 0);
      exp.forEach((e, c) => (out[i * k + c] = e / sum));
    }
    return out;
  };
}

describe('permutation importance against scikit-learn 1.2', () => {
  const runs = golden.cases.flatMap((c) => c.results.map((r) => ({ name: `${c.name}, random_state=${r.seed}, n_repeats=${r.repeats}`, c, r })));

  it.each(runs)('$name', async ({ c, r }) => {
    const width = c.inputs[0]!.length;
    const rows = c.inputs.length;
    const x = Float32Array.from(c.inputs.flat());
    expect(Array.from(x)).toEqual(c.inputs.flat());
    const result = await permutationImportance({
      x,
      rows,
      width,
      groups: c.groups,
      task: c.task,
      labels: c.labels,
      classes: c.task === 'multiclass' ? (c.coef as number[][]).length : 2,
      predict: modelOf(c, width),
      seed: r.seed,
      repeats: r.repeats,
    });
    expect(result.scoring).toBe(c.task === 'regression' ? 'r2' : 'accuracy');
    expect(result.columns.map((col) => col.column)).toEqual(c.groups.map((g) => g.column));
    result.columns.forEach((col, j) => {
      if (c.task === 'regression') {
        expect(Math.abs(col.mean - r.mean[j]!)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(col.std - r.std[j]!)).toBeLessThanOrEqual(1e-12);
      } else {
        expect(col.mean).toBe(r.mean[j]);
        expect(col.std).toBe(r.std[j]);
      }
    });
  });

  it('leaves the caller’s inputs as they were', async () => {
    const c = golden.cases[0]!;
    const x = Float32Array.from(c.inputs.flat());
    const before = Float32Array.from(x);
    const width = c.inputs[0]!.length;
    await permutationImportance({ x, rows: c.inputs.length, width, groups: c.groups, task: c.task, labels: c.labels, predict: modelOf(c, width), seed: 1 });
    expect(x).toEqual(before);
  });

  it('refuses bad settings with a message naming them', async () => {
    const c = golden.cases[0]!;
    const x = Float32Array.from(c.inputs.flat());
    const width = c.inputs[0]!.length;
    const base = { x, rows: c.inputs.length, width, groups: c.groups, task: c.task, labels: c.labels, predict: modelOf(c, width), seed: 1 };
    await expect(permutationImportance({ ...base, repeats: 0 })).rejects.toThrow(/repeats must be a whole number of at least 1/);
    await expect(permutationImportance({ ...base, labels: c.labels.slice(1) })).rejects.toThrow(/labels for/);
  });
});

describe('inputGroups', () => {
  it('groups a numeric column with its missing indicator and a categorical column with its one-hot inputs', () => {
    const pre: Preprocessing = {
      formatVersion: 1,
      width: 6,
      features: [
        { name: 'a', kind: 'numeric', median: 0, mean: 0, scale: 1, missingIndicator: false },
        { name: 'b', kind: 'numeric', median: 0, mean: 0, scale: 1, missingIndicator: true },
        { name: 'c', kind: 'categorical', categories: ['x', 'y'] },
      ],
    };
    expect(inputGroups(pre)).toEqual([
      { column: 'a', offset: 0, width: 1 },
      { column: 'b', offset: 1, width: 2 },
      { column: 'c', offset: 3, width: 3 },
    ]);
  });
});
