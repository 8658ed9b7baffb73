import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultParams, defaultTrainConfig, type TrainConfig } from '../../../src/core/training/config.ts';
import type { Trial } from '../../../src/core/training/search.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { trainModel, type TrainedModel } from '../../../src/ml/trainModel.ts';
import { numericColumn } from '../helpers/columns.ts';
import { rejection } from '../helpers/csv.ts';
import { pointColumns, points, tableOf } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const table = tableOf(pointColumns('binary', points('binary', 160, 12)));

const searchConfig = (kind: 'random' | 'halving', trials: number, epochs: number, budgetMs = 600_000): TrainConfig => ({
  ...defaultTrainConfig('target'),
  params: { ...defaultParams('mlp'), hidden: [8], learningRate: 0.01, batchSize: 32, epochs, patience: 0 },
  search: { kind, trials, budgetMs },
  seed: 5,
});

/** The chosen network's validation loss: that of its best epoch. */
const chosenLoss = (model: TrainedModel): number => model.history.find((h) => h.epoch === model.bestEpoch)!.valLoss;

const lowest = (trials: Trial[]): Trial => trials.filter((t) => t.valLoss !== null).reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a));

describe('random search', () => {
  it('lists every trial with a status and keeps the one with the lowest validation loss', async () => {
    const progress: number[] = [];
    const config = searchConfig('random', 4, 4);
    const model = await trainModel({ table, config, onProgress: (p) => p.trial && progress.push(p.trial.index) });
    expect(model.trials.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    for (const trial of model.trials) {
      expect(trial).toMatchObject({ status: 'done', rung: 0, epochs: 4, note: 'epochs' });
      expect(trial.valLoss).toBeGreaterThan(0);
      expect(trial.ms).toBeGreaterThan(0);
    }
    // The first trial is the user's own settings; the others are sampled around them.
    expect(model.trials[0]!.params).toEqual(config.params);
    expect(new Set(model.trials.map((t) => JSON.stringify(t.params))).size).toBe(4);
    const best = lowest(model.trials);
    expect(chosenLoss(model)).toBe(best.valLoss);
    expect(model.card.params).toEqual(best.params);
    expect(new Set(progress)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('is seeded: the same configuration samples the same trials', async () => {
    const a = await trainModel({ table, config: searchConfig('random', 3, 2) });
    const b = await trainModel({ table, config: searchConfig('random', 3, 2) });
    expect(b.trials.map((t) => [t.params, t.valLoss])).toEqual(a.trials.map((t) => [t.params, t.valLoss]));
  });

  it('respects the time budget: trials not started are listed as out of time; a started one stops at the deadline', async () => {
    // A clock that moves 400 ms each time it is read: the search reads it once per trial and training once per epoch.
    let now = 1_800_000_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 400));
    const model = await trainModel({ table, config: searchConfig('random', 6, 50, 5000) });
    const statuses = model.trials.map((t) => t.status);
    expect(statuses[0]).toBe('done');
    expect(statuses).toContain('out of time');
    expect(statuses.every((s) => s === 'done' || s === 'out of time')).toBe(true);
    expect(statuses.indexOf('out of time')).toBe(statuses.filter((s) => s === 'done').length);
    for (const t of model.trials.filter((trial) => trial.status === 'out of time')) {
      expect(t).toMatchObject({ valLoss: null, epochs: 0, note: 'not started: the time budget ran out' });
    }
    const done = model.trials.filter((t) => t.status === 'done');
    // 5 s at 400 ms per epoch: about a dozen epochs in all, far from 6 × 50.
    expect(done.reduce((n, t) => n + t.epochs, 0)).toBeLessThanOrEqual(14);
    expect(done.at(-1)!.note).toBe('time budget');
    expect(chosenLoss(model)).toBe(lowest(model.trials).valLoss);
  });

  it('input the preprocessing refuses fails before any trial, naming the column', async () => {
    const data = points('binary', 100, 3);
    const huge = tableOf([numericColumn('x1', data.map((p) => p.x1 * 1e200)), ...pointColumns('binary', data).slice(1)]);
    const progress: string[] = [];
    const error = await rejection(trainModel({ table: huge, config: searchConfig('random', 2, 2), onProgress: (p) => progress.push(p.phase) }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toMatch(/^feature "x1" has values too large to standardise/);
    expect(progress).toEqual(['preparing']);
  });
});

describe('successive halving', () => {
  it('gives every trial the first rung, the best third the next ones, and lists each with its status', async () => {
    // 6 trials, 9 epochs: rungs of 6 × 1 epoch, 2 × 3 epochs, 1 × 9 epochs.
    const model = await trainModel({ table, config: searchConfig('halving', 6, 9) });
    const { trials } = model;
    expect(trials).toHaveLength(6);
    const byStatus = (status: Trial['status']) => trials.filter((t) => t.status === status);
    expect(byStatus('done')).toHaveLength(1);
    expect(byStatus('pruned')).toHaveLength(5);
    expect(byStatus('done')[0]).toMatchObject({ rung: 2, epochs: 9 });
    expect(byStatus('pruned').map((t) => [t.rung, t.note]).sort()).toEqual([
      [0, 'pruned after rung 1'],
      [0, 'pruned after rung 1'],
      [0, 'pruned after rung 1'],
      [0, 'pruned after rung 1'],
      [1, 'pruned after rung 2'],
    ]);
    expect(trials.filter((t) => t.rung === 0).every((t) => t.epochs === 1)).toBe(true);
    expect(trials.filter((t) => t.rung === 1).every((t) => t.epochs === 3)).toBe(true);
    expect(chosenLoss(model)).toBe(lowest(trials).valLoss);
    expect(model.card.params).toEqual(lowest(trials).params);
  });
});
