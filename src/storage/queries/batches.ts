import Dexie from 'dexie';
import { assertBatchFormat, type BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import type { RelearnDb } from '../db.ts';

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
