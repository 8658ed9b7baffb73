import { describe, expect, it } from 'vitest';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { replayStoredBatches } from '../../../src/app/pipeline/replay.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { batchCsv, dbPerTest, stored } from '../helpers/storage.ts';

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
      { id: reference.id, name: 'one.csv', arrivedAt: reference.arrivedAt, rows: 60, labeled: true, drift: null, championMetric: null },
      { id: shifted.id, name: 'two.csv', arrivedAt: shifted.arrivedAt, rows: 60, labeled: true, drift: { drifted: report.drift, share: report.driftedShare, threshold: report.driftShare }, championMetric: null },
    ]);
    expect(report.drift).toBe(true);
  });
});
