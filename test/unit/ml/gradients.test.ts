import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, defaultParams } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { batchLoss, createNetwork, forward, lossAndGradients, networkVariables, type Network } from '../../../src/ml/network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** scikit-learn's penalty: alpha / 2 · Σ‖W‖² over kernels, divided by the batch size. */
const l2Penalty = (net: Network, alpha: number, batchSize: number): tf.Scalar | null =>
  alpha > 0 ? tf.mul(tf.addN(net.layers.map((l) => tf.sum(tf.square(l.kernel)))), (0.5 * alpha) / batchSize) : null;

/** The hand-written back-propagation against tfjs's automatic gradients of the same loss. */
function compare(task: Task, activation: (typeof ACTIVATIONS)[number], l2: number, weights?: tf.Tensor2D): number {
  const outputs = task === 'multiclass' ? 3 : 1;
  const net = createNetwork(5, outputs, { ...defaultParams('mlp'), hidden: [7, 4], activation }, task, 3);
  const x = tf.randomNormal([11, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
  const y = (task === 'multiclass' ? tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1], 'int32'), 3).toFloat() : task === 'binary' ? tf.tensor2d([0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1], [11, 1]) : tf.randomNormal([11, 1], 0, 1, 'float32', 2)) as tf.Tensor2D;
  const vars = networkVariables(net);
  const auto = tf.variableGrads(() => {
    const loss = batchLoss(task, forward(net, x), y, weights);
    const penalty = l2Penalty(net, l2, 11);
    return penalty ? tf.add(loss, penalty) : loss;
  }, vars);
  const manual = lossAndGradients(net, x, y, l2, undefined, weights);
  // The reported loss is the data loss alone; the gradients include the L2 penalty's.
  let worst = Math.abs(manual.loss.dataSync()[0]! - batchLoss(task, forward(net, x), y, weights).dataSync()[0]!);
  vars.forEach((v, i) => {
    const a = auto.grads[v.name]!.dataSync();
    const m = manual.grads[i]!.dataSync();
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - m[k]!) / (1e-3 + Math.abs(a[k]!)));
  });
  return worst;
}

describe('lossAndGradients', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    for (const activation of ACTIVATIONS) {
      it(`matches automatic differentiation: ${task}, ${activation}, with and without L2`, () => {
        expect(compare(task, activation, 0)).toBeLessThan(1e-4);
        expect(compare(task, activation, 0.3)).toBeLessThan(1e-4);
      });
    }
    it(`matches automatic differentiation with class weights per row: ${task}`, () => {
      const weights = tf.tensor2d([0.5, 3, 3, 0.5, 3, 0.5, 0.5, 3, 3, 0.5, 1], [11, 1]);
      expect(compare(task, 'relu', 0, weights)).toBeLessThan(1e-4);
      expect(compare(task, 'tanh', 0.3, weights)).toBeLessThan(1e-4);
    });
  }
});

describe('batchLoss with row weights', () => {
  it('is the mean over the rows of each row\'s loss times its weight (Keras sample weights)', () => {
    const logits = tf.tensor2d([2, -1, 0.5, -3], [4, 1]);
    const y = tf.tensor2d([1, 0, 0, 1], [4, 1]);
    const w = [1, 2, 0.5, 4];
    const perRow = [0, 1, 2, 3].map((i) => {
      const z = logits.dataSync()[i]!;
      const p = 1 / (1 + Math.exp(-z));
      return -(y.dataSync()[i]! * Math.log(p) + (1 - y.dataSync()[i]!) * Math.log(1 - p));
    });
    const expected = perRow.reduce((sum, l, i) => sum + l * w[i]!, 0) / 4;
    expect(batchLoss('binary', logits, y, tf.tensor2d(w, [4, 1])).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(batchLoss('binary', logits, y, tf.ones([4, 1]) as tf.Tensor2D).dataSync()[0]).toBeCloseTo(batchLoss('binary', logits, y).dataSync()[0]!, 6);
  });
});
