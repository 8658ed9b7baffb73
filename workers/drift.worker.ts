import * as Comlink from 'comlink';
import { RelearnDb } from '../src/storage/db.ts';
import { checkDueBatches, profileStoredColumn, type ColumnProfiler, type DriftCheckProgress, type DriftSweep } from '../src/app/drift/drift.ts';
import { workerBridge } from '../src/bridge/workerBridge.ts';
import type { DriftProfileApi } from './driftProfile.worker.ts';

const db = new RelearnDb();

const helper = workerBridge<DriftProfileApi>({ start: () => new Worker(new URL('./driftProfile.worker.ts', import.meta.url), { type: 'module', name: 'drift-profile' }) });

/** Half the columns are profiled here, half in the helper worker: a check on two cores where there are two. */
function profilers(): ColumnProfiler[] {
  const here: ColumnProfiler = (batch, index, type) => profileStoredColumn(db, batch, index, type);
  if (navigator.hardwareConcurrency < 2) return [here, here];
  return [here, (batch, index, type) => helper.call((api) => api.profile(batch, index, type))];
}

const api = {
  /**
   * Checks every batch without a current drift report. A Web Lock keeps two tabs from checking the
   * same batches at once; the second waits, then finds nothing left to do.
   */
  async checkDue(onProgress: (progress: DriftCheckProgress) => void): Promise<DriftSweep> {
    return navigator.locks.request('relearn-drift-check', () => checkDueBatches(db, onProgress, undefined, profilers()));
  },
};

export type DriftApi = typeof api;
Comlink.expose(api);
