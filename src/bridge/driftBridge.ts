import * as Comlink from 'comlink';
import type { DriftApi } from '../../workers/drift.worker.ts';
import type { DriftCheckProgress, DriftSweep } from '../app/drift/drift.ts';
import { createStore } from './store.ts';
import { workerBridge } from './workerBridge.ts';

export type DriftCheckState =
  | { status: 'idle'; last: DriftSweep | null }
  | { status: 'checking'; progress: DriftCheckProgress | null }
  | { status: 'failed'; message: string };

const drift = workerBridge<DriftApi>({ start: () => new Worker(new URL('../../workers/drift.worker.ts', import.meta.url), { type: 'module', name: 'drift' }) });
const checks = createStore<DriftCheckState>({ status: 'idle', last: null });
const setState = checks.set;
let again = false;

/** For useSyncExternalStore: what the drift worker is doing now. */
export const driftCheckState = checks.get;
export const subscribeDriftCheck = checks.subscribe;

/**
 * Asks the drift worker to check every batch that has no current report. Calls while a check runs
 * are folded into one more pass after it, so a burst of uploads or setting changes costs one sweep each.
 */
export function requestDriftCheck(): void {
  if (checks.get().status === 'checking') {
    again = true;
    return;
  }
  void sweep();
}

async function sweep(): Promise<void> {
  let last: DriftSweep;
  do {
    again = false;
    setState({ status: 'checking', progress: null });
    // Progress comes over the callback's own MessagePort, the result over the worker's: a last progress
    // message can arrive after the result, and must not put a finished sweep back into 'checking'.
    let open = true;
    const onProgress = (progress: DriftCheckProgress): void => {
      if (open) setState({ status: 'checking', progress });
    };
    try {
      last = await drift.call((api) => api.checkDue(Comlink.proxy(onProgress)));
    } catch (error) {
      setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      open = false;
    }
  } while (again);
  setState({ status: 'idle', last });
}
