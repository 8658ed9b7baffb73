import type { BatchMeta } from '../../core/batch.ts';
import { driftedColumns, importantDrift } from '../../core/importance/driftThatMatters.ts';
import type { PolicyInputs } from '../../core/pipeline/policy.ts';
import { metricValue } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { TableError } from '../../core/training/table.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { listBatches } from '../../storage/queries/batches.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { champion } from '../../storage/queries/registry.ts';
import { consecutiveFailures, lastResumedAt, lastRunEnd } from '../../storage/queries/runs.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { scoreVersionOnRows } from '../training/score.ts';

/** When a model was last trained, and the rows that arrived since (in batches newer than it). */
export async function sinceTraining(db: RelearnDb): Promise<{ lastTrainingAt: number | null; rowsSinceTraining: number }> {
  const trained = await db.models.filter((m) => m.source === 'trained').toArray();
  const lastTrainingAt = trained.length ? Math.max(...trained.map((m) => m.createdAt)) : null;
  const batches = await listBatches(db);
  const rowsSinceTraining = batches.filter((b) => lastTrainingAt === null || b.arrivedAt > lastTrainingAt).reduce((sum, b) => sum + b.rows, 0);
  return { lastTrainingAt, rowsSinceTraining };
}

/** The champion's primary metric on every row of a batch, where the batch has the target. */
async function championOn(db: RelearnDb, batch: BatchMeta | null): Promise<PolicyInputs['championMetric']> {
  const current = await champion(db);
  if (!current || !batch || !hasTargetColumn(batch, current.card.target)) return null;
  // A batch that lacks a column the champion needs cannot score it: the performance rule has nothing to go on.
  const names = new Set(batch.columns.map((c) => c.name));
  if (!current.card.preprocessing.features.every((f) => names.has(f.name))) return null;
  const rows = [{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }];
  let metrics;
  try {
    ({ metrics } = await scoreVersionOnRows(db, current.version, rows));
  } catch (error) {
    if (error instanceof TableError || error instanceof TrainingInputError) return null;
    throw error;
  }
  const metric = primaryMetric(current.card.task);
  const value = metricValue(metrics, metric.key);
  return value === null ? null : { key: metric.key, value, higherIsBetter: metric.higherIsBetter };
}

/** Everything the trigger policy looks at, for a new batch (or none, when the page opens). */
export async function policyInputs(db: RelearnDb, batch: BatchMeta | null, now = Date.now()): Promise<PolicyInputs> {
  const workspace = await readWorkspace(db);
  const report = batch ? await db.driftReports.get(batch.id) : undefined;
  const dataset = report?.report.dataset;
  const current = await champion(db);
  return {
    now,
    hasChampion: current !== null,
    ...(await sinceTraining(db)),
    drift: dataset && dataset.driftedShare !== null ? { drifted: dataset.drift, share: dataset.driftedShare, threshold: dataset.driftShare } : null,
    importantDrift: report ? importantDrift(current && { version: current.version, importance: current.importance }, driftedColumns(report.report.columns)) : null,
    championMetric: workspace.pipeline.policy.performance.enabled ? await championOn(db, batch) : null,
    lastRunEndedAt: await lastRunEnd(db),
    consecutiveFailures: await consecutiveFailures(db, await lastResumedAt(db)),
    pausedReason: workspace.pipeline.paused?.reason ?? null,
  };
}
