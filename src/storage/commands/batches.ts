import type { BatchMeta } from '../../core/batch.ts';
import type { RelearnDb } from '../db.ts';
import { splitBatch } from '../heavyFields.ts';

/** The same bytes were uploaded before: nothing is stored twice. */
export class DuplicateBatchError extends Error {
  override readonly name = 'DuplicateBatchError';
  constructor(readonly existing: BatchMeta) {
    super(`already uploaded as batch "${existing.name}" on ${new Date(existing.arrivedAt).toISOString()}`);
  }
}

/**
 * Stores a batch's metadata after its column types changed; the stored cells stay as read. Drift
 * profiles and versions' scores of the batch were made under the old types and are dropped with it, atomically.
 */
export async function retypeBatch(db: RelearnDb, meta: BatchMeta): Promise<void> {
  await db.transaction('rw', [db.batches, db.batchQuality, db.referenceProfiles, db.batchScores], async () => {
    await db.referenceProfiles.where('batchId').equals(meta.id).delete();
    await db.batchScores.where('batchId').equals(meta.id).delete();
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
