import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import { defaultPipelineSettings, type PipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { isTerminal, taskOf } from '../../../src/core/pipeline/runState.ts';
import { defaultParams, defaultTrainConfig } from '../../../src/core/training/config.ts';
import { defaultValidationSettings } from '../../../src/core/validation.ts';
import type { EventRecord, ModelStage, RelearnDb, RunRecord } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { getModel } from '../../../src/storage/queries/models.ts';
import { consecutiveFailures, getRun, listRuns } from '../../../src/storage/queries/runs.ts';
import { createRun, failInterruptedRuns, saveRun } from '../../../src/storage/commands/runs.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { PipelineBusyError, Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { streamedInputs, type Reader } from '../../../src/app/training/chunkedTable.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { freshDb, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: RelearnDb[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
});
const database = (): RelearnDb => {
  const { db } = freshDb();
  open.push(db);
  return db;
};

/** Tiny, quick training; a learning rate that learns the easy problem in a few epochs. */
const quick = { ...defaultParams('mlp'), hidden: [8], epochs: 3, batchSize: 32, learningRate: 0.05, patience: 0 };
/** Hardly any learning at all: a champion that any trained challenger beats. */
const feeble = { ...quick, epochs: 1, learningRate: 1e-4 };

async function settings(db: RelearnDb, change: Partial<PipelineSettings>): Promise<void> {
  const current = (await readWorkspace(db)).pipeline;
  await changePipelineSettings(db, { ...current, ...change });
}

/** The binary problem (x1 + x2 > 0), `rows` rows; `shift` moves x1, which the drift check sees. */
function csv(rows: number, seed: number, shift = 0): string {
  return pointsCsv('binary', points('binary', rows, seed).map((p) => ({ ...p, x1: p.x1 + shift })));
}

/** The same rows as `csv(rows, seed)`, in the reverse order: another file, the very same distribution. */
function reordered(rows: number, seed: number): string {
  return pointsCsv('binary', points('binary', rows, seed).reverse());
}

/** A batch arrives: stored, drift-checked against the reference, then the scheduler decides. */
async function arrive(db: RelearnDb, scheduler: Scheduler, name: string, body: string): Promise<{ batch: BatchMeta; runs: RunRecord[] }> {
  const batch = await stored(db, name, body);
  await checkDueBatches(db);
  return { batch, runs: await scheduler.processArrivals() };
}

const eventsOf = async (db: RelearnDb, since = 0): Promise<EventRecord[]> => (await db.events.orderBy('seq').toArray()).filter((e) => e.seq! > since);
const lastSeq = async (db: RelearnDb): Promise<number> => (await db.events.orderBy('seq').last())?.seq ?? 0;
const kinds = (events: EventRecord[], only?: string[]): string[] => events.map((e) => e.kind).filter((k) => !only || only.includes(k));
const stageOf = async (db: RelearnDb, version: number): Promise<ModelStage | undefined> => (await db.models.get(version))?.stage;

/**
 * What must hold whenever the scheduler is idle: one champion at most, serving from `production`, the
 * only version there; every stage the registry shows follows from its events (replayed in order); the
 * champion alias names the last promoted version; no run is left open, and each has its events.
 */
async function invariants(db: RelearnDb): Promise<void> {
  const aliases = await db.aliases.toArray();
  expect(aliases.filter((a) => a.name === 'champion').length).toBeLessThanOrEqual(1);
  const champion = await championVersion(db);
  const models = await db.models.toArray();
  expect(models.filter((m) => m.stage === 'production').map((m) => m.version)).toEqual(champion === null ? [] : [champion]);
  if (champion !== null) expect(await stageOf(db, champion)).toBe('production');

  const events = await eventsOf(db);
  const replayed = new Map<number, ModelStage>();
  let promoted: number | null = null;
  for (const e of events) {
    const d = e.details as { version?: number; previous?: number | null; runId?: string | null } | undefined;
    if (e.kind === 'model.trained') replayed.set(d!.version!, 'candidate');
    if (e.kind === 'model.registered') replayed.set(d!.version!, 'staging');
    if (e.kind === 'model.rejected') replayed.set(d!.version!, 'rejected');
    if (e.kind === 'model.promoted') {
      if (d!.previous !== null && d!.previous !== undefined) replayed.set(d!.previous, 'archived');
      replayed.set(d!.version!, 'production');
      promoted = d!.version!;
    }
  }
  for (const m of models) expect(replayed.get(m.version), `stage of version ${m.version} from its events`).toBe(m.stage);
  expect(promoted).toBe(champion);

  for (const run of await listRuns(db)) {
    expect(['running', 'queued'], `run ${run.number} left ${run.state}`).not.toContain(run.state);
    const mine = events.filter((e) => (e.details as { runId?: string } | undefined)?.runId === run.id);
    expect(kinds(mine, ['run.started']), `run ${run.number}`).toEqual(['run.started']);
    if (run.state === 'awaiting_approval') expect(kinds(mine)).toContain('run.approval');
    else {
      expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
      expect(mine.filter((e) => e.kind === 'run.finished' || e.kind === 'run.interrupted').length, `run ${run.number} ended once`).toBeGreaterThanOrEqual(1);
    }
    // A registry change made by a run (found above by the run's id in its details) says why.
    for (const e of mine.filter((x) => x.kind.startsWith('model.'))) expect((e.details as { reason?: string }).reason).toBeTruthy();
  }
}

describe('the scheduler, on a stored workspace with real training', () => {
  const db = database();
  const scheduler = new Scheduler(db, 1);
  let reference: BatchMeta;
  let run1: RunRecord;

  it('the first labeled batch trains version 1 and promotes it (trigger "first")', async () => {
    await settings(db, { params: feeble, seed: 3 });
    await changeWorkspace(db, { target: 'target', validation: { ...defaultValidationSettings, minRows: 150 } });
    const since = await lastSeq(db);
    const { batch, runs } = await arrive(db, scheduler, 'reference.csv', csv(200, 1));
    reference = batch;
    expect(runs).toHaveLength(1);
    run1 = runs[0]!;
    expect(run1).toMatchObject({ number: 1, trigger: { kind: 'first', reason: 'no champion yet: this batch trains the first version' }, state: 'success', outcome: 'promoted', batchId: batch.id });
    expect(run1.config).toMatchObject({ target: 'target', batchIds: [batch.id] });
    expect(run1.tasks.map((t) => [t.id, t.state])).toEqual([
      ['check_trigger', 'success'],
      ['validate_data', 'success'],
      ['prepare_features', 'success'],
      ['train', 'success'],
      ['evaluate', 'success'],
      ['compare', 'success'],
      ['gate', 'success'],
      ['register', 'success'],
      ['shadow', 'skipped'],
      ['promote', 'success'],
      ['reject', 'skipped'],
      ['notify', 'success'],
    ]);
    // What is stored is what came back.
    expect(await getRun(db, run1.id)).toEqual(run1);
    expect(await championVersion(db)).toBe(1);
    expect(await stageOf(db, 1)).toBe('production');
    expect((await db.models.get(1))!.runId).toBe(run1.id);
    const events = await eventsOf(db, since);
    expect(kinds(events, ['policy.fired', 'policy.suppressed', 'run.started', 'model.trained', 'model.registered', 'model.promoted', 'run.finished'])).toEqual([
      'policy.fired',
      'run.started',
      'model.trained',
      'model.registered',
      'model.promoted',
      'run.finished',
    ]);
    expect(events.find((e) => e.kind === 'policy.fired')).toMatchObject({ batchId: batch.id, summary: 'Retraining for "reference.csv" (first): no champion yet: this batch trains the first version' });
    expect(events.find((e) => e.kind === 'run.finished')!.summary).toBe('Run 1 promoted');
    expect(events.find((e) => e.kind === 'model.promoted')!.details).toMatchObject({ version: 1, previous: null, runId: run1.id });
    // Decided once: asking again starts nothing.
    expect(await scheduler.processArrivals()).toEqual([]);
    await invariants(db);
  });

  it('a batch without drift, with only the drift rule on: a policy.suppressed event with the reason, no run', async () => {
    await settings(db, { params: quick });
    const since = await lastSeq(db);
    const { batch, runs } = await arrive(db, scheduler, 'calm.csv', reordered(200, 1));
    expect((await db.driftReports.get(batch.id))!.report.dataset.drift).toBe(false);
    expect(runs).toEqual([]);
    expect(await listRuns(db)).toHaveLength(1);
    const events = await eventsOf(db, since);
    const suppressed = events.filter((e) => e.kind === 'policy.suppressed');
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({ batchId: batch.id, actor: 'auto' });
    expect(suppressed[0]!.summary).toMatch(/^No retraining for "calm\.csv": no rule fired: dataset drift not found: \d+% of columns drifted \(threshold 50%\)$/);
    expect((suppressed[0]!.details as { decision: { fire: boolean } }).decision.fire).toBe(false);
    expect(kinds(events)).not.toContain('run.started');
    await invariants(db);
  });

  it('a drifted batch with a gate asking for a huge gain: run 2 (drift) trains version 2 and rejects it; version 1 stays', async () => {
    await settings(db, { gate: { minImprovementMode: 'set', minImprovement: 0.9, relative: false, approval: 'auto' } });
    const since = await lastSeq(db);
    const { batch, runs } = await arrive(db, scheduler, 'moved.csv', csv(200, 3, 1.5));
    expect((await db.driftReports.get(batch.id))!.report.dataset.drift).toBe(true);
    expect(runs).toHaveLength(1);
    const run2 = runs[0]!;
    expect(run2).toMatchObject({ number: 2, trigger: { kind: 'drift' }, state: 'success', outcome: 'rejected' });
    expect(run2.trigger.reason).toMatch(/^drift: dataset drift found: /);
    // It trained on every labeled batch up to this one.
    const calm = (await db.batches.toArray()).find((b) => b.name === 'calm.csv')!;
    expect(run2.config.batchIds).toEqual([reference.id, calm.id, batch.id]);
    expect(taskOf(run2, 'register').state).toBe('skipped');
    expect(taskOf(run2, 'reject').state).toBe('success');
    expect(await stageOf(db, 2)).toBe('rejected');
    expect(await championVersion(db)).toBe(1);
    expect(await stageOf(db, 1)).toBe('production');
    const gate = taskOf(run2, 'gate').output!;
    expect(gate.decision).toBe('keep');
    // The stored output says of every check whether it gates: a reader never parses names.
    expect(gate.checks.map((c) => [c.name.split(' ')[0], c.gating])).toEqual([['ROC', true], ['McNemar', false], ['bootstrap', false]]);
    const events = await eventsOf(db, since);
    expect(kinds(events, ['policy.fired', 'run.started', 'model.trained', 'model.registered', 'model.rejected', 'model.promoted', 'run.finished'])).toEqual([
      'policy.fired',
      'run.started',
      'model.trained',
      'model.rejected',
      'run.finished',
    ]);
    expect(events.find((e) => e.kind === 'model.rejected')!.summary).toBe(`Version 2 rejected: ${gate.reason}`);
    await invariants(db);
  });

  it('manual approval: the run waits at the gate; approved with a reason, version 3 is promoted and version 1 archived', async () => {
    await settings(db, { gate: { minImprovementMode: 'set', minImprovement: 0, relative: false, approval: 'manual', significance: 'none' } });
    const { runs } = await arrive(db, scheduler, 'moved-again.csv', csv(200, 4, 1.5));
    expect(runs).toHaveLength(1);
    const run3 = runs[0]!;
    expect(run3).toMatchObject({ number: 3, trigger: { kind: 'drift' }, state: 'awaiting_approval', outcome: 'awaiting_approval' });
    expect(taskOf(run3, 'gate').state).toBe('awaiting_approval');
    expect((taskOf(run3, 'gate').output as { decision: string }).decision).toBe('promote');
    expect(await stageOf(db, 3)).toBe('candidate');
    expect(await championVersion(db)).toBe(1);
    expect((await getRun(db, run3.id)).state).toBe('awaiting_approval');
    await invariants(db);

    await expect(scheduler.answerApproval(run3.id, true, '  ')).rejects.toThrow('say why');
    const since = await lastSeq(db);
    const done = await scheduler.answerApproval(run3.id, true, 'checked the holdout by hand');
    expect(done).toMatchObject({ state: 'success', outcome: 'promoted' });
    expect(await championVersion(db)).toBe(3);
    expect(await stageOf(db, 3)).toBe('production');
    expect(await stageOf(db, 1)).toBe('archived');
    expect(await stageOf(db, 2)).toBe('rejected');
    const events = await eventsOf(db, since);
    expect(kinds(events, ['model.registered', 'model.promoted', 'run.finished'])).toEqual(['model.registered', 'model.promoted', 'run.finished']);
    const promotedEvent = events.find((e) => e.kind === 'model.promoted')!;
    expect(promotedEvent).toMatchObject({ actor: 'user', summary: 'Version 3 promoted to champion; version 1 archived: approved by a person: checked the holdout by hand' });
    await expect(scheduler.answerApproval(run3.id, true, 'again')).rejects.toThrow('run 3 is not waiting for approval');
    await invariants(db);
  });

  const failedRuns: RunRecord[] = [];

  it('batches failing validation fail their runs with an alert; at the breaker the pipeline pauses, and decisions then say so', async () => {
    await settings(db, { gate: { minImprovementMode: 'set', minImprovement: 0, relative: false, approval: 'auto', significance: 'none' }, policy: { ...defaultPipelineSettings().policy, circuitBreaker: 2 } });
    const since = await lastSeq(db);
    for (const [i, seed] of [5, 6].entries()) {
      // 60 rows: under the 150 the validation asks for.
      const { batch, runs } = await arrive(db, scheduler, `small-${i}.csv`, csv(60, seed, 1.5));
      expect(batch.validation!.status).toBe('fail');
      expect(runs).toHaveLength(1);
      const run = runs[0]!;
      expect(run).toMatchObject({ state: 'failed', outcome: 'failed', trigger: { kind: 'drift' } });
      expect(taskOf(run, 'validate_data').state).toBe('failed');
      expect(run.reason).toBe(`validate_data failed: batch "small-${i}.csv" failed validation: enough rows 60 rows`);
      expect(taskOf(run, 'train').state).toBe('upstream_failed');
      expect(taskOf(run, 'notify').state).toBe('success');
      failedRuns.push(run);
    }
    expect(await consecutiveFailures(db)).toBe(2);
    const events = await eventsOf(db, since);
    const alerts = events.filter((e) => e.kind === 'alert');
    expect(alerts.map((a) => a.summary)).toEqual([
      'Run 4 stopped: validate_data: batch "small-0.csv" failed validation: enough rows 60 rows',
      'Run 5 stopped: validate_data: batch "small-1.csv" failed validation: enough rows 60 rows',
    ]);
    // The breaker trips once, after the second failure.
    expect(kinds(events, ['run.finished', 'pipeline.paused'])).toEqual(['run.finished', 'run.finished', 'pipeline.paused']);
    expect(events.find((e) => e.kind === 'pipeline.paused')!.summary).toBe('Automatic runs paused: 2 runs failed in a row (circuit breaker at 2). Resume them in Pipeline.');
    expect((await readWorkspace(db)).pipeline.paused).toMatchObject({ reason: '2 runs failed in a row (circuit breaker at 2)' });

    // Paused: a drifted batch starts nothing, and the decision says why.
    const next = lastSeq(db);
    const { runs } = await arrive(db, scheduler, 'moved-while-paused.csv', csv(200, 7, 1.5));
    expect(runs).toEqual([]);
    const held = (await eventsOf(db, await next)).filter((e) => e.kind === 'policy.suppressed');
    expect(held).toHaveLength(1);
    expect(held[0]!.summary).toMatch(/^No retraining for "moved-while-paused\.csv": held back, automatic runs are paused \(2 runs failed in a row \(circuit breaker at 2\)\); would have fired on drift: /);
    expect((held[0]!.details as { decision: { suppressedBy: string } }).decision.suppressedBy).toBe('circuit breaker');
    // Saving settings keeps the pause.
    await settings(db, { seed: 4 });
    expect((await readWorkspace(db)).pipeline.paused).not.toBeNull();
    await invariants(db);
  });

  it('resume() clears the pause, with its event', async () => {
    const since = await lastSeq(db);
    await scheduler.resume();
    expect((await readWorkspace(db)).pipeline.paused).toBeNull();
    expect(kinds(await eventsOf(db, since))).toEqual(['pipeline.resumed']);
    // Resuming a pipeline that is not paused does nothing.
    await scheduler.resume();
    expect(kinds(await eventsOf(db, since))).toEqual(['pipeline.resumed']);
  });

  it('rerunFrom a failed run: validate_data and everything below run again, the tasks above are kept', async () => {
    const failed = failedRuns[1]!;
    await expect(scheduler.rerunFrom(run1.id, 'train')).rejects.toThrow('run 1 did not fail; only a failed run is re-run');
    await expect(scheduler.rerunFrom(failed.id, 'check_trigger')).rejects.toThrow(`task check_trigger of run ${failed.number} did not fail`);

    // Lower the bar so the small batch passes, then re-run from the task that failed.
    await changeWorkspace(db, { validation: { ...defaultValidationSettings, minRows: 30 } });
    const before = await getRun(db, failed.id);
    const rerun = await scheduler.rerunFrom(failed.id, 'validate_data');
    expect(rerun.id).toBe(failed.id);
    expect(rerun.number).toBe(failed.number);
    expect(rerun.state).toBe('success');
    expect(['promoted', 'rejected']).toContain(rerun.outcome);
    expect(taskOf(rerun, 'check_trigger')).toEqual(taskOf(before, 'check_trigger'));
    // The failed try stays, with its error; the re-run is try 2, on the run's snapshot of batches, said so.
    expect(taskOf(rerun, 'validate_data')).toMatchObject({ state: 'success', tries: 2, pass: 1 });
    expect(taskOf(rerun, 'validate_data').earlier).toEqual([expect.objectContaining({ number: 1, state: 'failed', pass: 0 })]);
    expect(taskOf(rerun, 'validate_data').earlier[0]!.log.at(-1)).toMatchObject({ level: 'error', message: `batch "small-1.csv" failed validation: enough rows 60 rows` });
    expect(rerun.reruns).toEqual([expect.objectContaining({ from: 'validate_data', inputs: 'snapshot', batchIds: failed.config.batchIds })]);
    // Lowering the bar made both small batches trainable, and one more arrived: the statement counts all three
    // (the test's batches carry the ingest helper's clock, so how they split between "arrived" and "older" is not asserted).
    expect(rerun.reruns[0]!.statement).toMatch(new RegExp(`^uses the ${failed.config.batchIds.length} batches of the original run; .*(3 older batches are trainable now|3 batches arrived since)`));
    expect(rerun.tasks.map((t) => t.earlier.length).reduce((a, b) => a + b)).toBe(2);
    expect(taskOf(rerun, 'train').state).toBe('success');
    const version = (taskOf(rerun, 'train').output as { version: number }).version;
    expect((await db.models.get(version))!.runId).toBe(failed.id);
    expect(await stageOf(db, version)).toBe(rerun.outcome === 'promoted' ? 'production' : 'rejected');
    expect(await consecutiveFailures(db)).toBe(0);
    await invariants(db);
  });

  it('runManual while a run is going: PipelineBusyError, and nothing else is started', async () => {
    const runsBefore = (await listRuns(db)).length;
    const going = scheduler.runManual({ batchIds: [reference.id], reason: 'by hand' });
    while (!scheduler.running) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(scheduler.running.trigger).toEqual({ kind: 'manual', reason: 'by hand' });
    await expect(scheduler.runManual({ batchIds: [reference.id] })).rejects.toBeInstanceOf(PipelineBusyError);
    await expect(scheduler.runManual({ batchIds: [reference.id] })).rejects.toThrow(/^run \d+ is still going; wait for it to finish or cancel it$/);
    const done = await going;
    expect(done).toMatchObject({ trigger: { kind: 'manual' }, state: 'success' });
    expect(scheduler.running).toBeNull();
    expect(await listRuns(db)).toHaveLength(runsBefore + 1);
    expect((await db.events.where('kind').equals('run.started').last())!.actor).toBe('user');
    await invariants(db);
  });
});

describe('the scheduler, without training', () => {
  it('failInterruptedRuns: a run left running (the tab closed) fails with the interruption reason and an event', async () => {
    const db = database();
    await stored(db, 'reference.csv', csv(100, 1));
    await changeWorkspace(db, { target: 'target' });
    const config = { target: 'target', batchIds: [], settings: defaultPipelineSettings() };
    const run = await createRun(db, { kind: 'manual', reason: 'by hand' }, null, config);
    run.state = 'running';
    for (const id of ['check_trigger', 'validate_data'] as const) Object.assign(taskOf(run, id), { state: 'success', tries: 1 });
    Object.assign(taskOf(run, 'prepare_features'), { state: 'running', tries: 1 });
    await saveRun(db, run);
    const waiting = await createRun(db, { kind: 'drift', reason: 'drift' }, null, config);
    waiting.state = 'awaiting_approval';
    await saveRun(db, waiting);

    const failed = await failInterruptedRuns(db);
    expect(failed.map((r) => r.id)).toEqual([run.id]);
    const after = await getRun(db, run.id);
    expect(after).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'interrupted: the page was closed or reloaded while the run was going' });
    expect(after.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(taskOf(after, 'prepare_features').state).toBe('failed');
    expect(taskOf(after, 'check_trigger').state).toBe('success');
    expect((await getRun(db, waiting.id)).state).toBe('awaiting_approval');
    const events = await db.events.where('kind').equals('run.interrupted').toArray();
    expect(events.map((e) => e.summary)).toEqual(['Run 1 interrupted: the page was closed or reloaded while the run was going']);
    // Nothing left to fail the second time.
    expect(await failInterruptedRuns(db)).toEqual([]);
  });

  it('a run interrupted before its first task started is failed too (not a success)', async () => {
    const db = database();
    const run = await createRun(db, { kind: 'manual', reason: 'by hand' }, null, { target: 't', batchIds: [], settings: defaultPipelineSettings() });
    run.state = 'running';
    await saveRun(db, run);
    await failInterruptedRuns(db, 'interrupted: test');
    expect(await getRun(db, run.id)).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'interrupted: test' });
    // A closed tab says nothing about whether the pipeline works: it does not count towards the breaker.
    expect(await consecutiveFailures(db)).toBe(0);
  });

  it('a run cut off after train registered its version: the re-run from train uses that version instead of training again', async () => {
    const db = database();
    await settings(db, { params: quick });
    const batch = await stored(db, 'reference.csv', csv(150, 1));
    await changeWorkspace(db, { target: 'target' });
    const config = { target: 'target', batchIds: [batch.id], settings: (await readWorkspace(db)).pipeline };
    const run = await createRun(db, { kind: 'manual', reason: 'by hand' }, null, config);
    run.state = 'running';
    for (const id of ['check_trigger', 'validate_data', 'prepare_features'] as const) Object.assign(taskOf(run, id), { state: 'success', tries: 1 });
    Object.assign(taskOf(run, 'train'), { state: 'running', tries: 1 });
    await saveRun(db, run);
    // The version was stored whole; the tab closed before the run recorded it.
    const registered = await trainAndRegister(db, { batchIds: [batch.id], config: { ...defaultTrainConfig('target'), params: quick, seed: config.settings.seed } }, { runId: run.id });
    await failInterruptedRuns(db);

    const rerun = await new Scheduler(db, 1).rerunFrom(run.id, 'train');
    expect(rerun.state).toBe('success');
    expect((taskOf(rerun, 'train').output as { version: number }).version).toBe(registered.version);
    expect(taskOf(rerun, 'train').log.map((l) => l.message)).toContain(`version ${registered.version} was registered by this run before it was cut off: it is used instead of training again`);
    expect(await db.models.count()).toBe(1);
    expect(rerun.outcome).toBe('promoted');
    expect(await championVersion(db)).toBe(registered.version);
  });

  it('start() fails the interrupted runs first', async () => {
    const db = database();
    const run = await createRun(db, { kind: 'manual', reason: 'by hand' }, null, { target: 't', batchIds: [], settings: defaultPipelineSettings() });
    await new Scheduler(db, 1).start();
    expect((await getRun(db, run.id)).state).toBe('failed');
  });

  it('no target chosen: nothing is decided and runManual refuses; once a target is chosen the waiting batch trains version 1', async () => {
    const db = database();
    const scheduler = new Scheduler(db, 1);
    await settings(db, { params: quick });
    await stored(db, 'reference.csv', csv(100, 1));
    expect(await scheduler.processArrivals()).toEqual([]);
    expect(await db.events.where('kind').anyOf('policy.fired', 'policy.suppressed').count()).toBe(0);
    await expect(scheduler.runManual()).rejects.toThrow('choose the target column in Data before running the pipeline');
    await changeWorkspace(db, { target: 'target' });
    const [run] = await scheduler.processArrivals();
    expect(run).toMatchObject({ trigger: { kind: 'first' }, outcome: 'promoted' });
  });

  it('while a run awaits approval, new batches are held back with that reason', async () => {
    const db = database();
    const scheduler = new Scheduler(db, 1);
    await settings(db, { params: quick, gate: { ...defaultPipelineSettings().gate, approval: 'manual' } });
    await stored(db, 'reference.csv', csv(200, 1));
    await changeWorkspace(db, { target: 'target' });
    const [first] = await scheduler.processArrivals();
    expect(first!.state).toBe('awaiting_approval');
    const next = await stored(db, 'next.csv', csv(200, 2, 3));
    await checkDueBatches(db);
    expect(await scheduler.processArrivals()).toEqual([]);
    const held = (await db.events.where('batchId').equals(next.id).toArray()).find((e) => e.kind === 'policy.suppressed')!;
    expect(held.summary).toBe(`No retraining for "next.csv": held back while run ${first!.number} awaits approval`);
  });

  it('a paused pipeline with no champion yet starts no first training either', async () => {
    // The first trainings keep failing (here: a batch too small for validation), the breaker pauses.
    const db = database();
    const scheduler = new Scheduler(db, 1);
    await settings(db, { params: quick, policy: { ...defaultPipelineSettings().policy, circuitBreaker: 1 } });
    await stored(db, 'reference.csv', csv(200, 1));
    await changeWorkspace(db, { target: 'target', validation: { ...defaultValidationSettings, minRows: 150 } });
    // The reference passes validation by definition: note it as decided already, so that a small batch is the first.
    const workspace = await readWorkspace(db);
    await db.events.add({ at: Date.now(), kind: 'policy.suppressed', actor: 'auto', batchId: workspace.referenceBatchId!, summary: 'decided earlier', details: { occasion: 'batch arrived' } });
    const { runs } = await arrive(db, scheduler, 'small.csv', csv(60, 2));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: { kind: 'first' }, state: 'failed' });
    expect((await readWorkspace(db)).pipeline.paused).not.toBeNull();
    const next = await arrive(db, scheduler, 'small-again.csv', csv(60, 3));
    expect(next.runs).toEqual([]);
    const held = await db.events.where('kind').equals('policy.suppressed').last();
    expect(held!.summary).toMatch(/^No retraining for "small-again\.csv": held back, automatic runs are paused/);
  });
});

describe('the scheduler: one run at a time', () => {
  const db = database();
  const scheduler = new Scheduler(db, 1);
  let reference: BatchMeta;
  let waiting: RunRecord;
  const until = async (ready: () => boolean): Promise<void> => {
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 1));
  };

  beforeAll(async () => {
    await settings(db, { params: quick, gate: { minImprovementMode: 'set', minImprovement: 0, relative: false, approval: 'manual', significance: 'none' } });
    reference = await stored(db, 'reference.csv', csv(200, 1));
    await changeWorkspace(db, { target: 'target' });
    [waiting] = (await scheduler.processArrivals()) as [RunRecord];
  });

  it('the first run waits for approval', () => {
    expect(waiting).toMatchObject({ number: 1, trigger: { kind: 'first' }, state: 'awaiting_approval' });
  });

  it('cancel() while training: the run fails with "cancelled by the user", no task left open', async () => {
    const going = scheduler.runManual({ batchIds: [reference.id] });
    await until(() => scheduler.running !== null && taskOf(scheduler.running, 'train').state === 'running');
    scheduler.cancel();
    const run = await going;
    expect(run).toMatchObject({ state: 'failed', outcome: 'failed', reason: 'cancelled by the user' });
    expect(run.tasks.every((t) => isTerminal(t.state))).toBe(true);
    expect(await getRun(db, run.id)).toEqual(run);
    expect(scheduler.running).toBeNull();
    await invariants(db);
  });

  // BUG (latent: the pipeline worker queues every call, so the page never does this): the busy check
  // comes before two awaits, and the slot is only taken in execute(). A second call in the same tick
  // passes the check, creates run N+1 with its run.started event, then throws PipelineBusyError from
  // execute(), leaving that run `queued` (failed as "interrupted" at the next start, counting toward
  // the circuit breaker). Remove `.fails` once startRun takes the slot before its first await.
  it('two runManual calls in the same tick: the second is refused before it creates a run', async () => {
    const before = (await listRuns(db)).length;
    const first = scheduler.runManual({ batchIds: [reference.id] });
    const second = scheduler.runManual({ batchIds: [reference.id] });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason instanceof PipelineBusyError).toBe(true);
    expect((await listRuns(db)).length).toBe(before + 1);
    expect((await listRuns(db)).filter((r) => r.state === 'queued')).toEqual([]);
  });

  // BUG (latent, as above): answerApproval resolves the gate and saves the run as `queued` before
  // execute() finds the scheduler busy; the answer is lost and the run can no longer be answered.
  // Remove `.fails` once answerApproval (and rerunFrom) check for a run going before changing anything.
  it('answerApproval while another run is going: refused, and the run still waits', async () => {
    const going = scheduler.runManual({ batchIds: [reference.id] });
    await until(() => scheduler.running !== null);
    const answer = await scheduler.answerApproval(waiting.id, true, 'fine').then(
      () => null,
      (error: unknown) => error,
    );
    await going;
    expect(answer).toBeInstanceOf(PipelineBusyError);
    expect((await getRun(db, waiting.id)).state).toBe('awaiting_approval');
  });
});

describe('choosing the training backend before a run', () => {
  it('is kept on the run when it takes time (a first measurement), so the tasks and it add up to the run’s work; a quick choice is not', async () => {
    const db = database();
    const slow = new Scheduler(db, 1, () => new Promise((resolve) => setTimeout(resolve, 300)));
    await settings(db, { params: quick });
    await changeWorkspace(db, { target: 'target' });
    const [run] = (await arrive(db, slow, 'reference.csv', csv(100, 1))).runs;
    const stored = await getRun(db, run!.id);
    expect(stored.backendSetup).toBeDefined();
    expect(stored.backendSetup!.endedAt - stored.backendSetup!.startedAt).toBeGreaterThanOrEqual(290);
    expect(stored.backendSetup!.endedAt).toBeLessThanOrEqual(taskOf(stored, 'check_trigger').startedAt!);
    const manual = await new Scheduler(db, 1).runManual();
    expect((await getRun(db, manual.id)).backendSetup).toBeUndefined();
  });
});

describe('a run whose training streams from storage', () => {
  it('hands its epochs’ reads to the reader it is given, and trains the same model as without one', async () => {
    const runWith = async (readerOf: (db: RelearnDb) => Reader | undefined) => {
      const db = database();
      await settings(db, { params: quick, seed: 5 });
      await changeWorkspace(db, { target: 'target' });
      // Every batch over the limit: each epoch's reads come from IndexedDB, as a 5M-row batch's do.
      const scheduler = new Scheduler(db, 1, undefined, { streamValues: 1, reader: readerOf(db) });
      const [run] = (await arrive(db, scheduler, 'reference.csv', csv(200, 1))).runs;
      expect(run).toMatchObject({ state: 'success', outcome: 'promoted' });
      return (await getModel(db, 1)).training!;
    };
    let reads = 0;
    // As a reader worker gets a read: cloned, made on its own connection's rows.
    const viaReader = await runWith((db) => (read) => {
      reads++;
      return streamedInputs(db, structuredClone(read));
    });
    const here = await runWith(() => undefined);
    // One read an epoch (the batch is one stored chunk), three epochs.
    expect(reads).toBe(3);
    expect(viaReader.history.map((h) => h.loss)).toEqual(here.history.map((h) => h.loss));
    expect(viaReader.counts).toEqual(here.counts);
  });
});
