import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../core/training/config.ts';
import type { Task } from '../core/training/task.ts';
import type { Network } from './network.ts';

/** Regression targets are trained standardised; the saved model maps back to the target's own scale. */
export interface TargetScale {
  mean: number;
  scale: number;
}

const outputActivation = (task: Task): 'sigmoid' | 'softmax' | 'linear' => (task === 'binary' ? 'sigmoid' : task === 'multiclass' ? 'softmax' : 'linear');

/**
 * The trained network as a standard tfjs Sequential model: Dense layers (with Dropout where training
 * had it, inactive when predicting), the output giving probabilities or the target itself. This is what
 * is saved, downloaded, and what `tf.loadLayersModel` opens elsewhere.
 */
export function toLayersModel(net: Network, params: HyperParameters, inputs: number, targetScale: TargetScale | null): tf.Sequential {
  const model = tf.sequential({ name: 'relearn' });
  net.layers.forEach((layer, i) => {
    const last = i === net.layers.length - 1;
    const units = layer.bias.shape[0]!;
    model.add(tf.layers.dense({ units, activation: last ? outputActivation(net.task) : params.activation, name: `dense_${i}`, ...(i === 0 ? { inputShape: [inputs] } : {}) }));
    if (!last && params.dropout > 0) model.add(tf.layers.dropout({ rate: params.dropout, name: `dropout_${i}` }));
  });
  const weights = tf.tidy(() =>
    net.layers.flatMap((layer, i) => {
      const last = i === net.layers.length - 1;
      if (!last || !targetScale) return [tf.clone(layer.kernel), tf.clone(layer.bias)];
      return [tf.mul(layer.kernel, targetScale.scale), tf.add(tf.mul(layer.bias, targetScale.scale), targetScale.mean)];
    }),
  );
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/**
 * The model's output for rows × inputs, in slices: probabilities (rows × classes, or rows × 1 for binary) or values.
 * Each slice is predicted as one batch: `predict`'s default batch of 32 rows made scoring 750,000 holdout
 * rows take 8 s on wasm, nearly all of it per-kernel overhead, where one batch per slice takes under 1 s.
 */
export async function predictRows(model: tf.LayersModel, x: Float32Array, rows: number, inputs: number): Promise<Float32Array> {
  const SLICE = 16_384;
  const units = (model.outputs[0]!.shape[1] as number | null) ?? 1;
  const out = new Float32Array(rows * units);
  for (let start = 0; start < rows; start += SLICE) {
    const size = Math.min(SLICE, rows - start);
    const y = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(start * inputs, (start + size) * inputs), [size, inputs]), { batchSize: size }) as tf.Tensor);
    out.set(await y.data(), start * units);
    y.dispose();
  }
  return out;
}
