import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCalibration, estimateFromOutputs } from '../../../src/core/estimation/index.ts';
import { MIN_CALIBRATION_ROWS, versionCalibration } from '../../../src/app/training/calibrate.ts';
import { exportModel, importModel, scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { getModel } from '../../../src/storage/queries/models.ts';
import { dbPerTest, snapshot, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTreeConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
const config = quickTreeConfig('gbdt', 10);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('calibration of a classifier version', () => {
  it('is made on the validation rows when the version is trained, and stored with it', async () => {
    const db = newDb();
    const batch = await stored(db, 'one.csv', pointsCsv('multiclass', points('multiclass', 300, 1)));
    const trained = await trainAndRegister(db, { batchIds: [batch.id], config: config() });
    const record = await getModel(db, trained.version);
    assertCalibration(record.calibration);
    expect(record.calibration).toMatchObject({ task: 'multiclass', classes: trained.card.classes, fittedOn: 'validation', rows: trained.training!.counts.validation });
    expect(record.calibration.calibrators).toHaveLength(3);
    expect(await versionCalibration(db, trained.version)).toEqual({ calibration: record.calibration, madeNow: false, reason: null });
  });

  it('is made on first use from the holdout rows of a version registered before calibrations were kept, and stored', async () => {
    const db = newDb();
    const batch = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 300, 2)));
    const trained = await trainAndRegister(db, { batchIds: [batch.id], config: config() });
    await db.models.update(trained.version, { calibration: undefined });
    expect((await getModel(db, trained.version)).calibration).toBeUndefined();
    const made = await versionCalibration(db, trained.version);
    expect(made.madeNow).toBe(true);
    expect(made.calibration).toMatchObject({ task: 'binary', positiveClass: 'yes', fittedOn: 'holdout', rows: trained.training!.counts.holdout });
    expect((await getModel(db, trained.version)).calibration).toEqual(made.calibration);
    // The stored calibration estimates on the holdout rows it was fitted on.
    const scored = await scoreVersionOnRows(db, trained.version, trained.lineage.holdout);
    const estimate = estimateFromOutputs(made.calibration!, trained.card, scored.outputs);
    expect(estimate.rows).toBe(trained.training!.counts.holdout);
    expect(Object.keys(estimate.estimated)[0]).toBe('rocAuc');
  });

  it('says why a regression version has none', async () => {
    const db = newDb();
    const numbers = await stored(db, 'numbers.csv', pointsCsv('regression', points('regression', 200, 3)));
    const regression = await trainAndRegister(db, { batchIds: [numbers.id], config: config() });
    expect(regression.calibration).toBeNull();
    expect((await versionCalibration(db, regression.version)).reason).toMatch(/regression/);
  });

  it('says why an imported version or a tiny holdout has none, and stores nothing', async () => {
    const db = newDb();
    const classes = await stored(db, 'classes.csv', pointsCsv('binary', points('binary', 200, 4)));
    const trained = await trainAndRegister(db, { batchIds: [classes.id], config: config() });
    const files = await exportModel(db, trained.version);
    // An export carries the calibration; the version imported from it keeps it.
    const kept = await importModel(db, files.modelJson, files.weights.slice(0), 'model.json');
    expect(kept.calibration).toEqual(trained.calibration);
    const bare = JSON.parse(files.modelJson) as { userDefinedMetadata: Record<string, unknown> };
    delete bare.userDefinedMetadata.relearnCalibration;
    const imported = await importModel(db, JSON.stringify(bare), files.weights.slice(0), 'model.json');
    expect(imported.calibration).toBeUndefined();
    const before = await snapshot(db);
    expect(await versionCalibration(db, imported.version)).toEqual({ calibration: null, madeNow: false, reason: `version ${imported.version} has no calibration and records no labelled rows to make one (an imported version records none)` });
    expect(await snapshot(db)).toEqual(before);

    await db.models.update(trained.version, { calibration: undefined, lineage: { ...trained.lineage, holdout: [{ batchId: classes.id, rows: Uint32Array.from([0, 1, 2]) }] } });
    const small = await snapshot(db);
    expect((await versionCalibration(db, trained.version)).reason).toBe(`version ${trained.version} has no calibration, and only 3 of its holdout rows have a label to make one (at least ${MIN_CALIBRATION_ROWS} needed)`);
    expect(await snapshot(db)).toEqual(small);
  });
});
