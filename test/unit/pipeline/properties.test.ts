import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TASK_IDS, taskSpec, type TaskId } from '../../../src/core/pipeline/dag.ts';
import { executeRun, resolveApproval } from '../../../src/core/pipeline/runner.ts';
import { isTerminal, markInterrupted, taskOf, type Run } from '../../../src/core/pipeline/runState.ts';
import { consistencyProblems, fakeRun, planned, recordingHooks, type Plan, type Step } from './harness.ts';

type Outcome = 'success' | 'throw' | 'flaky' | 'skipped' | 'stop' | 'pass' | 'fail' | 'approval';

/** What each task may do: succeed, throw (always, or once), end skipped; the branching tasks branch. */
const choices = (id: TaskId): Outcome[] => {
  if (id === 'check_trigger') return ['success', 'stop', 'throw', 'skipped'];
  if (id === 'gate') return ['pass', 'fail', 'approval', 'throw', 'skipped', 'flaky'];
  return ['success', 'throw', 'flaky', 'skipped'];
};

const step = (id: TaskId, outcome: Outcome): Step | Step[] => {
  switch (outcome) {
    case 'success':
      return { output: `${id} out` };
    case 'throw':
      return new Error(`${id} broke`);
    case 'flaky':
      return [new Error(`${id} hiccup`), id === 'gate' ? { output: 'gate', branch: 'pass' } : { output: `${id} out` }];
    case 'skipped':
      return { output: null, skipped: 'off' };
    default:
      return { output: outcome, branch: outcome };
  }
};

const plans = fc.record(Object.fromEntries(TASK_IDS.map((id) => [id, fc.constantFrom(...choices(id))])) as Record<TaskId, fc.Arbitrary<Outcome>>);
const answers = fc.constantFrom<'approve' | 'reject' | 'leave'>('approve', 'reject', 'leave');

function planOf(outcomes: Record<TaskId, Outcome>): Plan {
  return Object.fromEntries(TASK_IDS.map((id) => [id, step(id, outcomes[id])]));
}

function checkEnded(run: Run): void {
  expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
  expect(['success', 'failed']).toContain(run.state);
  const failed = run.tasks.some((t) => t.state === 'failed');
  const promote = taskOf(run, 'promote').state;
  const reject = taskOf(run, 'reject').state;
  // Exactly one outcome, and the one the tasks say.
  const expected = failed ? 'failed' : promote === 'success' ? 'promoted' : reject === 'success' ? 'rejected' : 'skipped';
  expect(run.outcome).toBe(expected);
  expect(run.state).toBe(failed ? 'failed' : 'success');
  expect(promote === 'success' && reject === 'success').toBe(false);
  if (failed) expect(run.reason).toMatch(/failed: /);
  // notify runs whatever happened.
  expect(taskOf(run, 'notify').tries).toBe(1);
  expect(['success', 'failed', 'skipped']).toContain(taskOf(run, 'notify').state);
}

describe('runner properties', () => {
  it('whatever the executors do, the run ends with every task terminal (or waits at the gate), one outcome, notify never upstream_failed', async () => {
    await fc.assert(
      fc.asyncProperty(plans, answers, async (outcomes, answer) => {
        const { executors, calls } = planned(planOf(outcomes));
        const hooks = recordingHooks();
        const run = await executeRun(fakeRun(), executors, hooks);
        expect(taskOf(run, 'notify').state).not.toBe('upstream_failed');
        for (const saved of hooks.saves) expect(consistencyProblems(saved)).toEqual([]);
        expect(hooks.saves.at(-1)).toEqual(run);
        // A task is called at most its tries, and never when its rule said no.
        for (const id of TASK_IDS) expect(calls.filter((c) => c === id).length).toBeLessThanOrEqual(taskSpec(id).retries + 1);

        if (run.state === 'awaiting_approval') {
          expect(run.outcome).toBe('awaiting_approval');
          expect(run.tasks.filter((t) => t.state === 'awaiting_approval').map((t) => t.id)).toEqual(['gate']);
          for (const id of ['register', 'shadow', 'promote', 'reject', 'notify'] as TaskId[]) expect(taskOf(run, id).state).toBe('none');
          expect(run.tasks.filter((t) => !['register', 'shadow', 'promote', 'reject', 'notify', 'gate'].includes(t.id)).every((t) => isTerminal(t.state))).toBe(true);
          if (answer === 'leave') return;
          resolveApproval(run, answer === 'approve', 'because', 'ana', 5);
          const after = recordingHooks();
          await executeRun(run, executors, after);
          for (const saved of after.saves) expect(consistencyProblems(saved)).toEqual([]);
          // The answer picks the side: the other one is skipped.
          expect(taskOf(run, answer === 'approve' ? 'reject' : 'promote').state).toBe('skipped');
        }
        checkEnded(run);
        expect(consistencyProblems(run)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('interrupted at any save, a run ends failed with the reason and no task open', async () => {
    await fc.assert(
      fc.asyncProperty(plans, fc.nat(), async (outcomes, pick) => {
        const { executors } = planned(planOf(outcomes));
        const hooks = recordingHooks();
        await executeRun(fakeRun(), executors, hooks);
        const open = hooks.saves.filter((s) => s.state === 'running');
        fc.pre(open.length > 0);
        const run = structuredClone(open[pick % open.length]!);
        markInterrupted(run, 'interrupted: the page was closed', 1e9);
        expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
        expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'interrupted: the page was closed' });
        expect(taskOf(run, 'notify').state).not.toBe('none');
      }),
      { numRuns: 200 },
    );
  });
});
