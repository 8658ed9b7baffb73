import { describe, expect, it } from 'vitest';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { replayStoredBatches } from '../../../src/app/pipeline/replay.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { NO_CHAMPION } from '../../../src/core/importance/driftThatMatters.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { registerModel } from '../../../src/storage/commands/models.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { batchCsv, dbPerTest, stored } from '../helpers/storage.ts';
import { TEST_CARD } from '../helpers/workspace.ts';
import { WORKSPACE_ID } from '../../../src/storage/db.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';

const newDb = dbPerTest();

describe('replayStoredBatches', () => {
  it('replays the stored batches in arrival order with their drift reports and whether they have the target', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'label' });
    const reference = await stored(db, 'one.csv', batchCsv(60));
    const shifted = await stored(db, 'two.csv', batchCsv(60, { shift: 500, ones: 0.9 }));
    await checkDueBatches(db);
    const report = (await db.driftReports.get(shifted.id))!.report.dataset;
    const steps = await replayStoredBatches(db, defaultPipelineSettings().policy);
    expect(steps.map((s) => s.batch)).toEqual([
      { id: reference.id, name: 'one.csv', arrivedAt: reference.arrivedAt, rows: 60, labeled: true, drift: null, importantDrift: null, championMetric: null, championUnestimated: 'the reference is not estimated' },
      {
        id: shifted.id,
        name: 'two.csv',
        arrivedAt: shifted.arrivedAt,
        rows: 60,
        labeled: true,
        drift: { drifted: report.drift, share: report.driftedShare, threshold: report.driftShare },
        importantDrift: { share: null, columns: [], note: NO_CHAMPION },
        championMetric: null,
        championEstimate: null,
        championUnestimated: 'no champion to estimate',
      },
    ]);
    expect(report.drift).toBe(true);
  });

  it('a policy stored before the drift-that-matters rule existed reads with the rule off', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'label' });
    const stored = (await db.workspace.get(WORKSPACE_ID))!;
    const older: Record<string, unknown> = { ...defaultPipelineSettings().policy, drift: { enabled: false } };
    delete older.importantDrift;
    await db.workspace.put({ ...stored, pipeline: { ...stored.pipeline, policy: older as never } });
    expect((await readWorkspace(db)).pipeline.policy).toMatchObject({ drift: { enabled: false }, importantDrift: { enabled: false, threshold: 0.3 } });
  });

  /** A champion that relies on `x` (shifted in two.csv) or on `c` (not shifted), by its stored importance. */
  async function championRelyingOn(db: RelearnDb, means: { x: number; c: number }): Promise<void> {
    const importance = { formatVersion: 1, scoring: 'accuracy' as const, repeats: 5, seed: 42, rows: 20, baseline: 0.8, columns: [{ column: 'x', mean: means.x, std: 0 }, { column: 'c', mean: means.c, std: 0 }] };
    const artifacts = { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0), card: TEST_CARD };
    const model = await registerModel(
      db,
      { source: 'trained', card: TEST_CARD, metrics: null, perClass: null, warnings: [], importance, plots: {}, lineage: { batches: [], holdout: [] }, training: null, latencyMs: null, sizeBytes: 0, artifacts },
      (v) => `Version ${v} trained`,
    );
    await promote(db, model.version, { actor: 'user', reason: 'test' });
  }

  it("weighs each batch's drift by the champion's importance: the drift-that-matters rule fires only when drifted columns carry it", async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'label' });
    await stored(db, 'one.csv', batchCsv(60));
    const shifted = await stored(db, 'two.csv', batchCsv(60, { shift: 500 }));
    await checkDueBatches(db);
    const drifted = (await db.driftReports.get(shifted.id))!.report.columns.filter((c) => c.drift).map((c) => c.name);
    expect(drifted).toEqual(['x']);
    const policy = { ...defaultPipelineSettings().policy, drift: { enabled: false }, importantDrift: { enabled: true, threshold: 0.3 } };
    await championRelyingOn(db, { x: 0.3, c: 0.1 });
    let steps = await replayStoredBatches(db, policy);
    expect(steps[1]!.batch.importantDrift!.share).toBeCloseTo(0.75, 15);
    expect(steps[1]!.decision).toMatchObject({ fire: true, kind: 'importantDrift' });
    await championRelyingOn(db, { x: 0.02, c: 0.3 });
    steps = await replayStoredBatches(db, policy);
    expect(steps[1]!.batch.importantDrift!.share).toBeCloseTo(0.02 / 0.32, 15);
    expect(steps[1]!.decision).toMatchObject({ fire: false, kind: null });
  });
});
