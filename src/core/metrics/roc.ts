/**
 * ROC curve and area, as scikit-learn 1.2's `roc_curve(drop_intermediate=True)` and `roc_auc_score`.
 *
 * One point per distinct score (tied scores move the curve diagonally, which is how ties count half),
 * collinear intermediate points dropped, a first point (0, 0) at threshold max + 1, and the area by
 * the trapezoid rule over the kept points (`np.trapz`, summed in numpy's order).
 * O(n log n): the positive and the negative scores are sorted separately and merged.
 */
import { sortFloat64 } from '../drift/sortFloat64.ts';
import { numpySum } from './numpySum.ts';

export interface RocCurve {
  /** False positive rate per threshold, from 0 to 1. */
  readonly fpr: Float64Array;
  /** True positive rate per threshold, from 0 to 1. */
  readonly tpr: Float64Array;
  /** Decreasing: a row is called positive when its score >= threshold; the first is max score + 1 (scikit-learn 1.2). */
  readonly thresholds: Float64Array;
}

/** Cumulative (false, true) positive counts at each distinct score, highest score first (`_binary_clf_curve`). */
function countsByThreshold(positive: Float64Array, negative: Float64Array): { fps: Float64Array; tps: Float64Array; thresholds: Float64Array } {
  const capacity = positive.length + negative.length;
  const fps = new Float64Array(capacity);
  const tps = new Float64Array(capacity);
  const thresholds = new Float64Array(capacity);
  let i = positive.length - 1;
  let j = negative.length - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (i >= 0 || j >= 0) {
    const threshold = j < 0 || (i >= 0 && positive[i]! >= negative[j]!) ? positive[i]! : negative[j]!;
    // `===` groups -0 with 0, as numpy's `np.diff(y_score) != 0` does.
    while (i >= 0 && positive[i] === threshold) {
      tp++;
      i--;
    }
    while (j >= 0 && negative[j] === threshold) {
      fp++;
      j--;
    }
    fps[m] = fp;
    tps[m] = tp;
    thresholds[m] = threshold;
    m++;
  }
  return { fps: fps.subarray(0, m), tps: tps.subarray(0, m), thresholds: thresholds.subarray(0, m) };
}

/**
 * The ROC curve of `scores` for "label === positiveClass", or null when the labels hold only one side
 * (scikit-learn then warns and returns NaN rates; its `roc_auc_score` raises).
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, positiveClass: number): RocCurve | null {
  let positives = 0;
  for (let r = 0; r < labels.length; r++) if (labels[r] === positiveClass) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const positive = new Float64Array(positives);
  const negative = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] === positiveClass) positive[p++] = scores[r]!;
    else negative[q++] = scores[r]!;
  }
  const { fps, tps, thresholds } = countsByThreshold(sortFloat64(positive), sortFloat64(negative));

  // Keep the ends and every corner: a point whose second difference in fps or tps is non-zero.
  const m = fps.length;
  const keep = new Int32Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const corner = m <= 2 || k === 0 || k === m - 1 || fps[k + 1]! - 2 * fps[k]! + fps[k - 1]! !== 0 || tps[k + 1]! - 2 * tps[k]! + tps[k - 1]! !== 0;
    if (corner) keep[kept++] = k;
  }

  const fpr = new Float64Array(kept + 1);
  const tpr = new Float64Array(kept + 1);
  const cut = new Float64Array(kept + 1);
  cut[0] = thresholds[0]! + 1;
  for (let at = 0; at < kept; at++) {
    const k = keep[at]!;
    fpr[at + 1] = fps[k]! / negatives;
    tpr[at + 1] = tps[k]! / positives;
    cut[at + 1] = thresholds[k]!;
  }
  return { fpr, tpr, thresholds: cut };
}

/** Area under the curve: `np.trapz(tpr, fpr)`, the per-segment terms summed in numpy's order. */
export function areaUnderCurve(curve: RocCurve): number {
  const { fpr, tpr } = curve;
  const terms = new Float64Array(fpr.length - 1);
  for (let k = 0; k < terms.length; k++) terms[k] = ((fpr[k + 1]! - fpr[k]!) * (tpr[k + 1]! + tpr[k]!)) / 2;
  return numpySum(terms);
}
