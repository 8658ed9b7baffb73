import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensors, pickRows } from '../../../src/ml/miniBatch.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Four rows of three inputs (row r holds r·10, r·10 + 1, r·10 + 2), two outputs, a weight per row.
const unweighted = {
  rows: 4,
  inputs: 3,
  outputs: 2,
  x: Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3)),
  y: Float32Array.from({ length: 8 }, (_, i) => i),
};
const data = { ...unweighted, w: Float32Array.from([0.5, 1, 2, 4]) };

describe('pickRows', () => {
  it('copies the rows the order names, from the given position, in that order', () => {
    const order = Int32Array.from([3, 0, 2, 1]);
    expect(Array.from(pickRows(data.x, 3, order, 1, 2))).toEqual([0, 1, 2, 20, 21, 22]);
    expect(Array.from(pickRows(data.w, 1, order, 0, 4))).toEqual([4, 0.5, 2, 1]);
  });
});

describe('batchTensors', () => {
  it("makes the batch's inputs, targets and weights from the ordered rows", () => {
    tf.tidy(() => {
      const { xb, yb, wb } = batchTensors(data, Int32Array.from([2, 0, 3, 1]), 0, 3);
      expect(xb.shape).toEqual([3, 3]);
      expect(Array.from(xb.dataSync())).toEqual([20, 21, 22, 0, 1, 2, 30, 31, 32]);
      expect(Array.from(yb.dataSync())).toEqual([4, 5, 0, 1, 6, 7]);
      expect(Array.from(wb!.dataSync())).toEqual([2, 0.5, 4]);
    });
  });

  it('takes consecutive rows without an order, and no weights where the rows have none', () => {
    tf.tidy(() => {
      const { xb, yb, wb } = batchTensors(unweighted, null, 2, 2);
      expect(Array.from(xb.dataSync())).toEqual([20, 21, 22, 30, 31, 32]);
      expect(Array.from(yb.dataSync())).toEqual([4, 5, 6, 7]);
      expect(wb).toBeUndefined();
    });
  });
});
