import type { RelearnDb, RunRecord } from '../../storage/db.ts';
import { failInterruptedRuns } from '../../storage/commands/runs.ts';
import { checkDueBatches } from '../drift/drift.ts';
import { Scheduler } from './scheduler.ts';

/** The runs the arrivals started, the one for the given batch apart, and the alerts they raised. */
export interface ArrivalRuns {
  run: RunRecord | null;
  otherRuns: RunRecord[];
  alerts: string[];
}

/**
 * What happens after batches arrive in a workspace that no page is scheduling (`relearn run`): every
 * batch due is checked for drift, a run left open by an earlier process is marked failed, then the
 * scheduler judges each new batch by the policy and runs the pipeline where it fires. In the page the
 * drift worker and the pipeline worker do these steps.
 */
export async function runArrivals(db: RelearnDb, batchId: string): Promise<ArrivalRuns> {
  await checkDueBatches(db);
  // A workspace directory is saved only after its process ends its work: an open run there was cut off.
  await failInterruptedRuns(db, 'interrupted: the run was still going when the workspace was saved');
  const before = new Set((await db.events.where('kind').equals('alert').primaryKeys()) as number[]);
  const runs = await new Scheduler(db).processArrivals();
  const run = runs.find((r) => r.batchId === batchId) ?? null;
  const alerts = (await db.events.where('kind').equals('alert').toArray()).filter((e) => !before.has(e.seq!)).map((e) => e.summary);
  return { run, otherRuns: runs.filter((r) => r !== run), alerts };
}
