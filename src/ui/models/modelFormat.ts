import { METRIC_LABELS, type BinaryMetrics, type MetricKey, type MulticlassMetrics, type RegressionMetrics } from '../../core/metrics/index.ts';
import type { HyperParameters } from '../../core/training/config.ts';
import type { StopReason } from '../../core/training/history.ts';
import type { HeadlineMetrics, ModelCard } from '../../core/training/modelCard.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import type { Task } from '../../core/training/task.ts';
import { formatCount } from '../format.ts';
import { NO_VALUE } from '../monitor/driftFormat.ts';

/**
 * Numbers of models as the Models section shows them. A metric can be null (undefined for the data),
 * and a broken record could hold NaN or Infinity: none of these reaches the screen as such.
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

/** "58,214 samples/s". */
export const formatRate = (samplesPerSecond: number | null | undefined): string => (finite(samplesPerSecond) ? `${formatCount(Math.round(samplesPerSecond))} samples/s` : NO_VALUE);

/** A share of rows: "20%", "12.5%". */
export const formatShareOfRows = (share: number): string => (finite(share) ? `${Number((share * 100).toPrecision(3))}%` : NO_VALUE);

const shortTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Dec 2, 14:49", where a table has little room; the full time goes in its title. */
export const formatShortTime = (ms: number): string => shortTime.format(ms);

export const SHORT_TASKS: Record<Task, string> = { binary: 'binary', multiclass: 'multiclass', regression: 'regression' };

export const TASK_LABELS: Record<Task, string> = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' };

/** "MLP 64-64 (relu)", "linear", "gradient boosting (31 leaves, learning rate 0.1)" or "random forest (100 trees)": the learning rate tells a search's trials apart. */
export function familyText(params: HyperParameters): string {
  if (params.family === 'gbdt') return `gradient boosting (${params.maxLeafNodes ?? 31} leaves, learning rate ${params.learningRate})`;
  if (params.family === 'forest') return `random forest (${formatCount(params.epochs)} trees)`;
  return params.family === 'mlp' ? `MLP ${params.hidden.join('-')} (${params.activation})` : 'linear';
}

/** Where a table has little room: "MLP 64-64", "linear", "gradient boosting", "random forest". */
export const shortFamilyText = (params: HyperParameters): string => (params.family === 'mlp' ? `MLP ${params.hidden.join('-')}` : params.family === 'gbdt' ? 'gradient boosting' : params.family === 'forest' ? 'random forest' : 'linear');

export interface StepName {
  one: string;
  many: string;
  title: string;
}

/** What one step of training is called: a network's epoch, a boosting iteration, a forest's tree. */
export function stepName(family: HyperParameters['family']): StepName {
  if (family === 'gbdt') return { one: 'iteration', many: 'iterations', title: 'Iteration' };
  if (family === 'forest') return { one: 'tree', many: 'trees', title: 'Tree' };
  return { one: 'epoch', many: 'epochs', title: 'Epoch' };
}

export const STOP_REASONS: Record<StopReason, string> = {
  epochs: 'ran every epoch',
  'early stopping': 'early stopping: the validation loss stopped improving',
  'time budget': 'the search’s time budget ran out',
};

/** Why training stopped, in the family's words: a forest builds every tree, gradient boosting runs every iteration. */
export const stopReasonText = (reason: StopReason, family: HyperParameters['family']): string =>
  reason === 'epochs' ? (family === 'forest' ? 'built every tree' : `ran every ${stepName(family).one}`) : STOP_REASONS[reason];

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

/** "F1 (macro) 0.6123" for a version's primary metric, or a dash when it has none. */
export function primaryMetricLabel(card: ModelCard, metrics: HeadlineMetrics | null): { label: string; value: string } {
  const { key } = primaryMetric(card.task);
  const row = metrics ? metricRows(card.task, metrics, card.classes).find((r) => r.key === key) : undefined;
  return { label: row?.label ?? key, value: formatMetric(row?.value) };
}

/**
 * The caveat on scores over rows a version trained on: "312 of 500 rows were in version 3's training data: its
 * metrics there are flattered"; "unknown" for a version that records no training batches; null when none.
 */
export function trainedOnText(version: number, trainedOn: number | null, of: number): string | null {
  if (trainedOn === null) return `Rows in version ${version}’s training data: unknown (this model records no training batches).`;
  if (trainedOn === 0) return null;
  return `${formatCount(trainedOn)} of ${formatCount(of)} rows were in version ${version}’s training data: its metrics there are flattered.`;
}
