/**
 * NannyML's sampling error of each CBPE estimate (nannyml/sampling_error/binary_classification.py and
 * multiclass_classification.py): components measured once on the labelled validation rows, then scaled to
 * a batch of n rows. The interval is the estimate ± 3 sampling errors, clipped to [0, 1]
 * (`SAMPLING_ERROR_RANGE = 3`, the confidence band NannyML draws).
 */
import { numpyMean } from '../metrics/numpySum.ts';

/** One class's component: the variance of the per-row observations and the share of rows they come from. */
export interface ErrorComponent {
  /** null where NannyML's is NaN (no rows to observe, e.g. a class never predicted on validation). */
  variance: number | null;
  fraction: number;
}

/** Per metric: binary holds one component (class 1), multiclass one per class. Plain JSON. */
export interface SamplingErrorComponents {
  /** Variance of "prediction was right" over the validation rows. */
  accuracy: number;
  precision: ErrorComponent[];
  recall: ErrorComponent[];
  f1: ErrorComponent[];
  rocAuc: ErrorComponent[];
}

export type EstimatedMetricName = keyof SamplingErrorComponents;

/** The number of sampling errors either side of the estimate. */
export const SAMPLING_ERROR_RANGE = 3;

/** np.var (ddof 0) with numpy's pairwise sums; null for no values (NaN in numpy). */
function variance(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const mean = numpyMean(values);
  const squares = Float64Array.from(values as ArrayLike<number>, (v) => (v - mean) * (v - mean));
  return numpyMean(squares);
}

const component = (values: number[], fraction: number): ErrorComponent => {
  const v = variance(values);
  return { variance: v !== null && Number.isFinite(v) ? v : null, fraction };
};

/** Components of one class, one-vs-rest: `truth[i]` and `predicted[i]` say whether row i is / was predicted the class. */
function classComponents(truth: Uint8Array, predicted: Uint8Array, scores: Float64Array, binary: boolean): Omit<SamplingErrorComponents, 'accuracy'> {
  const n = truth.length;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let positives = 0;
  let predictedPositive = 0;
  for (let i = 0; i < n; i++) {
    if (truth[i] && predicted[i]) tp++;
    else if (predicted[i]) fp++;
    else if (truth[i]) fn++;
    positives += truth[i]!;
    predictedPositive += predicted[i]!;
  }
  const ones = (count: number, zeros: number, scale = 1): number[] => [...new Array<number>(count).fill(scale), ...new Array<number>(zeros).fill(0)];
  // Binary F1 scales the observations so their mean is the F1; NannyML's multiclass F1 does not.
  const f1Scale = binary && tp + fp + fn > 0 ? (tp + fp + fn) / ((fn + fp) * 0.5 + tp) : 1;
  return {
    precision: [component(ones(tp, fp), predictedPositive / n)],
    recall: [component(ones(tp, fn), positives / n)],
    f1: [component(ones(tp, fn + fp, f1Scale), (tp + fp + fn) / n)],
    rocAuc: [aurocComponent(truth, scores)],
  };
}

/**
 * AUROC as a Mann-Whitney statistic: for each positive (the minority side, flipped when positives are
 * the majority), the number of negatives scored below it, over the negatives. As NannyML, the positive
 * ranks exclude rank 0 (`np.unique(positive_ranks)[1:]`); ties are taken in row order.
 */
function aurocComponent(truth: Uint8Array, scores: Float64Array): ErrorComponent {
  const n = truth.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += truth[i]!;
  const flip = positives / n > 0.5;
  const label = (i: number): number => (flip ? 1 - truth[i]! : truth[i]!);
  const score = (i: number): number => (flip ? 1 - scores[i]! : scores[i]!);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b) || a - b);
  const minority = flip ? n - positives : positives;
  const negatives = n - minority;
  const ser: number[] = [];
  for (let rank = 1; rank < n; rank++) {
    if (label(order[rank]!) === 1) ser.push((rank - ser.length) / negatives);
  }
  return component(ser, minority / n);
}

/** The components from validation rows: labels, the model's predicted classes and its uncalibrated scores per class. */
export function samplingErrorComponents(labels: Int32Array, predicted: Int32Array, scoresOfClass: (k: number) => Float64Array, classes: number): SamplingErrorComponents {
  const n = labels.length;
  if (n === 0) throw new RangeError('Sampling errors need at least one validation row.');
  const correct = Float64Array.from(labels, (y, i) => (y === predicted[i] ? 1 : 0));
  const out: SamplingErrorComponents = { accuracy: variance(correct) ?? 0, precision: [], recall: [], f1: [], rocAuc: [] };
  const binary = classes === 2;
  for (let k = binary ? 1 : 0; k < classes; k++) {
    const truth = Uint8Array.from(labels, (y) => (y === k ? 1 : 0));
    const hit = Uint8Array.from(predicted, (p) => (p === k ? 1 : 0));
    const parts = classComponents(truth, hit, scoresOfClass(k), binary);
    out.precision.push(...parts.precision);
    out.recall.push(...parts.recall);
    out.f1.push(...parts.f1);
    out.rocAuc.push(...parts.rocAuc);
  }
  return out;
}

/**
 * The sampling error of a metric on a batch of n rows; null where a component is unknown.
 * Binary: sqrt(variance / (n · fraction)). Multiclass: sqrt(Σ variance_k / (n · fraction_k)) / K, × 1.2 for
 * ROC AUC (NannyML: "std of class variances underestimated sampling error by 20%").
 */
export function samplingError(components: SamplingErrorComponents, metric: EstimatedMetricName, n: number): number | null {
  if (metric === 'accuracy') return Math.sqrt(components.accuracy) / Math.sqrt(n);
  const parts = components[metric];
  let total = 0;
  for (const { variance: v, fraction } of parts) {
    if (v === null) return null;
    total += v / (n * fraction);
  }
  const se = parts.length === 1 ? Math.sqrt(total) : (Math.sqrt(total) / parts.length) * (metric === 'rocAuc' ? 1.2 : 1);
  return Number.isFinite(se) ? se : null;
}

/** [estimate − 3·SE, estimate + 3·SE] clipped to [0, 1]; null without an estimate or a sampling error. */
export function interval(estimate: number | null, se: number | null): [number, number] | null {
  if (estimate === null || se === null) return null;
  return [Math.max(0, estimate - SAMPLING_ERROR_RANGE * se), Math.min(1, estimate + SAMPLING_ERROR_RANGE * se)];
}
