import { describe, expect, it } from 'vitest';
import { executeRun, type RunnerHooks } from '../../../src/core/pipeline/runner.ts';
import { rerunBatches, rerunProblem, rerunStatement } from '../../../src/core/pipeline/rerunInputs.ts';
import { clearedBy, clearFrom, markInterrupted, newRun, taskOf, trainingBatchIds, withTryHistory, type Run } from '../../../src/core/pipeline/runState.ts';
import { backendSetupMs, busySpans, passes, wallDiffers, wallMs, workedMs } from '../../../src/core/pipeline/runTime.ts';
import { consistencyProblems, planned } from './harness.ts';

type Config = { batchIds: string[] };

/** A clock the test moves by hand; each read also moves it 1 s, so every try lasts a few seconds. */
function clockHooks(start = 1_000_000): RunnerHooks & { clock: { at: number } } {
  const clock = { at: start };
  return { clock, save: async () => undefined, now: () => (clock.at += 1000), sleep: async (ms) => void (clock.at += ms) };
}

const run0 = (createdAt = 1_000_000): Run<Config> => newRun('run-1', 1, { kind: 'manual', reason: 'a test' }, 'c', { batchIds: ['a', 'b', 'c'] }, createdAt);
const asRun = (run: Run<Config>): Run => run as unknown as Run;
const snapshot = (run: Run<Config>, current: { id: string; arrivedAt: number }[]) => {
  const batches = rerunBatches(run, current);
  return { inputs: 'snapshot' as const, batchIds: batches.snapshot, statement: rerunStatement('snapshot', batches) };
};

/** Fails at train (its two tries), waits `idleMs`, then re-runs from train with the snapshot and succeeds. */
async function failedThenRerun(idleMs: number): Promise<{ run: Run<Config>; hooks: ReturnType<typeof clockHooks> }> {
  const hooks = clockHooks();
  const run = run0();
  await executeRun(asRun(run), planned({ train: new Error('out of memory') }).executors as never, hooks);
  hooks.clock.at += idleMs;
  clearFrom(asRun(run), 'train', hooks.clock.at, snapshot(run, ['a', 'b', 'c'].map((id) => ({ id, arrivedAt: 0 }))));
  await executeRun(asRun(run), planned().executors as never, hooks);
  return { run, hooks };
}

describe('a re-run keeps every try (Airflow Clear)', () => {
  it('the failed tries stay with their state, times, log and output; the new try is numbered after them', async () => {
    const { run } = await failedThenRerun(10 * 60_000);
    expect(run).toMatchObject({ state: 'success', outcome: 'promoted' });
    const train = taskOf(asRun(run), 'train');
    expect(train).toMatchObject({ state: 'success', tries: 3, lastTry: 4, pass: 1, output: 'train out' });
    expect(train.earlier.map((t) => [t.number, t.state, t.pass])).toEqual([
      [1, 'failed', 0],
      [2, 'failed', 0],
    ]);
    expect(train.earlier[1]!.log.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['out of memory']);
    for (const t of train.earlier) expect(t.endedAt!).toBeGreaterThan(t.startedAt!);
    expect(train.log.map((l) => l.message)).toEqual(['cleared for re-run 1 (was failed): uses the 3 batches of the original run; no batch arrived since', 'try 3 of 4', 'train called']);
    // A task that never ran in the first pass (upstream_failed) has no earlier try; notify ran, so it keeps one.
    expect(taskOf(asRun(run), 'evaluate')).toMatchObject({ tries: 1, earlier: [] });
    expect(taskOf(asRun(run), 'notify').earlier.map((t) => [t.number, t.state])).toEqual([[1, 'success']]);
    // Above the cleared task nothing changed.
    expect(taskOf(asRun(run), 'prepare_features')).toMatchObject({ tries: 1, pass: 0, earlier: [], output: 'prepare_features out' });
    expect(run.reruns).toEqual([expect.objectContaining({ from: 'train', inputs: 'snapshot', batchIds: ['a', 'b', 'c'], cleared: ['train', 'evaluate', 'compare', 'gate', 'register', 'shadow', 'promote', 'reject', 'notify'] })]);
    expect(consistencyProblems(asRun(run))).toEqual([]);
  });

  it('a second re-run adds a third pass; each try names its pass', async () => {
    const hooks = clockHooks();
    const run = run0();
    const current = ['a', 'b', 'c'].map((id) => ({ id, arrivedAt: 0 }));
    await executeRun(asRun(run), planned({ gate: new Error('no decision') }).executors as never, hooks);
    clearFrom(asRun(run), 'gate', hooks.clock.at, snapshot(run, current));
    await executeRun(asRun(run), planned({ gate: new Error('still none') }).executors as never, hooks);
    clearFrom(asRun(run), 'gate', hooks.clock.at, snapshot(run, current));
    await executeRun(asRun(run), planned().executors as never, hooks);
    const gate = taskOf(asRun(run), 'gate');
    expect([...gate.earlier.map((t) => [t.number, t.state, t.pass]), [gate.tries, gate.state, gate.pass]]).toEqual([
      [1, 'failed', 0],
      [2, 'failed', 1],
      [3, 'success', 2],
    ]);
    expect(passes(asRun(run))).toBe(3);
  });
});

describe('run time counted from work', () => {
  it('an idle wait before the re-run is wall time, not work', async () => {
    const idle = 10 * 60_000;
    const { run } = await failedThenRerun(idle);
    const now = run.endedAt!;
    const spans = busySpans(asRun(run), now);
    const sum = spans.reduce((s, [a, b]) => s + b - a, 0);
    expect(workedMs(asRun(run), now)).toBe(sum);
    expect(wallMs(asRun(run), now)).toBeGreaterThan(idle);
    expect(workedMs(asRun(run), now)).toBeLessThan(60_000);
    // The retry's backoff (1 s) lies between train's first two tries, in neither.
    const [first, second] = taskOf(asRun(run), 'train').earlier;
    expect(second!.startedAt! - first!.endedAt!).toBeGreaterThanOrEqual(1000);
    expect(wallDiffers(asRun(run), now)).toBe(true);
  });

  it('overlapping spans count once; a running try counts to now; a plain run shows no difference', async () => {
    const run = run0(0);
    Object.assign(taskOf(asRun(run), 'check_trigger'), { state: 'success', tries: 1, startedAt: 0, endedAt: 100 });
    Object.assign(taskOf(asRun(run), 'validate_data'), { state: 'success', tries: 1, startedAt: 50, endedAt: 150 });
    Object.assign(taskOf(asRun(run), 'prepare_features'), { state: 'running', tries: 1, startedAt: 200, endedAt: null });
    // Skipped tasks carry an end without a start: no span.
    Object.assign(taskOf(asRun(run), 'reject'), { state: 'skipped', startedAt: null, endedAt: 120 });
    expect(workedMs(asRun(run), 260)).toBe(150 + 60);
    // Tasks back to back, never re-run: the wall time says nothing more.
    const plain = run0(0);
    plain.tasks.forEach((t, i) => Object.assign(t, { state: 'success', tries: 1, startedAt: i * 100 + 5, endedAt: i * 100 + 100 }));
    plain.endedAt = plain.tasks.length * 100;
    expect(wallDiffers(asRun(plain), plain.endedAt)).toBe(false);
    expect(workedMs(asRun(plain), plain.endedAt)).toBe(plain.tasks.length * 95);
  });

  it('choosing the training backend before the first task is work of the run, named apart from the tasks', () => {
    const run = run0(0);
    run.tasks.forEach((t, i) => Object.assign(t, { state: 'success', tries: 1, startedAt: 5000 + i * 100, endedAt: 5000 + i * 100 + 100 }));
    run.endedAt = 5000 + run.tasks.length * 100;
    const tasksMs = run.tasks.length * 100;
    // Without the set-up on record (runs stored before it was kept), its 5 s are an unexplained wait.
    expect(workedMs(asRun(run), run.endedAt)).toBe(tasksMs);
    expect(wallDiffers(asRun(run), run.endedAt)).toBe(true);
    run.backendSetup = { startedAt: 0, endedAt: 5000 };
    expect(backendSetupMs(asRun(run))).toBe(5000);
    expect(workedMs(asRun(run), run.endedAt)).toBe(5000 + tasksMs);
    expect(wallDiffers(asRun(run), run.endedAt)).toBe(false);
  });

  it('a try interrupted while waiting to retry keeps the end it had: the wait was no work', () => {
    const run = run0(0);
    Object.assign(taskOf(asRun(run), 'check_trigger'), { state: 'up_for_retry', tries: 1, startedAt: 10, endedAt: 20 });
    run.state = 'running';
    markInterrupted(asRun(run), 'interrupted: the page was closed', 5000);
    expect(taskOf(asRun(run), 'check_trigger')).toMatchObject({ state: 'failed', endedAt: 20 });
  });
});

describe('a re-run says which batches it trains on', () => {
  const current = [
    { id: 'a', arrivedAt: 0 },
    { id: 'b', arrivedAt: 0 },
    { id: 'c', arrivedAt: 0 },
    { id: 'd', arrivedAt: 2_000_000 },
    { id: 'e', arrivedAt: 3_000_000 },
  ];

  it('the snapshot (default) or the current batches, in a plain sentence', () => {
    const b = rerunBatches(run0(), current);
    expect(b).toMatchObject({ snapshot: ['a', 'b', 'c'], current: ['a', 'b', 'c', 'd', 'e'], arrived: 2, admitted: 0, gone: 0, origin: 'the original run' });
    expect(rerunStatement('snapshot', b)).toBe('uses the 3 batches of the original run; 2 batches arrived since');
    expect(rerunStatement('current', b)).toBe('trains on the 5 batches stored now (2 batches arrived since the original run); prepare_features gathers them again');
  });

  it('says when a snapshot batch is gone, or an older batch became trainable', () => {
    const b = rerunBatches(run0(), [{ id: 'a', arrivedAt: 0 }, { id: 'x', arrivedAt: 0 }, { id: 'b', arrivedAt: 0 }]);
    expect(rerunStatement('snapshot', b)).toBe('uses the 3 batches of the original run; no batch arrived since, 1 older batch is trainable now; 1 of them is no longer stored or no longer pass validation');
    expect(rerunStatement('current', b)).toBe("trains on the 3 batches stored now (no batch arrived since the original run, 1 older batch is trainable now, 1 of the original run's left out); prepare_features gathers them again");
    expect(rerunProblem('current', rerunBatches(run0(), []))).toMatch(/^no stored batch has values of the target column/);
    expect(rerunProblem('snapshot', rerunBatches(run0(), []))).toBeNull();
  });

  it('on the current batches prepare_features runs again; below train the run keeps its version', () => {
    expect(clearedBy('train', 'snapshot')[0]).toBe('train');
    expect(clearedBy('train', 'current').slice(0, 2)).toEqual(['prepare_features', 'train']);
    expect(clearedBy('validate_data', 'current')[0]).toBe('validate_data');
    expect(() => clearedBy('evaluate', 'current')).toThrow('a re-run from evaluate keeps the version this run trained; only a re-run from train or a task above it can train on the current batches');
    expect(clearedBy('evaluate', 'snapshot')[0]).toBe('evaluate');
  });

  it('the choice is recorded, and the later tasks read the batches of the latest pass', async () => {
    const hooks = clockHooks();
    const run = run0();
    await executeRun(asRun(run), planned({ train: new Error('out of memory') }).executors as never, hooks);
    expect(trainingBatchIds(run)).toEqual(['a', 'b', 'c']);
    const b = rerunBatches(run, current);
    clearFrom(asRun(run), 'train', hooks.clock.at, { inputs: 'current', batchIds: b.current, statement: rerunStatement('current', b) });
    expect(trainingBatchIds(run)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(run.config.batchIds).toEqual(['a', 'b', 'c']);
    expect(taskOf(asRun(run), 'prepare_features')).toMatchObject({ state: 'none', pass: 1, earlier: [expect.objectContaining({ number: 1, state: 'success' })] });
    // A later re-run's snapshot is the batches re-run 1 chose.
    expect(rerunBatches(run, current)).toMatchObject({ snapshot: ['a', 'b', 'c', 'd', 'e'], arrived: 0, origin: 're-run 1' });
  });
});

describe('runs stored before tries were kept', () => {
  it('read with one try per task and no re-runs, and can be re-run', async () => {
    const hooks = clockHooks();
    const run = run0();
    await executeRun(asRun(run), planned({ validate_data: new Error('too few rows') }).executors as never, hooks);
    // The shape stored before: no reruns, no earlier tries, no pass or last try.
    const old = structuredClone(run) as unknown as Record<string, unknown> & { tasks: Record<string, unknown>[] };
    delete old.reruns;
    for (const task of old.tasks) {
      delete task.earlier;
      delete task.pass;
      delete task.lastTry;
    }
    const read = withTryHistory(old as unknown as Run<Config>);
    expect(read).toEqual(run);
    clearFrom(asRun(read), 'validate_data', hooks.clock.at, snapshot(read, []));
    await executeRun(asRun(read), planned().executors as never, hooks);
    expect(taskOf(asRun(read), 'validate_data').earlier.map((t) => [t.number, t.state])).toEqual([[1, 'failed']]);
    expect(taskOf(asRun(read), 'validate_data')).toMatchObject({ state: 'success', tries: 2, lastTry: 2 });
  });
});
