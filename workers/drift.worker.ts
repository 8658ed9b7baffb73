import * as Comlink from 'comlink';
import { RelearnDb } from '../src/storage/db.ts';
import { checkDueBatches, type DriftCheckProgress, type DriftSweep } from '../src/app/drift/drift.ts';

const db = new RelearnDb();

const api = {
  /**
   * Checks every batch without a current drift report. A Web Lock keeps two tabs from checking the
   * same batches at once; the second waits, then finds nothing left to do.
   */
  async checkDue(onProgress: (progress: DriftCheckProgress) => void): Promise<DriftSweep> {
    return navigator.locks.request('relearn-drift-check', () => checkDueBatches(db, onProgress));
  },
};

export type DriftApi = typeof api;
Comlink.expose(api);
