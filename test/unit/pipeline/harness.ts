import { DAG, TASK_IDS, taskSpec, type TaskId } from '../../../src/core/pipeline/dag.ts';
import type { Executors, RunnerHooks, TaskContext, TaskResult } from '../../../src/core/pipeline/runner.ts';
import { isTerminal, newRun, ruleVerdict, taskOf, type Run, type TaskState } from '../../../src/core/pipeline/runState.ts';

/** A fake task's result: the runner only stores and passes on outputs, so any value stands for one. */
export type FakeResult = Omit<TaskResult<TaskId>, 'output'> & { output: unknown };

/** What a fake executor does on one call: return a result, or throw. */
export type Step = FakeResult | Error;

export type Plan = Partial<Record<TaskId, Step | Step[]>>;

/** A run as the pipeline would create it, with a trivial config. */
export const fakeRun = (kind: Run['trigger']['kind'] = 'drift'): Run<{ note: string }> =>
  newRun('run-1', 1, { kind, reason: 'a test' }, 'batch-1', { note: 'config' }, 1_000);

/**
 * Executors that follow a plan: each task returns `{ output: '<id> out' }` unless the plan says
 * otherwise (one step for every call, or a list consumed call by call, the last one repeating). The gate
 * passes by default. Every call is recorded.
 */
export function planned(plan: Plan = {}): { executors: Executors<{ note: string }>; calls: TaskId[] } {
  const calls: TaskId[] = [];
  const seen = new Map<TaskId, number>();
  const entries = TASK_IDS.map((id) => [
    id,
    async (ctx: TaskContext<{ note: string }>): Promise<FakeResult> => {
      calls.push(id);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const step = plan[id];
      const chosen: Step | undefined = Array.isArray(step) ? step[Math.min(n, step.length - 1)] : step;
      ctx.log(`${id} called`);
      if (chosen instanceof Error) throw chosen;
      if (chosen) return chosen;
      return id === 'gate' ? { output: 'gate out', branch: 'pass' } : { output: `${id} out` };
    },
  ]);
  return { executors: Object.fromEntries(entries) as Executors<{ note: string }>, calls };
}

/** Hooks that keep a copy of the run at every save, a fake clock, and the delays asked of sleep. */
export function recordingHooks(retryDelayMs?: number): RunnerHooks & { saves: Run[]; sleeps: number[] } {
  let clock = 10_000;
  const saves: Run[] = [];
  const sleeps: number[] = [];
  return {
    saves,
    sleeps,
    retryDelayMs,
    save: async (run) => void saves.push(structuredClone(run)),
    now: () => (clock += 10),
    sleep: async (ms) => void sleeps.push(ms),
  };
}

export const states = (run: Run): Record<TaskId, TaskState> => Object.fromEntries(run.tasks.map((t) => [t.id, t.state])) as Record<TaskId, TaskState>;

/**
 * What must hold of a saved run at any moment: at most one task open (running or waiting to retry),
 * a task that started had every upstream task terminal and a rule that let it run, a task's state
 * agrees with its tries and times, and the run's state agrees with its tasks.
 */
export function consistencyProblems(run: Run): string[] {
  const problems: string[] = [];
  const open = run.tasks.filter((t) => t.state === 'running' || t.state === 'up_for_retry' || t.state === 'queued');
  if (open.length > 1) problems.push(`${open.length} tasks open at once: ${open.map((t) => t.id).join(', ')}`);
  for (const task of run.tasks) {
    const spec = taskSpec(task.id);
    const started = ['running', 'up_for_retry', 'success', 'awaiting_approval'].includes(task.state);
    if (started) {
      if (task.tries < 1) problems.push(`${task.id} is ${task.state} with ${task.tries} tries`);
      if (task.tries > task.lastTry) problems.push(`${task.id} is on try ${task.tries}, allowed up to ${task.lastTry}`);
      if (!spec.upstream.every((u) => isTerminal(taskOf(run, u).state))) problems.push(`${task.id} is ${task.state} before its upstream tasks ended`);
      else if (ruleVerdict(run, task.id) !== 'run') problems.push(`${task.id} is ${task.state} though its rule says ${ruleVerdict(run, task.id)}`);
    }
    if (task.state === 'none' && task.output !== null) problems.push(`${task.id} has an output but never ran`);
  }
  if (run.state === 'running' || run.state === 'queued') {
    if (run.outcome !== null) problems.push(`run ${run.state} with outcome ${run.outcome}`);
  } else if (run.state === 'awaiting_approval') {
    if (run.outcome !== 'awaiting_approval') problems.push(`awaiting approval with outcome ${run.outcome}`);
    if (!run.tasks.some((t) => t.state === 'awaiting_approval')) problems.push('awaiting approval, but no task waits');
  } else {
    if (!run.tasks.every((t) => isTerminal(t.state))) problems.push(`run ${run.state} with open tasks`);
    if (run.endedAt === null) problems.push(`run ${run.state} without an end time`);
    if ((run.state === 'failed') !== (run.outcome === 'failed')) problems.push(`run ${run.state} with outcome ${run.outcome}`);
  }
  return problems;
}

export const allTaskIds = (): TaskId[] => DAG.map((t) => t.id);
