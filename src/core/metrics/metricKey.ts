import type { BinaryMetrics, MulticlassMetrics } from './classification.ts';
import type { RegressionMetrics } from './regression.ts';

type ScalarKeys<M> = { [K in keyof M]-?: M[K] extends number | null ? K : never }[keyof M];

/** The name of a scalar holdout metric, as the headline metrics of every task spell it. */
export type MetricKey = ScalarKeys<BinaryMetrics> | ScalarKeys<MulticlassMetrics> | ScalarKeys<RegressionMetrics>;

export type MetricDirection = 'higher' | 'lower';

/** Whether higher is better, per metric: the one direction the gate, the comparisons and the charts judge by. */
export const METRIC_DIRECTION: Readonly<Record<MetricKey, MetricDirection>> = {
  accuracy: 'higher',
  f1: 'higher',
  f1Macro: 'higher',
  f1Weighted: 'higher',
  precision: 'higher',
  precisionMacro: 'higher',
  precisionWeighted: 'higher',
  recall: 'higher',
  recallMacro: 'higher',
  recallWeighted: 'higher',
  rocAuc: 'higher',
  rocAucOvrMacro: 'higher',
  r2: 'higher',
  logLoss: 'lower',
  rmse: 'lower',
  mae: 'lower',
};

/** Each metric as a person reads it; the key itself only where a person types or copies it (CLI flags, JSON). */
export const METRIC_LABELS: Readonly<Record<MetricKey, string>> = {
  accuracy: 'Accuracy',
  f1: 'F1',
  f1Macro: 'F1 (macro)',
  f1Weighted: 'F1 (weighted)',
  precision: 'Precision',
  precisionMacro: 'Precision (macro)',
  precisionWeighted: 'Precision (weighted)',
  recall: 'Recall',
  recallMacro: 'Recall (macro)',
  recallWeighted: 'Recall (weighted)',
  rocAuc: 'ROC AUC',
  rocAucOvrMacro: 'ROC AUC (one-vs-rest, macro)',
  r2: 'R²',
  logLoss: 'Log loss',
  rmse: 'RMSE',
  mae: 'MAE',
};

/** The binary metrics that are about one class: their labels name it ("Precision (yes)"). */
const OF_POSITIVE_CLASS: ReadonlySet<MetricKey> = new Set(['precision', 'recall', 'f1']);

/** Whether the metric is about the positive class of a binary task (precision, recall, F1). */
export const isPositiveClassMetric = (key: MetricKey): boolean => OF_POSITIVE_CLASS.has(key);

/** "F1 (macro)"; with a positive class, "Precision (yes)". */
export const metricLabel = (key: MetricKey, positiveClass?: string | null): string =>
  positiveClass != null && isPositiveClassMetric(key) ? `${METRIC_LABELS[key]} (${positiveClass})` : METRIC_LABELS[key];

/** Whether a name read from settings, a command line or a stored record is a metric. */
export const isMetricKey = (name: string): name is MetricKey => Object.hasOwn(METRIC_DIRECTION, name);

export const higherIsBetter = (key: MetricKey): boolean => METRIC_DIRECTION[key] === 'higher';

/** One metric of a report as a finite number; null when the report lacks it, or has it null, NaN or infinite. */
export function metricValue(metrics: BinaryMetrics | MulticlassMetrics | RegressionMetrics | null | undefined, key: MetricKey): number | null {
  if (!metrics) return null;
  const value: unknown = (metrics as Partial<Record<MetricKey, unknown>>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** How much better `b` is than `a` on the metric: b − a, negated where lower is better; null unless both are finite. */
export function improvement(key: MetricKey, a: number | null | undefined, b: number | null | undefined): number | null {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  return higherIsBetter(key) ? b - a : a - b;
}
