import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskOf } from '../../../src/core/pipeline/runState.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { quotaMessage, StorageFullError } from '../../../src/storage/quota.ts';
import { getRun, listRuns } from '../../../src/storage/queries/runs.ts';
import { createRun, failInterruptedRuns, saveRun } from '../../../src/storage/commands/runs.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { freshDb, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: RelearnDb[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
});

/** A workspace with one labeled batch, the target chosen, tiny training and automatic runs off. */
async function workspace(): Promise<RelearnDb> {
  const { db } = freshDb();
  open.push(db);
  await changePipelineSettings(db, { ...defaultPipelineSettings(), autoRun: false, params: { ...defaultParams('mlp'), hidden: [8], epochs: 2, batchSize: 32, patience: 0 } });
  await stored(db, 'reference.csv', pointsCsv('binary', points('binary', 120, 1)));
  await changeWorkspace(db, { target: 'target' });
  return db;
}

describe('the scheduler as the scheduling tab sees it', () => {
  it('onRunChange hears the number of each run it executes when it starts, and null when it ends', async () => {
    const db = await workspace();
    const scheduler = new Scheduler(db, 1);
    const heard: (number | null)[] = [];
    scheduler.onRunChange = (run) => heard.push(run);
    await scheduler.runManual();
    await scheduler.runManual();
    expect(heard).toEqual([1, null, 2, null]);
  });

  it('a run whose own record no longer fits: it fails with the storage-full message, nothing is left running, and the error reaches the caller', async () => {
    const db = await workspace();
    // The browser refuses the run's saves while it is running; the smaller final save still fits.
    db.runs.hook('updating', (changes) => {
      if ((changes as { state?: string }).state === 'running') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const scheduler = new Scheduler(db, 1);
    const heard: (number | null)[] = [];
    scheduler.onRunChange = (run) => heard.push(run);
    const error = await scheduler.runManual().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toBe(quotaMessage('the state of run 1'));
    const [run] = await listRuns(db);
    expect(await getRun(db, run!.id)).toMatchObject({ number: 1, state: 'failed', outcome: 'failed', reason: `failed: ${quotaMessage('the state of run 1')}` });
    expect(scheduler.running).toBeNull();
    expect(heard).toEqual([1, null]);
    expect(await db.models.count()).toBe(0);
  });

  it('a run cut off by a closed tab ends when it was last heard of, not when the next tab found it', async () => {
    const db = await workspace();
    const run = await createRun(db, { kind: 'manual', reason: 'by hand' }, null, { target: 'target', batchIds: [], settings: defaultPipelineSettings() });
    run.state = 'running';
    Object.assign(taskOf(run, 'check_trigger'), { state: 'success', tries: 1, startedAt: run.createdAt + 10, endedAt: run.createdAt + 20 });
    Object.assign(taskOf(run, 'validate_data'), { state: 'running', tries: 1, startedAt: run.createdAt + 30, log: [{ at: run.createdAt + 45, level: 'info', message: 'try 1 of 2' }] });
    await saveRun(db, run);
    await failInterruptedRuns(db);
    const after = await getRun(db, run.id);
    expect(after).toMatchObject({ state: 'failed', endedAt: run.createdAt + 45, reason: 'interrupted: the page was closed or reloaded while the run was going' });
    expect(taskOf(after, 'validate_data')).toMatchObject({ state: 'failed', endedAt: run.createdAt + 45 });
  });
});
