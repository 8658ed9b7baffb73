import * as Comlink from 'comlink';
import { profilePendingColumn, type PendingColumn, type PendingColumnReport } from '../src/app/ingest/pendingQuality.ts';
import { RelearnDb } from '../src/storage/db.ts';
import { profileColumn, type ColumnQuality, type ProfileInput } from '../src/core/quality.ts';

// The ingest worker's second pair of hands for the quality report: of a file stored as it was read,
// it reads the columns handed over from IndexedDB on its own connection; of a file read whole, it is
// sent a copy of each column.
const db = new RelearnDb();

const api = {
  profile(column: PendingColumn): Promise<PendingColumnReport> {
    return profilePendingColumn(db, column);
  },
  profileHeld(input: ProfileInput): ColumnQuality {
    return profileColumn(input);
  },
};

export type PendingQualityApi = typeof api;
Comlink.expose(api);
