import type { Run } from './runState.ts';

/**
 * The spans in which a run was at work: choosing the training backend, then its tasks' tries, earlier
 * ones included, each from its start to its end (a try still going, to `now`). Waits between tries, for a retry's backoff, for a person's
 * approval or before a re-run, lie outside them.
 */
export function busySpans(run: Run, now: number): [number, number][] {
  const spans: [number, number][] = run.backendSetup ? [[run.backendSetup.startedAt, run.backendSetup.endedAt]] : [];
  for (const task of run.tasks) {
    for (const t of [...task.earlier, task]) {
      if (t.startedAt === null) continue;
      const end = t.endedAt ?? (t === task && (task.state === 'running' || task.state === 'queued') ? now : null);
      if (end !== null && end >= t.startedAt) spans.push([t.startedAt, end]);
    }
  }
  return spans;
}

/** Milliseconds of work: the length of the union of the busy spans (tasks run one at a time, so mostly their sum). */
export function workedMs(run: Run, now: number): number {
  const spans = busySpans(run, now).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of spans) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** From the run's creation to its end (or `now` while it goes): idle waits included. */
export const wallMs = (run: Run, now: number): number => (run.endedAt ?? now) - run.createdAt;

/** The run's passes: the first, and one per re-run. */
export const passes = (run: Run): number => run.reruns.length + 1;

/** Whether the wall time says something the worked time does not: a re-run, or idle waits of more than a second and a tenth of the wall time. */
export function wallDiffers(run: Run, now: number): boolean {
  const idle = wallMs(run, now) - workedMs(run, now);
  return run.reruns.length > 0 || (idle > 1000 && idle > wallMs(run, now) / 10);
}

/** Milliseconds spent choosing (the first time on a device: measuring) the training backend, before any task. */
export const backendSetupMs = (run: Run): number => (run.backendSetup ? run.backendSetup.endedAt - run.backendSetup.startedAt : 0);
