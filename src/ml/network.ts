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

/** Glorot-uniform kernels and biases, seeded: the same seed gives the same start on every backend. */
export function createNetwork(inputs: number, outputs: number, params: HyperParameters, task: Task, seed: number): Network {
  const sizes = [inputs, ...(params.family === 'mlp' ? params.hidden : []), outputs];
  const layers = sizes.slice(1).map((units, i) => {
    const init = tf.initializers.glorotUniform({ seed: seed + i });
    // Biases start random too, within the same Glorot bound, as scikit-learn's MLP starts them (zero biases
    // learn slower on small data). Inside tidy: the initial tensors are freed once the variables hold copies.
    const limit = Math.sqrt(6 / (sizes[i]! + units));
    return tf.tidy(() => ({ kernel: tf.variable(init.apply([sizes[i]!, units], 'float32')), bias: tf.variable(tf.randomUniform([units], -limit, limit, 'float32', seed + 1000 + i)) }));
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

/**
 * Mean loss of a batch: binary and categorical cross-entropy from logits, squared error for regression.
 * With row weights (rows × 1, class weights) each row's loss is multiplied by its weight before the mean
 * over the batch's rows, as Keras weighs samples.
 */
export function batchLoss(task: Task, outputs: tf.Tensor2D, y: tf.Tensor2D, weights?: tf.Tensor2D): tf.Scalar {
  if (!weights) {
    if (task === 'binary') return tf.losses.sigmoidCrossEntropy(y, outputs) as tf.Scalar;
    if (task === 'multiclass') return tf.losses.softmaxCrossEntropy(y, outputs) as tf.Scalar;
    return tf.losses.meanSquaredError(y, outputs) as tf.Scalar;
  }
  const none = tf.Reduction.NONE;
  const perRow = task === 'multiclass' ? tf.reshape(tf.losses.softmaxCrossEntropy(y, outputs, undefined, 0, none), [outputs.shape[0], 1]) : task === 'binary' ? tf.losses.sigmoidCrossEntropy(y, outputs, undefined, 0, none) : tf.losses.meanSquaredError(y, outputs, undefined, none);
  return tf.mean(tf.mul(perRow, weights));
}

export function disposeNetwork(net: Network): void {
  for (const v of networkVariables(net)) v.dispose();
}

/** Derivative of the hidden activation, from its output h. */
function activationSlope(activation: Activation, h: tf.Tensor2D): tf.Tensor2D {
  if (activation === 'relu') return tf.step(h);
  if (activation === 'tanh') return tf.sub(1, tf.square(h));
  if (activation === 'sigmoid') return tf.mul(h, tf.sub(1, h));
  return tf.where(tf.greater(h, 0), tf.onesLike(h), tf.add(h, 1)); // elu with alpha 1: h + 1 below zero
}

/** d loss / d output for the mean (row-weighted) loss over the batch. */
function outputDelta(task: Task, out: tf.Tensor2D, y: tf.Tensor2D, batchSize: number, weights?: tf.Tensor2D): tf.Tensor2D {
  let delta: tf.Tensor2D;
  if (task === 'binary') delta = tf.div(tf.sub(tf.sigmoid(out), y), batchSize);
  else if (task === 'multiclass') delta = tf.div(tf.sub(tf.softmax(out), y), batchSize);
  else delta = tf.mul(tf.sub(out, y), 2 / batchSize);
  return weights ? tf.mul(delta, weights) : delta;
}

/**
 * One batch's mean loss and the gradient of loss + L2 penalty for every variable (kernel, bias per
 * layer), by explicit back-propagation. Written out rather than taped because the WebAssembly backend
 * multiplies transposed matrices five to six times slower than it transposes and multiplies; here
 * every product is a plain one. `weights` (rows × 1) weighs each row's loss. Call inside tf.tidy.
 */
export function lossAndGradients(net: Network, x: tf.Tensor2D, y: tf.Tensor2D, l2: number, dropout?: { rate: number; seed: number }, weights?: tf.Tensor2D): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const batchSize = x.shape[0];
  const inputs: tf.Tensor2D[] = [x];
  const hidden: tf.Tensor2D[] = [];
  const masks: (tf.Tensor2D | null)[] = [];
  let a = x;
  const last = net.layers.length - 1;
  net.layers.forEach((layer, i) => {
    if (i === last) return;
    const fused = net.activation === 'tanh' ? 'linear' : net.activation;
    let h = tf.fused.matMul({ a, b: layer.kernel as tf.Tensor2D, bias: layer.bias, activation: fused }) as tf.Tensor2D;
    if (net.activation === 'tanh') h = tf.tanh(h);
    hidden.push(h);
    let mask: tf.Tensor2D | null = null;
    if (dropout && dropout.rate > 0) {
      const keep = 1 - dropout.rate;
      mask = tf.div(tf.step(tf.sub(tf.randomUniform(h.shape, 0, 1, 'float32', dropout.seed + i), dropout.rate)), keep) as tf.Tensor2D;
      a = tf.mul(h, mask);
    } else a = h;
    masks.push(mask);
    inputs.push(a);
  });
  const out = tf.fused.matMul({ a, b: net.layers[last]!.kernel as tf.Tensor2D, bias: net.layers[last]!.bias }) as tf.Tensor2D;
  const loss = batchLoss(net.task, out, y, weights);
  const grads: tf.Tensor[] = new Array<tf.Tensor>(net.layers.length * 2);
  let delta = outputDelta(net.task, out, y, batchSize, weights);
  const ones = tf.ones([1, batchSize]) as tf.Tensor2D;
  for (let i = last; i >= 0; i--) {
    const layer = net.layers[i]!;
    const kernelGrad = tf.matMul(tf.transpose(inputs[i]!), delta);
    grads[2 * i] = l2 > 0 ? tf.add(kernelGrad, tf.mul(layer.kernel, l2 / batchSize)) : kernelGrad;
    // The bias gradient, delta's column sums, as a product too: on wasm it reuses the packed copy of delta
    // the kernel's product just made (XNNPACK keys it by the right operand), where Sum over rows would
    // transpose delta first.
    grads[2 * i + 1] = tf.reshape(tf.matMul(ones, delta), [layer.bias.size]);
    if (i === 0) break;
    let back = tf.mul(tf.matMul(delta, tf.transpose(layer.kernel)), activationSlope(net.activation, hidden[i - 1]!));
    const mask = masks[i - 1];
    if (mask) back = tf.mul(back, mask);
    delta = back as tf.Tensor2D;
  }
  return { loss, grads };
}
