import { dropPendingChunks, pendingLockName } from '../../storage/commands/pendingBatches.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { chunksWithoutBatch } from '../../storage/queries/pendingColumns.ts';
import { cleanStagedChunks } from '../../storage/stagedChunks.ts';

/**
 * Removes the leftovers of uploads that ended without finishing (a crash, a closed tab): chunks with
 * no batch record whose writer no longer holds its lock, and their bytes' staged files (stagedChunks.ts).
 * `ifFree` runs its callback only while the named lock is free (the page: a Web Lock asked with
 * ifAvailable). Returns how many batches' chunks were removed.
 */
export async function cleanPendingBatches(db: RelearnDb, ifFree: (name: string, run: () => Promise<void>) => Promise<void>): Promise<number> {
  let cleaned = 0;
  for (const batchId of await chunksWithoutBatch(db)) {
    await ifFree(pendingLockName(batchId), async () => {
      await dropPendingChunks(db, batchId);
      cleaned++;
    });
  }
  await cleanStagedChunks((batchId, run) => ifFree(pendingLockName(batchId), run));
  return cleaned;
}
