import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { DAG, FAIL_BRANCH, PASS_BRANCH, TASK_IDS, taskSpec, type TaskId, type TriggerRule } from '../../../src/core/pipeline/dag.ts';
import { executeRun, resolveApproval } from '../../../src/core/pipeline/runner.ts';
import { clearFrom, descendants, isTerminal, markInterrupted, ruleVerdict, taskOf, TERMINAL, type Rerun, type Run, type TaskState } from '../../../src/core/pipeline/runState.ts';
import { consistencyProblems, fakeRun, planned, recordingHooks, states } from './harness.ts';

const ALL_STATES: TaskState[] = ['none', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'skipped', 'upstream_failed', 'awaiting_approval'];

/** Airflow's rules, written out again from their documentation, for the verdict table. */
function expectedVerdict(rule: TriggerRule, upstream: TaskState[]): 'run' | 'skipped' | 'upstream_failed' | null {
  if (!upstream.every((s) => s === 'success' || s === 'failed' || s === 'skipped' || s === 'upstream_failed')) return null;
  if (rule === 'all_done') return 'run';
  if (upstream.some((s) => s === 'failed' || s === 'upstream_failed')) return 'upstream_failed';
  if (rule === 'all_success') return upstream.every((s) => s === 'success') ? 'run' : 'skipped';
  return upstream.some((s) => s === 'success') ? 'run' : 'skipped';
}

function combinations(n: number): TaskState[][] {
  if (n === 0) return [[]];
  return combinations(n - 1).flatMap((rest) => ALL_STATES.map((s) => [s, ...rest]));
}

function withStates(set: Partial<Record<TaskId, TaskState>>): Run {
  const run = fakeRun();
  for (const [id, state] of Object.entries(set)) taskOf(run, id as TaskId).state = state;
  return run;
}

describe('the DAG', () => {
  it('matches ARCHITECTURE.md: the chain to the gate, two branches, promote after an optional shadow, notify whatever happened', () => {
    expect(DAG.map((t) => t.id)).toEqual([...TASK_IDS]);
    const edges = DAG.flatMap((t) => t.upstream.map((u) => `${u}→${t.id}`));
    expect(edges).toEqual([
      'check_trigger→validate_data',
      'validate_data→prepare_features',
      'prepare_features→train',
      'train→evaluate',
      'evaluate→compare',
      'compare→gate',
      'gate→register',
      'register→shadow',
      'register→promote',
      'shadow→promote',
      'gate→reject',
      'promote→notify',
      'reject→notify',
    ]);
    expect(taskSpec('promote').triggerRule).toBe('none_failed_min_one_success');
    expect(taskSpec('notify').triggerRule).toBe('all_done');
    expect(DAG.filter((t) => t.triggerRule === 'all_success').map((t) => t.id)).toHaveLength(10);
    expect([...PASS_BRANCH, ...FAIL_BRANCH].sort()).toEqual(descendants('gate').filter((t) => t !== 'notify').sort());
    // Upstream tasks come first: the runner walks the DAG in this order.
    DAG.forEach((t, i) => t.upstream.forEach((u) => expect(DAG.findIndex((s) => s.id === u)).toBeLessThan(i)));
  });

  it('lists every task below a task', () => {
    expect(descendants('gate').sort()).toEqual(['notify', 'promote', 'register', 'reject', 'shadow']);
    expect(descendants('register').sort()).toEqual(['notify', 'promote', 'shadow']);
    expect(descendants('notify')).toEqual([]);
    expect(descendants('check_trigger')).toHaveLength(TASK_IDS.length - 1);
  });
});

describe('ruleVerdict', () => {
  it('follows each task\'s rule for every combination of upstream states', () => {
    let checked = 0;
    for (const spec of DAG) {
      for (const upstream of combinations(spec.upstream.length)) {
        const run = withStates(Object.fromEntries(spec.upstream.map((u, i) => [u, upstream[i]!])));
        expect(ruleVerdict(run, spec.id), `${spec.id} (${spec.triggerRule}) after ${upstream.join(', ') || 'nothing'}`).toBe(expectedVerdict(spec.triggerRule, upstream));
        checked++;
      }
    }
    // 1 root, 9 tasks with one upstream, 2 with two.
    expect(checked).toBe(1 + 9 * ALL_STATES.length + 2 * ALL_STATES.length ** 2);
  });

  it('spells out the cases that matter', () => {
    // all_success
    expect(ruleVerdict(withStates({ gate: 'success' }), 'register')).toBe('run');
    expect(ruleVerdict(withStates({ gate: 'skipped' }), 'register')).toBe('skipped');
    expect(ruleVerdict(withStates({ gate: 'failed' }), 'register')).toBe('upstream_failed');
    expect(ruleVerdict(withStates({ gate: 'upstream_failed' }), 'register')).toBe('upstream_failed');
    expect(ruleVerdict(withStates({ gate: 'awaiting_approval' }), 'register')).toBeNull();
    expect(ruleVerdict(withStates({ gate: 'up_for_retry' }), 'register')).toBeNull();
    // none_failed_min_one_success: a skipped shadow does not hold promotion back, a failed one does.
    expect(ruleVerdict(withStates({ register: 'success', shadow: 'skipped' }), 'promote')).toBe('run');
    expect(ruleVerdict(withStates({ register: 'success', shadow: 'success' }), 'promote')).toBe('run');
    expect(ruleVerdict(withStates({ register: 'skipped', shadow: 'skipped' }), 'promote')).toBe('skipped');
    expect(ruleVerdict(withStates({ register: 'success', shadow: 'failed' }), 'promote')).toBe('upstream_failed');
    expect(ruleVerdict(withStates({ register: 'success', shadow: 'running' }), 'promote')).toBeNull();
    // all_done
    expect(ruleVerdict(withStates({ promote: 'upstream_failed', reject: 'failed' }), 'notify')).toBe('run');
    expect(ruleVerdict(withStates({ promote: 'skipped', reject: 'success' }), 'notify')).toBe('run');
    expect(ruleVerdict(withStates({ promote: 'success', reject: 'none' }), 'notify')).toBeNull();
    // The root has no upstream task: it may always run.
    expect(ruleVerdict(withStates({}), 'check_trigger')).toBe('run');
    expect(TERMINAL).toEqual(['success', 'failed', 'skipped', 'upstream_failed']);
  });
});

describe('executeRun', () => {
  it('all green: the pass branch runs, reject is skipped, notify runs, the run is promoted', async () => {
    const { executors, calls } = planned();
    const hooks = recordingHooks();
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(calls).toEqual(['check_trigger', 'validate_data', 'prepare_features', 'train', 'evaluate', 'compare', 'gate', 'register', 'shadow', 'promote', 'notify']);
    expect(states(run)).toMatchObject({ register: 'success', shadow: 'success', promote: 'success', reject: 'skipped', notify: 'success' });
    expect(run).toMatchObject({ state: 'success', outcome: 'promoted', reason: null });
    expect(run.endedAt).not.toBeNull();
    expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(taskOf(run, 'reject').log.at(-1)?.message).toBe('skipped: the gate passed the challenger');
    expect(taskOf(run, 'train').output).toBe('train out');
    expect(run.tasks.filter((t) => t.state === 'success').every((t) => t.tries === 1 && t.startedAt !== null && t.endedAt! >= t.startedAt)).toBe(true);
    expect(hooks.sleeps).toEqual([]);
  });

  it('passes earlier outputs to later tasks and lets a task write its log', async () => {
    const { executors } = planned();
    const seen: unknown[] = [];
    executors.evaluate = async (ctx) => {
      seen.push(ctx.outputOf('train'), ctx.outputOf('promote'));
      ctx.log('scored', 'warn');
      return { output: { version: 1, metrics: null, warnings: ['few rows'] } };
    };
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    expect(seen).toEqual(['train out', null]);
    expect(taskOf(run, 'evaluate').log.map((l) => [l.level, l.message])).toEqual([
      ['info', 'try 1 of 2'],
      ['warn', 'scored'],
    ]);
    expect(taskOf(run, 'evaluate').output).toEqual({ version: 1, metrics: null, warnings: ['few rows'] });
  });

  it('gate fail: register, shadow and promote are skipped, reject runs, the run is rejected', async () => {
    const { executors, calls } = planned({ gate: { output: 'worse', branch: 'fail' } });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    expect(calls.slice(-2)).toEqual(['reject', 'notify']);
    expect(calls).not.toContain('register');
    expect(states(run)).toMatchObject({ gate: 'success', register: 'skipped', shadow: 'skipped', promote: 'skipped', reject: 'success', notify: 'success' });
    expect(taskOf(run, 'promote').log.at(-1)?.message).toBe('skipped: the gate rejected the challenger');
    expect(run).toMatchObject({ state: 'success', outcome: 'rejected' });
  });

  it("check_trigger 'stop': everything but notify is skipped, the run is skipped", async () => {
    const { executors, calls } = planned({ check_trigger: { output: 'nothing fired', branch: 'stop' } });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    expect(calls).toEqual(['check_trigger', 'notify']);
    const s = states(run);
    expect(s.check_trigger).toBe('success');
    expect(s.notify).toBe('success');
    for (const id of TASK_IDS.filter((t) => t !== 'check_trigger' && t !== 'notify')) expect(s[id], id).toBe('skipped');
    expect(taskOf(run, 'train').log.at(-1)?.message).toBe('skipped: the trigger policy did not ask for retraining');
    expect(run).toMatchObject({ state: 'success', outcome: 'skipped', reason: null });
  });

  it('validate_data throws: everything below is upstream_failed, notify still runs, the run fails with the reason', async () => {
    const { executors, calls } = planned({ validate_data: new Error('batch "b.csv" failed validation: rows 12') });
    const hooks = recordingHooks();
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(calls).toEqual(['check_trigger', 'validate_data', 'notify']);
    const s = states(run);
    expect(s.validate_data).toBe('failed');
    for (const id of descendants('validate_data').filter((t) => t !== 'notify')) expect(s[id], id).toBe('upstream_failed');
    expect(s.notify).toBe('success');
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'validate_data failed: batch "b.csv" failed validation: rows 12' });
    // validate_data has no retries: one try, no sleep.
    expect(taskOf(run, 'validate_data').tries).toBe(1);
    expect(hooks.sleeps).toEqual([]);
    expect(taskOf(run, 'validate_data').log.at(-1)).toMatchObject({ level: 'error', message: 'batch "b.csv" failed validation: rows 12' });
  });

  it('a task that fails once then succeeds is retried after the backoff: up_for_retry, then success on try 2', async () => {
    expect(taskSpec('prepare_features').retries).toBe(1);
    const { executors, calls } = planned({ prepare_features: [new Error('storage busy'), { output: 'features' }] });
    const hooks = recordingHooks(1000);
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(calls.filter((c) => c === 'prepare_features')).toHaveLength(2);
    const seen = hooks.saves.map((r) => taskOf(r, 'prepare_features').state);
    const changes = seen.filter((s, i) => s !== seen[i - 1]);
    expect(changes).toEqual(['none', 'running', 'up_for_retry', 'running', 'success']);
    expect(taskOf(run, 'prepare_features')).toMatchObject({ state: 'success', tries: 2, output: 'features' });
    // Each try keeps its own log and times; the backoff lies between them, in neither.
    expect(taskOf(run, 'prepare_features').log.map((l) => l.message)).toEqual(['try 2 of 2', 'prepare_features called']);
    const [first] = taskOf(run, 'prepare_features').earlier;
    expect(first).toMatchObject({ number: 1, state: 'failed', output: null, pass: 0 });
    expect(first!.log.map((l) => l.message)).toEqual(['try 1 of 2', 'prepare_features called', 'storage busy', 'retrying in 1 s']);
    expect(first!.endedAt).toBeLessThan(taskOf(run, 'prepare_features').startedAt!);
    expect(hooks.sleeps).toEqual([1000]);
    expect(run.outcome).toBe('promoted');
  });

  it('a task that keeps failing fails after its retries; the backoff doubles each retry (1000 ms, then 2000 ms)', async () => {
    // No task of the DAG has two retries: give train two for this test, to see the doubling.
    const spec = taskSpec('train');
    const retries = spec.retries;
    spec.retries = 2;
    try {
      const { executors, calls } = planned({ train: new Error('out of memory') });
      const hooks = recordingHooks(1000);
      const run = await executeRun(fakeRun(), executors, hooks);
      expect(calls.filter((c) => c === 'train')).toHaveLength(3);
      expect(hooks.sleeps).toEqual([1000, 2000]);
      expect(taskOf(run, 'train')).toMatchObject({ state: 'failed', tries: 3 });
      expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'train failed: out of memory' });
    } finally {
      spec.retries = retries;
    }
    // With the DAG as it is: one retry, one sleep, the default first delay of 1 s.
    const { executors } = planned({ train: new Error('out of memory') });
    const hooks = recordingHooks();
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(hooks.sleeps).toEqual([1000]);
    expect(taskOf(run, 'train')).toMatchObject({ state: 'failed', tries: 2 });
  });

  it("gate 'approval': the run waits; approved, it goes on to promote", async () => {
    const { executors, calls } = planned({ gate: { output: { decision: 'promote', reason: 'better' }, branch: 'approval' } });
    const hooks = recordingHooks();
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(calls.at(-1)).toBe('gate');
    expect(run).toMatchObject({ state: 'awaiting_approval', outcome: 'awaiting_approval', endedAt: null });
    expect(states(run)).toMatchObject({ gate: 'awaiting_approval', register: 'none', shadow: 'none', promote: 'none', reject: 'none', notify: 'none' });
    expect(hooks.saves.at(-1)!.state).toBe('awaiting_approval');

    const decided = taskOf(run, 'gate').endedAt;
    resolveApproval(run, true, 'looks right', 'ana', 99_999);
    expect(run).toMatchObject({ state: 'queued', outcome: null });
    // The gate's try ended when it decided: the wait for a person is no work.
    expect(taskOf(run, 'gate')).toMatchObject({ state: 'success', endedAt: decided });
    expect(taskOf(run, 'gate').output).toEqual({ decision: 'promote', reason: 'better', approval: { approved: true, reason: 'looks right', who: 'ana', at: 99_999 } });
    expect(taskOf(run, 'reject').state).toBe('skipped');
    expect(() => resolveApproval(run, true, 'twice', 'ana', 100)).toThrow('run 1 is not waiting for approval');
    const undecided = await executeRun(fakeRun(), planned({ gate: { output: null, branch: 'approval' } }).executors, recordingHooks());
    expect(() => resolveApproval(undecided, true, 'ok', 'ana', 100)).toThrow("run 1's gate left no decision to answer");
    expect(taskOf(undecided, 'gate').state).toBe('awaiting_approval');

    await executeRun(run, executors, hooks);
    expect(calls.slice(-4)).toEqual(['register', 'shadow', 'promote', 'notify']);
    expect(run).toMatchObject({ state: 'success', outcome: 'promoted' });
    // The gate ran once: approval does not run it again.
    expect(calls.filter((c) => c === 'gate')).toHaveLength(1);
  });

  it('a rejected approval goes on to reject', async () => {
    const { executors, calls } = planned({ gate: { output: { decision: 'promote', reason: 'better' }, branch: 'approval' } });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    resolveApproval(run, false, 'not now', 'ana', 99);
    expect(taskOf(run, 'gate').output).toEqual({ decision: 'promote', reason: 'better', approval: { approved: false, reason: 'not now', who: 'ana', at: 99 } });
    await executeRun(run, executors, recordingHooks());
    expect(calls.slice(-2)).toEqual(['reject', 'notify']);
    expect(states(run)).toMatchObject({ register: 'skipped', shadow: 'skipped', promote: 'skipped', reject: 'success' });
    expect(run).toMatchObject({ state: 'success', outcome: 'rejected' });
  });

  it('a shadow step that is off ends skipped, and promotion still runs (none_failed_min_one_success)', async () => {
    const { executors, calls } = planned({ shadow: { output: null, skipped: 'shadow scoring is off' } });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    expect(calls).toContain('promote');
    expect(states(run)).toMatchObject({ register: 'success', shadow: 'skipped', promote: 'success', notify: 'success' });
    expect(taskOf(run, 'shadow').log.at(-1)?.message).toBe('skipped: shadow scoring is off');
    expect(run.outcome).toBe('promoted');
  });

  it('a failing shadow holds promotion back: upstream_failed, the run fails', async () => {
    const { executors, calls } = planned({ shadow: new Error('could not score') });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    expect(calls).not.toContain('promote');
    expect(states(run)).toMatchObject({ shadow: 'failed', promote: 'upstream_failed', reject: 'skipped', notify: 'success' });
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'shadow failed: could not score' });
  });

  it('saves after every change of state, each saved run consistent, the last save the final run', async () => {
    const { executors } = planned({ train: [new Error('flaky'), { output: 'v1' }], shadow: { output: null, skipped: 'off' } });
    const hooks = recordingHooks();
    const run = await executeRun(fakeRun(), executors, hooks);
    expect(hooks.saves.length).toBeGreaterThan(0);
    for (const [i, saved] of hooks.saves.entries()) expect(consistencyProblems(saved), `save ${i}`).toEqual([]);
    expect(hooks.saves.at(-1)).toEqual(run);
    expect(hooks.saves[0]!.state).toBe('running');
    // Each task that ran was saved while running (before its work) — the page shows progress from there.
    for (const task of run.tasks.filter((t) => t.tries > 0)) {
      expect(hooks.saves.some((s) => taskOf(s, task.id).state === 'running'), task.id).toBe(true);
    }
    expect(hooks.saves.some((s) => taskOf(s, 'train').state === 'up_for_retry')).toBe(true);
    // States only move forward between saves: once terminal, a task stays as it is.
    for (const id of TASK_IDS) {
      const seen = hooks.saves.map((s) => taskOf(s, id).state);
      const firstTerminal = seen.findIndex(isTerminal);
      if (firstTerminal >= 0) expect(new Set(seen.slice(firstTerminal)).size, id).toBe(1);
    }
  });

  it('a cancelled run stops before the next task and throws CancelledError', async () => {
    const controller = new AbortController();
    const { executors, calls } = planned();
    executors.train = async () => {
      controller.abort();
      return { output: { version: 1, trainMs: 5, backend: 'cpu', epochs: 2 } };
    };
    const hooks = { ...recordingHooks(), signal: controller.signal };
    const run = fakeRun();
    await expect(executeRun(run, executors, hooks)).rejects.toBeInstanceOf(CancelledError);
    expect(calls).not.toContain('evaluate');
    expect(taskOf(run, 'train').state).toBe('success');
  });
});

describe('markInterrupted', () => {
  function midway(): Run {
    const run = fakeRun();
    run.state = 'running';
    for (const id of ['check_trigger', 'validate_data', 'prepare_features'] as const) Object.assign(taskOf(run, id), { state: 'success', tries: 1, startedAt: 1, endedAt: 2 });
    Object.assign(taskOf(run, 'train'), { state: 'running', tries: 1, startedAt: 3 });
    return run;
  }

  it('a run cut off mid-way fails with the reason; no task is left open', () => {
    const run = midway();
    markInterrupted(run, 'interrupted: the page was closed', 50);
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'interrupted: the page was closed', endedAt: 50 });
    expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(taskOf(run, 'train')).toMatchObject({ state: 'failed', endedAt: 50 });
    expect(taskOf(run, 'train').log.at(-1)).toEqual({ at: 50, level: 'error', message: 'interrupted: the page was closed' });
    expect(states(run)).toMatchObject({ prepare_features: 'success', evaluate: 'upstream_failed', gate: 'upstream_failed', promote: 'upstream_failed', reject: 'upstream_failed' });
    expect(consistencyProblems(run)).toEqual([]);
  });

  it('a task waiting to retry is failed too', () => {
    const run = midway();
    taskOf(run, 'train').state = 'up_for_retry';
    markInterrupted(run, 'cancelled by the user', 50);
    expect(taskOf(run, 'train').state).toBe('failed');
    expect(run).toMatchObject({ state: 'failed', reason: 'cancelled by the user' });
  });

  it('a run cut off between two tasks (none running) is failed, not "success"', () => {
    // The runner saves a run as `running` before its first task starts, and again after an approval
    // or a clear: a tab closed there leaves a running run with no running task.
    const run = fakeRun();
    run.state = 'running';
    markInterrupted(run, 'interrupted: the page was closed', 50);
    expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'interrupted: the page was closed' });
  });

  it('a run cut off after its approval, before promotion, is failed', async () => {
    const { executors } = planned({ gate: { output: { decision: 'promote', reason: 'better' }, branch: 'approval' } });
    const run = await executeRun(fakeRun(), executors, recordingHooks());
    resolveApproval(run, true, 'ok', 'ana', 60);
    markInterrupted(run, 'interrupted: the page was closed', 70);
    expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed' });
  });
});

const SNAPSHOT: Pick<Rerun, 'inputs' | 'batchIds' | 'statement'> = { inputs: 'snapshot', batchIds: ['a', 'b'], statement: 'uses the 2 batches of the original run' };

describe('clearFrom', () => {
  it('sets a failed task and everything below it back to none, keeps upstream outputs, and the run then completes', async () => {
    const first = planned({ train: new Error('out of memory') });
    const run = await executeRun(fakeRun(), first.executors, recordingHooks());
    expect(run.state).toBe('failed');
    const before = structuredClone(run);

    clearFrom(run, 'train', 77, SNAPSHOT);
    for (const id of ['train', ...descendants('train')] as TaskId[]) {
      expect(taskOf(run, id), id).toMatchObject({ state: 'none', output: null, startedAt: null, endedAt: null, pass: 1 });
      expect(taskOf(run, id).log.map((l) => l.message)).toEqual([expect.stringMatching(/^cleared for re-run 1 \(was (failed|upstream_failed|success)\): uses the 2 batches of the original run$/)]);
    }
    for (const id of ['check_trigger', 'validate_data', 'prepare_features'] as TaskId[]) expect(taskOf(run, id)).toEqual(taskOf(before, id));
    expect(run).toMatchObject({ state: 'queued', outcome: null, reason: null, endedAt: null });

    const second = planned();
    const hooks = recordingHooks();
    await executeRun(run, second.executors, hooks);
    expect(second.calls).toEqual(['train', 'evaluate', 'compare', 'gate', 'register', 'shadow', 'promote', 'notify']);
    expect(run).toMatchObject({ state: 'success', outcome: 'promoted', reason: null });
    expect(taskOf(run, 'prepare_features').output).toBe('prepare_features out');
    for (const [i, saved] of hooks.saves.entries()) expect(consistencyProblems(saved), `save ${i}`).toEqual([]);
  });

  it('a cleared task gets its retries again', async () => {
    const first = planned({ train: new Error('out of memory') });
    const run = await executeRun(fakeRun(), first.executors, recordingHooks());
    expect(taskOf(run, 'train')).toMatchObject({ state: 'failed', tries: 2 });
    clearFrom(run, 'train', 77, SNAPSHOT);
    // On the re-run train fails once more, transiently: its retry should carry it through.
    const second = planned({ train: [new Error('flaky'), { output: 'v2' }] });
    const hooks = recordingHooks(1000);
    await executeRun(run, second.executors, hooks);
    expect(taskOf(run, 'train')).toMatchObject({ state: 'success', output: 'v2' });
    expect(hooks.sleeps).toEqual([1000]);
    expect(run.outcome).toBe('promoted');
  });
});

describe('the state list', () => {
  it('names every state the runner uses', () => {
    expect(ALL_STATES.filter(isTerminal)).toEqual([...TERMINAL].sort((a, b) => ALL_STATES.indexOf(a) - ALL_STATES.indexOf(b)));
  });
});
