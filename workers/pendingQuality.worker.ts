import * as Comlink from 'comlink';
import { profilePendingColumn, type PendingColumn, type PendingColumnReport } from '../src/app/ingest/pendingQuality.ts';
import { RelearnDb } from '../src/storage/db.ts';

// The ingest worker's second pair of hands for a file stored as it was read: it makes the quality
// report of the columns handed over, reading them from IndexedDB on its own connection.
const db = new RelearnDb();

const api = {
  profile(column: PendingColumn): Promise<PendingColumnReport> {
    return profilePendingColumn(db, column);
  },
};

export type PendingQualityApi = typeof api;
Comlink.expose(api);
