import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { schedulerRole, subscribeSchedulerRole, type SchedulerRole } from '../../bridge/pipelineBridge.ts';
import type { RunRecord } from '../../storage/db.ts';
import { db } from '../db.ts';
import { keyedRecords } from '../keyedRecords.ts';

const SETTLED: RunRecord['state'][] = ['success', 'failed'];
const newestFirst = (a: RunRecord, b: RunRecord): number => b.number - a.number;
const runRecords = keyedRecords(db.runs);

const sameRecords = (a: RunRecord[], b: RunRecord[]): boolean => a.length === b.length && a.every((r, i) => r === b[i]);
let lastSettled: RunRecord[] = [];

/** The settled runs, newest first: the list given last time while they are the same records. */
function settledOf(all: RunRecord[]): RunRecord[] {
  const settled = all.filter((r) => SETTLED.includes(r.state)).sort(newestFirst);
  if (!sameRecords(settled, lastSettled)) lastSettled = settled;
  return lastSettled;
}

/**
 * Every run, newest first, as the scheduling tab saves it (after every change of a task's state, every
 * log line). A run going on is saved about once a second, and re-reading a hundred runs (their logs and
 * outputs) at each save kept the main thread busy for the whole run: the run saved is read alone. `settled`
 * is the finished runs alone (newest first), for what only they draw: the same list until one of them
 * changes or another run settles, so that what draws it is not drawn again at each save.
 */
export function useRuns(): { runs: RunRecord[]; settled: RunRecord[] } | undefined {
  const all = useSyncExternalStore(runRecords.subscribe, runRecords.get);
  return useMemo(() => (all ? { runs: [...all].sort(newestFirst), settled: settledOf(all) } : undefined), [all]);
}

/** The batches the scheduler has judged by the policy (each decision, fired or not, is an event). */
export const useJudgedBatches = (): Set<string> | undefined =>
  useLiveQuery(async () => new Set((await db.events.where('kind').anyOf('policy.fired', 'policy.suppressed').toArray()).flatMap((e) => (e.batchId ? [e.batchId] : []))));

/** A batch the policy judged without starting a run, and why. */
export interface NoRun {
  id: string;
  at: number;
  batchId: string;
  /** The decision's sentence less its "No retraining for …:" opening: "dataset drift not found (20% of columns drifted)". */
  reason: string;
}

/** Every judged batch that started no run, oldest first (a decision to retrain is stored with its run instead). */
export const useNoRuns = (): NoRun[] | undefined =>
  useLiveQuery(async () =>
    (await db.events.where('kind').equals('policy.suppressed').sortBy('seq')).flatMap((e) =>
      e.batchId ? [{ id: String(e.seq), at: e.at, batchId: e.batchId, reason: e.summary.replace(/^No retraining( for "[^"]*")?: /, '') }] : [],
    ),
  );

/** Whether this tab schedules, another does, or the election is still going on. */
export const useSchedulerRole = (): SchedulerRole => useSyncExternalStore(subscribeSchedulerRole, schedulerRole);

/** The run going now (any tab's), if any. */
export const activeRun = (runs: RunRecord[]): RunRecord | undefined => runs.find((r) => r.state === 'running' || r.state === 'queued');

export interface Action {
  /** The label of the call under way, or null. */
  pending: string | null;
  error: string | null;
  run: (label: string, work: () => Promise<unknown>) => void;
  clearError: () => void;
}

/** One call to the pipeline worker at a time from a control: what is under way, and what went wrong. */
export function useAction(): Action {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((label: string, work: () => Promise<unknown>) => {
    setPending(label);
    setError(null);
    work()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setPending(null));
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { pending, error, run, clearError };
}
