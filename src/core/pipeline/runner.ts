import { CancelledError } from '../errors.ts';
import { archiveTry, descendants, ruleVerdict, settle, taskOf, type Run, type TaskOf } from './runState.ts';
import { DAG, FAIL_BRANCH, PASS_BRANCH, taskSpec, type TaskId } from './dag.ts';
import type { TaskOutputs } from './outputs.ts';

/**
 * What a task returns. `branch` steers the DAG: `stop` after check_trigger skips the retraining (the
 * policy did not fire); after the gate, `pass` or `fail` picks a side and `approval` pauses the run.
 */
export interface TaskResult<K extends TaskId> {
  output: TaskOutputs[K] | null;
  branch?: 'stop' | 'pass' | 'fail' | 'approval';
  /** The task decided it has nothing to do (an optional step that is off): it ends `skipped` with this reason. */
  skipped?: string;
}

export interface TaskContext<Config, K extends TaskId = TaskId> {
  run: Run<Config>;
  task: TaskOf<K>;
  log(message: string, level?: 'info' | 'warn' | 'error'): void;
  /** The output of an earlier task of this run. */
  outputOf<U extends TaskId>(id: U): TaskOutputs[U] | null;
  signal?: AbortSignal;
}

export type Executors<Config> = { [K in TaskId]: (ctx: TaskContext<Config, K>) => Promise<TaskResult<K>> };

export interface RunnerHooks {
  /** Persists the run after every change of state (the page and other tabs read it from there). */
  save(run: Run): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  signal?: AbortSignal;
  /** First retry's delay; each further retry doubles it. */
  retryDelayMs?: number;
}

function skip(run: Run, ids: readonly TaskId[], why: string, now: number): void {
  for (const id of ids) {
    const task = taskOf(run, id);
    if (task.state !== 'none') continue;
    task.state = 'skipped';
    task.endedAt = now;
    task.log.push({ at: now, level: 'info', message: why });
  }
}

function applyBranch(run: Run, id: TaskId, branch: TaskResult<TaskId>['branch'], now: number): void {
  if (!branch) return;
  if (id === 'check_trigger' && branch === 'stop') {
    skip(run, descendants('check_trigger').filter((t) => taskSpec(t).triggerRule !== 'all_done'), 'skipped: the trigger policy did not ask for retraining', now);
  }
  if (id === 'gate' && branch === 'pass') skip(run, FAIL_BRANCH, 'skipped: the gate passed the challenger', now);
  if (id === 'gate' && branch === 'fail') skip(run, PASS_BRANCH, 'skipped: the gate rejected the challenger', now);
}

async function runTask<Config, K extends TaskId>(run: Run<Config>, task: TaskOf<K>, executors: Executors<Config>, hooks: RunnerHooks): Promise<void> {
  const spec = taskSpec(task.id);
  const log = (message: string, level: 'info' | 'warn' | 'error' = 'info'): void => void task.log.push({ at: hooks.now(), level, message });
  const ctx: TaskContext<Config, K> = { run, task, log, outputOf: (id) => taskOf(run, id).output, signal: hooks.signal };
  const execute: Executors<Config>[K] = executors[task.id];
  for (;;) {
    if (hooks.signal?.aborted) throw new CancelledError('the run was stopped');
    // A retry: the failed try is kept as it ended, and the new one starts with its own times and log.
    if (task.startedAt !== null) archiveTry(task, 'failed');
    task.state = 'running';
    task.tries++;
    task.startedAt = hooks.now();
    log(`try ${task.tries} of ${task.lastTry}`);
    await hooks.save(run);
    try {
      const result = await execute(ctx);
      task.output = result.output;
      task.endedAt = hooks.now();
      if (result.branch === 'approval') {
        task.state = 'awaiting_approval';
        log('waiting for a person to approve or reject');
      } else if (result.skipped) {
        task.state = 'skipped';
        log(`skipped: ${result.skipped}`);
      } else {
        task.state = 'success';
        applyBranch(run, task.id, result.branch, hooks.now());
      }
      return;
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      log(error instanceof Error ? error.message : String(error), 'error');
      task.endedAt = hooks.now();
      if (task.tries >= task.lastTry) {
        task.state = 'failed';
        return;
      }
      task.state = 'up_for_retry';
      const retry = task.tries - (task.lastTry - spec.retries - 1);
      const delay = (hooks.retryDelayMs ?? 1000) * 2 ** (retry - 1);
      log(`retrying in ${Math.round(delay / 100) / 10} s`, 'warn');
      await hooks.save(run);
      await hooks.sleep(delay);
    }
  }
}

/**
 * Runs a run's open tasks in DAG order until every task is terminal or the gate waits for approval;
 * each task's trigger rule decides whether it runs, is skipped or is upstream_failed. Saves after every
 * change. A run resumed after approval or a clear goes on from where it stands.
 */
export async function executeRun<Config>(run: Run<Config>, executors: Executors<Config>, hooks: RunnerHooks): Promise<Run<Config>> {
  run.state = 'running';
  await hooks.save(run);
  for (;;) {
    const next = DAG.map((spec) => taskOf(run, spec.id)).find((t) => t.state === 'none' && ruleVerdict(run, t.id) !== null);
    if (!next) break;
    const verdict = ruleVerdict(run, next.id)!;
    if (verdict === 'run') await runTask(run, next, executors, hooks);
    else {
      next.state = verdict;
      next.endedAt = hooks.now();
    }
    if (run.tasks.some((t) => t.state === 'awaiting_approval')) break;
  }
  settle(run, hooks.now());
  await hooks.save(run);
  return run;
}

/** A person's answer at the gate: the gate succeeds with that branch, and the run can go on. */
export function resolveApproval(run: Run, approved: boolean, reason: string, who: string, now: number): void {
  const gate = taskOf(run, 'gate');
  if (gate.state !== 'awaiting_approval') throw new Error(`run ${run.number} is not waiting for approval`);
  if (!gate.output) throw new Error(`run ${run.number}'s gate left no decision to answer`);
  // The gate's try ended when it decided: the wait for a person is no work, and its end stays there.
  gate.state = 'success';
  gate.log.push({ at: now, level: 'info', message: `${approved ? 'approved' : 'rejected'} by ${who}: ${reason}` });
  gate.output = { ...gate.output, approval: { approved, reason, who, at: now } };
  applyBranch(run, 'gate', approved ? 'pass' : 'fail', now);
  run.state = 'queued';
  run.outcome = null;
}
