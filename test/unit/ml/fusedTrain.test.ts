import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import type { Random } from '../../../src/core/training/random.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { disposeNetwork, networkVariables } from '../../../src/ml/network.ts';
import { TrainingCancelled, trainNetwork, type Matrices, type StreamedMatrices, type TrainOptions } from '../../../src/ml/trainLoop.ts';
import { fusedStepApplies, trainStepper } from '../../../src/ml/trainStep.ts';
import { createNetwork } from '../../../src/ml/network.ts';
import { pointMatrices, points } from '../helpers/training.ts';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const params: HyperParameters = { ...defaultParams('mlp'), hidden: [16, 8], l2: 1e-3, learningRate: 0.01, batchSize: 32, epochs: 6, patience: 2 };

/** A whole training's history and final weights, with the fused step or with tfjs's. */
async function run(train: Matrices | StreamedMatrices, validation: Matrices, options: TrainOptions) {
  const outcome = await trainNetwork(train, validation, options);
  try {
    return { outcome, weights: networkVariables(outcome.net).map((v) => Array.from(v.dataSync())) };
  } finally {
    disposeNetwork(outcome.net);
  }
}

async function expectSameTraining(train: Matrices | StreamedMatrices, validation: Matrices, options: TrainOptions): Promise<void> {
  const fused = await run(train, validation, options);
  const tfjs = await run(train, validation, { ...options, fusedStep: false });
  expect(fused.outcome.history).toHaveLength(tfjs.outcome.history.length);
  fused.outcome.history.forEach((epoch, i) => {
    expect(epoch.loss).toBeCloseTo(tfjs.outcome.history[i]!.loss, 4);
    expect(epoch.valLoss).toBeCloseTo(tfjs.outcome.history[i]!.valLoss, 4);
  });
  expect(fused.outcome.bestEpoch).toBe(tfjs.outcome.bestEpoch);
  expect(fused.outcome.stopReason).toBe(tfjs.outcome.stopReason);
  fused.weights.forEach((values, i) => values.forEach((v, k) => expect(v).toBeCloseTo(tfjs.weights[i]![k]!, 3)));
}

describe('trainNetwork with the fused WebAssembly step (wasm backend)', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const satisfies Task[]) {
    it(`gives the tfjs step's history, best epoch and weights: ${task}`, async () => {
      const train = pointMatrices(task, points(task, 300, 1));
      const validation = pointMatrices(task, points(task, 80, 2));
      await expectSameTraining(train, validation, { task, params, seed: 4 });
    });
  }

  it('gives the same with row weights, tanh and a last batch smaller than the others', async () => {
    const train = pointMatrices('binary', points('binary', 301, 3));
    const w = Float32Array.from({ length: train.rows }, (_, i) => (train.y[i] === 1 ? 3 : 0.6));
    await expectSameTraining({ ...train, w }, pointMatrices('binary', points('binary', 80, 4)), { task: 'binary', params: { ...params, activation: 'tanh' }, seed: 5 });
  });

  it('gives the same on streamed parts', async () => {
    const whole = pointMatrices('binary', points('binary', 300, 6));
    const streamed: StreamedMatrices = {
      rows: whole.rows,
      inputs: whole.inputs,
      outputs: whole.outputs,
      async *epoch(random: Random) {
        const order = Int32Array.from({ length: whole.rows }, (_, i) => i);
        random.shuffle(order);
        for (const [from, to] of [[0, 130], [130, 300]] as const) {
          const rows = Array.from(order.subarray(from, to));
          yield { rows: rows.length, inputs: 2, outputs: 1, x: Float32Array.from(rows.flatMap((r) => [whole.x[r * 2]!, whole.x[r * 2 + 1]!])), y: Float32Array.from(rows, (r) => whole.y[r]!) };
        }
      },
    };
    await expectSameTraining(streamed, pointMatrices('binary', points('binary', 80, 7)), { task: 'binary', params, seed: 6 });
  });

  it('stops with TrainingCancelled when aborted, as the tfjs step does', async () => {
    const train = pointMatrices('binary', points('binary', 3000, 8));
    const controller = new AbortController();
    // Aborted as the first epoch ends (a timer could fire after early stopping ended the training).
    const onEpoch = (): void => controller.abort();
    const promise = trainNetwork(train, train, { task: 'binary', params: { ...params, epochs: 50, batchSize: 4 }, seed: 1, signal: controller.signal, onEpoch });
    await expect(promise).rejects.toBeInstanceOf(TrainingCancelled);
  });

  it('is used on wasm without dropout only: dropout and the cpu backend keep the tfjs step', async () => {
    const net = createNetwork(2, 1, params, 'binary', 1);
    try {
      expect(fusedStepApplies(params)).toBe(true);
      expect((await trainStepper(net, params, 1)).engine).toBe('fused');
      expect((await trainStepper(net, params, 1, false)).engine).toBe('tfjs');
      expect(fusedStepApplies({ ...params, dropout: 0.1 })).toBe(false);
      await tf.setBackend('cpu');
      expect(fusedStepApplies(params)).toBe(false);
    } finally {
      disposeNetwork(net);
      await tf.setBackend('wasm');
    }
  });
});
