import type { BatchMeta } from '../../core/batch.ts';
import type { RowChunk } from '../../core/training/streamOrder.ts';
import { buildTable, seriesOf, type Series, type Table } from '../../core/training/table.ts';
import type { ChunkedTable } from '../../ml/prepareStreamed.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { loadColumn, loadColumnChunks, storedChunkRows } from '../../storage/queries/batches.ts';

/**
 * Batches holding more values than this (rows × the columns trained on) train on chunks read from
 * IndexedDB instead of one table in memory: a network streams its rows, trees bin a column at a time.
 * Below it, training is exactly as before.
 */
export const STREAM_VALUES = 60_000_000;

/** Whether training on these batches reads its rows from storage: more than `limit` values (STREAM_VALUES unless given). */
export const streamsTraining = (metas: readonly BatchMeta[], columns: number, limit = STREAM_VALUES): boolean => metas.reduce((n, m) => n + m.rows, 0) * columns > limit;

const indexOf = (meta: BatchMeta, name: string): number => {
  const index = meta.columns.findIndex((c) => c.name === name);
  if (index < 0) throw new RangeError(`batch "${meta.name}" has no column "${name}"`);
  return index;
};

/**
 * The batches (arrival order) as a ChunkedTable over IndexedDB: a column of every batch read whole when
 * asked, or some stored chunks of the named columns; the chunks are the batches' own, as stored.
 */
export async function chunkedTable(db: RelearnDb, metas: readonly BatchMeta[]): Promise<ChunkedTable> {
  const batches: Table['batches'] = [];
  const chunks: RowChunk[] = [];
  /** Each table chunk's batch and chunk number within it. */
  const places: { meta: BatchMeta; chunk: number }[] = [];
  let rows = 0;
  for (const meta of metas) {
    batches.push({ id: meta.id, start: rows, rows: meta.rows });
    let at = rows;
    for (const [chunk, length] of (await storedChunkRows(db, meta)).entries()) {
      chunks.push({ start: at, rows: length });
      places.push({ meta, chunk });
      at += length;
    }
    rows += meta.rows;
  }
  return {
    rows,
    batches,
    chunks,
    async column(name: string): Promise<Series> {
      const parts = [];
      for (const meta of metas) parts.push({ id: meta.id, name: meta.name, columns: [await loadColumn(db, meta, indexOf(meta, name))] });
      return seriesOf(buildTable(parts, [name]), name);
    },
    async read(indices: readonly number[], names: readonly string[]): Promise<Table> {
      // One part per chunk, so buildTable appends them in the order asked.
      const parts = await Promise.all(
        indices.map(async (c) => {
          const { meta, chunk } = places[c]!;
          return { id: `${meta.id}#${chunk}`, name: meta.name, columns: await Promise.all(names.map((name) => loadColumnChunks(db, meta, indexOf(meta, name), [chunk]))) };
        }),
      );
      return buildTable(parts, [...names]);
    },
  };
}
