import { BIN_SLOTS } from './histogram.ts';

/** scikit-learn's splitter defaults: a child needs a hessian sum of 1e-3, a split a gain above 0. */
export const MIN_HESSIAN_TO_SPLIT = 1e-3;
const MIN_GAIN_TO_SPLIT = 0;

/** The best split of a node: rows with bin ≤ `bin` go left, missing ones where `missingLeft` says. */
export interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  gradLeft: number;
  hessLeft: number;
  gradRight: number;
  hessRight: number;
  rowsLeft: number;
  rowsRight: number;
  valueLeft: number;
  valueRight: number;
}

export interface SplitSettings {
  inputs: number;
  /** Non-missing bins per input (n_bins_non_missing). */
  bins: Uint16Array;
  /** Whether the training rows had a missing value in the input: only then are both directions tried. */
  hasMissing: Uint8Array;
  minSamplesLeaf: number;
  l2: number;
  constantHessian: boolean;
}

/** compute_node_value without bounds (no monotonic constraints): −G / (H + λ). */
export const nodeValue = (grad: number, hess: number, l2: number): number => -grad / (hess + l2 + 1e-15);

/**
 * splitting.pyx's find_node_split for numerical features. Gain = loss(node) − loss(left) − loss(right) with
 * loss = G × value, where the node's own value is the one it was given (0 for the root, as scikit-learn
 * passes). Per input: left-to-right with missing rows going right; when the input had missing values in
 * training, also right-to-left with missing rows going left. A candidate must beat the best so far
 * strictly, so ties go to the lower input and bin. Null when no split has a positive gain.
 */
export function findSplit(hist: Float64Array, rows: number, sumGrad: number, sumHess: number, value: number, s: SplitSettings): SplitInfo | null {
  const { l2, minSamplesLeaf: msl } = s;
  // With constant hessians the histogram's hessian sums are 0 and its counts stand in for them.
  const hessSlot = s.constantHessian ? 2 : 1;
  const current = sumGrad * value;
  let bestGain = -1;
  let feature = -1;
  let bin = 0;
  let missingLeft = false;
  let gradLeft = 0;
  let hessLeft = 0;
  let rowsLeft = 0;
  for (let f = 0; f < s.inputs; f++) {
    const base = f * BIN_SLOTS * 3;
    const nonMissing = s.bins[f]!;
    const missing = s.hasMissing[f]!;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < nonMissing - 1 + missing; b++) {
      const at = base + b * 3;
      nl += hist[at + 2]!;
      hl += hist[at + hessSlot]!;
      gl += hist[at]!;
      const nr = rows - nl;
      if (nl < msl) continue;
      if (nr < msl) break;
      const hr = sumHess - hl;
      if (hl < MIN_HESSIAN_TO_SPLIT) continue;
      if (hr < MIN_HESSIAN_TO_SPLIT) break;
      const gr = sumGrad - gl;
      const gain = current - gl * nodeValue(gl, hl, l2) - gr * nodeValue(gr, hr, l2);
      if (gain > bestGain && gain > MIN_GAIN_TO_SPLIT) {
        bestGain = gain;
        feature = f;
        bin = b;
        missingLeft = false;
        gradLeft = gl;
        hessLeft = hl;
        rowsLeft = nl;
      }
    }
    if (!missing) continue;
    let gr = 0;
    let hr = 0;
    let nr = 0;
    for (let b = nonMissing - 2; b >= 0; b--) {
      const at = base + (b + 1) * 3;
      nr += hist[at + 2]!;
      hr += hist[at + hessSlot]!;
      gr += hist[at]!;
      const nl2 = rows - nr;
      if (nr < msl) continue;
      if (nl2 < msl) break;
      const hl2 = sumHess - hr;
      if (hr < MIN_HESSIAN_TO_SPLIT) continue;
      if (hl2 < MIN_HESSIAN_TO_SPLIT) break;
      const gl2 = sumGrad - gr;
      const gain = current - gl2 * nodeValue(gl2, hl2, l2) - gr * nodeValue(gr, hr, l2);
      if (gain > bestGain && gain > MIN_GAIN_TO_SPLIT) {
        bestGain = gain;
        feature = f;
        bin = b;
        missingLeft = true;
        gradLeft = gl2;
        hessLeft = hl2;
        rowsLeft = nl2;
      }
    }
  }
  if (feature < 0) return null;
  const gradRight = sumGrad - gradLeft;
  const hessRight = sumHess - hessLeft;
  return {
    gain: bestGain,
    feature,
    bin,
    missingLeft,
    gradLeft,
    hessLeft,
    gradRight,
    hessRight,
    rowsLeft,
    rowsRight: rows - rowsLeft,
    valueLeft: nodeValue(gradLeft, hessLeft, l2),
    valueRight: nodeValue(gradRight, hessRight, l2),
  };
}
