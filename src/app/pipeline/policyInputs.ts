import type { BatchMeta } from '../../core/batch.ts';
import { driftedColumns, importantDrift } from '../../core/importance/driftThatMatters.ts';
import type { PolicyInputs } from '../../core/pipeline/policy.ts';
import { METRIC_LABELS, metricValue } from '../../core/metrics/metricKey.ts';
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
import { estimateInput } from '../drift/batchEstimate.ts';

/**
 * When a model was last trained, and the rows it could not have trained on: the batches that arrived after
 * the newest batch of its training data and are not part of it. A model trained after several batches
 * arrived (the demo's five at once) has not seen the ones after its data, though they arrived before it.
 * A card that records no training batches falls back to the batches that arrived after the model.
 */
export async function sinceTraining(db: RelearnDb): Promise<{ lastTrainingAt: number | null; rowsSinceTraining: number }> {
  const trained = await db.models.filter((m) => m.source === 'trained').toArray();
  const batches = await listBatches(db);
  if (trained.length === 0) return { lastTrainingAt: null, rowsSinceTraining: batches.reduce((sum, b) => sum + b.rows, 0) };
  const latest = trained.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  const used = new Set(latest.card.trainingBatches ?? []);
  const usedArrivals = batches.filter((b) => used.has(b.id)).map((b) => b.arrivedAt);
  const after = usedArrivals.length > 0 ? Math.max(...usedArrivals) : latest.createdAt;
  const rowsSinceTraining = batches.filter((b) => !used.has(b.id) && (usedArrivals.length > 0 ? b.arrivedAt >= after : b.arrivedAt > after)).reduce((sum, b) => sum + b.rows, 0);
  return { lastTrainingAt: latest.createdAt, rowsSinceTraining };
}

type ChampionScore = Pick<PolicyInputs, 'championMetric' | 'championUnscored'>;

/** The champion's primary metric on every row of a batch, where the batch has the target; else why not. */
async function championOn(db: RelearnDb, batch: BatchMeta | null): Promise<ChampionScore> {
  const current = await champion(db);
  if (!current) return { championMetric: null, championUnscored: 'no champion to score' };
  if (!batch) return { championMetric: null, championUnscored: 'no new batch to score the champion on' };
  const { target } = current.card;
  if (!hasTargetColumn(batch, target)) return { championMetric: null, championUnscored: `the new batch is not labeled: it has no "${target}" column` };
  // A batch that lacks a column the champion needs cannot score it: the performance rule has nothing to go on.
  const names = new Set(batch.columns.map((c) => c.name));
  const missing = current.card.preprocessing.features.filter((f) => !names.has(f.name)).map((f) => `"${f.name}"`);
  if (missing.length > 0) return { championMetric: null, championUnscored: `the new batch lacks the champion's feature column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}` };
  const rows = [{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }];
  let metrics;
  try {
    ({ metrics } = await scoreVersionOnRows(db, current.version, rows));
  } catch (error) {
    if (error instanceof TableError || error instanceof TrainingInputError) return { championMetric: null, championUnscored: `the champion could not be scored on the new batch: ${error.message}` };
    throw error;
  }
  const metric = primaryMetric(current.card.task);
  const value = metricValue(metrics, metric.key);
  if (value === null) return { championMetric: null, championUnscored: `the champion's ${METRIC_LABELS[metric.key]} is undefined on the new batch` };
  return { championMetric: { key: metric.key, value, higherIsBetter: metric.higherIsBetter } };
}

/** Everything the trigger policy looks at, for a new batch (or none, when the page opens). */
export async function policyInputs(db: RelearnDb, batch: BatchMeta | null, now = Date.now()): Promise<PolicyInputs> {
  const workspace = await readWorkspace(db);
  const { performance } = workspace.pipeline.policy;
  const report = batch ? await db.driftReports.get(batch.id) : undefined;
  const dataset = report?.report.dataset;
  const current = await champion(db);
  return {
    now,
    hasChampion: current !== null,
    ...(await sinceTraining(db)),
    drift: dataset && dataset.driftedShare !== null ? { drifted: dataset.drift, share: dataset.driftedShare, threshold: dataset.driftShare } : null,
    importantDrift: report ? importantDrift(current && { version: current.version, importance: current.importance }, driftedColumns(report.report.columns)) : null,
    // Scoring the champion takes a model load and a pass over the batch: only when the rule would use it.
    ...(performance.enabled && performance.source !== 'estimated' ? await championOn(db, batch) : { championMetric: null, championUnscored: performance.enabled ? 'the rule judges the estimate: the champion was not scored' : 'the rule is off: the champion was not scored' }),
    // The estimate was stored by the champion's check of the batch (checkChampionOnBatches), made before the policy runs.
    ...(batch ? estimateInput(report, current?.version ?? null, batch.name) : { championEstimate: null, championUnestimated: 'no new batch to estimate the champion on' }),
    lastRunEndedAt: await lastRunEnd(db),
    consecutiveFailures: await consecutiveFailures(db, await lastResumedAt(db)),
    pausedReason: workspace.pipeline.paused?.reason ?? null,
  };
}
