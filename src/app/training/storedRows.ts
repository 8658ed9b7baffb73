import type { BatchMeta } from '../../core/batch.ts';
import { targetLabels } from '../../core/training/labels.ts';
import type { ModelCard } from '../../core/training/modelCard.ts';
import { buildTable, TableError } from '../../core/training/table.ts';
import { predictTable } from '../../ml/evaluate.ts';
import type { Scorer } from '../../ml/scorer.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { loadChunksOfColumns, storedChunkRows } from '../../storage/queries/batches.ts';

/** A version's outputs for given rows of stored batches, and each row's label (NaN: missing or a class it never saw). */
export interface StoredRowsOutputs {
  outputs: Float32Array;
  labels: Float64Array;
}

/** Refuses a batch that lacks a column the version reads, before anything is scored. */
export function checkColumns(meta: Pick<BatchMeta, 'name' | 'columns'>, names: readonly string[]): void {
  const missing = names.find((name) => !meta.columns.some((c) => c.name === name));
  if (missing !== undefined) throw new TableError(`batch "${meta.name}" has no column "${missing}"`);
}

/** The last chunk starting at or before the row (−1 before the first). */
function chunkOf(starts: readonly number[], row: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! <= row) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * Scores the given rows of each batch (rows in batch order, any order within) one stored chunk at a time:
 * only the version's columns of one chunk are read at once, never a whole batch, so scoring a holdout of a
 * batch too large to hold costs a chunk's memory. Outputs and labels come back in the order given.
 */
export async function predictStoredRows(db: RelearnDb, scorer: Scorer, card: ModelCard, parts: readonly { meta: Pick<BatchMeta, 'id' | 'name' | 'columns'>; rows: Uint32Array }[]): Promise<StoredRowsOutputs> {
  const names = [...card.preprocessing.features.map((f) => f.name), card.target];
  const k = card.task === 'multiclass' ? card.classes!.length : 1;
  const total = parts.reduce((n, p) => n + p.rows.length, 0);
  const outputs = new Float32Array(total * k);
  const labels = new Float64Array(total);
  let base = 0;
  for (const { meta, rows } of parts) {
    const lengths = await storedChunkRows(db, meta);
    const starts: number[] = [];
    lengths.reduce((at, n) => (starts.push(at), at + n), 0);
    // Positions (in `rows`) of the rows each chunk holds.
    const byChunk = lengths.map((): number[] => []);
    rows.forEach((row, i) => {
      const chunk = chunkOf(starts, row);
      if (chunk < 0 || row >= starts[chunk]! + lengths[chunk]!) throw new RangeError(`batch "${meta.name}" has no row ${row}`);
      byChunk[chunk]!.push(i);
    });
    for (const [chunk, positions] of byChunk.entries()) {
      if (positions.length === 0) continue;
      const columns = await loadChunksOfColumns(db, meta, names.map((name) => meta.columns.findIndex((c) => c.name === name)), [chunk]);
      const table = buildTable([{ id: meta.id, name: meta.name, columns }], names);
      const local = Uint32Array.from(positions, (i) => rows[i]! - starts[chunk]!);
      const { outputs: scored } = await predictTable(scorer, card, table, local);
      const known = targetLabels(card, table.columns.get(card.target)!, table.rows).labels;
      positions.forEach((i, j) => {
        outputs.set(scored.subarray(j * k, j * k + k), (base + i) * k);
        labels[base + i] = known[local[j]!]!;
      });
    }
    base += rows.length;
  }
  return { outputs, labels };
}
