import { afterEach, describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import { taskOf } from '../../../src/core/pipeline/runState.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { ModelArtifactsRecord, ModelCard } from '../../../src/core/training/modelCard.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { ConfirmationNeededError, deleteBatch, deleteVersion } from '../../../src/app/workspace/deletion.ts';
import { batchDeletionEvent, batchImpact, DeletionRefusedError, versionDeletionEvent, versionImpact } from '../../../src/storage/queries/deletionImpact.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { registerModel } from '../../../src/storage/commands/models.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { promote, rollback, setChallenger } from '../../../src/storage/commands/registry.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { batchCsv, freshDb, snapshot, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function database(): RelearnDb {
  const { db } = freshDb();
  open.push(db);
  return db;
}

const card = { formatVersion: 1, task: 'binary', target: 'label', classes: ['0', '1'], preprocessing: { features: [{ name: 'x' }], width: 1 }, params: defaultParams('mlp'), seed: 42 } as unknown as ModelCard;

/** Registers a version trained on `batches` (its weights are a few floats: deletion never reads them). */
async function version(db: RelearnDb, batches: BatchMeta[], runId: string | null = null): Promise<number> {
  const artifacts: ModelArtifactsRecord = { modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }], weightData: new Float32Array([1, 2, 3]).buffer, card };
  const record = await registerModel(
    db,
    {
      source: 'trained',
      runId,
      card,
      metrics: null,
      perClass: null,
      warnings: [],
      plots: {},
      lineage: { batches: batches.map((b) => ({ id: b.id, name: b.name, rows: b.rows })), holdout: batches.map((b) => ({ batchId: b.id, rows: Uint32Array.from([0, 1]) })) },
      training: null,
      latencyMs: null,
      sizeBytes: 12,
      artifacts,
    },
    (v) => `Version ${v} trained`,
  );
  return record.version;
}

/** Three batches (the first is the reference), checked for drift, target set. */
async function workspace(db: RelearnDb): Promise<[BatchMeta, BatchMeta, BatchMeta]> {
  await changeWorkspace(db, { target: 'label' });
  const one = await stored(db, 'one.csv', batchCsv(60));
  const two = await stored(db, 'two.csv', batchCsv(50, { shift: 20, ones: 0.8, extra: 'z' }));
  const three = await stored(db, 'three.csv', batchCsv(40, { shift: 5 }));
  await checkDueBatches(db);
  return [one, two, three];
}

const user = (reason: string) => ({ actor: 'user' as const, reason });
const byBatch = <T extends { batchId: string }>(rows: T[], id: string): T[] => rows.filter((r) => r.batchId === id);

describe('deleteVersion', () => {
  it('never deletes the champion, whatever promotions and rollbacks came before, and a refusal changes nothing', async () => {
    const db = database();
    const [one, two] = await workspace(db);
    const v1 = await version(db, [one]);
    const v2 = await version(db, [one, two]);
    const v3 = await version(db, [two]);
    const steps: (() => Promise<void>)[] = [
      () => promote(db, v1, user('first')),
      () => promote(db, v2, user('better')),
      () => rollback(db, v1, user('v2 mislabels rain')),
      () => promote(db, v3, user('newest')),
      () => rollback(db, v2, user('back again')),
    ];
    for (const step of steps) {
      await step();
      const champion = (await championVersion(db))!;
      const before = await snapshot(db);
      await expect(deleteVersion(db, champion)).rejects.toThrow(new DeletionRefusedError(`version ${champion} is the champion: it cannot be deleted; promote or roll back to another version first`));
      await expect(versionImpact(db, champion)).rejects.toBeInstanceOf(DeletionRefusedError);
      expect(await snapshot(db)).toEqual(before);
    }
    expect(await championVersion(db)).toBe(v2);
  });

  it('deletes a version with its weights and challenger alias, in one event; the run that trained it keeps its record', async () => {
    const db = database();
    const [one] = await workspace(db);
    const run = await createRun(db, { kind: 'manual', reason: 'test' }, null, { target: 'label', batchIds: [one.id], settings: defaultPipelineSettings() });
    const champion = await version(db, [one]);
    const challenger = await version(db, [one], run.id);
    await promote(db, champion, user('first'));
    await setChallenger(db, challenger);
    run.state = 'success';
    taskOf(run, 'train').output = { version: challenger, trainMs: 1, backend: 'cpu', epochs: 1 };
    await saveRun(db, run);

    const impact = await versionImpact(db, challenger);
    expect(impact.consequences).toEqual([
      'it is the challenger: the alias goes with it and shadow scoring stops until another challenger is set',
      'the pipeline run that trained it keeps its record, which will name a deleted version',
    ]);
    const before = await snapshot(db);
    await deleteVersion(db, challenger);
    const after = await snapshot(db);

    expect(await db.models.get(challenger)).toBeUndefined();
    expect(await db.modelArtifacts.get(challenger)).toBeUndefined();
    expect(await db.aliases.get('challenger')).toBeUndefined();
    expect(await db.aliases.get('champion')).toMatchObject({ version: champion });
    expect(after.runs).toEqual(before.runs);
    expect(after.models).toEqual((before.models as { version: number }[]).filter((m) => m.version !== challenger));
    expect(after.modelArtifacts).toEqual((before.modelArtifacts as { version: number }[]).filter((m) => m.version !== challenger));
    for (const table of ['batches', 'columnChunks', 'columnDictionaries', 'referenceProfiles', 'driftReports', 'workspace']) expect(after[table]).toEqual(before[table]);
    expect(after.events).toHaveLength(before.events!.length + 1);
    const event = await versionDeletionEvent(db, challenger);
    expect(event).toMatchObject({ kind: 'model.deleted', actor: 'user', details: { version: challenger, stage: 'candidate', runId: run.id, wasChallenger: true } });
    expect(event!.summary).toMatch(new RegExp(`^Version ${challenger} \\(candidate\\) deleted: it is the challenger`));
    expect(await versionDeletionEvent(db, champion)).toBeNull();
    await expect(deleteVersion(db, challenger)).rejects.toThrow(`there is no model version ${challenger}: it may have been deleted already`);
  });

  it('refuses a version an unfinished run is deciding on, changing nothing', async () => {
    const db = database();
    const [one] = await workspace(db);
    const run = await createRun(db, { kind: 'manual', reason: 'test' }, null, { target: 'label', batchIds: [one.id], settings: defaultPipelineSettings() });
    const v = await version(db, [one], run.id);
    run.state = 'awaiting_approval';
    taskOf(run, 'train').output = { version: v, trainMs: 1, backend: 'cpu', epochs: 1 };
    await saveRun(db, run);
    const before = await snapshot(db);
    await expect(deleteVersion(db, v)).rejects.toThrow(`pipeline run ${run.number} (awaiting approval) is deciding on version ${v}: let it finish, approve or reject it first`);
    expect(await snapshot(db)).toEqual(before);
  });

  it('names the version the champion replaced: automatic rollback loses it', async () => {
    const db = database();
    const [one] = await workspace(db);
    const v1 = await version(db, [one]);
    const v2 = await version(db, [one]);
    await promote(db, v1, user('first'));
    await promote(db, v2, user('second'));
    expect((await versionImpact(db, v1)).consequences).toEqual(['it is the version the champion replaced: automatic rollback will have no earlier version to return to']);
  });
});

describe('deleteBatch', () => {
  it('removes the batch with its columns, dictionaries and drift report, and nothing else', async () => {
    const db = database();
    const [, two, three] = await workspace(db);
    expect(byBatch(await db.columnDictionaries.toArray(), two.id)).not.toHaveLength(0);
    expect(await db.driftReports.get(two.id)).toBeDefined();
    const before = await snapshot(db);

    const impact = await batchImpact(db, two.id);
    expect(impact).toMatchObject({ dependents: [], isReference: false, nextReference: null, consequences: [], referenceConsequence: null });
    expect(await deleteBatch(db, two.id, { versions: [], reference: false })).toEqual({ name: 'two.csv', newReference: null });

    const after = await snapshot(db);
    const without = (table: string): unknown[] => (before[table] as { batchId?: string; id?: string }[]).filter((r) => (r.batchId ?? r.id) !== two.id);
    for (const table of ['batches', 'columnChunks', 'columnDictionaries', 'referenceProfiles', 'driftReports']) expect(after[table]).toEqual(without(table));
    for (const table of ['workspace', 'models', 'modelArtifacts', 'runs', 'aliases']) expect(after[table]).toEqual(before[table]);
    expect(after.events!.slice(0, -1)).toEqual(before.events);
    expect(after.events!.at(-1)).toMatchObject({ kind: 'batch.deleted', actor: 'user', batchId: two.id, summary: 'Batch "two.csv" deleted (50 rows, 3 columns)' });
    expect((await batchDeletionEvent(db, two.id))?.kind).toBe('batch.deleted');
    expect(await batchDeletionEvent(db, three.id)).toBeNull();
  });

  it('asks first when a version was trained on the batch: an unconfirmed deletion changes nothing', async () => {
    const db = database();
    const [one, two] = await workspace(db);
    const champion = await version(db, [one, two]);
    const archived = await version(db, [two]);
    await promote(db, archived, user('first'));
    await promote(db, champion, user('better'));
    const impact = await batchImpact(db, two.id);
    // Newest first: the archived version was registered after the champion.
    expect(impact.dependents.map((d) => [d.version, d.stage, d.aliases])).toEqual([
      [archived, 'archived', []],
      [champion, 'production', ['champion']],
    ]);
    expect(impact.consequences).toContain(`version ${champion} (champion) was trained on this batch; its lineage will point to a deleted batch, and comparisons on its holdout rows from it will no longer run`);

    const before = await snapshot(db);
    await expect(deleteBatch(db, two.id, { versions: [], reference: false })).rejects.toBeInstanceOf(ConfirmationNeededError);
    // Confirming only some of the dependents is not enough: one appeared after the dialog was shown.
    await expect(deleteBatch(db, two.id, { versions: [archived], reference: false })).rejects.toThrow(
      new ConfirmationNeededError(impact, [`version ${champion} (champion) was trained on this batch; its lineage will point to a deleted batch, and comparisons on its holdout rows from it will no longer run`]),
    );
    expect(await snapshot(db)).toEqual(before);

    await deleteBatch(db, two.id, { versions: [archived, champion], reference: false });
    expect(await db.batches.get(two.id)).toBeUndefined();
    expect((await db.models.get(champion))!.lineage.batches.map((b) => b.name)).toEqual(['one.csv', 'two.csv']);
    expect((await db.events.where('kind').equals('batch.deleted').last())!.details).toMatchObject({ dependents: [archived, champion], wasReference: false });
  });

  it('refuses a batch an unfinished pipeline run uses, changing nothing', async () => {
    const db = database();
    const [one, two] = await workspace(db);
    const run = await createRun(db, { kind: 'drift', reason: 'drift' }, two.id, { target: 'label', batchIds: [one.id, two.id], settings: defaultPipelineSettings() });
    run.state = 'running';
    await saveRun(db, run);
    const before = await snapshot(db);
    for (const id of [one.id, two.id]) {
      await expect(deleteBatch(db, id, { versions: [], reference: true })).rejects.toThrow(new RegExp(`^pipeline run ${run.number} \\(running\\) uses "(one|two).csv": wait for it to finish or cancel it first$`));
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it('deleting the reference makes the earliest remaining batch the reference and validates every batch against it', async () => {
    const db = database();
    const [one, two, three] = await workspace(db);
    expect(byBatch(await db.referenceProfiles.toArray(), one.id)).toHaveLength(3);
    const impact = await batchImpact(db, one.id);
    expect(impact.nextReference?.id).toBe(two.id);
    expect(impact.consequences).toEqual(['it is the drift reference: "two.csv", the earliest remaining batch, becomes the reference, and every batch is validated and checked for drift against it again']);
    await expect(deleteBatch(db, one.id, { versions: [], reference: false })).rejects.toBeInstanceOf(ConfirmationNeededError);

    expect(await deleteBatch(db, one.id, { versions: [], reference: true })).toEqual({ name: 'one.csv', newReference: { id: two.id, name: 'two.csv' } });
    expect((await readWorkspace(db)).referenceBatchId).toBe(two.id);
    expect(byBatch(await db.referenceProfiles.toArray(), one.id)).toHaveLength(0);
    // The new reference's own report was made against the deleted batch; the other's is stale until checked again.
    expect(await db.driftReports.get(two.id)).toBeUndefined();
    expect((await db.driftReports.get(three.id))!.referenceBatchId).toBe(one.id);
    expect((await db.batches.get(two.id))!.validation).toBeNull();
    expect((await db.batches.get(three.id))!.validation?.referenceId).toBe(two.id);
    const events = (await db.events.orderBy('seq').toArray()).slice(-2);
    expect(events.map((e) => [e.kind, e.batchId, e.summary])).toEqual([
      ['batch.deleted', one.id, expect.stringMatching(/^Batch "one.csv" deleted \(60 rows, 3 columns\): it is the drift reference/)],
      ['reference.changed', two.id, 'Reference batch set to "two.csv": the reference "one.csv" was deleted'],
    ]);

    expect(await checkDueBatches(db)).toMatchObject({ checked: 1 });
    expect((await db.driftReports.get(three.id))!.referenceBatchId).toBe(two.id);
  });

  it('deleting the last batch leaves no reference', async () => {
    const db = database();
    const only = await stored(db, 'only.csv', batchCsv(20));
    await deleteBatch(db, only.id, { versions: [], reference: true });
    expect((await readWorkspace(db)).referenceBatchId).toBeNull();
    expect(await db.columnChunks.count()).toBe(0);
    expect(await db.events.where('kind').equals('reference.changed').count()).toBe(0);
    await expect(batchImpact(db, only.id)).rejects.toThrow(`there is no batch with id ${only.id}: it may have been deleted already`);
  });
});
