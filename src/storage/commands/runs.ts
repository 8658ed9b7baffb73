import { markInterrupted, newRun, type RunTrigger } from '../../core/pipeline/runState.ts';
import type { EventOf } from '../../core/events.ts';
import type { RelearnDb, RunConfig, RunRecord } from '../db.ts';
import { withQuotaMessage } from '../quota.ts';

/**
 * Creates run N+1 with its `run.started` event, in one transaction; `decision` (the policy's event that
 * started it) goes in the same one, so no reader sees a batch judged to retrain without its run.
 */
export async function createRun(db: RelearnDb, trigger: RunTrigger, batchId: string | null, config: RunConfig, decision?: EventOf<'policy.fired'>): Promise<RunRecord> {
  return withQuotaMessage('a new run', () =>
    db.transaction('rw', db.runs, db.events, async () => {
      if (decision) await db.events.add(decision);
      const last = await db.runs.orderBy('number').last();
      const number = (last?.number ?? 0) + 1;
      const now = Date.now();
      const run = newRun(`run-${number}`, number, trigger, batchId, config, now);
      await db.runs.add(run);
      await db.events.add({ at: now, kind: 'run.started', actor: trigger.kind === 'manual' ? 'user' : 'auto', batchId: batchId ?? undefined, summary: `Run ${number} started (${trigger.kind}): ${trigger.reason}`, details: { runId: run.id } });
      return run;
    }),
  );
}

export async function saveRun(db: RelearnDb, run: RunRecord): Promise<void> {
  await withQuotaMessage(`the state of run ${run.number}`, () => db.runs.put(structuredClone(run)));
}

/** When a run last showed signs of life: its latest task start, end or log line (a closed tab records no end). */
function lastActivity(run: RunRecord): number {
  return Math.max(run.createdAt, ...run.tasks.flatMap((t) => [t.startedAt ?? 0, t.endedAt ?? 0, ...t.log.map((l) => l.at)]));
}

/**
 * A run still `running` or `queued` when the scheduler starts was cut off (the tab closed): it fails
 * with that reason, ending when it was last heard of, so its duration is not the time the page was shut.
 */
export async function failInterruptedRuns(db: RelearnDb, reason = 'interrupted: the page was closed or reloaded while the run was going'): Promise<RunRecord[]> {
  return db.transaction('rw', db.runs, db.events, async () => {
    const open = await db.runs.where('state').anyOf('running', 'queued').toArray();
    for (const run of open) {
      markInterrupted(run, reason, lastActivity(run));
      await db.runs.put(run);
      await db.events.add({ at: Date.now(), kind: 'run.interrupted', actor: 'auto', summary: `Run ${run.number} ${reason}`, details: { runId: run.id } });
    }
    return open;
  });
}
