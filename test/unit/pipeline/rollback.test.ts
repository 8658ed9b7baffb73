import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/storage/drift.ts';
import { changePipelineSettings } from '../../../src/storage/pipelineSettings.ts';
import { championVersion, previousChampion, promote, rollback } from '../../../src/storage/registry.ts';
import { changeWorkspace } from '../../../src/storage/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/workspace.ts';
import { Scheduler } from '../../../workers/pipeline/scheduler.ts';
import { freshDb, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: RelearnDb[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
});

const quick = { ...defaultParams('mlp'), hidden: [8], epochs: 3, batchSize: 32, learningRate: 0.05, patience: 0 };
const feeble = { ...quick, epochs: 1, learningRate: 1e-4 };
const csv = (rows: number, seed: number): string => pointsCsv('binary', points('binary', rows, seed));

/** Version 1 trained well and promoted by the first run; version 2 trained feebly by a manual run (the gate rejects it). */
async function twoVersions(): Promise<{ db: RelearnDb; scheduler: Scheduler }> {
  const { db } = freshDb();
  open.push(db);
  const scheduler = new Scheduler(db, 1);
  await changePipelineSettings(db, { ...defaultPipelineSettings(), params: quick, policy: { ...defaultPipelineSettings().policy, drift: { enabled: false } } });
  await stored(db, 'first.csv', csv(300, 1));
  await changeWorkspace(db, { target: 'target' });
  await checkDueBatches(db);
  await scheduler.processArrivals();
  expect(await championVersion(db)).toBe(1);
  await scheduler.runManual({ settings: { ...(await readWorkspace(db)).pipeline, params: feeble } });
  expect((await db.models.get(2))!.stage).toBe('rejected');
  return { db, scheduler };
}

describe('rollback', () => {
  it('restores an earlier version with its reason, archiving the champion, in one event', async () => {
    const { db } = await twoVersions();
    await promote(db, 2, { actor: 'user', reason: 'forced for the test' });
    expect(await previousChampion(db)).toBe(1);
    await expect(rollback(db, 1, { actor: 'user', reason: ' ' })).rejects.toThrow('a rollback needs a reason');
    await expect(rollback(db, 2, { actor: 'user', reason: 'again' })).rejects.toThrow('version 2 is already the champion');
    await rollback(db, 1, { actor: 'user', reason: 'version 2 mislabels rain' });
    expect(await championVersion(db)).toBe(1);
    expect((await db.models.get(1))!.stage).toBe('production');
    expect((await db.models.get(2))!.stage).toBe('archived');
    const event = (await db.events.where('kind').equals('model.rolledback').toArray()).at(-1)!;
    expect(event).toMatchObject({ actor: 'user', summary: 'Rolled back to version 1 (version 2 archived): version 2 mislabels rain', details: { version: 1, previous: 2 } });
  });

  it('rolls back by itself when the new champion does worse on the next labeled batch than the one it replaced', async () => {
    const { db, scheduler } = await twoVersions();
    await promote(db, 2, { actor: 'user', reason: 'a bad promotion, for the test' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await stored(db, 'next.csv', csv(300, 9), { now: () => Date.now() });
    await checkDueBatches(db);
    await scheduler.processArrivals();
    expect(await championVersion(db)).toBe(1);
    const checked = (await db.events.where('kind').equals('champion.checked').toArray()).at(-1)!;
    expect(checked.summary).toMatch(/^On "next.csv", champion version 2 has rocAuc 0\.\d{4}, version 1 [01]\.\d{4}: worse by 0\.\d{4}, beyond the tolerance 0.02$/);
    const rolled = (await db.events.where('kind').equals('model.rolledback').toArray()).at(-1)!;
    expect(rolled).toMatchObject({ actor: 'auto', details: { version: 1, previous: 2 } });
    expect(rolled.summary).toContain('automatic rollback');
  });
});
