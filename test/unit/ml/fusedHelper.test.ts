import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { KeptHelper, MessagedThread, type HelperInit, type HelperStarter } from '../../../src/ml/fused/fusedHelper.ts';
import { disposeNetwork, networkVariables } from '../../../src/ml/network.ts';
import { TrainingCancelled, trainNetwork, type Matrices, type TrainOptions } from '../../../src/ml/trainLoop.ts';
import { registerFusedHelper } from '../../../src/ml/trainStep.ts';
import { pointMatrices, points } from '../helpers/training.ts';

// A thread does not inherit vitest's TypeScript loader: it registers tsx's, as src/cli/csvThreads.ts does.
const entry = fileURLToPath(new URL('./fusedHelper.thread.ts', import.meta.url));
const boot = `require(${JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(entry)});`;
let started = 0;
let ended = 0;
const nodeHelper: HelperStarter = () => {
  started++;
  const worker = new Worker(boot, { eval: true });
  const thread = new MessagedThread(
    (init) => worker.postMessage(init),
    () => {
      ended++;
      void worker.terminate();
    },
  );
  worker.on('message', (message) => thread.answer(message));
  worker.once('error', (error: Error) => thread.fail(error));
  return thread;
};

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  registerFusedHelper('wasm', null);
  await tf.setBackend('cpu');
});

const params: HyperParameters = { ...defaultParams('mlp'), hidden: [16, 8], l2: 1e-3, learningRate: 0.01, batchSize: 100, epochs: 4, patience: 0 };

async function trained(task: Task, train: Matrices, options: Partial<TrainOptions> = {}) {
  const outcome = await trainNetwork(train, pointMatrices(task, points(task, 80, 2)), { task, params, seed: 3, ...options });
  try {
    return { history: outcome.history, weights: networkVariables(outcome.net).map((v) => Array.from(v.dataSync())) };
  } finally {
    disposeNetwork(outcome.net);
  }
}

describe('the fused step with a helper thread (data parallel: half of each mini-batch each)', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(`trains as one thread does, and gives the same weights twice: ${task}`, async () => {
      const rows = pointMatrices(task, points(task, 450, 1));
      const train = task === 'binary' ? { ...rows, w: Float32Array.from({ length: rows.rows }, (_, i) => (rows.y[i] === 1 ? 2 : 0.7)) } : rows;
      registerFusedHelper('wasm', null);
      const one = await trained(task, train);
      registerFusedHelper('wasm', nodeHelper);
      const before = started;
      const two = await trained(task, train);
      const again = await trained(task, train);
      // One thread served both trainings: it is kept between them.
      expect(started - before).toBe(1);
      two.history.forEach((epoch, i) => {
        expect(epoch.loss).toBeCloseTo(one.history[i]!.loss, 4);
        expect(epoch.valLoss).toBeCloseTo(one.history[i]!.valLoss, 4);
      });
      two.weights.forEach((values, i) => values.forEach((v, k) => expect(v).toBeCloseTo(one.weights[i]![k]!, 3)));
      expect(again.weights).toEqual(two.weights);
    }, 60_000);
  }

  it('a cancelled training stops its helper session: the kept thread serves the next training, none is left waiting', async () => {
    registerFusedHelper('wasm', nodeHelper);
    const train = pointMatrices('binary', points('binary', 2_000, 5));
    const first = await trained('binary', train);
    const [startedBefore, endedBefore] = [started, ended];
    const controller = new AbortController();
    // Cancelled after the first epoch, between two mini-batches as the page's cancel lands.
    const cancelled = trained('binary', train, { signal: controller.signal, onEpoch: () => controller.abort() });
    await expect(cancelled).rejects.toBeInstanceOf(TrainingCancelled);
    const after = await trained('binary', train);
    expect([started, ended]).toEqual([startedBefore, endedBefore]);
    expect(after.weights).toEqual(first.weights);
    registerFusedHelper('wasm', null);
    expect(ended).toBe(endedBefore + 1);
  }, 60_000);
});

describe('KeptHelper', () => {
  const init = {} as HelperInit;
  /** Threads that answer `ready` (or never), counting opens and ends. */
  const threads = (answers: boolean) => {
    const log = { started: 0, opened: 0, ended: 0 };
    const start: HelperStarter = () => {
      log.started++;
      return { open: () => (log.opened++, answers ? Promise.resolve() : new Promise<void>(() => undefined)), end: () => void log.ended++ };
    };
    return { log, kept: new KeptHelper(start) };
  };

  it('reuses a released thread that answered every request, ends one that missed an answer', async () => {
    const { log, kept } = threads(true);
    const first = await kept.open(init, 1000);
    kept.release(first!, true);
    expect(await kept.open(init, 1000)).toBe(first);
    kept.release(first!, false);
    expect(log).toEqual({ started: 1, opened: 2, ended: 1 });
    await kept.open(init, 1000);
    expect(log.started).toBe(2);
  });

  it('a thread not ready in time is ended and the training gets none (it runs on one thread)', async () => {
    const { log, kept } = threads(false);
    expect(await kept.open(init, 20)).toBeNull();
    expect(log).toEqual({ started: 1, opened: 1, ended: 1 });
  });
});
