import type { ModelRecord } from '../storage/db.ts';
import { createStore } from './store.ts';
import { scoreOnSameRows, type SameRows, type SameRowsProgress } from './trainBridge.ts';

/** The same-rows scoring of one set of versions (`key`): under way, done or failed. */
export type SameRowsState =
  | { status: 'idle' }
  | { status: 'scoring'; key: string; progress: SameRowsProgress | null }
  | { status: 'done'; key: string; result: SameRows }
  | { status: 'failed'; key: string; message: string };

/** The versions a result covers, by number and creation time: a version never changes what it predicts. */
export const sameRowsKey = (models: readonly ModelRecord[]): string => models.map((m) => `${m.version}@${m.createdAt}`).join(',');

// Kept here, not in a component, so the section can close and open again (or the table remount) while it runs.
const store = createStore<SameRowsState>({ status: 'idle' });
const results = new Map<string, SameRows>();

export const sameRowsState = store.get;
export const subscribeSameRows = store.subscribe;

/** The state for exactly these versions: done at once when they were scored in this page already. */
export function sameRowsFor(state: SameRowsState, models: readonly ModelRecord[]): SameRowsState {
  const key = sameRowsKey(models);
  if (state.status !== 'idle' && state.key === key) return state;
  const kept = results.get(key);
  return kept ? { status: 'done', key, result: kept } : { status: 'idle' };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Scores every version on the same rows in the train worker, with progress; one set of versions at a time. */
export async function startSameRows(models: readonly ModelRecord[]): Promise<void> {
  const key = sameRowsKey(models);
  const state = store.get();
  if (state.status === 'scoring' && state.key === key) return;
  store.set({ status: 'scoring', key, progress: null });
  // Progress comes over the callback's own MessagePort, the result over the worker's: a last progress message
  // can arrive after the result, and must not put a finished scoring back into 'scoring' (the column vanished).
  let open = true;
  try {
    const result = await scoreOnSameRows((progress) => {
      if (open) store.set({ status: 'scoring', key, progress });
    });
    open = false;
    // The worker lists the versions again: keep the result for these versions only if it covers exactly them.
    if (result.scores.map((s) => s.version).join(',') === models.map((m) => m.version).join(',')) results.set(key, result);
    store.set({ status: 'done', key, result });
  } catch (error) {
    open = false;
    store.set({ status: 'failed', key, message: messageOf(error) });
  }
}
