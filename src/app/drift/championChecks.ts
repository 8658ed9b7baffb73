import type { BatchMeta } from '../../core/batch.ts';
import { predictionDrift, predictionProfile } from '../../core/drift/predictionDrift.ts';
import type { ColumnProfile } from '../../core/drift/profile.ts';
import { targetLabels } from '../../core/training/labels.ts';
import { buildTable, TableError } from '../../core/training/table.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { predictTable } from '../../ml/evaluate.ts';
import { loadScorer, type Scorer } from '../../ml/scorer.ts';
import type { ChampionCheck, DriftReportRecord, ModelRecord, RelearnDb } from '../../storage/db.ts';
import { listBatches, loadColumn } from '../../storage/queries/batches.ts';
import { isCurrentCheck, reportKey } from '../../storage/queries/driftReports.ts';
import { getArtifacts } from '../../storage/queries/models.ts';
import { champion } from '../../storage/queries/registry.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { withQuotaMessage } from '../../storage/quota.ts';
import { versionCalibration } from '../training/calibrate.ts';
import { batchEstimate, type ChampionOutputs } from './batchEstimate.ts';

/**
 * The champion's outputs on every row of a batch, reading only the columns it needs; or why it cannot
 * score the batch (a feature column the batch lacks, or one that does not read as the model expects).
 */
export async function championOutputs(db: RelearnDb, scorer: Scorer, model: ModelRecord, batch: BatchMeta): Promise<ChampionOutputs | { problem: string }> {
  const { card } = model;
  const features = card.preprocessing.features.map((f) => f.name);
  const missing = features.filter((name) => !batch.columns.some((c) => c.name === name));
  if (missing.length > 0) {
    return { problem: `“${batch.name}” lacks the champion's feature column${missing.length === 1 ? '' : 's'} ${missing.map((n) => `“${n}”`).join(', ')}` };
  }
  const labelled = hasTargetColumn(batch, card.target);
  const names = labelled && !features.includes(card.target) ? [...features, card.target] : features;
  const columns = [];
  for (const name of names) columns.push(await loadColumn(db, batch, batch.columns.findIndex((c) => c.name === name)));
  try {
    const table = buildTable([{ id: batch.id, name: batch.name, columns }], names);
    const { outputs } = await predictTable(scorer, card, table);
    const labels = labelled ? targetLabels(card, table.columns.get(card.target)!, table.rows).labels : null;
    return { outputs, rows: table.rows, labels };
  } catch (error) {
    if (error instanceof TableError || error instanceof TrainingInputError) return { problem: `the champion cannot score “${batch.name}”: ${error.message}` };
    throw error;
  }
}

/** The due reports: current against the reference and settings, without a check by this champion. */
async function dueReports(db: RelearnDb, version: number): Promise<{ due: DriftReportRecord[]; reference: BatchMeta | undefined; batches: Map<string, BatchMeta> }> {
  const workspace = await readWorkspace(db);
  const batches = new Map<string, BatchMeta>((await listBatches(db)).map((b) => [b.id, b]));
  const reference = workspace.referenceBatchId ? batches.get(workspace.referenceBatchId) : undefined;
  if (!reference) return { due: [], reference, batches };
  const records = await db.driftReports.toArray();
  const due = records.filter((r) => {
    const batch = batches.get(r.batchId);
    return batch !== undefined && r.key === reportKey(reference, batch, workspace) && !isCurrentCheck(r, version);
  });
  return { due, reference, batches };
}

/** A check made in a sweep, for the report it was made on. */
export interface MadeCheck {
  batch: BatchMeta;
  key: string;
  check: ChampionCheck;
}

/**
 * Checks made within this long are stored together: one transaction, and one change notice the page reads,
 * a second, not one a batch (a promotion in a workspace of a year checks hundreds of batches).
 */
export const STORE_EVERY_MS = 1000;

/**
 * Stores checks on their reports in one transaction; returns how many were written. A check is not stored
 * where its report was checked again (or deleted) meanwhile, nor where the report already holds a current check
 * by the same version (another sweep's): that write would change nothing but the time of the check.
 */
export async function storeChecks(db: RelearnDb, made: readonly MadeCheck[]): Promise<number> {
  if (made.length === 0) return 0;
  const what = made.length === 1 ? `the champion's check of "${made[0]!.batch.name}"` : `the champion's checks of ${made.length} batches`;
  return withQuotaMessage(what, () =>
    db.transaction('rw', db.driftReports, async () => {
      const records = await db.driftReports.bulkGet(made.map((m) => m.batch.id));
      let written = 0;
      for (const [i, { key, check }] of made.entries()) {
        const record = records[i];
        if (!record || record.key !== key || isCurrentCheck(record, check.version)) continue;
        // One put a record, not a bulkPut: the change notice then names each report written.
        await db.driftReports.put({ ...record, champion: check });
        written++;
      }
      return written;
    }),
  );
}

/**
 * The champion's check of every batch with a current drift report that has none by this champion:
 * its predictions there against its predictions on the reference (prediction drift), and its label-free
 * estimate (CBPE) beside the realised metrics where the batch has labels. The reference is scored once
 * per sweep; a version without a calibration is calibrated by versionCalibration (or says why not). Nothing is done without a champion. `beforeModelWork` runs once, before the
 * first model is loaded (the page picks its training backend there). The checks are stored a second's worth at
 * a time (storeChecks), the last when the sweep ends. Returns how many were checked.
 */
export async function checkChampionOnBatches(db: RelearnDb, beforeModelWork: () => Promise<void> = async () => undefined): Promise<number> {
  const current = await champion(db);
  if (!current) return 0;
  const { due, reference, batches } = await dueReports(db, current.version);
  if (!reference || due.length === 0) return 0;
  await beforeModelWork();
  const workspace = await readWorkspace(db);
  const calibrated = await versionCalibration(db, current.version);
  const calibration = calibrated.calibration ?? `version ${current.version} cannot estimate without labels: ${calibrated.reason}`;
  const scorer = await loadScorer(await getArtifacts(db, current.version));
  try {
    const onReference = await championOutputs(db, scorer, current, reference);
    const referenceProfile: ColumnProfile | string =
      'problem' in onReference ? `on the reference: ${onReference.problem}` : predictionProfile(current.card, onReference.outputs, onReference.rows);
    const made: MadeCheck[] = [];
    let storedAt = Date.now();
    for (const record of due) {
      const batch = batches.get(record.batchId)!;
      const base = { version: current.version, reportKey: record.key, checkedAt: Date.now() };
      const onBatch = await championOutputs(db, scorer, current, batch);
      let check: ChampionCheck;
      if ('problem' in onBatch) {
        check = { ...base, predictionDrift: null, problem: onBatch.problem, estimate: { problem: onBatch.problem } };
      } else {
        const estimate = batchEstimate(calibration, current.card, onBatch);
        check =
          typeof referenceProfile === 'string'
            ? { ...base, predictionDrift: null, problem: referenceProfile, estimate }
            : { ...base, predictionDrift: predictionDrift(referenceProfile, predictionProfile(current.card, onBatch.outputs, onBatch.rows), workspace.drift), estimate };
      }
      made.push({ batch, key: record.key, check });
      if (Date.now() - storedAt >= STORE_EVERY_MS) {
        await storeChecks(db, made.splice(0));
        storedAt = Date.now();
      }
    }
    await storeChecks(db, made);
  } finally {
    scorer.dispose();
  }
  return due.length;
}
