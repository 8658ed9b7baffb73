import { describe, expect, it } from 'vitest';
import { chunkArrays, chunkRecord, type ChunkOfColumn } from '../../../src/storage/chunkRecords.ts';
import type { ChunkArray } from '../../../src/storage/db.ts';
import { loadChunksOfColumns, loadColumnGroup } from '../../../src/storage/queries/batches.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';

const newDb = dbPerTest();

/**
 * A stored batch (x numeric, c categorical, label) with two more stored chunks of each column after its first:
 * chunk 1 in the form of records stored before chunks were Blobs (the typed array itself), chunk 2 as written now.
 */
async function threeChunks() {
  const db = newDb();
  const meta = await stored(db, 'b.csv', 'x,c,label\n1.5,a,1\n,b,0\n3,,1\n');
  const first = await db.columnChunks.where('batchId').equals(meta.id).toArray();
  const data = await chunkArrays(first);
  const next = (chunk: number): ChunkOfColumn[] =>
    first.map(({ batchId, column }, i) => ({ batchId, column, chunk, data: data[i]!.map((v) => (v === v && v >= 0 ? v + chunk : v)) as ChunkArray }));
  await db.columnChunks.bulkPut([...next(1), ...next(2).map((c) => chunkRecord(c))]);
  return { db, meta };
}

describe('stored chunks of several columns in one read', () => {
  it('gives each column its chunks in the order asked, under its type, as reading the whole columns does', async () => {
    const { db, meta } = await threeChunks();
    const together = await loadChunksOfColumns(db, meta, [1, 0, 2], [2, 0]);
    const whole = await loadColumnGroup(db, meta, [1, 0, 2]);
    expect(together).toEqual(whole.map((column) => ({ ...column, chunks: [column.chunks[2], column.chunks[0]] })));
    expect(together.map((c) => c.name)).toEqual(['c', 'x', 'label']);
    expect(together[1]!.chunks.map((chunk) => Array.from(chunk))).toEqual([[3.5, NaN, 5], [1.5, NaN, 3]]);
  });

  it('names the chunk and the column that are not stored', async () => {
    const { db, meta } = await threeChunks();
    await expect(loadChunksOfColumns(db, meta, [0, 1], [1, 3])).rejects.toThrow('batch "b.csv" has no chunk 3 of column "x" (was it deleted?)');
    await expect(loadChunksOfColumns(db, meta, [5], [0])).rejects.toThrow('batch "b.csv" has no column 5');
  });
});
