import type { Task } from '../training/task.ts';

/**
 * One decision tree as flat typed arrays, node 0 the root. A row goes left when its value of `feature` is
 * at most `threshold` (both 32-bit floats, the width the model's inputs have), and a missing value (NaN)
 * goes where `missingLeft` says. Leaves have feature −1 and `outputs` values in `value` at node × outputs.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

/**
 * A fitted tree ensemble. `gbdt`: raw score k = baseline[k] + the leaf values (learning rate applied) of
 * every tree t with t % outputs = k; binary → sigmoid, multiclass → softmax, regression → the score.
 * `forest`: the mean of the trees' leaf values (class probabilities, the probability of classes[1] for
 * binary, or the value). Either way the output has the layout of the MLP's: rows × 1 or rows × classes.
 */
export interface TreeEnsemble {
  kind: 'gbdt' | 'forest';
  task: Task;
  /** Width of an input row. */
  inputs: number;
  /** Values per leaf and per output row: 1 for binary and regression, the classes for multiclass. */
  outputs: number;
  /** gbdt's starting raw score per output; zeros for a forest. */
  baseline: Float32Array;
  trees: Tree[];
}

/** The leaf a row (its inputs from x[at]) lands in. */
export function leafOf(tree: Tree, x: Float32Array, at: number): number {
  let node = 0;
  let feature = tree.feature[0]!;
  while (feature >= 0) {
    const v = x[at + feature]!;
    node = (v !== v ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!) ? tree.left[node]! : tree.right[node]!;
    feature = tree.feature[node]!;
  }
  return node;
}

function finish(task: Task, raw: Float64Array, out: Float32Array, outputs: number, rows: number): void {
  if (task === 'binary') {
    for (let i = 0; i < rows; i++) out[i] = 1 / (1 + Math.exp(-raw[i]!));
  } else if (task === 'multiclass') {
    for (let i = 0; i < rows; i++) {
      let max = -Infinity;
      for (let k = 0; k < outputs; k++) max = Math.max(max, raw[i * outputs + k]!);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(raw[i * outputs + k]! - max);
      for (let k = 0; k < outputs; k++) out[i * outputs + k] = Math.exp(raw[i * outputs + k]! - max) / sum;
    }
  } else out.set(raw);
}

/** Each node's children side by side (left at 2·node, right at 2·node + 1), made once per tree and kept beside it. */
const childrenOf = new WeakMap<Tree, Int32Array>();

function children(tree: Tree): Int32Array {
  let kids = childrenOf.get(tree);
  if (!kids) {
    kids = new Int32Array(2 * tree.feature.length);
    for (let node = 0; node < tree.feature.length; node++) {
      kids[2 * node] = tree.left[node]!;
      kids[2 * node + 1] = tree.right[node]!;
    }
    childrenOf.set(tree, kids);
  }
  return kids;
}

/**
 * The leaf of every row, as leafOf finds it, into `out`. Four rows walk the tree together, and a step picks
 * the child by index (0 left, 1 right) instead of branching on the comparison: the CPU overlaps the four
 * walks' loads and mispredicts fewer branches, about twice as fast on a forest's deep trees.
 */
export function leavesOf(tree: Tree, x: Float32Array, rows: number, inputs: number, out: Int32Array): void {
  const kids = children(tree);
  const { feature, threshold, missingLeft } = tree;
  const root = feature[0]!;
  let i = 0;
  // A step's side: 1 (right) when the value is above the threshold, or missing and its direction is right.
  for (; i + 4 <= rows; i += 4) {
    const a0 = i * inputs;
    const a1 = a0 + inputs;
    const a2 = a1 + inputs;
    const a3 = a2 + inputs;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let f0 = root;
    let f1 = root;
    let f2 = root;
    let f3 = root;
    while (f0 >= 0 || f1 >= 0 || f2 >= 0 || f3 >= 0) {
      if (f0 >= 0) {
        const v0 = x[a0 + f0]!;
        n0 = kids[2 * n0 + (v0 !== v0 ? 1 - missingLeft[n0]! : +(v0 > threshold[n0]!))]!;
        f0 = feature[n0]!;
      }
      if (f1 >= 0) {
        const v1 = x[a1 + f1]!;
        n1 = kids[2 * n1 + (v1 !== v1 ? 1 - missingLeft[n1]! : +(v1 > threshold[n1]!))]!;
        f1 = feature[n1]!;
      }
      if (f2 >= 0) {
        const v2 = x[a2 + f2]!;
        n2 = kids[2 * n2 + (v2 !== v2 ? 1 - missingLeft[n2]! : +(v2 > threshold[n2]!))]!;
        f2 = feature[n2]!;
      }
      if (f3 >= 0) {
        const v3 = x[a3 + f3]!;
        n3 = kids[2 * n3 + (v3 !== v3 ? 1 - missingLeft[n3]! : +(v3 > threshold[n3]!))]!;
        f3 = feature[n3]!;
      }
    }
    out[i] = n0;
    out[i + 1] = n1;
    out[i + 2] = n2;
    out[i + 3] = n3;
  }
  for (; i < rows; i++) out[i] = leafOf(tree, x, i * inputs);
}

/** The ensemble's output for `rows` input rows (row-major, rows × inputs): probabilities or values. */
export function predictEnsemble(model: TreeEnsemble, x: Float32Array, rows: number): Float32Array {
  const { outputs, inputs, trees } = model;
  const sums = new Float64Array(rows * outputs);
  const out = new Float32Array(rows * outputs);
  const leaves = new Int32Array(rows);
  if (model.kind === 'gbdt') {
    for (let i = 0; i < rows; i++) for (let k = 0; k < outputs; k++) sums[i * outputs + k] = model.baseline[k]!;
    trees.forEach((tree, t) => {
      const k = t % outputs;
      leavesOf(tree, x, rows, inputs, leaves);
      for (let i = 0; i < rows; i++) sums[i * outputs + k]! += tree.value[leaves[i]!]!;
    });
    finish(model.task, sums, out, outputs, rows);
    return out;
  }
  for (const tree of trees) {
    leavesOf(tree, x, rows, inputs, leaves);
    for (let i = 0; i < rows; i++) {
      const leaf = leaves[i]! * outputs;
      for (let k = 0; k < outputs; k++) sums[i * outputs + k]! += tree.value[leaf + k]!;
    }
  }
  for (let j = 0; j < sums.length; j++) out[j] = sums[j]! / Math.max(1, trees.length);
  return out;
}
