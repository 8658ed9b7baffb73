import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { chunkRecord, type ChunkOfColumn } from '../chunkRecords.ts';
import type { ColumnDictionaryRecord, EventRecord, RelearnDb } from '../db.ts';
import { joinBatch, splitBatch } from '../heavyFields.ts';
import { withQuotaMessage } from '../quota.ts';
import { stageArrays, stagedBytesKept } from '../stagedChunks.ts';
import { DuplicateBatchError } from './batches.ts';

/**
 * A batch too big to hold is written in pieces: its column chunks first, under its id but with no batch
 * record, so nothing lists, reads or exports it; then its record, dictionaries and events in one
 * transaction that makes it whole at once. Chunks with no batch record are a pending upload while its
 * writer holds the Web Lock named here, and leftovers of a crash, a closed tab or a cancel otherwise.
 */
export const pendingLockName = (batchId: string): string => `relearn-upload:${batchId}`;

/**
 * Column chunks of a pending batch (stored as chunkRecords.ts says), their bytes staged in a file where the
 * runtime can (stagedChunks.ts); a full disk gives the quota message naming the batch.
 */
export async function writePendingChunks(db: RelearnDb, name: string, chunks: ChunkOfColumn[]): Promise<void> {
  await withQuotaMessage(`batch "${name}"`, async () => {
    const staged = chunks.length > 0 ? await stageArrays(chunks[0]!.batchId, chunks.map((c) => c.data)) : null;
    try {
      const records = chunks.map((c, i) => chunkRecord(c, staged?.blobs[i]));
      await db.transaction('rw', db.columnChunks, () => db.columnChunks.bulkAdd(records));
    } finally {
      // On disk, IndexedDB holds its own copy of the file's bytes once the transaction has settled.
      await staged?.release();
    }
    // Off the record (a private window), IndexedDB keeps a stored Blob in memory as a reference to its
    // bytes, which went with the staged file: the chunks are then written again from memory, and no more
    // staged. The first staged write of this worker reads its first chunk back to find out; the rest share the answer.
    if (staged && !(await stagedBytesKept(() => readable(db, chunks[0]!)))) {
      await db.transaction('rw', db.columnChunks, () => db.columnChunks.bulkPut(chunks.map((c) => chunkRecord(c))));
    }
  });
}

/** Whether a stored chunk's bytes can be read (its first byte, after the transaction that read its record). */
async function readable(db: RelearnDb, { batchId, column, chunk }: ChunkOfColumn): Promise<boolean> {
  const record = await db.columnChunks.get([batchId, column, chunk]);
  if (!record || record.type === undefined) return true;
  try {
    await record.data.slice(0, 1).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Removes a pending batch's chunks; never those of a batch that is stored whole. */
export async function dropPendingChunks(db: RelearnDb, batchId: string): Promise<void> {
  await db.transaction('rw', [db.batches, db.columnChunks], async () => {
    if (await db.batches.get(batchId)) return;
    await db.columnChunks.where('batchId').equals(batchId).delete();
  });
}

/** Makes a pending batch whole: its record, dictionaries and events, with `afterWrite`, in one transaction. */
export async function finishPendingBatch(
  db: RelearnDb,
  meta: BatchMeta,
  lastColumns: Column[],
  events: EventRecord[],
  afterWrite?: () => Promise<void>,
): Promise<void> {
  const dictionaries: ColumnDictionaryRecord[] = lastColumns.flatMap((c, column) => (c.type === 'categorical' ? [{ batchId: meta.id, column, dictionary: c.dictionary }] : []));
  await withQuotaMessage(`batch "${meta.name}"`, () =>
    db.transaction('rw', [db.batches, db.batchQuality, db.columnDictionaries, db.events, db.workspace], async () => {
      const existing = await db.batches.get(meta.id);
      if (existing) throw new DuplicateBatchError(joinBatch(existing, await db.batchQuality.get(meta.id)));
      const { summary, quality } = splitBatch(meta);
      await db.batches.add(summary);
      await db.batchQuality.put(quality);
      await db.columnDictionaries.bulkAdd(dictionaries);
      await db.events.bulkAdd(events);
      await afterWrite?.();
    }),
  );
}
