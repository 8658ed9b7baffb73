import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlatAdam, HostAdam } from '../../../src/ml/adam.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each([
  ['FlatAdam (tensor ops)', FlatAdam],
  ['HostAdam (JavaScript side)', HostAdam],
])('%s', (_name, Adam) => {
  it("takes scikit-learn's Adam steps on every variable", () => {
    const a = tf.variable(tf.tensor2d([[1, -2], [0.5, 3]]));
    const b = tf.variable(tf.tensor1d([0.25, -1, 2]));
    const adam = new Adam([a, b], 0.1);
    const grads = [
      [tf.tensor2d([[0.2, -0.4], [1, 0]]), tf.tensor1d([3, -0.5, 0.1])],
      [tf.tensor2d([[-0.1, 0.3], [0.5, 2]]), tf.tensor1d([1, 1, -1])],
    ];
    // scikit-learn's AdamOptimizer: m, v moments; step = lr * sqrt(1 - b2^t) / (1 - b1^t); x -= step * m / (sqrt(v) + eps).
    const x = [...a.dataSync(), ...b.dataSync()];
    const m = x.map(() => 0);
    const v = x.map(() => 0);
    grads.forEach((pair, t) => {
      const g = pair.flatMap((tensor) => [...tensor.dataSync()]);
      const step = (0.1 * Math.sqrt(1 - 0.999 ** (t + 1))) / (1 - 0.9 ** (t + 1));
      g.forEach((gi, i) => {
        m[i] = 0.9 * m[i]! + 0.1 * gi;
        v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
        x[i] = x[i]! - (step * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
      });
      tf.tidy(() => adam.apply(pair));
    });
    const got = [...a.dataSync(), ...b.dataSync()];
    got.forEach((value, i) => expect(value).toBeCloseTo(x[i]!, 5));
    expect(a.shape).toEqual([2, 2]);
    adam.dispose();
    a.dispose();
    b.dispose();
  });
});
