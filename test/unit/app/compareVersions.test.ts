import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateVersionInfo } from '../../../src/storage/commands/models.ts';
import { compareVersions } from '../../../src/app/compare/compareVersions.ts';
import { scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = quickTrainConfig(8);

describe('compareVersions', () => {
  it('scores both versions on the newer one’s holdout rows, with McNemar, the bootstrap and the gate', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
    const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 90, 2)));
    const v1 = await trainAndRegister(db, { batchIds: [one.id], config: config() });
    const v2 = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config({ seed: 7 }) });

    const result = await compareVersions(db, v1.version, v2.version);
    expect(result.holdoutOf).toBe(v2.version);
    expect(result.rows).toBe(v2.training!.counts.holdout);
    expect(result.metric).toEqual({ key: 'rocAuc', higherIsBetter: true });
    // The newer version's side equals its own re-scoring on its holdout rows; the older one is scored on the same rows.
    const own = await scoreVersionOnRows(db, v2.version, v2.lineage.holdout);
    expect(result.b.metrics).toEqual(own.metrics);
    const older = await scoreVersionOnRows(db, v1.version, v2.lineage.holdout);
    expect(result.a.metrics).toEqual(older.metrics);
    const auc = (m: unknown): number => (m as { rocAuc: number }).rocAuc;
    expect(result.improvement).toBeCloseTo(auc(result.b.metrics) - auc(result.a.metrics), 12);
    expect(result.mcnemar).not.toBeNull();
    expect(result.mcnemar!.pValue).toBeGreaterThan(0);
    expect(result.mcnemar!.pValue).toBeLessThanOrEqual(1);
    expect(result.bootstrap).not.toBeNull();
    expect(result.bootstrap!.low).toBeLessThanOrEqual(result.bootstrap!.high);
    expect(result.gate.checks[0]!.name).toMatch(/^ROC AUC: challenger − champion/);
    expect(result.gate.decision).toBe(result.improvement! > 0 ? 'promote' : 'keep');
    expect(result.a.plots.roc).toBeDefined();
    expect(result.b.perClass).toHaveLength(2);

    // Swapped, the same rows (still the newer one's) and the difference flips.
    const swapped = await compareVersions(db, v2.version, v1.version);
    expect(swapped.holdoutOf).toBe(v2.version);
    expect(swapped.rows).toBe(result.rows);
    expect(swapped.improvement).toBeCloseTo(-result.improvement!, 12);
    if (result.mcnemar) expect([swapped.mcnemar!.b, swapped.mcnemar!.c]).toEqual([result.mcnemar.c, result.mcnemar.b]);

    await expect(compareVersions(db, 1, 1)).rejects.toThrow(/two different versions/);
  });

  it('keeps tags and description', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 80, 1)));
    const v1 = await trainAndRegister(db, { batchIds: [one.id], config: config({ params: { ...config().params, epochs: 2 } }) });
    await updateVersionInfo(db, v1.version, { tags: [' winter ', '', 'baseline', 'winter'], description: ' first try ' });
    expect(await db.models.get(v1.version)).toMatchObject({ tags: ['winter', 'baseline'], description: 'first try' });
    await expect(updateVersionInfo(db, 99, { tags: [] })).rejects.toThrow(/no model version 99/);
  });
});
