import { higherIsBetter, isMetricKey, type MetricKey } from '../metrics/metricKey.ts';
import type { BinaryMetrics, MulticlassMetrics, RegressionMetrics } from '../metrics/index.ts';
import type { HyperParameters } from './config.ts';
import type { Preprocessing } from './preprocess.ts';
import type { Target, Task } from './task.ts';

/** Bumped when the card's shape changes; readers refuse a newer one. */
export const MODEL_CARD_VERSION = 1;

export type HeadlineMetrics = BinaryMetrics | MulticlassMetrics | RegressionMetrics;

/**
 * Everything needed to score with a model besides its weights, saved inside model.json
 * (`userDefinedMetadata.relearn`): the task, the target's classes, the fitted preprocessing.
 */
export interface ModelCard {
  formatVersion: number;
  task: Task;
  target: string;
  /** Class labels in output order; null for regression. Binary: the output is the probability of classes[1]. */
  classes: string[] | null;
  preprocessing: Preprocessing;
  params: HyperParameters;
  seed: number;
  /** The weight of each class's rows in training (`params.classWeight` balanced); absent when every row weighed 1. */
  classWeights?: number[];
  /**
   * The content sha256 of every batch (file) it was fitted from, in order: a batch's id is its sha256, so
   * scoring a file can tell whether the model trained on it. Absent on cards saved before it was kept.
   */
  trainingBatches?: string[];
}

/**
 * Whether a file (by its content sha256) is one of the batches a model was fitted from; null when the
 * card records no training batches (saved before they were kept), so nobody guesses.
 */
/** The card of a model about to be trained (its params are added once they are chosen): the in-memory and streamed paths alike. */
export function preparedCard(target: Target, preprocessing: Preprocessing, seed: number, batchIds: string[], classWeights: number[] | null): Omit<ModelCard, 'params'> {
  return {
    formatVersion: MODEL_CARD_VERSION,
    task: target.task,
    target: target.name,
    classes: target.classes,
    preprocessing,
    seed,
    trainingBatches: batchIds,
    ...(classWeights ? { classWeights } : {}),
  };
}

export function trainedOnFile(card: Pick<ModelCard, 'trainingBatches'>, sha256: string): boolean | null {
  return card.trainingBatches ? card.trainingBatches.includes(sha256.toLowerCase()) : null;
}

export function assertModelCard(card: unknown): asserts card is ModelCard {
  const c = card as Partial<ModelCard> | null;
  if (!c || typeof c !== 'object' || typeof c.task !== 'string' || !c.preprocessing || typeof c.target !== 'string') {
    throw new Error('this model.json has no Relearn model card (userDefinedMetadata.relearn): it was not saved by Relearn');
  }
  if (c.formatVersion !== MODEL_CARD_VERSION) {
    throw new Error(`the model card has format version ${String(c.formatVersion)}; this build reads version ${MODEL_CARD_VERSION}`);
  }
  const missing = c.preprocessing.missing;
  if (missing !== undefined && missing !== 'impute' && missing !== 'keep') throw new Error(`the model card's preprocessing.missing is "${String(missing)}"; impute or keep expected`);
  const hashes = c.trainingBatches;
  if (hashes !== undefined && !(Array.isArray(hashes) && hashes.every((h) => typeof h === 'string'))) {
    throw new Error("the model card's trainingBatches is not a list of batch hashes (strings)");
  }
}

/** The scalar metrics each task reports (scoreOutputs), so --metric can be checked before any scoring. */
export const TASK_METRICS: Readonly<Record<Task, readonly MetricKey[]>> = {
  binary: ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss'],
  multiclass: ['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted', 'rocAucOvrMacro', 'logLoss'],
  regression: ['rmse', 'mae', 'r2'],
};

const PRIMARY_METRIC: Readonly<Record<Task, MetricKey>> = { binary: 'rocAuc', multiclass: 'f1Macro', regression: 'rmse' };

/** The metric a task is judged by first (or the chosen one, where the task reports it), and whether higher is better. */
export function primaryMetric(task: Task, chosen?: string | null): { key: MetricKey; higherIsBetter: boolean } {
  const key = chosen && isMetricKey(chosen) && TASK_METRICS[task].includes(chosen) ? chosen : PRIMARY_METRIC[task];
  return { key, higherIsBetter: higherIsBetter(key) };
}

/** One weight tensor in the buffer, as tfjs's weights manifest describes it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'complex64' | 'string';
}

/** A saved model: the tfjs topology and weights manifest, one weights buffer, and its card. */
export interface ModelArtifactsRecord {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  card: ModelCard;
}
