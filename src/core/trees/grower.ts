import { binCounts, buildHistogram, histogramLength, subtractHistogram } from './histogram.ts';
import { MISSING_BIN, type Binned } from './binning.ts';
import { findSplit, MIN_HESSIAN_TO_SPLIT, type SplitInfo, type SplitSettings } from './split.ts';

export interface GrowSettings extends SplitSettings {
  maxLeafNodes: number;
  maxDepth: number | null;
  learningRate: number;
}

/** A grown tree on bin codes: node 0 the root, leaves with feature −1 and their value (learning rate applied). */
export interface BinnedTree {
  feature: number[];
  bin: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  value: number[];
}

interface GrowNode {
  start: number;
  end: number;
  depth: number;
  sumGrad: number;
  sumHess: number;
  value: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

/**
 * Grows trees as scikit-learn 1.2's TreeGrower does: best-first (the splittable node with the highest gain
 * next), children under 2 × min_samples_leaf rows become leaves, the smaller child's histogram is built and
 * the larger one's subtracted from the parent's. Holds the buffers every tree of a fit reuses.
 */
export class Grower {
  private readonly indices: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly orderedGrad: Float32Array;
  private readonly orderedHess: Float32Array;
  private readonly pool: Float64Array[] = [];
  private readonly rootCounts: Float64Array;

  constructor(
    private readonly data: Binned,
    private readonly s: GrowSettings,
  ) {
    this.indices = new Uint32Array(data.rows);
    this.scratch = new Uint32Array(data.rows);
    this.orderedGrad = new Float32Array(data.rows);
    this.orderedHess = new Float32Array(data.rows);
    this.rootCounts = binCounts(data.codes, data.rows, data.inputs);
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(histogramLength(this.data.inputs));
  }

  private release(node: GrowNode): void {
    if (node.hist) this.pool.push(node.hist);
    node.hist = null;
  }

  private histogram(node: GrowNode, grad: Float32Array, hess: Float32Array): Float64Array {
    const hist = this.take();
    const { rows, inputs, codes } = this.data;
    buildHistogram(hist, codes, rows, inputs, { indices: this.indices, start: node.start, end: node.end }, grad, hess, this.s.constantHessian, this.orderedGrad, this.orderedHess, this.rootCounts);
    return hist;
  }

  /** Stable partition of the node's rows: left child first, each side in its previous order. */
  private partition(node: GrowNode, split: SplitInfo): number {
    const { indices, scratch } = this;
    const column = this.data.codes.subarray(split.feature * this.data.rows);
    const { bin } = split;
    const missingLeft = split.missingLeft ? 1 : 0;
    let l = node.start;
    let r = 0;
    // splitting.pyx's sample_goes_left without branches: which side a row takes is a coin flip to the branch predictor.
    for (let j = node.start; j < node.end; j++) {
      const row = indices[j]!;
      const code = column[row]!;
      const left = +(code <= bin) | (+(code === MISSING_BIN) & missingLeft);
      indices[l] = row;
      scratch[r] = row;
      l += left;
      r += 1 - left;
    }
    indices.set(scratch.subarray(0, r), l);
    return l;
  }

  /**
   * Grows one tree on the gradients and hessians (rows long) and adds its leaf values to `raw` (rows long:
   * the output column this tree serves), as _update_raw_predictions does.
   */
  grow(grad: Float32Array, hess: Float32Array, raw: Float64Array): BinnedTree {
    const { rows } = this.data;
    const s = this.s;
    for (let i = 0; i < rows; i++) this.indices[i] = i;
    let sumGrad = 0;
    let sumHess = 0;
    for (let i = 0; i < rows; i++) sumGrad += grad[i]!;
    if (s.constantHessian) sumHess = rows;
    else for (let i = 0; i < rows; i++) sumHess += hess[i]!;
    const nodes: GrowNode[] = [{ start: 0, end: rows, depth: 0, sumGrad, sumHess, value: 0, hist: null, split: null }];
    const tree: BinnedTree = { feature: [-1], bin: [0], missingLeft: [false], left: [-1], right: [-1], value: [0] };
    const leaves: number[] = [];
    const splittable: number[] = [];
    const examine = (id: number): void => {
      const node = nodes[id]!;
      node.split = findSplit(node.hist!, node.end - node.start, node.sumGrad, node.sumHess, node.value, s);
      if (node.split) splittable.push(id);
      else {
        leaves.push(id);
        this.release(node);
      }
    };
    if (rows < 2 * s.minSamplesLeaf || sumHess < MIN_HESSIAN_TO_SPLIT) leaves.push(0);
    else {
      nodes[0]!.hist = this.histogram(nodes[0]!, grad, hess);
      examine(0);
    }
    while (splittable.length > 0) {
      let pick = 0;
      for (let i = 1; i < splittable.length; i++) if (nodes[splittable[i]!]!.split!.gain > nodes[splittable[pick]!]!.split!.gain) pick = i;
      const id = splittable.splice(pick, 1)[0]!;
      const node = nodes[id]!;
      const split = node.split!;
      const middle = this.partition(node, split);
      const depth = node.depth + 1;
      const leftId = nodes.length;
      const left: GrowNode = { start: node.start, end: middle, depth, sumGrad: split.gradLeft, sumHess: split.hessLeft, value: split.valueLeft, hist: null, split: null };
      const right: GrowNode = { start: middle, end: node.end, depth, sumGrad: split.gradRight, sumHess: split.hessRight, value: split.valueRight, hist: null, split: null };
      nodes.push(left, right);
      // With no missing value in training, a missing value at predict time follows the larger child.
      const missingLeft = s.hasMissing[split.feature] ? split.missingLeft : split.rowsLeft > split.rowsRight;
      tree.feature[id] = split.feature;
      tree.bin[id] = split.bin;
      tree.missingLeft[id] = missingLeft;
      tree.left[id] = leftId;
      tree.right[id] = leftId + 1;
      tree.feature.push(-1, -1);
      tree.bin.push(0, 0);
      tree.missingLeft.push(false, false);
      tree.left.push(-1, -1);
      tree.right.push(-1, -1);
      tree.value.push(0, 0);
      const done = leaves.length + splittable.length + 2 >= s.maxLeafNodes;
      if (done || (s.maxDepth !== null && depth >= s.maxDepth)) {
        leaves.push(leftId, leftId + 1);
        this.release(node);
        if (done) {
          for (const other of splittable) this.release(nodes[other]!);
          leaves.push(...splittable.splice(0));
        }
        continue;
      }
      const leftLeaf = middle - node.start < 2 * s.minSamplesLeaf;
      const rightLeaf = node.end - middle < 2 * s.minSamplesLeaf;
      if (!leftLeaf || !rightLeaf) {
        const leftSmaller = middle - node.start < node.end - middle;
        const small = leftSmaller ? left : right;
        const large = leftSmaller ? right : left;
        small.hist = this.histogram(small, grad, hess);
        large.hist = this.take();
        subtractHistogram(large.hist, node.hist!, small.hist);
      }
      this.release(node);
      for (const [child, leaf] of [[leftId, leftLeaf], [leftId + 1, rightLeaf]] as const) {
        if (!leaf) examine(child);
        else {
          leaves.push(child);
          this.release(nodes[child]!);
        }
      }
    }
    for (const id of leaves) {
      const node = nodes[id]!;
      const value = node.value * s.learningRate;
      tree.value[id] = value;
      for (let j = node.start; j < node.end; j++) raw[this.indices[j]!]! += value;
    }
    return tree;
  }
}
