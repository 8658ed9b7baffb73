import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, defaultParams, type Activation } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { HostAdam } from '../../../src/ml/adam.ts';
import { FusedTrainer } from '../../../src/ml/fused/fusedTrainer.ts';
import { batchTensors } from '../../../src/ml/miniBatch.ts';
import { createNetwork, disposeNetwork, lossAndGradients, networkVariables } from '../../../src/ml/network.ts';
import { meanLoss } from '../../../src/ml/meanLoss.ts';
import type { Matrices } from '../../../src/ml/trainLoop.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  task: Task;
  activation: Activation;
  inputs: number;
  hidden: number[];
  classes: number;
  rows: number;
  l2: number;
  weighted: boolean;
  seed: number;
}

/** Deterministic pseudo-random floats in [-1, 1) from a seed. */
const noise = (length: number, seed: number): Float32Array => Float32Array.from({ length }, (_, i) => (((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1) + 1) % 1 * 2 - 1);

function matrices(c: Case, rows: number, seed: number): Matrices {
  const outputs = c.task === 'multiclass' ? c.classes : 1;
  const x = noise(rows * c.inputs, seed);
  const raw = noise(rows, seed + 1);
  const y = new Float32Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    if (c.task === 'multiclass') y[r * outputs + Math.floor(((raw[r]! + 1) / 2) * c.classes)] = 1;
    else y[r] = c.task === 'binary' ? (raw[r]! > 0 ? 1 : 0) : raw[r]! * 2;
  }
  const w = c.weighted ? Float32Array.from(noise(rows, seed + 2), (v) => 0.25 + (v + 1) * 1.5) : undefined;
  return { rows, inputs: c.inputs, outputs, x, y, ...(w ? { w } : {}) };
}

/**
 * Largest difference over a tensor's values, relative to its largest magnitude: float32 sums in another
 * order differ by a few 1e-6 of their terms, and a gradient sums a few hundred (5e-5 allowed; the loss 1e-5).
 */
function worstRelative(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let scale = 1e-6;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]!));
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(expected[k]! - actual[k]!) / scale);
  return worst;
}

/** Three Adam steps of the fused step against lossAndGradients + HostAdam on the same batches and start: the worst relative differences. */
async function compare(c: Case): Promise<{ loss: number; grads: number; weights: number }> {
  const outputs = c.task === 'multiclass' ? c.classes : 1;
  const params = { ...defaultParams('mlp'), hidden: c.hidden, activation: c.activation, l2: c.l2, learningRate: 0.01 };
  const net = createNetwork(c.inputs, outputs, params, c.task, c.seed);
  const vars = networkVariables(net);
  const fused = await FusedTrainer.create(net, c.rows, c.l2, params.learningRate);
  const adam = new HostAdam(vars, params.learningRate);
  const worst = { loss: 0, grads: 0, weights: 0 };
  try {
    for (let step = 0; step <= 3; step++) {
      const data = matrices(c, c.rows, c.seed * 10 + step);
      // The last step's updated weights compared (in learning rates: Adam divides each gradient by its own
      // size, so where one nearly cancels, float32 sums in another order move it by a part of lr), then each
      // step starts from the tfjs side's weights so the gradients compare on the same start.
      const before = fused.weights();
      fused.loadWeights();
      if (step > 0) vars.forEach((v, i) => v.dataSync().forEach((value, k) => (worst.weights = Math.max(worst.weights, Math.abs(value - before[i]![k]!) / params.learningRate))));
      const fusedLoss = fused.step(data, null, 0, c.rows);
      const fusedGrads = fused.gradients();
      tf.tidy(() => {
        const { xb, yb, wb } = batchTensors(data, null, 0, c.rows);
        const { loss, grads } = lossAndGradients(net, xb, yb, c.l2, undefined, wb);
        const expected = loss.dataSync()[0]!;
        worst.loss = Math.max(worst.loss, Math.abs(expected - fusedLoss) / Math.max(1e-6, Math.abs(expected)));
        grads.forEach((g, i) => (worst.grads = Math.max(worst.grads, worstRelative(g.dataSync(), fusedGrads[i]!))));
        adam.apply(grads);
      });
    }
    return worst;
  } finally {
    disposeNetwork(net);
  }
}

const caseOf = fc.record<Case>({
  task: fc.constantFrom<Task>('binary', 'multiclass', 'regression'),
  activation: fc.constantFrom(...ACTIVATIONS),
  inputs: fc.integer({ min: 1, max: 13 }),
  // Widths off the kernels' blocks of 4 and 8 as well as on them, and no hidden layer at all.
  hidden: fc.array(fc.integer({ min: 1, max: 21 }), { minLength: 0, maxLength: 3 }),
  classes: fc.integer({ min: 2, max: 9 }),
  rows: fc.integer({ min: 1, max: 23 }),
  l2: fc.constantFrom(0, 1e-4, 0.3),
  weighted: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
});

describe('the fused WebAssembly training step', () => {
  it('gives the loss, the gradients and the Adam-updated weights of the tfjs step, for random networks', async () => {
    await fc.assert(
      fc.asyncProperty(caseOf, async (c) => {
        const worst = await compare(c);
        expect(worst.loss).toBeLessThan(1e-5);
        expect(worst.grads).toBeLessThan(5e-5);
        expect(worst.weights).toBeLessThan(0.02);
      }),
      { numRuns: 100, seed: 17 },
    );
  });

  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    for (const activation of ACTIVATIONS) {
      it(`matches on the default MLP's shape (20-64-64), batch 200: ${task}, ${activation}, row weights`, async () => {
        const worst = await compare({ task, activation, inputs: 20, hidden: [64, 64], classes: 4, rows: 200, l2: 1e-4, weighted: true, seed: 5 });
        expect(worst.loss).toBeLessThan(1e-5);
        expect(worst.grads).toBeLessThan(5e-5);
        expect(worst.weights).toBeLessThan(0.02);
      });
    }
  }

  it('gives tfjs`s validation loss (meanLoss) on rows a few batches long, for random networks', async () => {
    await fc.assert(
      fc.asyncProperty(caseOf, fc.integer({ min: 1, max: 90 }), async (c, validationRows) => {
        const outputs = c.task === 'multiclass' ? c.classes : 1;
        const params = { ...defaultParams('mlp'), hidden: c.hidden, activation: c.activation, l2: c.l2 };
        const net = createNetwork(c.inputs, outputs, params, c.task, c.seed);
        try {
          const fused = await FusedTrainer.create(net, c.rows, c.l2, params.learningRate);
          // A step first, so the weights compared are trained ones the tfjs variables get from the module.
          fused.step(matrices(c, c.rows, c.seed), null, 0, c.rows);
          fused.storeWeights();
          const validation = matrices(c, validationRows, c.seed + 5);
          const expected = await meanLoss(net, validation);
          expect(Math.abs(fused.meanLoss(validation) - expected) / Math.max(1e-6, Math.abs(expected))).toBeLessThan(1e-5);
        } finally {
          disposeNetwork(net);
        }
      }),
      { numRuns: 60, seed: 23 },
    );
  });
});
