import { describe, expect, it } from 'vitest';
import { getBatch } from '../../../src/storage/queries/batches.ts';
import { isCurrentCheck } from '../../../src/storage/queries/driftReports.ts';
import { checkChampionOnBatches, storeChecks } from '../../../src/app/drift/championChecks.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { regressionRefusal } from '../../../src/core/estimation/index.ts';
import { evaluatePolicy } from '../../../src/core/pipeline/policy.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { policyInputs } from '../../../src/app/pipeline/policyInputs.ts';
import { replayStoredBatches } from '../../../src/app/pipeline/replay.ts';
import { savePipelineSettings } from '../../../src/app/workspace/settings.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTreeConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
const config = quickTreeConfig('gbdt', 5);

/** Counts the drift reports written from now on, and the transactions that wrote them. */
function countWrites(db: RelearnDb): { reports: string[]; transactions: Set<unknown> } {
  const writes = { reports: [] as string[], transactions: new Set<unknown>() };
  db.driftReports.hook('creating', (key, _record, transaction) => {
    writes.reports.push(String(key));
    writes.transactions.add(transaction);
  });
  db.driftReports.hook('updating', (_changes, key, _record, transaction) => {
    writes.reports.push(String(key));
    writes.transactions.add(transaction);
  });
  return writes;
}

const binary = (rows: number, seed: number): string => pointsCsv('binary', points('binary', rows, seed));

/** Points where x1 is moved by `shift`: the champion (yes when x1 + x2 > 0) then says "yes" more often. */
const shifted = (rows: number, seed: number, shift: number): string =>
  pointsCsv('binary', points('binary', rows, seed).map((p) => ({ ...p, x1: Math.min(1, p.x1 + shift) })));

/**
 * A workspace whose target is `target`, with `reference` and then `others` (name → CSV) stored and checked
 * for drift, and a version trained on the reference promoted to champion.
 */
async function withChampion<K extends string>(db: RelearnDb, reference: string, others: Record<K, string>) {
  await changeWorkspace(db, { target: 'target' });
  const ref = await stored(db, 'ref.csv', reference);
  const batches = {} as Record<K, Awaited<ReturnType<typeof stored>>>;
  for (const name of Object.keys(others) as K[]) batches[name] = await stored(db, name, others[name]);
  await checkDueBatches(db);
  const v1 = await trainAndRegister(db, { batchIds: [ref.id], config: config() });
  await promoteByHand(db, v1.version, 'the first model');
  return { reference: ref, batches, v1 };
}

describe('the champion’s check of each batch: prediction drift', () => {
  it('compares the champion’s predicted classes on each batch with those on the reference, by the categorical rule', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'target' });
    const reference = await stored(db, 'ref.csv', binary(300, 1));
    const same = await stored(db, 'same.csv', binary(200, 2));
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

  it('stores the champion’s label-free estimate per batch, primary metric first, beside the realised metrics where there are labels', async () => {
    const db = newDb();
    const unlabelledCsv = binary(250, 3).replace(/,(yes|no)$/gm, ',').replace('x1,x2,target', 'x1,x2,other');
    const { batches: { 'labelled.csv': labelled, 'unlabelled.csv': unlabelled } } = await withChampion(db, binary(300, 1), { 'labelled.csv': binary(400, 2), 'unlabelled.csv': unlabelledCsv });
    await checkChampionOnBatches(db);
    const withLabels = (await db.driftReports.get(labelled.id))!.champion!.estimate!;
    if ('problem' in withLabels) throw new Error(withLabels.problem);
    expect(Object.keys(withLabels.estimate.estimated)).toEqual(['rocAuc', 'accuracy', 'precision', 'recall', 'f1']);
    expect(withLabels.estimate.rows).toBe(400);
    expect(withLabels.labelledRows).toBe(400);
    // An easy problem and a good model: estimated and realised accuracy agree closely (STATS.md's check is 0.03).
    expect(Math.abs(withLabels.estimate.estimated.accuracy! - withLabels.realised!.accuracy!)).toBeLessThan(0.05);
    const [low, high] = withLabels.estimate.interval.rocAuc!;
    expect(low).toBeLessThanOrEqual(withLabels.estimate.estimated.rocAuc!);
    expect(high).toBeGreaterThanOrEqual(withLabels.estimate.estimated.rocAuc!);
    const without = (await db.driftReports.get(unlabelled.id))!.champion!.estimate!;
    if ('problem' in without) throw new Error(without.problem);
    expect(without).toMatchObject({ realised: null, labelledRows: 0 });
    expect(without.estimate.rows).toBe(250);
  });

  it('says a regression champion cannot estimate, and stores its prediction drift all the same', async () => {
    const db = newDb();
    const regression = (rows: number, seed: number): string => pointsCsv('regression', points('regression', rows, seed));
    const { batches: { 'next.csv': next }, v1 } = await withChampion(db, regression(300, 1), { 'next.csv': regression(200, 2) });
    const models = await db.models.toArray();
    await checkChampionOnBatches(db);
    const check = (await db.driftReports.get(next.id))!.champion!;
    expect(check.predictionDrift!.rule!.statistic).toBe('ks');
    expect(check.estimate).toEqual({ problem: `version ${v1.version} cannot estimate without labels: ${regressionRefusal('target')}` });
    // Nothing about the version changed.
    expect(await db.models.toArray()).toEqual(models);
  });

  it('the performance rule and its replay read the stored estimate', async () => {
    const db = newDb();
    const { batches: { 'next.csv': next }, v1 } = await withChampion(db, binary(300, 1), { 'next.csv': binary(200, 2) });
    const settings = defaultPipelineSettings();
    const policy = { ...settings.policy, drift: { enabled: false }, performance: { enabled: true, floor: 0.99999, source: 'estimated' as const } };
    await savePipelineSettings(db, { ...settings, policy });
    const nextBatch = (await getBatch(db, next.id))!;
    expect((await policyInputs(db, nextBatch)).championUnestimated).toBe(`version ${v1.version} has not estimated "next.csv" yet`);
    await checkChampionOnBatches(db);
    const seen = await policyInputs(db, nextBatch);
    const kept = (await db.driftReports.get(next.id))!.champion!.estimate!;
    if ('problem' in kept) throw new Error(kept.problem);
    expect(seen.championEstimate).toEqual({ key: 'rocAuc', value: kept.estimate.estimated.rocAuc, interval: kept.estimate.interval.rocAuc, higherIsBetter: true });
    const decision = evaluatePolicy(policy, seen);
    expect(decision).toMatchObject({ fire: true, kind: 'performance' });
    expect(decision.reason).toMatch(/^performance: champion's estimated ROC AUC on the new batch \(no labels needed\): [\d.]+, interval [\d.]+–[\d.]+, below the floor 0.99999$/);
    const steps = await replayStoredBatches(db, policy);
    expect(steps[1]!.decision.reason).toBe(decision.reason);
  });

  it('checks again for a new champion, and for a report checked again; a batch it cannot score says why', async () => {
    const db = newDb();
    const lackingCsv = 'x1,target\n0.5,yes\n-0.5,no\n0.1,yes\n';
    const { reference, batches: { 'other.csv': other, 'lacking.csv': lacking } } = await withChampion(db, binary(300, 1), { 'other.csv': binary(200, 2), 'lacking.csv': lackingCsv });
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
    const full = await stored(db, 'full.csv', binary(200, 2));
    await checkDueBatches(db);
    const v1 = await trainAndRegister(db, { batchIds: [full.id], config: config() });
    await promoteByHand(db, v1.version, 'trained on the full batch');
    expect(await checkChampionOnBatches(db)).toBe(1);
    expect((await db.driftReports.get(full.id))!.champion!.problem).toBe('on the reference: “ref.csv” lacks the champion\'s feature column “x2”');
  });

  it('writes a report only when its check changes: none for a sweep with nothing new, one for a new batch, all for a new champion', async () => {
    const db = newDb();
    const { reference, batches: { 'a.csv': a, 'b.csv': b } } = await withChampion(db, binary(300, 1), { 'a.csv': binary(200, 2), 'b.csv': shifted(200, 3, 0.8) });
    let writes = countWrites(db);
    expect(await checkChampionOnBatches(db)).toBe(2);
    expect(writes.reports.sort()).toEqual([a.id, b.id].sort());
    // A sweep's checks made within a second are stored together.
    expect(writes.transactions.size).toBe(1);

    const checked = await db.driftReports.toArray();
    writes = countWrites(db);
    expect(await checkChampionOnBatches(db)).toBe(0);
    expect(writes.reports).toEqual([]);
    expect(await db.driftReports.toArray()).toEqual(checked);

    const c = await stored(db, 'c.csv', binary(200, 4));
    await checkDueBatches(db);
    writes = countWrites(db);
    expect(await checkChampionOnBatches(db)).toBe(1);
    expect(writes.reports).toEqual([c.id]);
    expect((await db.driftReports.toArray()).filter((r) => r.batchId !== c.id)).toEqual(checked);

    const v2 = await trainAndRegister(db, { batchIds: [reference.id, a.id], config: config() });
    await promoteByHand(db, v2.version, 'a newer one');
    writes = countWrites(db);
    expect(await checkChampionOnBatches(db)).toBe(3);
    expect(writes.reports.sort()).toEqual([a.id, b.id, c.id].sort());
    for (const record of await db.driftReports.toArray()) expect(isCurrentCheck(record, v2.version)).toBe(true);
  });

  it('storeChecks leaves a report that holds a current check by the same version, or was checked again, as it is; it replaces a stale check', async () => {
    const db = newDb();
    const { batches: { 'a.csv': a }, v1 } = await withChampion(db, binary(300, 1), { 'a.csv': binary(200, 2) });
    await checkChampionOnBatches(db);
    const batch = (await getBatch(db, a.id))!;
    const before = (await db.driftReports.get(a.id))!;
    const again = { ...before.champion!, checkedAt: before.champion!.checkedAt + 1 };
    const writes = countWrites(db);
    expect(await storeChecks(db, [{ batch, key: before.key, check: again }])).toBe(0);
    expect(await storeChecks(db, [{ batch, key: 'a report checked again since', check: { ...again, version: v1.version + 1 } }])).toBe(0);
    expect(writes.reports).toEqual([]);
    expect(await db.driftReports.get(a.id)).toEqual(before);

    const newer = { ...again, version: v1.version + 1, predictionDrift: null, problem: 'a newer champion' };
    expect(await storeChecks(db, [{ batch, key: before.key, check: newer }])).toBe(1);
    expect(await db.driftReports.get(a.id)).toEqual({ ...before, champion: newer });
    await db.driftReports.delete(a.id);
    expect(await storeChecks(db, [{ batch, key: before.key, check: { ...newer, version: v1.version + 2 } }])).toBe(0);
    expect(await db.driftReports.get(a.id)).toBeUndefined();
  });
});
