import * as Comlink from 'comlink';
import type { DriftApi } from '../../workers/drift.worker.ts';
import type { DriftCheckProgress, DriftSweep } from '../app/drift/drift.ts';

export type DriftCheckState =
  | { status: 'idle'; last: DriftSweep | null }
  | { status: 'checking'; progress: DriftCheckProgress | null }
  | { status: 'failed'; message: string };

let remote: Comlink.Remote<DriftApi> | null = null;
let state: DriftCheckState = { status: 'idle', last: null };
let again = false;
const listeners = new Set<() => void>();

function driftWorker(): Comlink.Remote<DriftApi> {
  remote ??= Comlink.wrap<DriftApi>(new Worker(new URL('../../workers/drift.worker.ts', import.meta.url), { type: 'module', name: 'drift' }));
  return remote;
}

function setState(next: DriftCheckState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: what the drift worker is doing now. */
export const driftCheckState = (): DriftCheckState => state;

export function subscribeDriftCheck(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Asks the drift worker to check every batch that has no current report. Calls while a check runs
 * are folded into one more pass after it, so a burst of uploads or setting changes costs one sweep each.
 */
export function requestDriftCheck(): void {
  if (state.status === 'checking') {
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
      last = await driftWorker().checkDue(Comlink.proxy(onProgress));
    } catch (error) {
      setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      open = false;
    }
  } while (again);
  setState({ status: 'idle', last });
}
