import Dexie from 'dexie';
import { assertBatchFormat, type BatchMeta } from '../core/batch.ts';
import type { Column } from '../core/columns.ts';
import type { ColumnChunkRecord, ColumnDictionaryRecord, EventRecord, RelearnDb } from './db.ts';
import { withQuotaMessage } from './quota.ts';

/** The same bytes were uploaded before: nothing is stored twice. */
export class DuplicateBatchError extends Error {
  override readonly name = 'DuplicateBatchError';
  constructor(readonly existing: BatchMeta) {
    super(`already uploaded as batch "${existing.name}" on ${new Date(existing.arrivedAt).toISOString()}`);
  }
}

/**
 * Stores a batch, its columns and its events in one transaction: after a crash, a full disk or a
 * duplicate, either all of it is there or none of it.
 */
export async function saveBatch(
  db: RelearnDb,
  meta: BatchMeta,
  columns: Column[],
  events: EventRecord[],
  afterWrite?: () => Promise<void>,
): Promise<void> {
  await withQuotaMessage(`batch "${meta.name}"`, () =>
    db.transaction('rw', [db.batches, db.columnChunks, db.columnDictionaries, db.events, db.workspace], async () => {
      const existing = await db.batches.get(meta.id);
      if (existing) throw new DuplicateBatchError(existing);
      await db.batches.add(meta);
      await db.columnChunks.bulkAdd(chunkRecords(meta.id, columns));
      await db.columnDictionaries.bulkAdd(dictionaryRecords(meta.id, columns));
      await db.events.bulkAdd(events);
      await afterWrite?.();
    }),
  );
}

function chunkRecords(batchId: string, columns: Column[]): ColumnChunkRecord[] {
  return columns.flatMap((c, column) => c.chunks.map((data, chunk) => ({ batchId, column, chunk, data })));
}

function dictionaryRecords(batchId: string, columns: Column[]): ColumnDictionaryRecord[] {
  return columns.flatMap((c, column) => (c.type === 'categorical' ? [{ batchId, column, dictionary: c.dictionary }] : []));
}

/** Replaces a batch's column data (after a type override) and its metadata, atomically. */
export async function replaceBatchColumns(db: RelearnDb, meta: BatchMeta, columns: Column[]): Promise<void> {
  await db.transaction('rw', [db.batches, db.columnChunks, db.columnDictionaries, db.referenceProfiles], async () => {
    await db.columnChunks.where('batchId').equals(meta.id).delete();
    await db.referenceProfiles.where('batchId').equals(meta.id).delete();
    await db.columnDictionaries.where('batchId').equals(meta.id).delete();
    await db.columnChunks.bulkAdd(chunkRecords(meta.id, columns));
    await db.columnDictionaries.bulkAdd(dictionaryRecords(meta.id, columns));
    await db.batches.put(meta);
  });
}

export async function getBatch(db: RelearnDb, id: string): Promise<BatchMeta | undefined> {
  const meta = await db.batches.get(id);
  if (meta) assertBatchFormat(meta);
  return meta;
}

export async function listBatches(db: RelearnDb): Promise<BatchMeta[]> {
  return db.batches.orderBy('arrivedAt').toArray();
}

/** A batch's columns, rebuilt from its stored chunks in column order. */
export async function loadColumns(db: RelearnDb, meta: BatchMeta): Promise<Column[]> {
  const [chunks, dictionaries] = await Promise.all([
    db.columnChunks.where('batchId').equals(meta.id).sortBy('chunk'),
    db.columnDictionaries.where('batchId').equals(meta.id).toArray(),
  ]);
  return meta.columns.map((schema, index) => {
    const data = chunks.filter((c) => c.column === index).map((c) => c.data);
    if (schema.type === 'numeric') return { name: schema.name, type: 'numeric', chunks: data as Float64Array[] };
    const dictionary = dictionaries.find((d) => d.column === index)?.dictionary ?? [];
    return { name: schema.name, type: 'categorical', dictionary, chunks: data as Int32Array[] };
  });
}

/** One column of a batch, so large batches can be worked through a column at a time. */
export async function loadColumn(db: RelearnDb, meta: BatchMeta, index: number): Promise<Column> {
  const schema = meta.columns[index];
  if (!schema) throw new RangeError(`batch "${meta.name}" has no column ${index}`);
  const chunks = await db.columnChunks
    .where('[batchId+column+chunk]')
    .between([meta.id, index, Dexie.minKey], [meta.id, index, Dexie.maxKey])
    .toArray();
  const data = chunks.map((c) => c.data);
  if (schema.type === 'numeric') return { name: schema.name, type: 'numeric', chunks: data as Float64Array[] };
  const dictionary = (await db.columnDictionaries.get([meta.id, index]))?.dictionary ?? [];
  return { name: schema.name, type: 'categorical', dictionary, chunks: data as Int32Array[] };
}

/** The first `rows` rows of each column, read from each column's first stored chunk only. */
export async function loadPreview(db: RelearnDb, meta: BatchMeta, rows: number): Promise<Column[]> {
  const [chunks, dictionaries] = await Promise.all([
    db.columnChunks.bulkGet(meta.columns.map((_, column) => [meta.id, column, 0] satisfies [string, number, number])),
    db.columnDictionaries.where('batchId').equals(meta.id).toArray(),
  ]);
  return meta.columns.map(({ name }, column) => {
    const data = chunks[column]?.data;
    // The chunk's own array type decides: the metadata read may be a moment older than a re-typing.
    if (data instanceof Float64Array) return { name, type: 'numeric', chunks: [data.subarray(0, rows)] };
    const dictionary = dictionaries.find((d) => d.column === column)?.dictionary ?? [];
    return { name, type: 'categorical', dictionary, chunks: data ? [data.subarray(0, rows)] : [] };
  });
}
