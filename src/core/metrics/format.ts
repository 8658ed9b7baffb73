import { NO_VALUE } from '../drift/format.ts';
import type { HeadlineMetrics } from '../training/modelCard.ts';
import type { Task } from '../training/task.ts';
import type { BinaryMetrics, MulticlassMetrics } from './classification.ts';
import { METRIC_LABELS, type MetricKey } from './metricKey.ts';
import type { RegressionMetrics } from './regression.ts';

/**
 * Numbers of models as the Models section and the shareable reports show them. A metric can be null
 * (undefined for the data), and a broken record could hold NaN or Infinity: none of these reaches the
 * screen as such.
 */

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** A metric or loss: four significant digits, scientific when very large or very small. */
export function formatMetric(x: number | null | undefined): string {
  if (!finite(x)) return NO_VALUE;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** "850 ms", "12.3 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (!finite(ms) || ms < 0) return NO_VALUE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.round((whole % 3600) / 60)} min`;
}

export interface MetricRow {
  key: MetricKey;
  label: string;
  value: number | null;
  /** What the number means, for the row's title and the text alternative. */
  help: string;
}

/** The holdout metrics of a task as labelled rows, in the order the field reads them. */
export function metricRows(task: Task, metrics: HeadlineMetrics, classes: string[] | null): MetricRow[] {
  if (task === 'regression') {
    const m = metrics as RegressionMetrics;
    return [
      { key: 'rmse', label: METRIC_LABELS.rmse, value: m.rmse, help: 'root mean squared error, in the target’s unit; lower is better' },
      { key: 'mae', label: METRIC_LABELS.mae, value: m.mae, help: 'mean absolute error, in the target’s unit; lower is better' },
      { key: 'r2', label: METRIC_LABELS.r2, value: m.r2, help: 'share of the target’s variance explained; 1 is perfect, 0 is no better than the mean' },
    ];
  }
  if (task === 'binary') {
    const m = metrics as BinaryMetrics;
    const positive = classes?.[1] ? ` (“${classes[1]}”)` : '';
    return [
      { key: 'accuracy', label: METRIC_LABELS.accuracy, value: m.accuracy, help: 'share of rows classified correctly' },
      { key: 'precision', label: `${METRIC_LABELS.precision}${positive}`, value: m.precision, help: 'of the rows predicted positive, the share that are' },
      { key: 'recall', label: `${METRIC_LABELS.recall}${positive}`, value: m.recall, help: 'of the positive rows, the share found' },
      { key: 'f1', label: `${METRIC_LABELS.f1}${positive}`, value: m.f1, help: 'harmonic mean of precision and recall' },
      { key: 'rocAuc', label: METRIC_LABELS.rocAuc, value: m.rocAuc, help: 'chance that a positive row scores above a negative one' },
      { key: 'logLoss', label: METRIC_LABELS.logLoss, value: m.logLoss, help: 'cross-entropy of the predicted probabilities; lower is better' },
    ];
  }
  const m = metrics as MulticlassMetrics;
  return [
    { key: 'accuracy', label: METRIC_LABELS.accuracy, value: m.accuracy, help: 'share of rows classified correctly' },
    { key: 'precisionMacro', label: METRIC_LABELS.precisionMacro, value: m.precisionMacro, help: 'mean of the per-class precisions' },
    { key: 'recallMacro', label: METRIC_LABELS.recallMacro, value: m.recallMacro, help: 'mean of the per-class recalls' },
    { key: 'f1Macro', label: METRIC_LABELS.f1Macro, value: m.f1Macro, help: 'mean of the per-class F1 scores' },
    { key: 'precisionWeighted', label: METRIC_LABELS.precisionWeighted, value: m.precisionWeighted, help: 'per-class precisions weighted by class size' },
    { key: 'recallWeighted', label: METRIC_LABELS.recallWeighted, value: m.recallWeighted, help: 'per-class recalls weighted by class size' },
    { key: 'f1Weighted', label: METRIC_LABELS.f1Weighted, value: m.f1Weighted, help: 'per-class F1 scores weighted by class size' },
    { key: 'rocAucOvrMacro', label: METRIC_LABELS.rocAucOvrMacro, value: m.rocAucOvrMacro, help: 'mean over classes of each class’s ROC AUC against the rest' },
    { key: 'logLoss', label: METRIC_LABELS.logLoss, value: m.logLoss, help: 'cross-entropy of the predicted probabilities; lower is better' },
  ];
}
