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
