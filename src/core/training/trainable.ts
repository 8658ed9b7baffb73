import type { BatchMeta } from '../batch.ts';

import type { ColumnQuality } from '../quality.ts';

/** What the rule reads of a column's quality: a list of batches holds no more (no histograms, no category counts). */
type LabelFacts = { quality: readonly Pick<ColumnQuality, 'name' | 'missing' | 'rows'>[] };
type BatchFacts = Pick<BatchMeta, 'columns' | 'validation'> & LabelFacts;

/** Whether a batch has the target column: the scheduler judges it, a model can be scored on it. */
export const hasTargetColumn = (batch: Pick<BatchMeta, 'columns'>, target: string | null): boolean =>
  target !== null && batch.columns.some((c) => c.name === target);

/** Whether a batch has the target column with at least one value: labelled rows a model can learn from. */
export function hasLabels(batch: Pick<BatchMeta, 'columns'> & LabelFacts, target: string | null): boolean {
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
