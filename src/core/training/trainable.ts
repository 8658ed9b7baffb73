import type { BatchMeta } from '../batch.ts';

type BatchFacts = Pick<BatchMeta, 'columns' | 'quality' | 'validation'>;

/** Whether a batch has the target column: the scheduler judges it, a model can be scored on it. */
export const hasTargetColumn = (batch: Pick<BatchMeta, 'columns'>, target: string | null): boolean =>
  target !== null && batch.columns.some((c) => c.name === target);

/** Whether a batch has the target column with at least one value: labelled rows a model can learn from. */
export function hasLabels(batch: Pick<BatchMeta, 'columns' | 'quality'>, target: string | null): boolean {
  if (!hasTargetColumn(batch, target)) return false;
  const quality = batch.quality.find((q) => q.name === target);
  return quality ? quality.missing < quality.rows : true;
}

/** Why a batch is not training data for the target; null when it is. */
export function untrainableReason(batch: BatchFacts, target: string | null): 'no labels' | 'failed validation' | null {
  if (!hasLabels(batch, target)) return 'no labels';
  // A batch that failed validation still starts a run (which fails at validate_data, on purpose); it never trains one.
  if (batch.validation?.status === 'fail') return 'failed validation';
  return null;
}

/**
 * The batches a model can learn the target from, in the order given: the target column with at least
 * one labelled row, and validation passed or only warned. The Models form, Run now and the scheduler
 * all pick training data by this rule.
 */
export const trainableBatches = <B extends BatchFacts>(batches: readonly B[], target: string | null): B[] =>
  batches.filter((b) => untrainableReason(b, target) === null);
