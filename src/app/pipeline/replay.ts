import { driftedColumns, importantDrift } from '../../core/importance/driftThatMatters.ts';
import { replayPolicy, type ReplayBatch, type ReplayStep } from '../../core/pipeline/replay.ts';
import type { TriggerPolicy } from '../../core/pipeline/policy.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { listBatches } from '../../storage/queries/batches.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { champion } from '../../storage/queries/registry.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { estimateInput } from '../drift/batchEstimate.ts';

/**
 * Policy replay: the stored batches in arrival order through a policy, nothing trained. Drift that matters
 * weighs every batch's drift by the current champion's importance, and the performance rule on the
 * estimate reads the current champion's stored estimates: the replay trains no other model.
 */
export async function replayStoredBatches(db: RelearnDb, policy: TriggerPolicy): Promise<ReplayStep[]> {
  const workspace = await readWorkspace(db);
  const target = workspace.schema.target;
  const current = await champion(db);
  const weights = current && { version: current.version, importance: current.importance };
  const batches: ReplayBatch[] = [];
  for (const b of await listBatches(db)) {
    const report = await db.driftReports.get(b.id);
    const dataset = report?.report.dataset;
    batches.push({
      id: b.id,
      name: b.name,
      arrivedAt: b.arrivedAt,
      rows: b.rows,
      labeled: hasTargetColumn(b, target),
      drift: dataset && dataset.driftedShare !== null ? { drifted: dataset.drift, share: dataset.driftedShare, threshold: dataset.driftShare } : null,
      importantDrift: report ? importantDrift(weights, driftedColumns(report.report.columns)) : null,
      championMetric: null,
      ...(b.id === workspace.referenceBatchId ? { championUnestimated: 'the reference is not estimated' } : estimateInput(report, current?.version ?? null, b.name)),
    });
  }
  return replayPolicy(policy, batches);
}
