import type { Random } from '../training/random.ts';
import { MISSING_BIN, type Binned } from './binning.ts';
import type { Tree } from './ensemble.ts';

/** scikit-learn's tree EPSILON: a node whose impurity is at most this is pure. */
const EPSILON = 2.220446049250313e-16;
/** The threshold of a split that sends every present value left and only missing ones right. */
const ABOVE_ALL = 3.4028234663852886e38;
const BINS = MISSING_BIN + 1;

/** What every tree of one forest is grown from: the binned training rows and the splitting rules. */
export interface GrowerSetup {
  binned: Binned;
  /** Per input, the smallest and largest training value in each bin (inputs × 256), for thresholds. */
  binLow: Float32Array;
  binHigh: Float32Array;
  /** Classes of a classifier; 0 for a regression. */
  classes: number;
  /** Class index per row (classifier). */
  labels: Uint8Array;
  /** Target per row (regression). */
  target: Float64Array;
  maxFeatures: number;
  maxDepth: number;
  minSamplesLeaf: number;
}

interface Split {
  score: number;
  feature: number;
  /** Highest present bin that goes left (MISSING_BIN − 1 when only missing values go right). */
  bin: number;
  missingLeft: boolean;
  threshold: number;
}

/**
 * Grows scikit-learn's BestSplitter tree (depth first, Gini or squared error, min_samples_leaf on distinct
 * rows, max_features drawn per node without replacement and extended past the limit until a feature that
 * is not constant has been seen) on bin codes: with at most 255 distinct values a bin is a value and the
 * search is exact. Buffers are allocated once per forest and reused by every node and every tree.
 */
export class ForestTreeGrower {
  private readonly stats: number;
  private readonly hist: Float64Array;
  private readonly counts: Uint32Array = new Uint32Array(BINS);
  private readonly touched: Uint8Array = new Uint8Array(BINS);
  private readonly present: Uint8Array = new Uint8Array(BINS);
  private readonly totals: Float64Array;
  private readonly left: Float64Array;
  private readonly features: Int32Array;
  private readonly index: Uint32Array;
  /** The leaf each row of the last tree's sample ended in: the forest adds those rows' outputs without walking the tree. */
  readonly rowLeaf: Int32Array;
  private nodes = 0;
  private feature = new Int32Array(1024);
  private threshold = new Float32Array(1024);
  private missingLeft = new Uint8Array(1024);
  private leftChild = new Int32Array(1024);
  private rightChild = new Int32Array(1024);
  private value: Float32Array;

  constructor(private readonly setup: GrowerSetup) {
    this.stats = setup.classes > 0 ? setup.classes : 2;
    this.hist = new Float64Array(BINS * this.stats);
    this.totals = new Float64Array(this.stats + 1);
    this.left = new Float64Array(this.stats);
    this.features = new Int32Array(setup.binned.inputs);
    this.index = new Uint32Array(setup.binned.rows);
    this.rowLeaf = new Int32Array(setup.binned.rows);
    this.value = new Float32Array(1024 * this.outputs());
  }

  /** Values per leaf: the probability of class 1 for two classes, every class's for more, the mean for a regression. */
  outputs(): number {
    const k = this.setup.classes;
    return k === 2 || k === 0 ? 1 : k;
  }

  /** One tree on the rows with a positive weight (`weight` per row: bootstrap count × row weight). */
  grow(rows: Uint32Array, weight: Float64Array, random: Random): Tree {
    this.index.set(rows);
    this.nodes = 0;
    const stack: number[] = [0, rows.length, 0, -1, 0];
    while (stack.length > 0) {
      const isLeft = stack.pop()!;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const node = this.addNode();
      if (parent >= 0) (isLeft ? this.leftChild : this.rightChild)[parent] = node;
      const impurity = this.nodeTotals(start, end, weight, node);
      const n = end - start;
      const split =
        depth >= this.setup.maxDepth || n < 2 || n < 2 * this.setup.minSamplesLeaf || impurity <= EPSILON ? null : this.bestSplit(start, end, weight, random);
      if (!split) {
        for (let i = start; i < end; i++) this.rowLeaf[this.index[i]!] = node;
        continue;
      }
      this.feature[node] = split.feature;
      this.threshold[node] = split.threshold;
      this.missingLeft[node] = split.missingLeft ? 1 : 0;
      const middle = this.partition(start, end, split);
      stack.push(middle, end, depth + 1, node, 0, start, middle, depth + 1, node, 1);
    }
    const size = this.nodes;
    return {
      feature: this.feature.slice(0, size),
      threshold: this.threshold.slice(0, size),
      missingLeft: this.missingLeft.slice(0, size),
      left: this.leftChild.slice(0, size),
      right: this.rightChild.slice(0, size),
      value: this.value.slice(0, size * this.outputs()),
    };
  }

  private addNode(): number {
    if (this.nodes === this.feature.length) {
      const grow = <T extends Int32Array | Float32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.feature = grow(this.feature, (n) => new Int32Array(n));
      this.threshold = grow(this.threshold, (n) => new Float32Array(n));
      this.missingLeft = grow(this.missingLeft, (n) => new Uint8Array(n));
      this.leftChild = grow(this.leftChild, (n) => new Int32Array(n));
      this.rightChild = grow(this.rightChild, (n) => new Int32Array(n));
      this.value = grow(this.value, (n) => new Float32Array(n));
    }
    const node = this.nodes++;
    this.feature[node] = -1;
    this.threshold[node] = 0;
    this.missingLeft[node] = 0;
    this.leftChild[node] = -1;
    this.rightChild[node] = -1;
    return node;
  }

  /** Sums the node's statistics into `totals` (last slot: Σw·y² for a regression), stores its value, returns its impurity. */
  private nodeTotals(start: number, end: number, weight: Float64Array, node: number): number {
    const { classes, labels, target } = this.setup;
    const totals = this.totals;
    totals.fill(0);
    const index = this.index;
    if (classes > 0) {
      for (let i = start; i < end; i++) {
        const r = index[i]!;
        totals[labels[r]!]! += weight[r]!;
      }
      let sum = 0;
      let squares = 0;
      for (let k = 0; k < classes; k++) {
        sum += totals[k]!;
        squares += totals[k]! * totals[k]!;
      }
      if (classes === 2) this.value[node] = totals[1]! / sum;
      else for (let k = 0; k < classes; k++) this.value[node * classes + k] = totals[k]! / sum;
      return 1 - squares / (sum * sum);
    }
    for (let i = start; i < end; i++) {
      const r = index[i]!;
      const w = weight[r]!;
      const y = target[r]!;
      totals[0]! += w;
      totals[1]! += w * y;
      totals[2]! += w * y * y;
    }
    const mean = totals[1]! / totals[0]!;
    this.value[node] = mean;
    return totals[2]! / totals[0]! - mean * mean;
  }

  /** The best split over max_features randomly drawn features, or null when no feature can split the node. */
  private bestSplit(start: number, end: number, weight: Float64Array, random: Random): Split | null {
    const { inputs } = this.setup.binned;
    const features = this.features;
    for (let f = 0; f < inputs; f++) features[f] = f;
    const best: Split = { score: -Infinity, feature: -1, bin: 0, missingLeft: false, threshold: 0 };
    let visited = 0;
    let varying = 0;
    for (let i = 0; i < inputs && (visited < this.setup.maxFeatures || varying === 0); i++) {
      const j = random.int(i, inputs - 1);
      const f = features[j]!;
      features[j] = features[i]!;
      features[i] = f;
      visited++;
      if (this.scanFeature(f, start, end, weight, best)) varying++;
    }
    return best.feature >= 0 ? best : null;
  }

  /** Builds the feature's histogram over the node's rows and keeps a better split in `best`; false when the feature is constant there. */
  private scanFeature(f: number, start: number, end: number, weight: Float64Array, best: Split): boolean {
    const { binned, classes, labels, target, minSamplesLeaf } = this.setup;
    const { hist, counts, touched, index, stats } = this;
    const codes = binned.codes;
    const base = f * binned.rows;
    let distinct = 0;
    if (classes > 0) {
      for (let i = start; i < end; i++) {
        const r = index[i]!;
        const b = codes[base + r]!;
        if (counts[b]!++ === 0) touched[distinct++] = b;
        hist[b * stats + labels[r]!]! += weight[r]!;
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = index[i]!;
        const b = codes[base + r]!;
        if (counts[b]!++ === 0) touched[distinct++] = b;
        const w = weight[r]!;
        hist[b * 2]! += w;
        hist[b * 2 + 1]! += w * target[r]!;
      }
    }
    if (distinct > 1) this.scanBins(f, distinct, end - start, minSamplesLeaf, best);
    for (let t = 0; t < distinct; t++) {
      const b = touched[t]!;
      counts[b] = 0;
      hist.fill(0, b * stats, b * stats + stats);
    }
    return distinct > 1;
  }

  /** Tries every threshold between present bins, with missing values on either side, and the present/missing split. */
  private scanBins(f: number, distinct: number, n: number, minLeaf: number, best: Split): void {
    const { hist, counts, touched, left, stats, present } = this;
    const missingCount = counts[MISSING_BIN]!;
    let bins = 0;
    if (distinct * distinct < BINS) {
      for (let t = 0; t < distinct; t++) {
        const b = touched[t]!;
        if (b === MISSING_BIN) continue;
        let at = bins++;
        while (at > 0 && present[at - 1]! > b) {
          present[at] = present[at - 1]!;
          at--;
        }
        present[at] = b;
      }
    } else for (let b = 0; b < MISSING_BIN; b++) if (counts[b]! > 0) present[bins++] = b;
    const missing = MISSING_BIN * stats;
    left.fill(0);
    let leftCount = 0;
    // Thresholds after each present bin but the last; one more with every present value left when some are missing.
    const last = missingCount > 0 ? bins : bins - 1;
    for (let t = 0; t < last; t++) {
      const b = present[t]!;
      for (let s = 0; s < stats; s++) left[s]! += hist[b * stats + s]!;
      leftCount += counts[b]!;
      for (let side = 0; side < (missingCount > 0 && t < bins - 1 ? 2 : 1); side++) {
        const withMissing = side === 1;
        const nLeft = leftCount + (withMissing ? missingCount : 0);
        if (nLeft < minLeaf || n - nLeft < minLeaf) continue;
        const score = this.proxy(withMissing ? missing : -1);
        if (score > best.score) {
          best.score = score;
          best.feature = f;
          best.bin = t < bins - 1 ? b : MISSING_BIN - 1;
          // No missing values here: later ones follow the larger side, as scikit-learn's HistGradientBoosting does.
          best.missingLeft = missingCount > 0 ? withMissing : 2 * nLeft >= n;
          best.threshold = t < bins - 1 ? this.thresholdBetween(f, b, present[t + 1]!) : ABOVE_ALL;
        }
      }
    }
  }

  /** scikit-learn's proxy improvement: Σ(left sums²)/left weight + the same for the right (Gini or squared error). */
  private proxy(missingAt: number): number {
    const { left, totals, hist, stats, setup } = this;
    if (setup.classes === 2) {
      const l0 = left[0]! + (missingAt >= 0 ? hist[missingAt]! : 0);
      const l1 = left[1]! + (missingAt >= 0 ? hist[missingAt + 1]! : 0);
      const r0 = totals[0]! - l0;
      const r1 = totals[1]! - l1;
      return (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
    }
    if (setup.classes > 0) {
      let wl = 0;
      let wr = 0;
      let sl = 0;
      let sr = 0;
      for (let k = 0; k < stats; k++) {
        const l = left[k]! + (missingAt >= 0 ? hist[missingAt + k]! : 0);
        const r = totals[k]! - l;
        wl += l;
        wr += r;
        sl += l * l;
        sr += r * r;
      }
      return sl / wl + sr / wr;
    }
    const wl = left[0]! + (missingAt >= 0 ? hist[missingAt]! : 0);
    const yl = left[1]! + (missingAt >= 0 ? hist[missingAt + 1]! : 0);
    const wr = totals[0]! - wl;
    const yr = totals[1]! - yl;
    return (yl * yl) / wl + (yr * yr) / wr;
  }

  /** The midpoint between the largest value of bin `low` and the smallest of bin `high`, as scikit-learn places it. */
  private thresholdBetween(f: number, low: number, high: number): number {
    const a = this.setup.binLow[f * BINS + high]!;
    const b = this.setup.binHigh[f * BINS + low]!;
    const mid = Math.fround(b / 2 + a / 2);
    return mid >= a ? b : mid;
  }

  /** Moves the node's rows that go left to the front of its range; returns where the right ones start. */
  private partition(start: number, end: number, split: Split): number {
    const { codes, rows } = this.setup.binned;
    const base = split.feature * rows;
    const index = this.index;
    const bin = split.bin;
    const missingLeft = split.missingLeft;
    let i = start;
    let j = end - 1;
    const goesLeft = (r: number): boolean => {
      const b = codes[base + r]!;
      return b === MISSING_BIN ? missingLeft : b <= bin;
    };
    while (i <= j) {
      if (goesLeft(index[i]!)) i++;
      else {
        const r = index[i]!;
        index[i] = index[j]!;
        index[j] = r;
        j--;
      }
    }
    return i;
  }
}
