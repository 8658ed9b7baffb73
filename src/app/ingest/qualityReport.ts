import { columnLength } from '../../core/columns.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { inLanes } from './lanes.ts';
import { beginHeldColumn, type HeldColumn, type PendingColumnReport } from './pendingQuality.ts';

/**
 * storeHeldColumn on another core (the page: a helper worker with its own connection, handed the
 * column's chunks, which this thread no longer holds after the call).
 */
export interface StoreElsewhere {
  /** Resolves once the helper has loaded, rejects when it could not: until then its columns are done here. */
  ready: Promise<void>;
  /** The column's report, answered once its chunks are stored there. */
  store(column: HeldColumn): Promise<PendingColumnReport>;
}

/** Below this many cells a report takes less time than a round trip to a helper that may still have to start. */
const ELSEWHERE_FROM_CELLS = 2_000_000;
/**
 * Columns a lane has begun and not yet seen stored: it begins the next while the browser stores the
 * last, but no further, so that no more than a few columns' copies wait in the browser's queue.
 */
const IN_FLIGHT = 2;

/** A storage-full error from the helper arrives as a plain Error named after its class: it is made one again. */
function helperError(error: unknown): never {
  if (error instanceof Error && error.name === 'StorageFullError') throw new StorageFullError(error.message);
  throw error;
}

/** A column begun in a lane: its report once it is made and the column stored. */
interface Begun {
  done: Promise<PendingColumnReport>;
}

/**
 * The columns of a file read whole stored as a pending batch's chunks, each column's quality report and
 * out-of-range count made while they are written; reports in column order. With `elsewhere`, two
 * columns are done at once, one here and one there. Only numeric columns go there: text columns'
 * dictionaries are dear to copy, and their counts are cheap here. Settles only once every write begun
 * has settled, so that nothing is still being written when a failure is cleaned up.
 */
export async function storeWithReport(db: RelearnDb, columns: HeldColumn[], elsewhere?: StoreElsewhere, signal?: AbortSignal): Promise<PendingColumnReport[]> {
  const all: Promise<PendingColumnReport>[] = [];
  const lane = (begin: (c: HeldColumn) => Promise<Begun>) => {
    const mine: Promise<PendingColumnReport>[] = [];
    return async (c: HeldColumn): Promise<Begun> => {
      await mine[mine.length - IN_FLIGHT];
      const begun = await begin(c);
      begun.done.catch(() => undefined);
      mine.push(begun.done);
      all.push(begun.done);
      return begun;
    };
  };
  const here = async (c: HeldColumn): Promise<Begun> => {
    const { report, written } = await beginHeldColumn(db, c);
    return { done: written.then(() => report) };
  };
  const cells = columns.reduce((n, c) => n + columnLength(c.stored), 0);
  let lanes = [lane(here)];
  if (elsewhere && cells >= ELSEWHERE_FROM_CELLS) {
    let up = false;
    elsewhere.ready.then(() => (up = true), () => undefined);
    const there = async (c: HeldColumn): Promise<Begun> => (up && c.stored.type === 'numeric' ? { done: elsewhere.store(c).catch(helperError) } : here(c));
    // The helper's lane first: its column is posted before this thread starts on one of its own.
    lanes = [lane(there), ...lanes];
  }
  const begun = await inLanes(columns, lanes, signal).finally(() => Promise.allSettled(all));
  return Promise.all(begun.map((b) => b.done));
}
