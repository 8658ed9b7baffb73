import { replayPolicy, type ReplayBatch, type ReplayStep } from '../../core/pipeline/replay.ts';
import type { TriggerPolicy } from '../../core/pipeline/policy.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { listBatches } from '../../storage/queries/batches.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';

/** Policy replay: the stored batches in arrival order through a policy, nothing trained. */
export async function replayStoredBatches(db: RelearnDb, policy: TriggerPolicy): Promise<ReplayStep[]> {
  const workspace = await readWorkspace(db);
  const target = workspace.schema.target;
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
      championMetric: null,
    });
  }
  return replayPolicy(policy, batches);
}
