/**
 * NannyML's confidence-based performance estimation (CBPE) of a classifier on rows without labels
 * (`docs/statistics.md`, "Label-free performance estimation"). The calibrated probability of each class
 * is the chance the row is that class, so the confusion matrix is estimated by expected counts: row i
 * predicted k adds p_i(j) to cell (true j, predicted k). Accuracy, precision, recall and F1 follow from it
 * (binary: class 1; multiclass: the macro mean over every class), and ROC AUC from the expected true- and
 * false-positive counts at each threshold of the model's own score (nannyml's `estimate_roc_auc`). Each
 * estimate carries NannyML's sampling error and the interval estimate ± 3 sampling errors in [0, 1].
 */
import { numpySum } from '../metrics/numpySum.ts';
import type { MetricKey } from '../metrics/metricKey.ts';
import type { Probabilities } from '../metrics/probabilities.ts';
import { primaryMetric, TASK_METRICS } from '../training/modelCard.ts';
import { calibrateRows, type Calibration } from './calibration.ts';
import { interval, samplingError, type EstimatedMetricName } from './samplingError.ts';

/** The metrics CBPE estimates, under the names the task's realised metrics use. */
const METRIC_NAMES: Readonly<Record<'binary' | 'multiclass', Readonly<Record<EstimatedMetricName, MetricKey>>>> = {
  binary: { accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'f1', rocAuc: 'rocAuc' },
  multiclass: { accuracy: 'accuracy', precision: 'precisionMacro', recall: 'recallMacro', f1: 'f1Macro', rocAuc: 'rocAucOvrMacro' },
};

/** The metric keys CBPE estimates for a task, in the task's metric order. */
export function estimatedMetricKeys(task: 'binary' | 'multiclass'): MetricKey[] {
  const names = Object.values(METRIC_NAMES[task]);
  return TASK_METRICS[task].filter((key) => names.includes(key));
}

export interface PerformanceEstimate {
  task: 'binary' | 'multiclass';
  rows: number;
  /** Binary: the class precision, recall and F1 are about; multiclass: null (macro means). */
  positiveClass: string | null;
  /** Metric key → estimate, the primary metric first, then the task's order; null where it is undefined (ROC AUC with no expected positives). */
  estimated: Partial<Record<MetricKey, number | null>>;
  /** Metric key → [low, high], estimate ± 3 sampling errors clipped to [0, 1]; null where the sampling error is unknown. */
  interval: Partial<Record<MetricKey, [number, number] | null>>;
  samplingError: Partial<Record<MetricKey, number | null>>;
  /** Expected counts: [true class][predicted class]. */
  confusionMatrix: number[][];
}

export interface EstimateOptions {
  /** The metric to list first (the version's chosen primary metric); the task's primary one when absent or not estimated. */
  metric?: string | null;
}

const ratio = (a: number, b: number): number => (b !== 0 ? a / b : 0);

/** Rounds half to even at 5 decimals, as `np.round(x, 5)`. */
function round5(x: number): number {
  const y = x * 1e5;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1;
  return r / 1e5;
}

/**
 * nannyml's `estimate_roc_auc`: rows by the model's score, highest first; the expected true positives are
 * the running sum of calibrated probabilities, the false positives the rest; both rounded to 5 decimals
 * as NannyML does, divided by their totals, and the curve's trapezoid area taken. Tied scores are one
 * threshold (NannyML orders them arbitrarily), so the curve crosses a tie on the diagonal of its block.
 */
export function estimateRocAuc(calibrated: Float64Array, scores: Float64Array): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const tps = [0];
  const fps = [0];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    tp += calibrated[order[r]!]!;
    if (r === n - 1 || scores[order[r + 1]!] !== scores[order[r]!]) {
      tps.push(round5(tp));
      fps.push(round5(r + 1 - tp));
    }
  }
  const totalTp = tps[tps.length - 1]!;
  const totalFp = fps[fps.length - 1]!;
  if (!(totalTp > 0) || !(totalFp > 0)) return null;
  const terms = new Float64Array(tps.length - 1);
  for (let j = 1; j < tps.length; j++) {
    terms[j - 1] = ((fps[j]! / totalFp - fps[j - 1]! / totalFp) * (tps[j]! / totalTp + tps[j - 1]! / totalTp)) / 2;
  }
  return numpySum(terms);
}

/** Estimates the classifier's metrics on unlabelled rows from the model's (uncalibrated) probabilities. */
export function estimatePerformance(calibration: Calibration, proba: Probabilities, options: EstimateOptions = {}): PerformanceEstimate {
  const rows = calibrateRows(calibration, proba);
  const { n, classes, calibrated, uncalibrated, predicted } = rows;
  if (n === 0) throw new RangeError('No rows to estimate on: the batch is empty.');
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < classes; j++) confusion[j]![predicted[i]!]! += calibrated[i * classes + j]!;
  }
  const binary = calibration.task === 'binary';
  const perClass: Record<Exclude<EstimatedMetricName, 'accuracy'>, (number | null)[]> = { precision: [], recall: [], f1: [], rocAuc: [] };
  for (let k = binary ? 1 : 0; k < classes; k++) {
    const p = new Float64Array(n);
    const score = new Float64Array(n);
    const tp = new Float64Array(n);
    const fp = new Float64Array(n);
    const fn = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = calibrated[i * classes + k]!;
      score[i] = uncalibrated[i * classes + k]!;
      if (predicted[i] === k) {
        tp[i] = p[i]!;
        fp[i] = 1 - p[i]!;
      } else fn[i] = p[i]!;
    }
    const [TP, FP, FN] = [numpySum(tp), numpySum(fp), numpySum(fn)];
    perClass.precision.push(ratio(TP, TP + FP));
    perClass.recall.push(ratio(TP, TP + FN));
    perClass.f1.push(ratio(TP, TP + 0.5 * (FP + FN)));
    perClass.rocAuc.push(estimateRocAuc(p, score));
  }
  const ofPredicted = Float64Array.from(predicted, (k, i) => calibrated[i * classes + k]!);
  const values: Record<EstimatedMetricName, number | null> = { accuracy: numpySum(ofPredicted) / n, precision: null, recall: null, f1: null, rocAuc: null };
  for (const name of ['precision', 'recall', 'f1', 'rocAuc'] as const) {
    const list = perClass[name];
    values[name] = list.some((v) => v === null) ? null : numpySum(list as number[]) / list.length;
  }
  return assemble(calibration, values, n, confusion, options);
}

function assemble(calibration: Calibration, values: Record<EstimatedMetricName, number | null>, n: number, confusionMatrix: number[][], options: EstimateOptions): PerformanceEstimate {
  const task = calibration.task;
  const names = METRIC_NAMES[task];
  const keys = estimatedMetricKeys(task);
  const chosen = primaryMetric(task, options.metric).key;
  const first = keys.includes(chosen) ? chosen : primaryMetric(task).key;
  const ordered = [first, ...keys.filter((key) => key !== first)];
  const nameOf = (key: MetricKey): EstimatedMetricName => (Object.keys(names) as EstimatedMetricName[]).find((name) => names[name] === key)!;
  const estimate: PerformanceEstimate = { task, rows: n, positiveClass: calibration.positiveClass, estimated: {}, interval: {}, samplingError: {}, confusionMatrix };
  for (const key of ordered) {
    const name = nameOf(key);
    const se = samplingError(calibration.samplingError, name, n);
    estimate.estimated[key] = values[name];
    estimate.samplingError[key] = se;
    estimate.interval[key] = interval(values[name], se);
  }
  return estimate;
}
