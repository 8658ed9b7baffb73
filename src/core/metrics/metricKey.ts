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
