/** Rows of one batch, by their index in that batch. */
export interface RowsOfBatch {
  batchId: string;
  rows: Uint32Array;
}

/** What a version was fitted on: the batches it read and, of those, the rows it held out. */
export interface FittedOn {
  batches: readonly { id: string }[];
  holdout: readonly RowsOfBatch[];
}

/**
 * The rows that none of the given versions trained on: a row of a batch in a version's lineage counts as
 * seen unless it is in that version's holdout (its validation rows steered early stopping, so they count
 * as seen). Scoring a champion on rows it learned from would flatter it; this keeps the gate fair.
 */
export function rowsUnseenBy(rows: readonly RowsOfBatch[], versions: readonly FittedOn[]): { rows: RowsOfBatch[]; dropped: number } {
  let dropped = 0;
  const kept: RowsOfBatch[] = [];
  for (const part of rows) {
    let keep = Array.from(part.rows);
    for (const version of versions) {
      if (!version.batches.some((b) => b.id === part.batchId)) continue;
      const held = new Set(version.holdout.filter((h) => h.batchId === part.batchId).flatMap((h) => Array.from(h.rows)));
      keep = keep.filter((row) => held.has(row));
    }
    dropped += part.rows.length - keep.length;
    if (keep.length > 0) kept.push({ batchId: part.batchId, rows: Uint32Array.from(keep) });
  }
  return { rows: kept, dropped };
}

/** What a version records of its training: its lineage (null batches when imported) and its card's batch hashes. */
export interface TrainingRecordOf {
  lineage: FittedOn;
  card: { trainingBatches?: readonly string[] };
}

/**
 * What a version trained on, as `rowsUnseenBy` reads it. A version with a lineage (trained here) is its
 * lineage; one without (imported) falls back on its card's training-batch hashes, whose held-out rows are
 * not recorded, so every row of those batches counts as seen. Null when neither is known (an old card).
 */
export function fittedOn(version: TrainingRecordOf): FittedOn | null {
  if (version.lineage.batches.length > 0) return version.lineage;
  if (version.card.trainingBatches) return { batches: version.card.trainingBatches.map((id) => ({ id })), holdout: [] };
  return null;
}

/**
 * How many of the given rows were in a version's training data (train or validation rows: its holdout
 * rows are not), so a score on them can say it is flattered. Null: unknown, the version records no
 * training batches.
 */
export function rowsTrainedOn(rows: readonly RowsOfBatch[], version: TrainingRecordOf): number | null {
  const fitted = fittedOn(version);
  if (!fitted) return null;
  const unseen = rowsUnseenBy(rows, [fitted]);
  return unseen.dropped;
}
