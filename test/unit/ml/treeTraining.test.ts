import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/training/task.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { modelFiles, parseModelFiles } from '../../../src/ml/artifacts.ts';
import { predictTable } from '../../../src/ml/evaluate.ts';
import { loadScorer } from '../../../src/ml/scorer.ts';
import { TREE_BACKEND, trainModel, type TrainProgress } from '../../../src/ml/trainModel.ts';
import { numericColumn } from '../helpers/columns.ts';
import { pointColumns, points, quickTreeConfig, tableOf } from '../helpers/training.ts';

const headline = (task: Task, metrics: unknown): number => {
  const m = metrics as Record<string, number>;
  return task === 'regression' ? m.r2! : m.accuracy!;
};

describe.each(['gbdt', 'forest'] as const)('trainModel with %s', (family) => {
  const config = quickTreeConfig(family, 20);

  it.each(['binary', 'multiclass', 'regression'] as const)('learns a %s task end to end; the saved files score exactly as training did', async (task) => {
    const table = tableOf(pointColumns(task, points(task, 300, 5)));
    const progress: TrainProgress[] = [];
    const trained = await trainModel({ table, config: config(), onProgress: (p) => progress.push(p) });
    expect(trained.card.params.family).toBe(family);
    expect(trained.card.preprocessing.missing).toBe('keep');
    expect(trained.backend).toBe(TREE_BACKEND);
    expect(headline(task, trained.evaluation.metrics)).toBeGreaterThan(task === 'regression' ? 0.8 : 0.85);
    expect(trained.history.length).toBeGreaterThan(0);
    const word = family === 'gbdt' ? 'Iteration' : 'Tree';
    expect(progress.filter((p) => p.epoch).map((p) => p.message)[0]).toBe(`${word} 1 of 20`);
    expect(trained.latencyMs).toBeGreaterThan(0);
    expect(trained.sizeBytes).toBe(trained.artifacts.weightData.byteLength + JSON.stringify(trained.artifacts.modelTopology).length);

    const { modelJson, weights } = modelFiles(trained.artifacts);
    expect(JSON.parse(modelJson)).toMatchObject({ format: 'relearn-trees', formatVersion: 1, modelTopology: { format: 'relearn-trees', kind: family, task } });
    const parsed = parseModelFiles(modelJson, weights.slice(0));
    expect(parsed.card).toEqual(trained.card);
    const direct = await loadScorer(trained.artifacts);
    const reopened = await loadScorer(parsed);
    const a = (await predictTable(direct, trained.card, table)).outputs;
    const b = (await predictTable(reopened, parsed.card, table)).outputs;
    expect(b).toEqual(a);
    expect(a.every(Number.isFinite)).toBe(true);
    // The holdout metrics come from the same scorer: rescoring the holdout rows gives them again.
    const holdout = (await predictTable(reopened, parsed.card, table, trained.holdoutRows)).outputs;
    expect(holdout).toHaveLength(trained.holdoutRows.length * (task === 'multiclass' ? 3 : 1));
  });

  it('is deterministic for a seed', async () => {
    const table = tableOf(pointColumns('binary', points('binary', 200, 9)));
    const one = await trainModel({ table, config: config() });
    const two = await trainModel({ table, config: config() });
    expect(new Uint8Array(two.artifacts.weightData)).toEqual(new Uint8Array(one.artifacts.weightData));
  });

  it('keeps missing numbers as NaN (no imputation, no indicator) and scores rows with them', async () => {
    const data = points('regression', 300, 3);
    const x1 = data.map((p, i) => (i % 7 === 0 ? NaN : p.x1));
    const table = tableOf([numericColumn('x1', x1), numericColumn('x2', data.map((p) => p.x2)), numericColumn('target', data.map((p) => p.value))]);
    const trained = await trainModel({ table, config: config() });
    expect(trained.card.preprocessing.width).toBe(2);
    expect(trained.card.preprocessing.features.every((f) => f.kind === 'numeric' && !f.missingIndicator)).toBe(true);
    const scorer = await loadScorer(trained.artifacts);
    const outputs = (await predictTable(scorer, trained.card, table)).outputs;
    expect(outputs.every(Number.isFinite)).toBe(true);
  });

  it('random search and successive halving try the tree space, rungs counting trees', async () => {
    const table = tableOf(pointColumns('binary', points('binary', 240, 4)));
    const halving = await trainModel({ table, config: config({ search: { kind: 'halving', trials: 4, budgetMs: 60_000 } }) });
    expect(halving.trials).toHaveLength(4);
    expect(halving.trials.every((t) => t.params.family === family)).toBe(true);
    expect(new Set(halving.trials.map((t) => t.epochs)).size).toBeGreaterThan(1);
    expect(Math.max(...halving.trials.map((t) => t.params.epochs))).toBe(20);
    const sampled = halving.trials.slice(1).map((t) => (family === 'gbdt' ? t.params.maxLeafNodes : t.params.maxFeatures));
    expect(sampled.every((v) => v !== undefined)).toBe(true);
  });

  it('refuses too few rows for min_samples_leaf, with a clear message', async () => {
    const table = tableOf(pointColumns('binary', points('binary', 60, 2)));
    const run = trainModel({ table, config: config({}, { minSamplesLeaf: 50 }) });
    await expect(run).rejects.toThrow(TrainingInputError);
    await expect(trainModel({ table, config: config({}, { minSamplesLeaf: 50 }) })).rejects.toThrow(/^too few rows for min_samples_leaf: \d+ training rows cannot be split into two leaves of at least 50 rows each/);
  });
});

describe('tree settings that cannot be used', () => {
  it('are refused before any training, each with its own sentence', async () => {
    const table = tableOf(pointColumns('binary', points('binary', 60, 2)));
    const gbdt = quickTreeConfig('gbdt', 5);
    const forest = quickTreeConfig('forest', 5);
    await expect(trainModel({ table, config: gbdt({}, { maxLeafNodes: 1 }) })).rejects.toThrow('leaves per tree must be a whole number from 2 to 4096');
    await expect(trainModel({ table, config: gbdt({}, { learningRate: 0 }) })).rejects.toThrow('the learning rate must be above 0 and at most 1');
    await expect(trainModel({ table, config: forest({}, { maxFeatures: 1.5 }) })).rejects.toThrow('features per split must be sqrt, log2, a share above 0 and at most 1, or the default, not "1.5"');
    await expect(trainModel({ table, config: forest({}, { maxDepth: 0 }) })).rejects.toThrow('the maximum depth must be a whole number from 1 to 1000, or no limit');
    await expect(trainModel({ table, config: forest({}, { maxBins: 256 }) })).rejects.toThrow('bins per feature must be a whole number from 2 to 255');
    await expect(trainModel({ table, config: forest({}, { minSamplesLeaf: 0 }) })).rejects.toThrow('rows per leaf must be a whole number, 1 or more');
  });

  it('a target with one class is refused', async () => {
    const data = points('binary', 60, 2);
    const table = tableOf([...pointColumns('binary', data).slice(0, 2), ...pointColumns('binary', data.map((p) => ({ ...p, label: 'yes' }))).slice(2)]);
    await expect(trainModel({ table, config: quickTreeConfig('gbdt', 5)() })).rejects.toThrow(/is "yes" in every row: a constant target leaves nothing to learn/);
  });
});
