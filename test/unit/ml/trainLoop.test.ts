import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BinaryMetrics, MulticlassMetrics, RegressionMetrics } from '../../../src/core/metrics/index.ts';
import { defaultParams, defaultTrainConfig, type Family, type HyperParameters } from '../../../src/core/training/config.ts';
import { TrainingInputError, type Task } from '../../../src/core/training/task.ts';
import { disposeNetwork } from '../../../src/ml/network.ts';
import { meanLoss } from '../../../src/ml/meanLoss.ts';
import { TrainingCancelled, trainNetwork } from '../../../src/ml/trainLoop.ts';
import { trainModel } from '../../../src/ml/trainModel.ts';
import { numericColumn } from '../helpers/columns.ts';
import { rejection } from '../helpers/csv.ts';
import { pointColumns, pointMatrices, points, tableOf } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quick = (family: Family, change: Partial<HyperParameters> = {}): HyperParameters => ({
  ...defaultParams(family),
  ...(family === 'mlp' ? { hidden: [16] } : {}),
  learningRate: 0.03,
  batchSize: 32,
  epochs: 25,
  patience: 0,
  ...change,
});


describe('trainModel learns an easy problem', () => {
  describe.each<Family>(['mlp', 'linear'])('%s', (family) => {
    const learn = async (task: Task) => {
      const table = tableOf(pointColumns(task, points(task, 400, 21)));
      return trainModel({ table, config: { ...defaultTrainConfig('target', family), params: quick(family), seed: 3 } });
    };

    it('binary: holdout accuracy above 0.9', async () => {
      const model = await learn('binary');
      expect(model.card).toMatchObject({ task: 'binary', classes: ['no', 'yes'] });
      expect((model.evaluation.metrics as BinaryMetrics).accuracy).toBeGreaterThan(0.9);
      expect((model.evaluation.metrics as BinaryMetrics).rocAuc).toBeGreaterThan(0.95);
      expect(model.counts).toEqual({ train: 280, validation: 40, holdout: 80, missingTarget: 0 });
    });

    it('multiclass: holdout accuracy above 0.9', async () => {
      const model = await learn('multiclass');
      expect(model.card).toMatchObject({ task: 'multiclass', classes: ['a', 'b', 'c'] });
      expect((model.evaluation.metrics as MulticlassMetrics).accuracy).toBeGreaterThan(0.9);
    });

    it('regression: holdout R² above 0.9, in the target`s own units', async () => {
      const model = await learn('regression');
      const metrics = model.evaluation.metrics as RegressionMetrics;
      expect(metrics.r2).toBeGreaterThan(0.9);
      // The target spans about 0 to 10: an RMSE in standardised units would not tell, a de-standardised one does.
      expect(metrics.rmse).toBeLessThan(1);
      const { predictedVsActual } = model.plots;
      expect(predictedVsActual!.actual).toHaveLength(80);
      const meanPrediction = predictedVsActual!.predicted.reduce((a, b) => a + b, 0) / 80;
      expect(meanPrediction).toBeGreaterThan(3);
      expect(meanPrediction).toBeLessThan(7);
    });
  });
});

describe('early stopping', () => {
  // Validation labels are the training labels flipped: the better training gets, the worse validation does.
  const data = points('binary', 200, 4);
  const train = pointMatrices('binary', data);
  const flipped = { ...train, y: train.y.map((v) => 1 - v) };
  const params = quick('mlp', { epochs: 40, patience: 3, learningRate: 0.05 });

  it('stops after `patience` epochs without a better validation loss and restores the best epoch`s weights', async () => {
    const outcome = await trainNetwork(train, flipped, { task: 'binary', params, seed: 1 });
    try {
      expect(outcome.stopReason).toBe('early stopping');
      expect(outcome.history).toHaveLength(outcome.bestEpoch + params.patience);
      const losses = outcome.history.map((h) => h.valLoss);
      expect(outcome.history[outcome.bestEpoch - 1]!.valLoss).toBe(Math.min(...losses));
      expect(await meanLoss(outcome.net, flipped)).toBe(outcome.history[outcome.bestEpoch - 1]!.valLoss);
    } finally {
      disposeNetwork(outcome.net);
    }
  });

  it('patience 0 runs every epoch and still keeps the best one', async () => {
    const outcome = await trainNetwork(train, flipped, { task: 'binary', params: { ...params, epochs: 8, patience: 0 }, seed: 1 });
    try {
      expect(outcome.stopReason).toBe('epochs');
      expect(outcome.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(outcome.bestEpoch).toBeLessThan(8);
      expect(await meanLoss(outcome.net, flipped)).toBe(outcome.history[outcome.bestEpoch - 1]!.valLoss);
    } finally {
      disposeNetwork(outcome.net);
    }
  });

  it('reports every epoch with its losses and progress', async () => {
    const reports: number[] = [];
    const outcome = await trainNetwork(train, train, { task: 'binary', params: { ...params, epochs: 3, patience: 0 }, seed: 1, onEpoch: (r) => reports.push(r.epoch) });
    disposeNetwork(outcome.net);
    expect(reports).toEqual([1, 2, 3]);
    for (const h of outcome.history) {
      expect(h).toMatchObject({ epochs: 3 });
      expect(Number.isFinite(h.loss) && Number.isFinite(h.valLoss) && h.samplesPerSecond > 0 && h.etaMs >= 0).toBe(true);
    }
    expect(outcome.history.at(-1)!.etaMs).toBe(0);
  });

  it('leaves no tensor behind, whether it finishes, stops early or fails', async () => {
    const before = tf.memory().numTensors;
    const outcome = await trainNetwork(train, flipped, { task: 'binary', params, seed: 2 });
    disposeNetwork(outcome.net);
    const controller = new AbortController();
    const cancelled = await rejection(
      trainNetwork(train, train, { task: 'binary', params: { ...params, epochs: 10_000, patience: 0 }, seed: 2, signal: controller.signal, onEpoch: () => controller.abort() }),
    );
    expect(cancelled).toBeInstanceOf(TrainingCancelled);
    const huge = { ...train, x: train.x.map((v) => v * 1e15), y: train.y.map((v) => v * 1e30) };
    const failed = await rejection(trainNetwork(huge, huge, { task: 'regression', params: { ...params, learningRate: 1 }, seed: 2 }));
    expect(failed).toBeInstanceOf(TrainingInputError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cancel', () => {
  const train = pointMatrices('binary', points('binary', 200, 6));

  it('an abort during training throws TrainingCancelled', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const error = await rejection(
      trainNetwork(train, train, {
        task: 'binary',
        params: quick('mlp', { epochs: 10_000, batchSize: 8 }),
        seed: 1,
        signal: controller.signal,
        onEpoch: (r) => {
          epochs.push(r.epoch);
          if (r.epoch === 2) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(TrainingCancelled);
    expect((error as Error).message).toBe('training was cancelled; nothing was registered');
    expect(epochs.length).toBeLessThan(10_000);
  });

  it('a signal aborted before training starts is honoured, however short the training', async () => {
    // The signal was only read after 16 ms of steps: a training shorter than that finished and returned a model.
    const controller = new AbortController();
    controller.abort();
    const tiny = pointMatrices('binary', points('binary', 20, 6));
    const error = await rejection(trainNetwork(tiny, tiny, { task: 'binary', params: quick('linear', { epochs: 1 }), seed: 1, signal: controller.signal }));
    expect(error).toBeInstanceOf(TrainingCancelled);
  });
});

describe('a loss that is no longer a number', () => {
  it('learning rate 1 on huge raw values: TrainingInputError naming the epoch and the learning rate', async () => {
    const data = pointMatrices('regression', points('regression', 100, 8));
    const huge = { ...data, x: data.x.map((v) => v * 1e15), y: data.y.map((v) => v * 1e30) };
    const error = await rejection(trainNetwork(huge, huge, { task: 'regression', params: quick('mlp', { learningRate: 1 }), seed: 1 }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toMatch(/^the training loss became (NaN|Infinity) in epoch 1; lower the learning rate \(now 1\) or look for extreme values in the features/);
  });

  it('through trainModel, features too large to standardise (1e200) are refused by name before training', async () => {
    const data = points('regression', 100, 8);
    const table = tableOf([numericColumn('x1', data.map((p) => p.x1 * 1e200)), numericColumn('x2', data.map((p) => p.x2)), numericColumn('target', data.map((p) => p.value))]);
    const error = await rejection(trainModel({ table, config: { ...defaultTrainConfig('target'), params: quick('mlp', { learningRate: 1 }) } }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toMatch(/^feature "x1" has values too large to standardise .*; rescale it or leave it out$/);
  });

  it('through trainModel a target scaled by 1e30 is standardised, so it trains; the predictions are in its units', async () => {
    const data = points('regression', 200, 8);
    const table = tableOf([numericColumn('x1', data.map((p) => p.x1)), numericColumn('x2', data.map((p) => p.x2)), numericColumn('target', data.map((p) => p.value * 1e30))]);
    const model = await trainModel({ table, config: { ...defaultTrainConfig('target', 'linear'), params: quick('linear') } });
    const metrics = model.evaluation.metrics as RegressionMetrics;
    expect(metrics.r2).toBeGreaterThan(0.9);
    expect(metrics.rmse).toBeLessThan(1e30);
  });

  it('through trainModel a target too large to standardise (1e200) is refused with a TrainingInputError, not a NaN model', async () => {
    // targetScale squares the deviations: 1e200² overflows. Without the check the scale became Infinity, every
    // training target 0 and the de-standardised output layer NaN; the metrics then threw a RangeError.
    const data = points('regression', 100, 8);
    const table = tableOf([numericColumn('x1', data.map((p) => p.x1)), numericColumn('x2', data.map((p) => p.x2)), numericColumn('target', data.map((p) => p.value * 1e200))]);
    const error = await rejection(trainModel({ table, config: { ...defaultTrainConfig('target', 'linear'), params: quick('linear', { epochs: 2 }) } }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toMatch(/^target "target" has values too large to train on/);
  });
});

describe('trainModel refuses bad input before training', () => {
  const table = tableOf(pointColumns('binary', points('binary', 100, 2)));

  it('a configuration with problems: every problem in the message', async () => {
    const config = { ...defaultTrainConfig('target'), seed: -1, topK: 0 };
    const error = await rejection(trainModel({ table, config }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toBe('the seed must be a whole number from 0 to 2147483647; categories kept per column must be a whole number from 1 to 1000');
  });

  it('too few rows left for training', async () => {
    const small = tableOf(pointColumns('binary', points('binary', 30, 2)));
    const error = await rejection(trainModel({ table: small, config: { ...defaultTrainConfig('target'), shares: { holdout: 0.3, validation: 0.3 } } }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toMatch(/^only \d+ rows are left for training \(at least 20 needed\); add batches or lower the holdout and validation shares$/);
  });

  it('no feature besides the target', async () => {
    const onlyTarget = tableOf([pointColumns('binary', points('binary', 100, 2))[2]!]);
    const error = await rejection(trainModel({ table: onlyTarget, config: defaultTrainConfig('target') }));
    expect((error as Error).message).toBe('there are no feature columns besides the target "target"');
  });
});
