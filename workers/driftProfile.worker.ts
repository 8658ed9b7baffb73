import * as Comlink from 'comlink';
import type { BatchMeta } from '../src/core/batch.ts';
import { profileStoredColumns, type ColumnJob, type ProfiledColumn } from '../src/app/drift/drift.ts';
import { RelearnDb } from '../src/storage/db.ts';

// The drift worker's second pair of hands: it profiles groups of columns the drift worker hands over, reading them
// from IndexedDB on its own connection, so a check uses two cores.
const db = new RelearnDb();

const api = {
  async profile(batch: BatchMeta, jobs: readonly ColumnJob[]): Promise<ProfiledColumn[]> {
    const results = await profileStoredColumns(db, batch, jobs);
    // The sorted values go back without a copy: their buffers are the profiles' own.
    return Comlink.transfer(results, results.flatMap(({ profile }) => (profile.type === 'numeric' ? [profile.sorted.buffer] : [])));
  },
};

export type DriftProfileApi = typeof api;
Comlink.expose(api);
