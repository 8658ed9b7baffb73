import type { ChunkArray, ColumnChunkRecord } from './db.ts';

/**
 * The two forms of a `columnChunks` record (db.ts), and the one place that writes and reads them.
 *
 * Written now: the chunk's bytes as a `Blob`, with the array type they make. Browsers keep a stored Blob as a
 * file beside the database and hand back a handle, so storing and reading a record does not copy its megabyte
 * through the structured-clone serializer (the chunk writes of an upload took seconds that way); the bytes are
 * read when asked for. fake-indexeddb in Node (the CLI, the unit tests) stores Blobs as well.
 *
 * Read too: the typed array itself, as every record written before was, and as the CLI's lazily loaded
 * directory gives it (lazyBinaries.ts). Both forms are read, rather than converted in a database upgrade:
 * an upgrade would rewrite every stored chunk inside the one transaction that opens the database (minutes
 * and twice the disk for a large workspace, on a page that waits), and a Blob's bytes cannot be read inside
 * an IndexedDB transaction anyway.
 */

/** A chunk with its numbers as an array: what writers hand in, and what a workspace file holds. */
export interface ChunkOfColumn {
  batchId: string;
  column: number;
  chunk: number;
  data: ChunkArray;
}

const BYTES = { Float64Array: 8, Int32Array: 4 } as const;

type ArrayType = keyof typeof BYTES;

/** An array's bytes as a Blob to store (a copy: the array stays the caller's). */
export const arrayBlob = (data: ChunkArray): Blob => new Blob([data as ArrayBufferView<ArrayBuffer>]);

/**
 * The numbers of a stored Blob of `type`, or of its first `rows`. Call it after the transaction that read the
 * record: reading a Blob is not an IndexedDB request and would let it end.
 */
export async function blobArray(blob: Blob, type: ArrayType, rows?: number): Promise<ChunkArray> {
  const part = rows === undefined ? blob : blob.slice(0, rows * BYTES[type]);
  // Through Promise.resolve: a Dexie live query (the page's preview) follows its reads past a promise of another API only so.
  const buffer = await Promise.resolve(part.arrayBuffer());
  return type === 'Int32Array' ? new Int32Array(buffer) : new Float64Array(buffer);
}

/** A chunk's record as it is stored: its numbers as a Blob (`bytes` when they are already one: stagedChunks.ts). */
export function chunkRecord({ batchId, column, chunk, data }: ChunkOfColumn, bytes: Blob = arrayBlob(data)): ColumnChunkRecord {
  return { batchId, column, chunk, data: bytes, type: data instanceof Float64Array ? 'Float64Array' : 'Int32Array' };
}

/** How many rows a stored chunk holds, without reading its numbers. */
export function chunkLength(record: ColumnChunkRecord): number {
  return record.type === undefined ? record.data.length : record.data.size / BYTES[record.type];
}

/** The bytes a stored chunk's numbers take. */
export function chunkBytes(record: ColumnChunkRecord): number {
  return record.type === undefined ? record.data.byteLength : record.data.size;
}

/** A stored chunk's numbers, or its first `rows` (only those are read from a Blob), after the transaction that read it. */
export async function chunkArray(record: ColumnChunkRecord, rows?: number): Promise<ChunkArray> {
  if (record.type === undefined) return rows === undefined ? record.data : record.data.subarray(0, rows);
  return blobArray(record.data, record.type, rows);
}

/** The numbers of several stored chunks, in the order given. */
export const chunkArrays = (records: readonly ColumnChunkRecord[]): Promise<ChunkArray[]> => Promise.all(records.map((r) => chunkArray(r)));

/** A stored chunk with its numbers as an array (a workspace file's form); a record that holds its array is given as it is. */
export async function chunkOfColumn(record: ColumnChunkRecord): Promise<ChunkOfColumn> {
  if (record.type === undefined) return record;
  const { batchId, column, chunk } = record;
  return { batchId, column, chunk, data: await chunkArray(record) };
}
