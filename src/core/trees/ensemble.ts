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

/** The ensemble's output for `rows` input rows (row-major, rows × inputs): probabilities or values. */
export function predictEnsemble(model: TreeEnsemble, x: Float32Array, rows: number): Float32Array {
  const { outputs, inputs, trees } = model;
  const sums = new Float64Array(rows * outputs);
  const out = new Float32Array(rows * outputs);
  if (model.kind === 'gbdt') {
    for (let i = 0; i < rows; i++) for (let k = 0; k < outputs; k++) sums[i * outputs + k] = model.baseline[k]!;
    trees.forEach((tree, t) => {
      const k = t % outputs;
      for (let i = 0; i < rows; i++) sums[i * outputs + k]! += tree.value[leafOf(tree, x, i * inputs)]!;
    });
    finish(model.task, sums, out, outputs, rows);
    return out;
  }
  for (const tree of trees) {
    for (let i = 0; i < rows; i++) {
      const leaf = leafOf(tree, x, i * inputs) * outputs;
      for (let k = 0; k < outputs; k++) sums[i * outputs + k]! += tree.value[leaf + k]!;
    }
  }
  for (let j = 0; j < sums.length; j++) out[j] = sums[j]! / Math.max(1, trees.length);
  return out;
}
