import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../../../src/core/metrics/metricKey.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { compareVersions } from '../../../src/app/compare/compareVersions.ts';
import { scoreOnSameRows, type SameRowsProgress } from '../../../src/app/compare/sameRows.ts';
import { exportModel, importModel, scoreBatch, scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = quickTrainConfig(4);

/** Two batches; version 1 trained on the first, version 2 on both (its holdout: the newest rows, of the second). */
async function twoVersions() {
  const db = newDb();
  const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
  const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 90, 2)));
  const v1 = await trainAndRegister(db, { batchIds: [one.id], config: config() });
  const v2 = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config({ seed: 7 }) });
  return { db, one, two, v1, v2 };
}

/** A version's files with the card's training batches taken out, as a model saved before they were kept. */
async function withoutTrainingBatches(db: RelearnDb, version: number): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  const files = await exportModel(db, version);
  const json = JSON.parse(files.modelJson) as { userDefinedMetadata: { relearn: Record<string, unknown> } };
  delete json.userDefinedMetadata.relearn.trainingBatches;
  return { modelJson: JSON.stringify(json), weights: files.weights };
}

describe('scoreOnSameRows: every version on the same current evaluation rows', () => {
  it('scores each version on the newest version’s holdout rows, with progress, as scoring those rows directly would', async () => {
    const { db, v1, v2, two } = await twoVersions();
    expect(v2.card.trainingBatches).toEqual([v1.lineage.batches[0]!.id, two.id]);
    const progress: SameRowsProgress[] = [];
    const result = await scoreOnSameRows(db, (p) => progress.push(p));
    const holdout = v2.training!.counts.holdout;
    expect(result.reason).toBeNull();
    expect(result.basis).toEqual({ version: v2.version, runNumber: null, holdoutRows: holdout, leftOut: 0, rows: holdout, metric: 'rocAuc' });
    expect(progress).toEqual([
      { done: 0, of: 2, version: v2.version },
      { done: 1, of: 2, version: v1.version },
      { done: 2, of: 2, version: null },
    ]);
    for (const version of [v1.version, v2.version]) {
      const direct = await scoreVersionOnRows(db, version, v2.lineage.holdout);
      expect(result.scores.find((s) => s.version === version)).toEqual({ version, value: metricValue(direct.metrics, 'rocAuc'), ownHoldoutBecause: null, trainedOnRows: 0 });
    }
  });

  it('an imported version cannot narrow the rows (its holdout is not recorded): scored on them, with the rows it trained on counted', async () => {
    const { db, v2 } = await twoVersions();
    const files = await exportModel(db, v2.version);
    const copy = await importModel(db, files.modelJson, files.weights, 'model.json');
    const old = await withoutTrainingBatches(db, v2.version);
    const oldCopy = await importModel(db, old.modelJson, old.weights, 'old-model.json');
    const result = await scoreOnSameRows(db);
    const holdout = v2.training!.counts.holdout;
    expect(result.basis).toMatchObject({ version: v2.version, rows: holdout, leftOut: 0 });
    const byVersion = (v: number) => result.scores.find((s) => s.version === v)!;
    // The copy's card lists both batches: every shared row was in its training data; the same weights score the same.
    expect(byVersion(copy.version)).toEqual({ version: copy.version, value: byVersion(v2.version).value, ownHoldoutBecause: null, trainedOnRows: holdout });
    expect(byVersion(oldCopy.version).trainedOnRows).toBeNull();
  });

  it('a version that needs a column the rows lack keeps its own holdout, and says why', async () => {
    const db = newDb();
    const wide = await stored(db, 'wide.csv', pointsCsv('binary', points('binary', 120, 1), { colour: true }));
    const narrow = await stored(db, 'narrow.csv', pointsCsv('binary', points('binary', 120, 2)));
    const v1 = await trainAndRegister(db, { batchIds: [wide.id], config: config() });
    const v2 = await trainAndRegister(db, { batchIds: [narrow.id], config: config() });
    const result = await scoreOnSameRows(db);
    expect(result.basis?.version).toBe(v2.version);
    const own = result.scores.find((s) => s.version === v1.version)!;
    expect(own.value).toBeNull();
    expect(own.ownHoldoutBecause).toMatch(/^batch "narrow.csv" lacks "colour", which version 1 needs$/);
  });

  it('with no version holding holdout rows, every figure is on its own holdout, and the reason says so', async () => {
    const { db, v1 } = await twoVersions();
    await db.models.where('version').above(0).modify({ lineage: { batches: [], holdout: [] } });
    const result = await scoreOnSameRows(db);
    expect(result.basis).toBeNull();
    expect(result.reason).toMatch(/no version has holdout rows/);
    expect(result.scores.find((s) => s.version === v1.version)?.ownHoldoutBecause).toBe(result.reason);
  });
});

describe('trained-on rows when scoring and comparing', () => {
  it('scoring a batch counts its labelled rows the version trained on: its lineage rows less its holdout', async () => {
    const { db, one, two, v1 } = await twoVersions();
    const onOwn = await scoreBatch(db, v1.version, one.id);
    const held = v1.lineage.holdout.find((h) => h.batchId === one.id)!.rows.length;
    expect(onOwn.trainedOnRows).toBe(onOwn.labelledRows - held);
    expect((await scoreBatch(db, v1.version, two.id)).trainedOnRows).toBe(0);
  });

  it('an imported version tells by its card’s batch hashes; a card without them is unknown', async () => {
    const { db, one, two, v1 } = await twoVersions();
    const files = await exportModel(db, v1.version);
    const imported = await importModel(db, files.modelJson, files.weights, 'model.json');
    const scored = await scoreBatch(db, imported.version, one.id);
    expect(scored.trainedOnRows).toBe(scored.labelledRows);
    expect((await scoreBatch(db, imported.version, two.id)).trainedOnRows).toBe(0);
    const old = await withoutTrainingBatches(db, v1.version);
    const oldImport = await importModel(db, old.modelJson, old.weights, 'old-model.json');
    expect((await scoreBatch(db, oldImport.version, one.id)).trainedOnRows).toBeNull();
  });

  it('comparing counts the compared rows each version trained on: none on rows neither saw; all of them when only seen rows are left', async () => {
    const { db, one, v1, v2 } = await twoVersions();
    expect((await compareVersions(db, v1.version, v2.version)).trainedOnRows).toEqual({ a: 0, b: 0 });
    // An imported copy of version 2 (its card lists both batches) against version 2: every holdout row was in its training batches.
    const files = await exportModel(db, v2.version);
    const copy = await importModel(db, files.modelJson, files.weights, 'model.json');
    const result = await compareVersions(db, v2.version, copy.version);
    expect(result.trainedOnRows).toEqual({ a: 0, b: result.rows });
    expect(one.id).toBe(v1.card.trainingBatches![0]);
  });
});
