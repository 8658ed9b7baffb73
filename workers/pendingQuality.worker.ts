import * as Comlink from 'comlink';
import { profilePendingColumn, storeHeldColumn, type HeldColumn, type PendingColumn, type PendingColumnReport } from '../src/app/ingest/pendingQuality.ts';
import { RelearnDb } from '../src/storage/db.ts';

// The ingest worker's second pair of hands for the quality report: of a file stored as it was read,
// it reads the columns handed over from IndexedDB on its own connection; of a file read whole, it is
// handed each column's chunks, stores them on that connection and makes the column's report.
const db = new RelearnDb();

const api = {
  profile(column: PendingColumn): Promise<PendingColumnReport> {
    return profilePendingColumn(db, column);
  },
  storeHeld(column: HeldColumn): Promise<PendingColumnReport> {
    return storeHeldColumn(db, column);
  },
  /** Answers once this worker has loaded: called as a large upload starts, so it is ready when its columns are. */
  ready(): void {},
};

export type PendingQualityApi = typeof api;
Comlink.expose(api);
