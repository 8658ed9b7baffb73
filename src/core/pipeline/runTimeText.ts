import { backendSetupMs, passes, wallDiffers, wallMs, workedMs } from './runTime.ts';
import type { Run } from './runState.ts';
import { formatDuration } from '../metrics/format.ts';

/** " (12.1 s of it choosing the training backend, before the first task)" where the run measured or chose one. */
function setupText(run: Run): string {
  const ms = backendSetupMs(run);
  return ms > 0 ? ` (${formatDuration(ms)} of it choosing the training backend, before the first task)` : '';
}

/**
 * How long a finished run worked, and its wall time where that says more (a re-run after an idle
 * wait, a wait for approval): "worked 41.0 s over 2 tries; wall 12 min 3 s", else "took 41.0 s"; the
 * time spent choosing the training backend is named, so that the tasks' times add up to the rest.
 * Null while it goes.
 */
export function runTimeText(run: Run): string | null {
  if (run.endedAt === null) return null;
  const now = run.endedAt;
  const worked = formatDuration(workedMs(run, now));
  if (!wallDiffers(run, now)) return `took ${worked}${setupText(run)}`;
  const over = passes(run) > 1 ? ` over ${passes(run)} tries` : '';
  return `worked ${worked}${over}${setupText(run)}; wall ${formatDuration(wallMs(run, now))}`;
}
