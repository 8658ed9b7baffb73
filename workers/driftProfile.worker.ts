import * as Comlink from 'comlink';
import type { BatchMeta } from '../src/core/batch.ts';
import type { ColumnType } from '../src/core/schema.ts';
import { profileStoredColumn, type ProfiledColumn } from '../src/app/drift/drift.ts';
import { RelearnDb } from '../src/storage/db.ts';

// The drift worker's second pair of hands: it profiles columns the drift worker hands over, reading them
// from IndexedDB on its own connection, so a check uses two cores.
const db = new RelearnDb();

const api = {
  async profile(batch: BatchMeta, index: number, type: ColumnType): Promise<ProfiledColumn> {
    const result = await profileStoredColumn(db, batch, index, type);
    // The sorted values go back without a copy: their buffer is the profile's own.
    return result.profile.type === 'numeric' ? Comlink.transfer(result, [result.profile.sorted.buffer]) : result;
  },
};

export type DriftProfileApi = typeof api;
Comlink.expose(api);
