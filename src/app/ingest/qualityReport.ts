import { columnLength } from '../../core/columns.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { inLanes } from './lanes.ts';
import { storeHeldColumn, type HeldColumn, type PendingColumnReport } from './pendingQuality.ts';

/**
 * storeHeldColumn on another core (the page: a helper worker with its own connection, handed the
 * column's chunks, which this thread no longer holds after the call).
 */
export type StoreElsewhere = (column: HeldColumn) => Promise<PendingColumnReport>;

/** Below this many cells a report takes less time than a round trip to a helper that may still have to start. */
const ELSEWHERE_FROM_CELLS = 2_000_000;

/** A storage-full error from the helper arrives as a plain Error named after its class: it is made one again. */
function helperError(error: unknown): never {
  if (error instanceof Error && error.name === 'StorageFullError') throw new StorageFullError(error.message);
  throw error;
}

/**
 * The columns of a file read whole stored as a pending batch's chunks, each column's quality report and
 * out-of-range count made while they are written; reports in column order. With `elsewhere`, two
 * columns are done at once, one here and one there. Only numeric columns go there: text columns'
 * dictionaries are dear to copy, and their counts are cheap here.
 */
export async function storeWithReport(db: RelearnDb, columns: HeldColumn[], elsewhere?: StoreElsewhere, signal?: AbortSignal): Promise<PendingColumnReport[]> {
  const here = (c: HeldColumn): Promise<PendingColumnReport> => storeHeldColumn(db, c);
  const cells = columns.reduce((n, c) => n + columnLength(c.stored), 0);
  if (!elsewhere || cells < ELSEWHERE_FROM_CELLS) return inLanes(columns, [here], signal);
  const there = (c: HeldColumn): Promise<PendingColumnReport> => (c.stored.type === 'numeric' ? elsewhere(c).catch(helperError) : here(c));
  // The helper's lane first: its column is posted before this thread starts on one of its own.
  return inLanes(columns, [there, here], signal);
}
