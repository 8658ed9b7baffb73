import { describe, expect, it } from 'vitest';
import { chunkArray, chunkLength, chunkOfColumn, chunkRecord } from '../../../src/storage/chunkRecords.ts';
import { replaceWorkspace } from '../../../src/storage/commands/replaceWorkspace.ts';
import type { ColumnChunkRecord, RelearnDb } from '../../../src/storage/db.ts';
import { loadChunksOfColumns, loadColumns, loadPreview, loadStoredColumns, storedChunkRows } from '../../../src/storage/queries/batches.ts';
import { pendingColumnChunks } from '../../../src/storage/queries/pendingColumns.ts';
import { workspaceUsage } from '../../../src/storage/queries/usage.ts';
import { exportWorkspace } from '../../../src/storage/workspaceExport.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../../../src/storage/workspaceZip.ts';
import { batchCsv, dbPerTest, stored } from '../helpers/storage.ts';
import { EXPORT_OPTIONS } from '../helpers/workspace.ts';

const newDb = dbPerTest();

const bytesOf = (a: Float64Array | Int32Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** Every file a workspace export writes, by path. */
async function exportedFiles(db: RelearnDb): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await exportWorkspace(db, { write: (path, bytes) => void files.set(path, Buffer.from(bytes).toString('base64')) }, { ...EXPORT_OPTIONS, now: () => 0 });
  return files;
}

/** Everything the readers make of a stored batch's chunks. */
async function readings(db: RelearnDb, meta: Awaited<ReturnType<typeof stored>>) {
  return {
    columns: await loadColumns(db, meta),
    stored: await loadStoredColumns(db, meta),
    someChunks: await loadChunksOfColumns(db, meta, [2, 0], [0]),
    preview: await loadPreview(db, meta, 3),
    rows: await storedChunkRows(db, meta),
    pending: await Promise.all(meta.columns.map((_, column) => pendingColumnChunks(db, meta.id, column))),
    usage: (await workspaceUsage(db)).batches.map((b) => b.columnBytes),
    files: await exportedFiles(db),
  };
}

describe('column chunk records', () => {
  it('are written as Blobs of the array bytes with their type, read back bit for bit', async () => {
    const numbers = new Float64Array([1.5, NaN, -0, Infinity, -Infinity, 5e-324, 3]);
    // A NaN with a payload of its own: the stored bytes are the array's, not a canonical NaN's.
    new DataView(numbers.buffer).setUint32(8, 0x7ff80001, true);
    const codes = new Int32Array([0, -1, 2, 2147483647]);
    const x = chunkRecord({ batchId: 'b', column: 0, chunk: 0, data: numbers.subarray(1) });
    const c = chunkRecord({ batchId: 'b', column: 1, chunk: 0, data: codes });
    expect([x.data, c.data].map((d) => d instanceof Blob)).toEqual([true, true]);
    expect([x.type, c.type, chunkLength(x), chunkLength(c)]).toEqual(['Float64Array', 'Int32Array', 6, 4]);
    const db = newDb();
    await db.columnChunks.bulkAdd([x, c]);
    const [readX, readC] = await db.columnChunks.bulkGet([['b', 0, 0], ['b', 1, 0]]);
    expect(readX!.data).toBeInstanceOf(Blob);
    const arrayX = await chunkArray(readX!);
    expect(arrayX).toBeInstanceOf(Float64Array);
    expect(bytesOf(arrayX)).toEqual(bytesOf(numbers.subarray(1)));
    expect(bytesOf(await chunkArray(readC!))).toEqual(bytesOf(codes));
    expect(Array.from(await chunkArray(readC!, 2))).toEqual([0, -1]);
  });

  it('an upload stores its chunks as Blobs', async () => {
    const db = newDb();
    const meta = await stored(db, 'b.csv', batchCsv(20));
    const records = await db.columnChunks.where('batchId').equals(meta.id).toArray();
    expect(records.map((r) => [r.data instanceof Blob, r.type])).toEqual([
      [true, 'Float64Array'],
      [true, 'Int32Array'],
      [true, 'Int32Array'],
    ]);
  });

  it('records written before, holding the typed array itself, read exactly as Blob records do', async () => {
    const db = newDb();
    const meta = await stored(db, 'b.csv', batchCsv(40));
    const asBlobs = await readings(db, meta);
    // The previous version's form: the same chunks with their arrays in the record.
    const records = await db.columnChunks.where('batchId').equals(meta.id).toArray();
    const old: ColumnChunkRecord[] = await Promise.all(records.map(chunkOfColumn));
    await db.columnChunks.bulkPut(old);
    expect((await db.columnChunks.toArray()).map((r) => [r.data.constructor.name, r.type])).toEqual([
      ['Float64Array', undefined],
      ['Int32Array', undefined],
      ['Int32Array', undefined],
    ]);
    const asArrays = await readings(db, meta);
    expect(asArrays).toEqual(asBlobs);
    expect(asArrays.rows).toEqual([40]);
    expect(asArrays.usage).toEqual([40 * 8 + 40 * 4 + 40 * 4]);
    for (const [a, b] of asArrays.stored.map((column, i) => [column, asBlobs.stored[i]!] as const)) {
      expect(a.chunks.map(bytesOf)).toEqual(b.chunks.map(bytesOf));
    }
  });

  it('a workspace imported from a file stores its chunks as Blobs, and exports the same files again', async () => {
    const source = newDb();
    await stored(source, 'b.csv', batchCsv(30));
    const zip = await exportWorkspaceZip(source, { ...EXPORT_OPTIONS, now: () => 0 });
    const db = newDb();
    await replaceWorkspace(db, await readWorkspaceZip(zip, db.verno), 'b.zip');
    expect((await db.columnChunks.toArray()).every((r) => r.data instanceof Blob)).toBe(true);
    const files = await exportedFiles(db);
    for (const [path, bytes] of await exportedFiles(source)) if (path !== 'manifest.json' && !path.startsWith('events')) expect(files.get(path), path).toBe(bytes);
  });
});
