import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import type { ColumnChunkRecord, ColumnDictionaryRecord, EventRecord, RelearnDb } from '../db.ts';
import { joinBatch, splitBatch } from '../heavyFields.ts';
import { withQuotaMessage } from '../quota.ts';

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
    db.transaction('rw', [db.batches, db.batchQuality, db.columnChunks, db.columnDictionaries, db.events, db.workspace], async () => {
      const existing = await db.batches.get(meta.id);
      if (existing) throw new DuplicateBatchError(joinBatch(existing, await db.batchQuality.get(meta.id)));
      const { summary, quality } = splitBatch(meta);
      await db.batches.add(summary);
      await db.batchQuality.put(quality);
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

/**
 * Stores a batch's metadata after its column types changed; the stored cells stay as read. Drift
 * profiles of the batch were made under the old types and are dropped with it, atomically.
 */
export async function retypeBatch(db: RelearnDb, meta: BatchMeta): Promise<void> {
  await db.transaction('rw', [db.batches, db.batchQuality, db.referenceProfiles], async () => {
    await db.referenceProfiles.where('batchId').equals(meta.id).delete();
    await putBatch(db, meta);
  });
}

/** Stores a batch's metadata and its quality report (kept apart: heavyFields.ts) together. */
export async function putBatch(db: RelearnDb, meta: BatchMeta): Promise<void> {
  const { summary, quality } = splitBatch(meta);
  await db.transaction('rw', [db.batches, db.batchQuality], async () => {
    await db.batches.put(summary);
    await db.batchQuality.put(quality);
  });
}
