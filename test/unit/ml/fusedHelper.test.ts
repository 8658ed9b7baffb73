import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type HyperParameters } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import type { HelperStarter } from '../../../src/ml/fused/fusedHelper.ts';
import { disposeNetwork, networkVariables } from '../../../src/ml/network.ts';
import { trainNetwork, type Matrices } from '../../../src/ml/trainLoop.ts';
import { registerFusedHelper } from '../../../src/ml/trainStep.ts';
import { pointMatrices, points } from '../helpers/training.ts';

// A thread does not inherit vitest's TypeScript loader: it registers tsx's, as src/cli/csvThreads.ts does.
const entry = fileURLToPath(new URL('./fusedHelper.thread.ts', import.meta.url));
const boot = `require(${JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(entry)});`;
let started = 0;
const nodeHelper: HelperStarter = (init) => {
  started++;
  const worker = new Worker(boot, { eval: true, workerData: init });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return { ready, end: () => void worker.terminate() };
};

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  registerFusedHelper('wasm', null);
  await tf.setBackend('cpu');
});

const params: HyperParameters = { ...defaultParams('mlp'), hidden: [16, 8], l2: 1e-3, learningRate: 0.01, batchSize: 100, epochs: 4, patience: 0 };

async function trained(task: Task, train: Matrices, helper: boolean) {
  registerFusedHelper('wasm', helper ? nodeHelper : null);
  const outcome = await trainNetwork(train, pointMatrices(task, points(task, 80, 2)), { task, params, seed: 3 });
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
      const before = started;
      const one = await trained(task, train, false);
      const two = await trained(task, train, true);
      const again = await trained(task, train, true);
      expect(started - before).toBe(2);
      two.history.forEach((epoch, i) => {
        expect(epoch.loss).toBeCloseTo(one.history[i]!.loss, 4);
        expect(epoch.valLoss).toBeCloseTo(one.history[i]!.valLoss, 4);
      });
      two.weights.forEach((values, i) => values.forEach((v, k) => expect(v).toBeCloseTo(one.weights[i]![k]!, 3)));
      expect(again.weights).toEqual(two.weights);
    }, 60_000);
  }
});
