import { describe, expect, it } from 'vitest';
import { checkChampionOnBatches, isCurrentCheck } from '../../../src/app/drift/championChecks.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTreeConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
const config = quickTreeConfig('gbdt', 5);

/** Points where x1 is moved by `shift`: the champion (yes when x1 + x2 > 0) then says "yes" more often. */
const shifted = (rows: number, seed: number, shift: number): string =>
  pointsCsv('binary', points('binary', rows, seed).map((p) => ({ ...p, x1: Math.min(1, p.x1 + shift) })));

describe('the champion’s check of each batch: prediction drift', () => {
  it('compares the champion’s predicted classes on each batch with those on the reference, by the categorical rule', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'target' });
    const reference = await stored(db, 'ref.csv', pointsCsv('binary', points('binary', 300, 1)));
    const same = await stored(db, 'same.csv', pointsCsv('binary', points('binary', 200, 2)));
    const moved = await stored(db, 'moved.csv', shifted(200, 3, 0.8));
    await checkDueBatches(db);
    // Without a champion nothing is checked.
    expect(await checkChampionOnBatches(db)).toBe(0);
    const v1 = await trainAndRegister(db, { batchIds: [reference.id], config: config() });
    await promoteByHand(db, v1.version, 'the first model');
    let before = 0;
    expect(await checkChampionOnBatches(db, async () => void before++)).toBe(2);
    expect(before).toBe(1);

    const sameCheck = (await db.driftReports.get(same.id))!.champion!;
    const movedCheck = (await db.driftReports.get(moved.id))!.champion!;
    expect(sameCheck).toMatchObject({ version: v1.version });
    expect(sameCheck.predictionDrift).toMatchObject({ name: 'predicted target', role: 'prediction', type: 'categorical', nReference: 300, nCurrent: 200 });
    expect(sameCheck.predictionDrift!.rule!.statistic).toBe('chi2');
    expect(sameCheck.predictionDrift!.drift).toBe(false);
    expect(movedCheck.predictionDrift!.drift).toBe(true);
    expect(movedCheck.predictionDrift!.distribution).toMatchObject({ type: 'categorical' });
    // Prediction drift never counts in the dataset share: the stored report's share is untouched.
    const movedReport = (await db.driftReports.get(moved.id))!;
    expect(movedReport.report.columns.some((c) => c.role === 'prediction')).toBe(false);
    // Current checks are not made again.
    expect(await checkChampionOnBatches(db)).toBe(0);
  });

  it('checks again for a new champion, and for a report checked again; a batch it cannot score says why', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'target' });
    const reference = await stored(db, 'ref.csv', pointsCsv('binary', points('binary', 300, 1)));
    const other = await stored(db, 'other.csv', pointsCsv('binary', points('binary', 200, 2)));
    const lacking = await stored(db, 'lacking.csv', 'x1,target\n0.5,yes\n-0.5,no\n0.1,yes\n');
    await checkDueBatches(db);
    const v1 = await trainAndRegister(db, { batchIds: [reference.id], config: config() });
    await promoteByHand(db, v1.version, 'the first model');
    expect(await checkChampionOnBatches(db)).toBe(2);
    const missing = (await db.driftReports.get(lacking.id))!.champion!;
    expect(missing.predictionDrift).toBeNull();
    expect(missing.problem).toBe('“lacking.csv” lacks the champion\'s feature column “x2”');

    const v2 = await trainAndRegister(db, { batchIds: [reference.id, other.id], config: config() });
    await promoteByHand(db, v2.version, 'a better one');
    const stale = (await db.driftReports.get(other.id))!;
    expect(isCurrentCheck(stale, v2.version)).toBe(false);
    expect(await checkChampionOnBatches(db)).toBe(2);
    expect((await db.driftReports.get(other.id))!.champion!.version).toBe(v2.version);

    // New drift settings check the reports again, replacing them whole: the champion checks them again too.
    await changeWorkspace(db, { drift: { ...defaultDriftSettings(), alpha: 0.01 } });
    await checkDueBatches(db);
    expect((await db.driftReports.get(other.id))!.champion).toBeUndefined();
    expect(await checkChampionOnBatches(db)).toBe(2);
    expect((await db.driftReports.get(other.id))!.champion!.predictionDrift!.rule!.threshold).toBe(0.01);
  });

  it('says so for every batch when the reference lacks a column the champion needs', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'target' });
    await stored(db, 'ref.csv', 'x1,target\n0.5,yes\n-0.5,no\n0.1,yes\n-0.2,no\n');
    const full = await stored(db, 'full.csv', pointsCsv('binary', points('binary', 200, 2)));
    await checkDueBatches(db);
    const v1 = await trainAndRegister(db, { batchIds: [full.id], config: config() });
    await promoteByHand(db, v1.version, 'trained on the full batch');
    expect(await checkChampionOnBatches(db)).toBe(1);
    expect((await db.driftReports.get(full.id))!.champion!.problem).toBe('on the reference: “ref.csv” lacks the champion\'s feature column “x2”');
  });
});
