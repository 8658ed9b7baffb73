import * as tf from '@tensorflow/tfjs';
import { batchTensors } from './miniBatch.ts';
import { batchLoss, forward, type Network } from './network.ts';
import type { Matrices } from './trainLoop.ts';

/**
 * Mean loss over every row (row-weighted when the rows have weights), without dropout or the L2 term. Each slice is made from the JS arrays: the
 * wasm backend's Slice copies its whole input out of the heap, so slicing one big tensor costs rows².
 */
export async function meanLoss(net: Network, data: Matrices): Promise<number> {
  const SLICE = 16_384;
  let total = 0;
  for (let start = 0; start < data.rows; start += SLICE) {
    const size = Math.min(SLICE, data.rows - start);
    const loss = tf.tidy(() => {
      const { xb, yb, wb } = batchTensors(data, null, start, size);
      return tf.mul(batchLoss(net.task, forward(net, xb), yb, wb), size);
    });
    total += (await loss.data())[0]!;
    loss.dispose();
  }
  return total / Math.max(1, data.rows);
}
