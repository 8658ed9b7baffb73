import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/training/random.ts';
import { leafOf, leavesOf, type Tree } from '../../../src/core/trees/ensemble.ts';

/** A random tree of `splits` splits over `inputs` inputs, grown at random leaves, each split with a random missing direction. */
function randomTree(random: Random, splits: number, inputs: number): Tree {
  const feature = [-1];
  const threshold = [0];
  const missingLeft = [0];
  const left = [0];
  const right = [0];
  for (let s = 0; s < splits; s++) {
    const leaves = feature.flatMap((f, node) => (f < 0 ? [node] : []));
    const node = leaves[Math.floor(random.float() * leaves.length)]!;
    feature[node] = Math.floor(random.float() * inputs);
    threshold[node] = random.float() * 2 - 1;
    missingLeft[node] = random.float() < 0.5 ? 1 : 0;
    left[node] = feature.length;
    right[node] = feature.length + 1;
    for (let c = 0; c < 2; c++) {
      feature.push(-1);
      threshold.push(0);
      missingLeft.push(0);
      left.push(0);
      right.push(0);
    }
  }
  return { feature: Int32Array.from(feature), threshold: Float32Array.from(threshold), missingLeft: Uint8Array.from(missingLeft), left: Int32Array.from(left), right: Int32Array.from(right), value: new Float32Array(feature.length) };
}

describe('leavesOf', () => {
  it('finds the leaf leafOf finds for every row, missing values and a last group of fewer than four rows included', () => {
    const random = new Random(7);
    const inputs = 5;
    for (const rows of [1, 3, 4, 7, 101]) {
      const x = Float32Array.from({ length: rows * inputs }, () => (random.float() < 0.15 ? NaN : random.float() * 2 - 1));
      for (const splits of [0, 1, 30]) {
        const tree = randomTree(random, splits, inputs);
        const leaves = new Int32Array(rows);
        leavesOf(tree, x, rows, inputs, leaves);
        expect(Array.from(leaves)).toEqual(Array.from({ length: rows }, (_, i) => leafOf(tree, x, i * inputs)));
      }
    }
  });
});
