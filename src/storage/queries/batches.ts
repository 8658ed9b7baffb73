import Dexie from 'dexie';
import { assertBatchFormat, type BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { withQualityDefaults } from '../../core/quality.ts';
import { retypeColumn } from '../../core/retype.ts';
import { chunkArray, chunkArrays, chunkLength } from '../chunkRecords.ts';
import type { ChunkArray, RelearnDb } from '../db.ts';
import { joinBatch, type BatchSummary } from '../heavyFields.ts';

/** Records stored before a field of the quality report existed get it. */
const withDefaults = (meta: BatchMeta): BatchMeta => ({ ...meta, quality: meta.quality.map(withQualityDefaults) });

/** A batch with its quality report (a separate table: heavyFields.ts). */
export async function getBatch(db: RelearnDb, id: string): Promise<BatchMeta | undefined> {
  const [summary, quality] = await Promise.all([db.batches.get(id), db.batchQuality.get(id)]);
  if (!summary) return undefined;
  assertBatchFormat(summary);
  return withDefaults(joinBatch(summary, quality));
}

/** Every batch with its quality report, in arrival order. */
export async function listBatches(db: RelearnDb): Promise<BatchMeta[]> {
  const [summaries, quality] = await Promise.all([db.batches.orderBy('arrivedAt').toArray(), db.batchQuality.toArray()]);
  const byId = new Map(quality.map((q) => [q.batchId, q]));
  return summaries.map((summary) => withDefaults(joinBatch(summary, byId.get(summary.id))));
}

/** A batch as the `batches` table holds it (what lists of batches show), with the fields of its quality report that records stored before them lack. */
export const summaryWithDefaults = (summary: BatchSummary): BatchSummary => ({ ...summary, quality: summary.quality.map(withQualityDefaults) });

/** Arrival order, as the `arrivedAt` index gives it (ties by id). */
export const byArrival = (a: BatchSummary, b: BatchSummary): number => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);


/**
 * A column as stored: the array type of its chunks says whether it was kept as numbers or as text.
 * Columns are stored as read, so a type chosen later (another reference, an override) loses nothing.
 */
function storedColumn(name: string, data: ChunkArray[], dictionary: string[] | undefined): Column {
  if (dictionary === undefined && data.every((d) => d instanceof Float64Array)) return { name, type: 'numeric', chunks: data as Float64Array[] };
  return { name, type: 'categorical', dictionary: dictionary ?? [], chunks: data as Int32Array[] };
}

/** A batch's columns as stored, in column order, before its types are applied. */
export async function loadStoredColumns(db: RelearnDb, meta: Pick<BatchMeta, 'id' | 'columns'>): Promise<Column[]> {
  const [chunks, dictionaries] = await Promise.all([
    db.columnChunks.where('batchId').equals(meta.id).sortBy('chunk'),
    db.columnDictionaries.where('batchId').equals(meta.id).toArray(),
  ]);
  const data = await chunkArrays(chunks);
  return meta.columns.map((schema, index) =>
    storedColumn(
      schema.name,
      data.filter((_, i) => chunks[i]!.column === index),
      dictionaries.find((d) => d.column === index)?.dictionary,
    ),
  );
}

/** A batch's columns under its schema's types (cells that do not fit are missing), in column order. */
export async function loadColumns(db: RelearnDb, meta: BatchMeta): Promise<Column[]> {
  const stored = await loadStoredColumns(db, meta);
  return stored.map((column, index) => retypeColumn(column, meta.columns[index]!.type).column);
}

/** One column of a batch under its schema's type, so large batches can be worked through a column at a time. */
export async function loadColumn(db: RelearnDb, meta: BatchMeta, index: number): Promise<Column> {
  return (await loadColumnGroup(db, meta, [index]))[0]!;
}

/** The schema of each asked column of a batch, in the order asked; a RangeError names a column it does not have. */
function columnSchemas(meta: Pick<BatchMeta, 'name' | 'columns'>, indices: readonly number[]): BatchMeta['columns'] {
  return indices.map((index) => {
    const schema = meta.columns[index];
    if (!schema) throw new RangeError(`batch "${meta.name}" has no column ${index}`);
    return schema;
  });
}

/**
 * Some columns of a batch under its schema's types, in the order asked, read in one IndexedDB transaction:
 * each transaction costs the browser a round trip of its own, so a wide batch's narrow columns are read
 * a group at a time rather than one by one.
 */
export async function loadColumnGroup(db: RelearnDb, meta: BatchMeta, indices: readonly number[]): Promise<Column[]> {
  const schemas = columnSchemas(meta, indices);
  const [chunks, dictionaries] = await db.transaction('r', [db.columnChunks, db.columnDictionaries], () =>
    Promise.all([
      Promise.all(
        indices.map((index) =>
          db.columnChunks
            .where('[batchId+column+chunk]')
            .between([meta.id, index, Dexie.minKey], [meta.id, index, Dexie.maxKey])
            .toArray(),
        ),
      ),
      db.columnDictionaries.bulkGet(indices.map((index) => [meta.id, index] satisfies [string, number])),
    ]),
  );
  const data = await Promise.all(chunks.map(chunkArrays));
  return schemas.map((schema, i) => retypeColumn(storedColumn(schema.name, data[i]!, dictionaries[i]?.dictionary), schema.type).column);
}

/** How many rows each stored chunk of a batch holds, in chunk order (read from its first column). */
export async function storedChunkRows(db: RelearnDb, meta: Pick<BatchMeta, 'id'>): Promise<number[]> {
  const lengths: number[] = [];
  await db.columnChunks
    .where('[batchId+column+chunk]')
    .between([meta.id, 0, Dexie.minKey], [meta.id, 0, Dexie.maxKey])
    .each((record) => void lengths.push(chunkLength(record)));
  return lengths;
}

/**
 * The same stored chunks of several columns of a batch (columns in the order asked, each its chunks in the
 * order asked), under the schema's types, in one IndexedDB transaction: a streamed epoch reads a few chunks
 * of every feature each time, scoring stored rows one chunk of each, and a transaction per column costs a
 * round trip each.
 */
export async function loadChunksOfColumns(db: RelearnDb, meta: Pick<BatchMeta, 'id' | 'name' | 'columns'>, indices: readonly number[], chunks: readonly number[]): Promise<Column[]> {
  const schemas = columnSchemas(meta, indices);
  const [records, dictionaries] = await db.transaction('r', [db.columnChunks, db.columnDictionaries], () =>
    Promise.all([
      db.columnChunks.bulkGet(indices.flatMap((index) => chunks.map((chunk) => [meta.id, index, chunk] satisfies [string, number, number]))),
      db.columnDictionaries.bulkGet(indices.map((index) => [meta.id, index] satisfies [string, number])),
    ]),
  );
  const found = schemas.flatMap((schema, i) =>
    chunks.map((chunk, j) => {
      const record = records[i * chunks.length + j];
      if (!record) throw new RangeError(`batch "${meta.name}" has no chunk ${chunk} of column "${schema.name}" (was it deleted?)`);
      return record;
    }),
  );
  const data = await chunkArrays(found);
  return schemas.map((schema, i) => retypeColumn(storedColumn(schema.name, data.slice(i * chunks.length, (i + 1) * chunks.length), dictionaries[i]?.dictionary), schema.type).column);
}

/** The first `rows` rows of each column, read from each column's first stored chunk only. */
export async function loadPreview(db: RelearnDb, meta: Pick<BatchMeta, 'id' | 'columns'>, rows: number): Promise<Column[]> {
  const [chunks, dictionaries] = await Promise.all([
    db.columnChunks.bulkGet(meta.columns.map((_, column) => [meta.id, column, 0] satisfies [string, number, number])),
    db.columnDictionaries.where('batchId').equals(meta.id).toArray(),
  ]);
  const firsts = await Promise.all(chunks.map((record) => (record ? chunkArray(record, rows) : undefined)));
  return meta.columns.map(({ name }, column) => {
    const data = firsts[column];
    // The chunk's own array type decides: the metadata read may be a moment older than a re-typing.
    if (data instanceof Float64Array) return { name, type: 'numeric', chunks: [data] };
    const dictionary = dictionaries.find((d) => d.column === column)?.dictionary ?? [];
    return { name, type: 'categorical', dictionary, chunks: data ? [data] : [] };
  });
}
