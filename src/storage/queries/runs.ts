import type { RelearnDb, RunRecord } from '../db.ts';

export async function listRuns(db: RelearnDb): Promise<RunRecord[]> {
  return db.runs.orderBy('number').reverse().toArray();
}

export async function getRun(db: RelearnDb, id: string): Promise<RunRecord> {
  const run = await db.runs.get(id);
  if (!run) throw new Error(`there is no run ${id}`);
  return run;
}

/** The run with this id, or null (a version trained by hand names none). */
export async function findRun(db: RelearnDb, id: string | null): Promise<RunRecord | null> {
  return id === null ? null : ((await db.runs.get(id)) ?? null);
}

/** A run stopped by a person or a closed tab says nothing about whether the pipeline works. */
const stoppedFromOutside = (run: RunRecord): boolean => /^(cancelled|interrupted)/.test(run.reason ?? '');

/**
 * Failed runs since the last one that did not fail (newest first), counting only runs created after
 * `since` (the last resume). Cancelled and interrupted runs are passed over.
 */
export async function consecutiveFailures(db: RelearnDb, since = 0): Promise<number> {
  let count = 0;
  for (const run of await listRuns(db)) {
    if (run.createdAt < since) break;
    if (stoppedFromOutside(run)) continue;
    if (run.state === 'failed') count++;
    else if (run.state === 'success') break;
  }
  return count;
}

/** When automatic runs were last resumed after a pause (0 if never). */
export async function lastResumedAt(db: RelearnDb): Promise<number> {
  return (await db.events.where('kind').equals('pipeline.resumed').last())?.at ?? 0;
}

export async function lastRunEnd(db: RelearnDb): Promise<number | null> {
  const runs = await listRuns(db);
  return runs.find((r) => r.endedAt !== null)?.endedAt ?? null;
}
