import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { championVersion, previousChampion } from '../../../src/storage/queries/registry.ts';
import { promote, rollback, setChallenger } from '../../../src/storage/commands/registry.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { scoreCanary, shadowScore } from '../../../src/app/training/shadow.ts';
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
    expect(checked.summary).toMatch(/^On "next.csv", champion version 2 has ROC AUC 0\.\d{4}, version 1 [01]\.\d{4}: worse by 0\.\d{4}, beyond the tolerance 0.02$/);
    const rolled = (await db.events.where('kind').equals('model.rolledback').toArray()).at(-1)!;
    expect(rolled).toMatchObject({ actor: 'auto', details: { version: 1, previous: 2 } });
    expect(rolled.summary).toContain('automatic rollback');
  });
});

describe('shadow and canary', () => {
  it('a challenger in shadow scores each new batch beside the champion: agreement and metrics, as an event', async () => {
    const { db } = await twoVersions();
    await setChallenger(db, 2);
    const batch = await stored(db, 'shadowed.csv', csv(200, 5), { now: () => Date.now() });
    const result = (await shadowScore(db, batch))!;
    expect(result).toMatchObject({ champion: 1, challenger: 2, rows: 200, meanAbsoluteDifference: null });
    expect(result.agreement).toBeGreaterThanOrEqual(0);
    expect(result.agreement).toBeLessThanOrEqual(1);
    expect(result.championMetrics).not.toBeNull();
    const event = (await db.events.where('kind').equals('shadow.scored').toArray()).at(-1)!;
    expect(event.summary).toMatch(/^Shadow on "shadowed.csv": champion version 1 and challenger version 2 agree on \d+\.\d% of 200 rows$/);
  });

  it('a canary sends the rows whose key hashes into the share to the challenger and tests correct / incorrect by variant', async () => {
    const { db } = await twoVersions();
    const batch = await stored(db, 'canary.csv', csv(400, 6), { now: () => Date.now() });
    const { csvParts, result } = await scoreCanary(db, batch.id, 1, 2, 'x1', 0.3);
    const lines = csvParts.join('').trim().split('\r\n');
    expect(lines[0]).toBe('x1,x2,target,variant,version,prediction,probability_no,probability_yes');
    const variants = lines.slice(1).map((l) => l.split(',')[3]);
    expect(variants.filter((v) => v === 'challenger').length).toBe(result.challenger.rows);
    expect(result.champion.rows + result.challenger.rows).toBe(400);
    expect(result.challenger.rows / 400).toBeGreaterThan(0.2);
    expect(result.challenger.rows / 400).toBeLessThan(0.4);
    expect(result.test!.pValue).toBeGreaterThanOrEqual(0);
    await expect(scoreCanary(db, batch.id, 1, 2, 'nope', 0.3)).rejects.toThrow('batch "canary.csv" has no column "nope" to split the rows by');
    await expect(scoreCanary(db, batch.id, 1, 2, 'x1', 1)).rejects.toThrow('the canary share must be above 0 and below 1');
  });
});
