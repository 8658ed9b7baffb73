import { afterEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { ModelCard } from '../../../src/core/training/modelCard.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { deleteBatch } from '../../../src/app/workspace/deletion.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { registerModel } from '../../../src/storage/commands/models.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { storedBytes, workspaceUsage } from '../../../src/storage/queries/usage.ts';
import { batchCsv, freshDb, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('storedBytes', () => {
  it('counts typed arrays by byteLength, strings as UTF-8, numbers as 8 and object keys', () => {
    expect(storedBytes(new Float64Array(3))).toBe(24);
    expect(storedBytes(new Int32Array(5).subarray(1, 3))).toBe(8);
    expect(storedBytes(new ArrayBuffer(7))).toBe(7);
    expect(storedBytes('é')).toBe(2);
    expect(storedBytes({ a: new Float64Array(3), bb: ['x', 1, true, null] })).toBe(1 + 24 + 2 + 1 + 8 + 1 + 0);
  });
});

describe('workspaceUsage', () => {
  it('measures each batch from its stored records and each version from its artifact', async () => {
    const { db } = freshDb();
    open.push(db);
    await changeWorkspace(db, { target: 'label' });
    const one = await stored(db, 'one.csv', batchCsv(60));
    const two = await stored(db, 'two.csv', batchCsv(50, { shift: 20, extra: 'z' }));
    await checkDueBatches(db);
    const card = { formatVersion: 1, task: 'binary', target: 'label', classes: ['0', '1'], preprocessing: { features: [], width: 0 }, params: defaultParams('mlp'), seed: 1 } as unknown as ModelCard;
    const weights = new Float32Array(1000).buffer;
    const model = await registerModel(
      db,
      { source: 'trained', card, metrics: null, perClass: null, warnings: [], plots: {}, lineage: { batches: [{ id: two.id, name: two.name, rows: two.rows }], holdout: [] }, training: null, latencyMs: null, sizeBytes: 4000, artifacts: { modelTopology: {}, weightSpecs: [], weightData: weights, card } },
      (v) => `Version ${v}`,
    );
    await promote(db, model.version, { actor: 'user', reason: 'test' });

    const usage = await workspaceUsage(db);
    expect(usage.batches.map((b) => [b.name, b.rows, b.columns, b.isReference, b.usedBy])).toEqual([
      ['one.csv', 60, 3, true, []],
      ['two.csv', 50, 3, false, [model.version]],
    ]);
    // A numeric column keeps 8 bytes a row (Float64), a categorical one a 4-byte code (Int32).
    for (const [b, meta] of [[usage.batches[0]!, one], [usage.batches[1]!, two]] as const) {
      expect(b.columnBytes).toBe(meta.columns.reduce((sum, c) => sum + meta.rows * (c.type === 'numeric' ? 8 : 4), 0));
    }
    expect(one.columns.map((c) => c.type)).toContain('numeric');
    expect(one.columns.map((c) => c.type)).toContain('categorical');
    const [ref, other] = usage.batches as [(typeof usage.batches)[0], (typeof usage.batches)[0]];
    // The category names: "a", "b", "c" (or "az", "bz", "cz") and the target's "0", "1".
    expect(ref.dictionaryBytes).toBe(3 + 2);
    expect(other.dictionaryBytes).toBe(6 + 2);
    // Only the reference has stored profiles, only the other a drift report.
    expect(ref.profileBytes).toBeGreaterThan(60 * 8);
    expect(ref.driftBytes).toBe(0);
    expect(other.profileBytes).toBe(0);
    expect(other.driftBytes).toBe(storedBytes(await db.driftReports.get(two.id)));
    expect(ref.totalBytes).toBe(ref.columnBytes + ref.dictionaryBytes + ref.profileBytes);

    expect(usage.versions).toHaveLength(1);
    const [v] = usage.versions;
    expect(v).toMatchObject({ version: model.version, stage: 'production', aliases: ['champion'], batches: 1 });
    expect(v!.artifactBytes).toBe(storedBytes(await db.modelArtifacts.get(model.version)));
    expect(v!.artifactBytes).toBeGreaterThanOrEqual(4000);
    expect(usage.events).toBe(await db.events.count());
    expect(usage.runs).toBe(0);
    expect(usage.totalBytes).toBe(ref.totalBytes + other.totalBytes + v!.totalBytes);

    // Deleting a batch frees exactly what was counted for it (and its event is one more).
    await deleteBatch(db, one.id, { versions: [], reference: true });
    const after = await workspaceUsage(db);
    expect(after.batches.map((b) => b.name)).toEqual(['two.csv']);
    expect(after.batches[0]!.isReference).toBe(true);
    expect(after.batches[0]!.driftBytes).toBe(0);
    expect(after.totalBytes).toBe(usage.totalBytes - ref.totalBytes - other.driftBytes);
  });
});
