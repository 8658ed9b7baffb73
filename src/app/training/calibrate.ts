import { calibrationFromOutputs, regressionRefusal, type Calibration } from '../../core/estimation/index.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { saveCalibration } from '../../storage/commands/models.ts';
import { getModel } from '../../storage/queries/models.ts';
import { scoreVersionOnRows } from './score.ts';

/** A version's calibration for label-free estimates, or why it has none. */
export type VersionCalibration = { calibration: Calibration; madeNow: boolean; reason: null } | { calibration: null; madeNow: false; reason: string };

/** Fewer labelled rows than this make an isotonic fit of a handful of steps: refuse rather than estimate from it. */
export const MIN_CALIBRATION_ROWS = 20;

const refuse = (reason: string): VersionCalibration => ({ calibration: null, madeNow: false, reason });

/**
 * The version's calibration: the one made on its validation rows when it was trained, or, for a version
 * registered before calibrations were kept, one made now on the rows it recorded — its holdout rows (its
 * validation rows were never recorded) — and stored with it. A regression model, an imported one (it
 * records no rows), or holdout rows no longer stored give the reason instead, and nothing is stored.
 */
export async function versionCalibration(db: RelearnDb, version: number): Promise<VersionCalibration> {
  const record = await getModel(db, version);
  if (record.card.task === 'regression') return refuse(regressionRefusal(record.card.target));
  if (record.calibration) return { calibration: record.calibration, madeNow: false, reason: null };
  const holdout = record.lineage.holdout;
  const recorded = holdout.reduce((n, part) => n + part.rows.length, 0);
  if (recorded === 0) {
    return refuse(`version ${version} has no calibration and records no labelled rows to make one (${record.source === 'imported' ? 'an imported version records none' : 'its holdout is empty'})`);
  }
  let scored;
  try {
    scored = await scoreVersionOnRows(db, version, holdout);
  } catch (error) {
    if (error instanceof TrainingInputError) return refuse(`version ${version} has no calibration, and its holdout rows cannot be scored to make one: ${error.message}`);
    throw error;
  }
  const k = record.card.task === 'multiclass' ? record.card.classes!.length : 1;
  const keep = Array.from(scored.labels.keys()).filter((i) => scored.labels[i] === scored.labels[i]);
  if (keep.length < MIN_CALIBRATION_ROWS) {
    return refuse(`version ${version} has no calibration, and only ${keep.length} of its holdout rows have a label to make one (at least ${MIN_CALIBRATION_ROWS} needed)`);
  }
  const outputs = new Float32Array(keep.length * k);
  keep.forEach((i, j) => outputs.set(scored.outputs.subarray(i * k, i * k + k), j * k));
  const calibration: Calibration = { ...calibrationFromOutputs(record.card, outputs, Float64Array.from(keep, (i) => scored.labels[i]!)), fittedOn: 'holdout' };
  await saveCalibration(db, version, calibration);
  return { calibration, madeNow: true, reason: null };
}
