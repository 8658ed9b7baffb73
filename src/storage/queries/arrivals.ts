import type { RelearnDb } from '../db.ts';
import { readWorkspace } from './workspace.ts';

/** How far the workspace has got with one stored batch. */
export type ArrivalStage = 'checking drift' | 'judging' | 'running' | 'settled';

/**
 * Where a stored batch stands on its way through the loop: its drift report (the reference needs none),
 * then, where automatic runs are on and a target is chosen, the policy's decision on it, then no run
 * still going. A run waiting for approval counts as settled: a person answers it, not the automation.
 */
export async function arrivalStage(db: RelearnDb, batchId: string): Promise<ArrivalStage> {
  const workspace = await readWorkspace(db);
  if (batchId !== workspace.referenceBatchId && !(await db.driftReports.get(batchId))) return 'checking drift';
  if (!workspace.pipeline.autoRun || !workspace.schema.target) return 'settled';
  const decisions = await db.events.where('batchId').equals(batchId).filter((e) => e.kind === 'policy.fired' || e.kind === 'policy.suppressed').count();
  if (decisions === 0) return 'judging';
  const going = await db.runs.where('state').anyOf('queued', 'running').count();
  return going > 0 ? 'running' : 'settled';
}
