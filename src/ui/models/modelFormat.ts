import type { HyperParameters } from '../../core/training/config.ts';
import type { StopReason } from '../../core/training/history.ts';
import type { HeadlineMetrics, ModelCard } from '../../core/training/modelCard.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import type { Task } from '../../core/training/task.ts';
import { formatCount } from '../format.ts';
import { NO_VALUE } from '../monitor/driftFormat.ts';

/** Numbers of models as the Models section shows them; a metric's and a duration's format live in src/core (the reports use them too). */
export { formatDuration, formatMetric, metricRows, type MetricRow } from '../../core/metrics/format.ts';
import { formatMetric, metricRows } from '../../core/metrics/format.ts';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

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

// One object per family: a memoised chart given `stepName(…)` as a prop must see the same one each render
// (a new object on every training progress message redrew the whole loss chart several times a second).
const ITERATION: StepName = { one: 'iteration', many: 'iterations', title: 'Iteration' };
const TREE: StepName = { one: 'tree', many: 'trees', title: 'Tree' };
const EPOCH: StepName = { one: 'epoch', many: 'epochs', title: 'Epoch' };

/** What one step of training is called: a network's epoch, a boosting iteration, a forest's tree. */
export function stepName(family: HyperParameters['family']): StepName {
  if (family === 'gbdt') return ITERATION;
  if (family === 'forest') return TREE;
  return EPOCH;
}

export const STOP_REASONS: Record<StopReason, string> = {
  epochs: 'ran every epoch',
  'early stopping': 'early stopping: the validation loss stopped improving',
  'time budget': 'the search’s time budget ran out',
};

/** Why training stopped, in the family's words: a forest builds every tree, gradient boosting runs every iteration. */
export const stopReasonText = (reason: StopReason, family: HyperParameters['family']): string =>
  reason === 'epochs' ? (family === 'forest' ? 'built every tree' : `ran every ${stepName(family).one}`) : STOP_REASONS[reason];

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
