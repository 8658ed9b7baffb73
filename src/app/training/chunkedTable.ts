import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import type { RowChunk } from '../../core/training/streamOrder.ts';
import { buildTable, seriesOf, type Series, type Table } from '../../core/training/table.ts';
import type { Preprocessing } from '../../core/training/preprocess.ts';
import { inputsHere, type ChunkedTable } from '../../ml/prepareStreamed.ts';
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

/** Where the batches' stored chunks lie: each table chunk's rows, and its batch (index into the metas) and chunk number within it. */
export interface ChunkLayout {
  chunks: RowChunk[];
  places: { batch: number; chunk: number }[];
}

async function chunkLayout(db: RelearnDb, metas: readonly BatchMeta[]): Promise<ChunkLayout> {
  const layout: ChunkLayout = { chunks: [], places: [] };
  let rows = 0;
  for (const [batch, meta] of metas.entries()) {
    for (const [chunk, length] of (await storedChunkRows(db, meta)).entries()) {
      layout.chunks.push({ start: rows, rows: length });
      layout.places.push({ batch, chunk });
      rows += length;
    }
  }
  return layout;
}

/** The named columns of some table chunks (indices into the layout), one table per chunk in the order asked: one transaction per batch. */
async function readChunks(db: RelearnDb, metas: readonly BatchMeta[], { chunks, places }: ChunkLayout, indices: readonly number[], names: readonly string[]): Promise<Table[]> {
  const byBatch = new Map<number, number[]>();
  for (const c of indices) byBatch.set(places[c]!.batch, [...(byBatch.get(places[c]!.batch) ?? []), c]);
  const found = new Map<number, Map<string, Series>>(indices.map((c) => [c, new Map()]));
  await Promise.all(
    [...byBatch].map(async ([batch, asked]) => {
      const meta = metas[batch]!;
      const columns = await loadChunksOfColumns(db, meta, names.map((name) => indexOf(meta, name)), asked.map((c) => places[c]!.chunk));
      columns.forEach((column, n) => asked.forEach((c, i) => found.get(c)!.set(names[n]!, chunkSeries(column, i))));
    }),
  );
  return indices.map((c) => ({ rows: chunks[c]!.rows, columns: found.get(c)!, batches: [{ id: metas[places[c]!.batch]!.id, start: 0, rows: chunks[c]!.rows }] }));
}

/** One read of a streamed epoch, as a reader worker is asked for it: the batches, their layout, the chunks and rows, the preprocessing. */
export interface StreamRead {
  metas: BatchMeta[];
  layout: ChunkLayout;
  chunks: number[];
  rows: Uint32Array;
  preprocessing: Preprocessing;
}

/** Makes one read of a streamed epoch into network inputs somewhere else: a reader worker running `streamedInputs`. */
export type Reader = (read: StreamRead) => Promise<Float32Array>;

/** What a reader worker does with a StreamRead: the network inputs `inputsHere` makes on the training thread, the same numbers. */
export function streamedInputs(db: RelearnDb, { metas, layout, chunks, rows, preprocessing }: StreamRead): Promise<Float32Array> {
  return inputsHere({ chunks: layout.chunks, read: (indices, names) => readChunks(db, metas, layout, indices, names) })(chunks, rows, preprocessing);
}

/**
 * The batches (arrival order) as a ChunkedTable over IndexedDB: a column of every batch read whole when
 * asked, or some stored chunks of the named columns, a table each; the chunks are the batches' own, as stored.
 * With a `reader` (a worker that runs `streamedInputs`), a streamed epoch's reads are read and made into
 * network inputs there, on another core, while this thread trains.
 */
export async function chunkedTable(db: RelearnDb, metas: readonly BatchMeta[], reader?: Reader): Promise<ChunkedTable> {
  const batches: Table['batches'] = [];
  let rows = 0;
  for (const meta of metas) {
    batches.push({ id: meta.id, start: rows, rows: meta.rows });
    rows += meta.rows;
  }
  const layout = await chunkLayout(db, metas);
  return {
    rows,
    batches,
    chunks: layout.chunks,
    async column(name: string): Promise<Series> {
      const parts = [];
      for (const meta of metas) parts.push({ id: meta.id, name: meta.name, columns: [await loadColumn(db, meta, indexOf(meta, name))] });
      return seriesOf(buildTable(parts, [name]), name);
    },
    read: (indices, names) => readChunks(db, metas, layout, indices, names),
    ...(reader ? { inputs: (chunks, rowsOf, preprocessing) => reader({ metas: [...metas], layout, chunks: [...chunks], rows: rowsOf, preprocessing }) } : {}),
  };
}
