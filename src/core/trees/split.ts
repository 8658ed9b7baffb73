import { BIN_SLOTS } from './histogram.ts';
import { MISSING_BIN } from './binning.ts';

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
  const { l2, minSamplesLeaf: msl, constantHessian } = s;
  const current = sumGrad * value;
  let best: SplitInfo | null = null;
  let bestGain = -1;
  const consider = (gain: number, feature: number, bin: number, missingLeft: boolean, gl: number, hl: number, nl: number): void => {
    const gr = sumGrad - gl;
    const hr = sumHess - hl;
    best = {
      gain,
      feature,
      bin,
      missingLeft,
      gradLeft: gl,
      hessLeft: hl,
      gradRight: gr,
      hessRight: hr,
      rowsLeft: nl,
      rowsRight: rows - nl,
      valueLeft: nodeValue(gl, hl, l2),
      valueRight: nodeValue(gr, hr, l2),
    };
    bestGain = gain;
  };
  const hessAt = (at: number): number => (constantHessian ? hist[at + 2]! : hist[at + 1]!);
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
      hl += hessAt(at);
      gl += hist[at]!;
      const nr = rows - nl;
      if (nl < msl) continue;
      if (nr < msl) break;
      const hr = sumHess - hl;
      if (hl < MIN_HESSIAN_TO_SPLIT) continue;
      if (hr < MIN_HESSIAN_TO_SPLIT) break;
      const gr = sumGrad - gl;
      const gain = current - gl * nodeValue(gl, hl, l2) - gr * nodeValue(gr, hr, l2);
      if (gain > bestGain && gain > MIN_GAIN_TO_SPLIT) consider(gain, f, b, false, gl, hl, nl);
    }
    if (!missing) continue;
    let gr = 0;
    let hr = 0;
    let nr = 0;
    for (let b = nonMissing - 2; b >= 0; b--) {
      const at = base + (b + 1) * 3;
      nr += hist[at + 2]!;
      hr += hessAt(at);
      gr += hist[at]!;
      const nlr = rows - nr;
      if (nr < msl) continue;
      if (nlr < msl) break;
      const hlr = sumHess - hr;
      if (hr < MIN_HESSIAN_TO_SPLIT) continue;
      if (hlr < MIN_HESSIAN_TO_SPLIT) break;
      const glr = sumGrad - gr;
      const gain = current - glr * nodeValue(glr, hlr, l2) - gr * nodeValue(gr, hr, l2);
      if (gain > bestGain && gain > MIN_GAIN_TO_SPLIT) consider(gain, f, b, true, glr, hlr, nlr);
    }
  }
  return best;
}

/** Whether a row's bin code goes left under a split (splitting.pyx's sample_goes_left). */
export const goesLeft = (code: number, bin: number, missingLeft: boolean): boolean => (code === MISSING_BIN ? missingLeft : code <= bin);
