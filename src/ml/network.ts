import * as tf from '@tensorflow/tfjs';
import type { Activation, HyperParameters } from '../core/training/config.ts';
import type { Task } from '../core/training/task.ts';

/** The trainable weights of a dense network: [kernel, bias] per layer, input to output. */
export interface Network {
  layers: { kernel: tf.Variable; bias: tf.Variable }[];
  activation: Activation;
  task: Task;
}

export const outputUnits = (task: Task, classes: number): number => (task === 'multiclass' ? classes : 1);

/** Glorot-uniform kernels and zero biases, seeded: the same seed gives the same start on every backend. */
export function createNetwork(inputs: number, outputs: number, params: HyperParameters, task: Task, seed: number): Network {
  const sizes = [inputs, ...(params.family === 'mlp' ? params.hidden : []), outputs];
  const layers = sizes.slice(1).map((units, i) => {
    const init = tf.initializers.glorotUniform({ seed: seed + i });
    return {
      kernel: tf.variable(init.apply([sizes[i]!, units], 'float32')),
      bias: tf.variable(tf.zeros([units])),
    };
  });
  return { layers, activation: params.activation, task };
}

export const networkVariables = (net: Network): tf.Variable[] => net.layers.flatMap((l) => [l.kernel, l.bias]);

/** Logits (classification) or the standardised value (regression). Dropout only when `dropout` is given. */
export function forward(net: Network, x: tf.Tensor2D, dropout?: { rate: number; seed: number }): tf.Tensor2D {
  let h = x;
  net.layers.forEach((layer, i) => {
    const last = i === net.layers.length - 1;
    // fused.matMul has no tanh: that one is applied after a linear product.
    const fused = last || net.activation === 'tanh' ? 'linear' : net.activation;
    h = tf.fused.matMul({ a: h, b: layer.kernel as tf.Tensor2D, bias: layer.bias, activation: fused }) as tf.Tensor2D;
    if (!last && net.activation === 'tanh') h = tf.tanh(h);
    if (!last && dropout && dropout.rate > 0) h = tf.dropout(h, dropout.rate, undefined, dropout.seed + i) as tf.Tensor2D;
  });
  return h;
}

/** Mean loss of a batch: binary and categorical cross-entropy from logits, squared error for regression. */
export function batchLoss(task: Task, outputs: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  if (task === 'binary') return tf.losses.sigmoidCrossEntropy(y, outputs) as tf.Scalar;
  if (task === 'multiclass') return tf.losses.softmaxCrossEntropy(y, outputs) as tf.Scalar;
  return tf.losses.meanSquaredError(y, outputs) as tf.Scalar;
}

/** scikit-learn's penalty: alpha / 2 · Σ‖W‖² over kernels, divided by the batch size. */
export function l2Penalty(net: Network, alpha: number, batchSize: number): tf.Scalar | null {
  if (alpha <= 0) return null;
  const sum = tf.addN(net.layers.map((l) => tf.sum(tf.square(l.kernel))));
  return tf.mul(sum, (0.5 * alpha) / batchSize);
}

export function disposeNetwork(net: Network): void {
  for (const v of networkVariables(net)) v.dispose();
}
