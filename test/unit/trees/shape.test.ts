import { describe, expect, it } from 'vitest';
import type { Tree, TreeEnsemble } from '../../../src/core/trees/ensemble.ts';
import { ensembleShape } from '../../../src/core/trees/shape.ts';

/** A tree from its nodes as [feature, left, right]; a leaf is [-1, 0, 0]. */
function tree(nodes: [number, number, number][]): Tree {
  const n = nodes.length;
  return {
    feature: Int32Array.from(nodes.map((x) => x[0])),
    threshold: new Float32Array(n),
    missingLeft: new Uint8Array(n),
    left: Int32Array.from(nodes.map((x) => x[1])),
    right: Int32Array.from(nodes.map((x) => x[2])),
    value: new Float32Array(n),
  };
}

const ensemble = (trees: Tree[]): TreeEnsemble => ({ kind: 'gbdt', task: 'regression', inputs: 2, outputs: 1, baseline: new Float32Array(1), trees });

describe('ensembleShape', () => {
  it('counts the leaves and the depth of each tree, a lopsided one by its deepest leaf', () => {
    const stump = tree([[0, 1, 2], [-1, 0, 0], [-1, 0, 0]]);
    // Root splits; its right child splits; that one's left child splits again: depth 3, 4 leaves.
    const lopsided = tree([[0, 1, 2], [-1, 0, 0], [1, 3, 4], [0, 5, 6], [-1, 0, 0], [-1, 0, 0], [-1, 0, 0]]);
    const root = tree([[-1, 0, 0]]);
    expect(ensembleShape(ensemble([stump, lopsided, root]))).toEqual({ trees: 3, leaves: { total: 7, mean: 7 / 3, max: 4 }, depth: { mean: 4 / 3, max: 3 } });
  });

  it('an ensemble without trees (gradient boosting whose first iteration did not help) is all zeros', () => {
    expect(ensembleShape(ensemble([]))).toEqual({ trees: 0, leaves: { total: 0, mean: 0, max: 0 }, depth: { mean: 0, max: 0 } });
  });
});
