import * as Comlink from 'comlink';
import type { BatchMeta } from '../src/core/batch.ts';
import { profileStoredColumns, type ColumnJob, type ProfiledColumn } from '../src/app/drift/drift.ts';
import { RelearnDb } from '../src/storage/db.ts';
import { SortedBuffers } from '../src/core/drift/sortedBuffers.ts';

// The drift worker's second pair of hands: it profiles groups of columns the drift worker hands over, reading them
// from IndexedDB on its own connection, so a check uses two cores.
const db = new RelearnDb();
const buffers = new SortedBuffers();

const api = {
  /** `spares`: buffers of profiles the drift worker no longer uses, to sort into. */
  async profile(batch: BatchMeta, jobs: readonly ColumnJob[], spares: ArrayBuffer[]): Promise<ProfiledColumn[]> {
    buffers.give(...spares);
    const results = await profileStoredColumns(db, batch, jobs, buffers);
    // The sorted values go back without a copy: their buffers are the profiles' own.
    return Comlink.transfer(results, results.flatMap(({ profile }) => (profile.type === 'numeric' ? [profile.sorted.buffer] : [])));
  },
};

export type DriftProfileApi = typeof api;
Comlink.expose(api);
