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

/** One earlier try of a task, kept as it ended when a retry or a re-run began another (Airflow's try history). */
export interface TaskTry<K extends TaskId> {
  number: number;
  state: TaskState;
  startedAt: number | null;
  endedAt: number | null;
  log: LogLine[];
  output: TaskOutputs[K] | null;
  /** The pass of the run it belongs to: 0 the first, n its nth re-run (run.reruns[n - 1]). */
  pass: number;
}

/** One task of a run: its current try, and every earlier one. `output` has the type its task id declares in TaskOutputs. */
export interface TaskOf<K extends TaskId> {
  id: K;
  state: TaskState;
  /** The current try's number: tries so far, counted over retries and re-runs (1 after the first). */
  tries: number;
  /** The last try this pass may reach: the task's retries, given again by each re-run. */
  lastTry: number;
  /** The pass of the run the current try belongs to (see TaskTry.pass). */
  pass: number;
  startedAt: number | null;
  endedAt: number | null;
  log: LogLine[];
  /** What the task produced (drift summary, metrics, decision), kept with the run; null until it succeeds. */
  output: TaskOutputs[K] | null;
  /** Earlier tries, oldest first. */
  earlier: TaskTry<K>[];
}

/** Any task of a run: narrowing `id` narrows `output`. */
export type TaskInstance = { [K in TaskId]: TaskOf<K> }[TaskId];

export interface RunTrigger {
  kind: TriggerKind;
  reason: string;
}

export type RunState = 'queued' | 'running' | 'success' | 'failed' | 'awaiting_approval';
export type Outcome = 'promoted' | 'rejected' | 'skipped' | 'failed' | 'awaiting_approval';

/** Which batches a re-run trains on: the run's snapshot (Airflow's default), or those stored now that a new run would pick. */
export type RerunInputs = 'snapshot' | 'current';

/** A person's "Re-run from here": when, from which task, which tasks it cleared and which batches the new pass trains on. */
export interface Rerun {
  at: number;
  from: TaskId;
  cleared: TaskId[];
  inputs: RerunInputs;
  batchIds: string[];
  /** What it trains on, in the sentence the person was shown. */
  statement: string;
}

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
  /** Each re-run, oldest first (empty for a run never re-run). */
  reruns: Rerun[];
  /**
   * Choosing the training backend before the first task, measuring every backend the first time on a
   * device: work of the run that belongs to no task. Absent when it took no time worth showing, and on
   * runs stored before it was kept.
   */
  backendSetup?: { startedAt: number; endedAt: number };
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
    tasks: DAG.map((t) => ({ id: t.id, state: 'none', tries: 0, lastTry: t.retries + 1, pass: 0, startedAt: null, endedAt: null, log: [], output: null, earlier: [] })),
    reruns: [],
  };
}

/** A run as stored before tries were kept (one try per task, no re-runs listed) reads with those fields defaulted. */
export function withTryHistory<R extends Run>(run: R): R {
  run.reruns ??= [];
  for (const task of run.tasks) {
    task.earlier ??= [];
    task.pass ??= 0;
    task.lastTry ??= Math.max(task.tries, taskSpec(task.id).retries + 1);
  }
  return run;
}

/** Ends the task's current try: it joins the earlier tries, and the task is ready for another. */
export function archiveTry<K extends TaskId>(task: TaskOf<K>, state: TaskState): void {
  const { tries: number, startedAt, endedAt, log, output, pass } = task;
  task.earlier.push({ number, state, startedAt, endedAt, log, output, pass });
  task.log = [];
  task.output = null;
  task.startedAt = null;
  task.endedAt = null;
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
      // A try waiting to retry had ended already: the wait was no work.
      task.endedAt ??= now;
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

/** The batches the run's latest pass trains on: the last re-run's choice, else the snapshot taken when it started. */
export const trainingBatchIds = (run: Run<{ batchIds: string[] }>): string[] => run.reruns.at(-1)?.batchIds ?? run.config.batchIds;

/** Tasks that can train on other batches when re-run: those at or above train. Below it the run's version is kept. */
export const RETRAINABLE: readonly TaskId[] = ['check_trigger', 'validate_data', 'prepare_features', 'train'];

/**
 * The tasks a re-run from `from` clears, in DAG order: it and everything below it; on the current
 * batches, prepare_features too (it gathers the batches train reads).
 */
export function clearedBy(from: TaskId, inputs: RerunInputs): TaskId[] {
  if (inputs === 'current' && !RETRAINABLE.includes(from)) throw new Error(`a re-run from ${from} keeps the version this run trained; only a re-run from train or a task above it can train on the current batches`);
  const first = inputs === 'current' && from === 'train' ? 'prepare_features' : from;
  const ids = new Set<TaskId>([first, ...descendants(first)]);
  return DAG.filter((t) => ids.has(t.id)).map((t) => t.id);
}

/**
 * "Re-run from here" (Airflow's Clear): the task and everything below it start a new pass. A task that
 * ran keeps that try among its earlier tries, with its state, times, log and output; each gets its
 * retries again. Upstream tasks and their outputs stay as they are.
 */
export function clearFrom(run: Run, from: TaskId, now: number, choice: Pick<Rerun, 'inputs' | 'batchIds' | 'statement'>): Rerun {
  const cleared = clearedBy(from, choice.inputs);
  const rerun: Rerun = { at: now, from, cleared, ...choice };
  run.reruns.push(rerun);
  const pass = run.reruns.length;
  for (const task of run.tasks) {
    if (!cleared.includes(task.id)) continue;
    const was = task.state;
    if (task.startedAt !== null) archiveTry(task, was);
    task.state = 'none';
    task.output = null;
    task.startedAt = null;
    task.endedAt = null;
    task.log = [{ at: now, level: 'info', message: `cleared for re-run ${pass} (was ${was}): ${choice.statement}` }];
    task.pass = pass;
    task.lastTry = task.tries + taskSpec(task.id).retries + 1;
  }
  run.state = 'queued';
  run.outcome = null;
  run.reason = null;
  run.endedAt = null;
  return rerun;
}
