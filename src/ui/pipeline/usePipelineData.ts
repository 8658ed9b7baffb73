import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { schedulerRole, subscribeSchedulerRole, type SchedulerRole } from '../../bridge/pipelineBridge.ts';
import type { RunRecord } from '../../storage/db.ts';
import { db } from '../db.ts';

const SETTLED: RunRecord['state'][] = ['success', 'failed'];
const OPEN: RunRecord['state'][] = ['queued', 'running', 'awaiting_approval'];
const newestFirst = (a: RunRecord, b: RunRecord): number => b.number - a.number;

/**
 * Every run, newest first, as the scheduling tab saves it (after every change of a task's state, every
 * log line). Read as two live queries on the state index: a run going on is saved about once a second,
 * and re-reading a hundred settled runs (their logs and outputs) at each save kept the main thread busy
 * for the whole run; the settled ones are read again only when a run settles or one of them changes.
 * `settled` is that list alone (newest first), for what only finished runs draw.
 */
export function useRuns(): { runs: RunRecord[]; settled: RunRecord[] } | undefined {
  const settled = useLiveQuery(async () => (await db.runs.where('state').anyOf(SETTLED).toArray()).sort(newestFirst));
  const open = useLiveQuery(() => db.runs.where('state').anyOf(OPEN).toArray());
  return useMemo(() => (settled && open ? { runs: [...open, ...settled].sort(newestFirst), settled } : undefined), [settled, open]);
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
