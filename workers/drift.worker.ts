import * as Comlink from 'comlink';
import { RelearnDb } from '../src/storage/db.ts';
import { checkDueBatches, localProfilers, type ColumnProfiler, type DriftCheckProgress, type DriftSweep } from '../src/app/drift/drift.ts';
import { workerBridge, type WorkerBridge } from '../src/bridge/workerBridge.ts';
import type { DriftProfileApi } from './driftProfile.worker.ts';

const db = new RelearnDb();

const helper = (): WorkerBridge<DriftProfileApi> =>
  workerBridge<DriftProfileApi>({ start: () => new Worker(new URL('./driftProfile.worker.ts', import.meta.url), { type: 'module', name: 'drift-profile' }), name: 'drift profile' });
const helpers = [helper(), helper()];

/**
 * Where there are two cores, two helper workers profile the column groups and this thread compares them.
 * Each helper has two groups handed to it at a time, so it starts the next as soon as one is done rather
 * than when this thread is next free to hand it over. With one core, the groups are profiled here.
 */
function profilers(): ColumnProfiler[] {
  if (navigator.hardwareConcurrency < 2) {
    return localProfilers(db);
  }
  // The spare buffers move to the helper without a copy; this thread no longer reads them.
  const remote = helpers.map((h): ColumnProfiler => (batch, jobs, spares) => h.call((api) => api.profile(batch, jobs, Comlink.transfer(spares, spares))));
  return [...remote, ...remote];
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
