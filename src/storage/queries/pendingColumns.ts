import Dexie from 'dexie';
import { chunkArrays } from '../chunkRecords.ts';
import type { ChunkArray, RelearnDb } from '../db.ts';

/**
 * One column's chunks, in chunk order, of a batch being written (no batch record yet, see
 * commands/pendingBatches.ts): what its quality report is made from, a column at a time.
 */
export async function pendingColumnChunks(db: RelearnDb, batchId: string, column: number): Promise<ChunkArray[]> {
  const records = await db.columnChunks
    .where('[batchId+column+chunk]')
    .between([batchId, column, Dexie.minKey], [batchId, column, Dexie.maxKey])
    .toArray();
  return chunkArrays(records);
}

/** Ids that have column chunks but no batch record: pending uploads and their leftovers. */
export async function chunksWithoutBatch(db: RelearnDb): Promise<string[]> {
  const [withChunks, batches] = await Promise.all([db.columnChunks.orderBy('batchId').uniqueKeys(), db.batches.toCollection().primaryKeys()]);
  const stored = new Set(batches.map(String));
  return withChunks.map(String).filter((id) => !stored.has(id));
}
