import { DAG, downstreamOf, taskSpec, type TaskId } from './dag.ts';
import type { TaskOutputs } from './outputs.ts';
import type { TriggerKind } from './policy.ts';

export type { TriggerKind };

/** Airflow's task states, plus `awaiting_approval` for a gate that waits for a person. `none`: not reached yet. */
export type TaskState = 'none' | 'queued' | 'running' | 'success' | 'failed' | 'up_for_retry' | 'skipped' | 'upstream_failed' | 'awaiting_approval';

export const TERMINAL: readonly TaskState[] = ['success', 'failed', 'skipped', 'upstream_failed'];
export const isTerminal = (state: TaskState): boolean => TERMINAL.includes(state);

export interface LogLine {
  at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** One task of a run; `output` has the type its task id declares in TaskOutputs. */
export interface TaskOf<K extends TaskId> {
  id: K;
  state: TaskState;
  /** Tries so far (1 after the first). */
  tries: number;
  startedAt: number | null;
  endedAt: number | null;
  log: LogLine[];
  /** What the task produced (drift summary, metrics, decision), kept with the run; null until it succeeds. */
  output: TaskOutputs[K] | null;
}

/** Any task of a run: narrowing `id` narrows `output`. */
export type TaskInstance = { [K in TaskId]: TaskOf<K> }[TaskId];

export interface RunTrigger {
  kind: TriggerKind;
  reason: string;
}

export type RunState = 'queued' | 'running' | 'success' | 'failed' | 'awaiting_approval';
export type Outcome = 'promoted' | 'rejected' | 'skipped' | 'failed' | 'awaiting_approval';

export interface Run<Config = unknown> {
  id: string;
  /** 1, 2, 3, … in the order runs were created. */
  number: number;
  createdAt: number;
  endedAt: number | null;
  trigger: RunTrigger;
  /** The batch that started the run (null for a manual run on chosen batches). */
  batchId: string | null;
  /** A snapshot of what the run was asked to do (batches, model family, settings, gate). */
  config: Config;
  state: RunState;
  outcome: Outcome | null;
  /** Why the run failed or was stopped, in a sentence. */
  reason: string | null;
  tasks: TaskInstance[];
}

export function newRun<Config>(id: string, number: number, trigger: RunTrigger, batchId: string | null, config: Config, now: number): Run<Config> {
  return {
    id,
    number,
    createdAt: now,
    endedAt: null,
    trigger,
    batchId,
    config,
    state: 'queued',
    outcome: null,
    reason: null,
    tasks: DAG.map((t) => ({ id: t.id, state: 'none', tries: 0, startedAt: null, endedAt: null, log: [], output: null })),
  };
}

export const taskOf = <K extends TaskId>(run: Run, id: K): TaskOf<K> => run.tasks.find((t): t is TaskInstance & TaskOf<K> => t.id === id)!;

/** Every task downstream of `id`, transitively. */
export function descendants(id: TaskId): TaskId[] {
  const seen = new Set<TaskId>();
  const visit = (from: TaskId): void => {
    for (const next of downstreamOf(from)) {
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(id);
  return [...seen];
}

/**
 * What a task's trigger rule says once every upstream task is terminal: run it, skip it, or mark it
 * upstream_failed. Null while an upstream task is still open.
 */
export function ruleVerdict(run: Run, id: TaskId): 'run' | 'skipped' | 'upstream_failed' | null {
  const spec = taskSpec(id);
  const upstream = spec.upstream.map((u) => taskOf(run, u).state);
  if (!upstream.every(isTerminal)) return null;
  if (spec.triggerRule === 'all_done') return 'run';
  const failed = upstream.some((s) => s === 'failed' || s === 'upstream_failed');
  if (failed) return 'upstream_failed';
  if (spec.triggerRule === 'all_success') return upstream.every((s) => s === 'success') ? 'run' : 'skipped';
  return upstream.some((s) => s === 'success') ? 'run' : 'skipped';
}

/** The run's state and outcome from its tasks' states. */
export function settle(run: Run, now: number): void {
  const state = (id: TaskId): TaskState => taskOf(run, id).state;
  if (run.tasks.some((t) => t.state === 'awaiting_approval')) {
    run.state = 'awaiting_approval';
    run.outcome = 'awaiting_approval';
    return;
  }
  if (!run.tasks.every((t) => isTerminal(t.state))) return;
  run.endedAt = now;
  const failed = run.tasks.find((t) => t.state === 'failed');
  run.state = failed ? 'failed' : 'success';
  if (failed) {
    run.outcome = 'failed';
    run.reason ??= `${failed.id} failed: ${failed.log.filter((l) => l.level === 'error').at(-1)?.message ?? 'no message'}`;
  } else if (state('promote') === 'success') run.outcome = 'promoted';
  else if (state('reject') === 'success') run.outcome = 'rejected';
  else run.outcome = 'skipped';
}

/** A run found `running` when the page starts was interrupted: its open tasks fail with that reason. */
export function markInterrupted(run: Run, reason: string, now: number): void {
  for (const task of run.tasks) {
    if (task.state === 'running' || task.state === 'queued' || task.state === 'up_for_retry') {
      task.state = 'failed';
      task.endedAt = now;
      task.log.push({ at: now, level: 'error', message: reason });
    }
  }
  for (const task of run.tasks) {
    if (task.state === 'none') {
      const verdict = ruleVerdict(run, task.id);
      if (verdict === 'upstream_failed' || verdict === 'skipped') task.state = verdict;
    }
  }
  // Tasks still open after that lie below a failed task, or are the final notify: close them all.
  for (const task of run.tasks) if (task.state === 'none') task.state = task.id === 'notify' ? 'skipped' : 'upstream_failed';
  run.reason = reason;
  settle(run, now);
  // Cut off between two tasks (no task open), the run would settle as a success: it failed all the same.
  if (run.tasks.every((t) => isTerminal(t.state))) {
    run.state = 'failed';
    run.outcome = 'failed';
  }
}

/** "Re-run from the failed task": that task and everything below it go back to `none`; upstream outputs stay. */
export function clearFrom(run: Run, id: TaskId, now: number): void {
  for (const task of run.tasks) {
    if (task.id === id || descendants(id).includes(task.id)) {
      task.log.push({ at: now, level: 'info', message: `cleared for a re-run (was ${task.state})` });
      task.state = 'none';
      // A re-run gets the task's retries again.
      task.tries = 0;
      task.output = null;
      task.startedAt = null;
      task.endedAt = null;
    }
  }
  run.state = 'queued';
  run.outcome = null;
  run.reason = null;
  run.endedAt = null;
}
