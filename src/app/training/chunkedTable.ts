import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import type { RowChunk } from '../../core/training/streamOrder.ts';
import { buildTable, seriesOf, type Series, type Table } from '../../core/training/table.ts';
import type { ChunkedTable } from '../../ml/prepareStreamed.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { loadChunksOfColumns, loadColumn, storedChunkRows } from '../../storage/queries/batches.ts';

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

/** The i-th stored chunk of a column as a series of its own rows: its array as read, not copied. */
const chunkSeries = (column: Column, i: number): Series =>
  column.type === 'numeric'
    ? { name: column.name, type: 'numeric', values: column.chunks[i]! }
    : { name: column.name, type: 'categorical', dictionary: column.dictionary, codes: column.chunks[i]! };

/**
 * The batches (arrival order) as a ChunkedTable over IndexedDB: a column of every batch read whole when
 * asked, or some stored chunks of the named columns, a table each; the chunks are the batches' own, as stored.
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
    async read(indices: readonly number[], names: readonly string[]): Promise<Table[]> {
      // One transaction per batch for every chunk asked of it, then one table per chunk.
      const byBatch = new Map<BatchMeta, number[]>();
      for (const c of indices) {
        const { meta } = places[c]!;
        byBatch.set(meta, [...(byBatch.get(meta) ?? []), c]);
      }
      const found = new Map<number, Map<string, Series>>(indices.map((c) => [c, new Map()]));
      await Promise.all(
        [...byBatch].map(async ([meta, asked]) => {
          const columns = await loadChunksOfColumns(db, meta, names.map((name) => indexOf(meta, name)), asked.map((c) => places[c]!.chunk));
          columns.forEach((column, n) => asked.forEach((c, i) => found.get(c)!.set(names[n]!, chunkSeries(column, i))));
        }),
      );
      return indices.map((c) => ({ rows: chunks[c]!.rows, columns: found.get(c)!, batches: [{ id: places[c]!.meta.id, start: 0, rows: chunks[c]!.rows }] }));
    },
  };
}
