import type { Tree, TreeEnsemble } from './ensemble.ts';

/** How big a fitted ensemble came out: its trees, their leaves and their depth (a root alone is depth 0). */
export interface EnsembleShape {
  trees: number;
  leaves: { total: number; mean: number; max: number };
  depth: { mean: number; max: number };
}

/** Leaves and depth of one tree; children come after their parent, so one pass in node order finds every depth. */
function treeShape(tree: Tree): { leaves: number; depth: number } {
  const depth = new Int32Array(tree.feature.length);
  let leaves = 0;
  let deepest = 0;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node]! < 0) {
      leaves++;
      deepest = Math.max(deepest, depth[node]!);
    } else {
      depth[tree.left[node]!] = depth[node]! + 1;
      depth[tree.right[node]!] = depth[node]! + 1;
    }
  }
  return { leaves, depth: deepest };
}

export function ensembleShape(ensemble: TreeEnsemble): EnsembleShape {
  const shapes = ensemble.trees.map(treeShape);
  const n = shapes.length;
  const total = shapes.reduce((sum, s) => sum + s.leaves, 0);
  return {
    trees: n,
    leaves: { total, mean: n === 0 ? 0 : total / n, max: shapes.reduce((m, s) => Math.max(m, s.leaves), 0) },
    depth: { mean: n === 0 ? 0 : shapes.reduce((sum, s) => sum + s.depth, 0) / n, max: shapes.reduce((m, s) => Math.max(m, s.depth), 0) },
  };
}
