import { useState, useSyncExternalStore } from 'react';
import { cancelRun, runNow, schedulerState, subscribeSchedulerRole, type SchedulerRole, type SchedulerState } from '../../bridge/pipelineBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { RunRecord } from '../../storage/db.ts';
import { formatCount, plural } from '../format.ts';
import { runHref } from '../route.ts';
import { STATE_LOOK } from './taskStates.ts';
import type { Action } from './usePipelineData.ts';

const ROLE_TEXT: Record<SchedulerRole, string> = {
  scheduler: 'This tab runs the scheduler: each new batch is judged by the policy once its drift is checked.',
  viewer: 'Another tab runs the scheduler; this one shows its runs. It takes over when that tab closes.',
  starting: 'Starting the scheduler…',
  unsupported: 'This browser cannot elect a scheduling tab (no Web Locks), so the pipeline does not run here.',
};

const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Which tab schedules, told by when it was opened, so a person can find it among their tabs. */
function schedulingTabText({ role, tab, executed }: SchedulerState): string | null {
  if (role === 'scheduler' && tab) {
    const runs = executed.length === 0 ? 'no run executed here yet' : `${executed.length === 1 ? 'run' : 'runs'} executed here: ${executed.length > 5 ? '…, ' : ''}${executed.slice(-5).join(', ')}`;
    return `Scheduling in this tab (opened ${clock.format(tab.openedAt)}); ${runs}.`;
  }
  if (role !== 'viewer') return null;
  if (!tab) return 'Scheduling in another tab.';
  return `Scheduling in another tab (opened ${clock.format(tab.openedAt)}, scheduling since ${clock.format(tab.since)}).`;
}

/** Where a run executes: this tab's pipeline worker, or the scheduling tab's. */
function whereText(run: RunRecord, { role, executing }: SchedulerState): string {
  if (executing === run.number) return ' in this tab';
  return role === 'viewer' ? ' in the scheduling tab' : '';
}

/** "Run 3 is running in this tab: train (try 1)". */
function progressText(run: RunRecord, scheduler: SchedulerState): string {
  const where = whereText(run, scheduler);
  const task = run.tasks.find((t) => t.state === 'running' || t.state === 'up_for_retry');
  if (!task) return `Run ${run.number} is starting${where}.`;
  return `Run ${run.number} is running${where}: ${task.id} ${task.state === 'up_for_retry' ? `failed try ${task.tries} and is up for retry` : `(try ${task.tries})`}.`;
}

/** How far the scheduler got with the stored batches, in a sentence; null when there are none. */
export function backlogText(all: BatchSummary[], judged: Set<string>, autoRun: boolean): string | null {
  if (all.length === 0) return null;
  if (!autoRun) return 'Automatic runs are off: new batches are not judged; Run now starts a run.';
  const done = all.filter((b) => judged.has(b.id)).length;
  if (done === all.length) return all.length === 1 ? 'The stored batch was judged by the policy.' : `All ${formatCount(all.length)} stored batches were judged by the policy.`;
  return `${formatCount(done)} of ${plural(all.length, 'stored batch', 'stored batches')} judged by the policy; the others wait for their drift check.`;
}

/** Why Run now is off, in a sentence; null when it can be pressed. */
function runNowBlocked(role: SchedulerRole, active: RunRecord | undefined, pending: string | null, target: string | null, batches: BatchSummary[]): string | null {
  if (role === 'viewer') return 'Another tab runs the scheduler; it takes over when that tab closes. Start runs there.';
  if (role === 'starting') return 'The scheduler is starting.';
  if (role === 'unsupported') return 'This browser cannot run the pipeline.';
  if (active || pending === 'run') return `A run is going${active ? ` (run ${active.number})` : ''}: wait for it to finish, or cancel it.`;
  if (!target) return 'Choose the target column in Data first: runs train a model that predicts it.';
  if (batches.length === 0) return `No stored batch that passed validation has “${target}”.`;
  return null;
}

/**
 * Who schedules (this tab, another, or the election still going), the run in progress with Cancel,
 * and Run now: a manual run on every labeled batch with the saved settings.
 */
export function SchedulerBar({ role, active, target, batches, backlog, action }: { role: SchedulerRole; active: RunRecord | undefined; target: string | null; batches: BatchSummary[]; backlog: string | null; action: Action }) {
  const [reason, setReason] = useState('');
  const scheduler = useSyncExternalStore(subscribeSchedulerRole, schedulerState);
  const tabText = schedulingTabText(scheduler);
  const blocked = runNowBlocked(role, active, action.pending, target, batches);
  const rows = batches.reduce((sum, b) => sum + b.rows, 0);
  const running = active?.tasks.some((t) => t.state === 'running') ?? false;
  return (
    <section className="panel scheduler-bar" aria-label="Scheduler">
      <p className="scheduler-status" role="status" aria-label="Scheduler status" data-role={role}>
        <span className={`role-dot role-${role}`} aria-hidden="true" />
        {ROLE_TEXT[role]}
      </p>
      {tabText && (
        <p className="muted scheduler-tab" aria-label="Scheduling tab">
          {tabText}
        </p>
      )}
      {scheduler.problem && (
        <p role="alert" className="inline-error">
          The scheduler could not judge the new batches: {scheduler.problem}
        </p>
      )}
      <p className="run-progress" aria-label="Run in progress">
        {active ? (
          <>
            <span className="spinner" aria-hidden="true" /> <a href={runHref(active.id)}>{progressText(active, scheduler)}</a>
            {running && <span className="state-chip" style={{ background: STATE_LOOK.running.soft, borderColor: STATE_LOOK.running.strong }}>running</span>}
          </>
        ) : (
          <span className="muted">No run in progress.{backlog && ` ${backlog}`}</span>
        )}
      </p>
      <form
        className="run-now"
        aria-label="Run now"
        onSubmit={(event) => {
          event.preventDefault();
          if (blocked) return;
          const why = reason.trim();
          action.run('run', () => runNow(why ? { reason: why } : {}));
          setReason('');
        }}
      >
        <label className="inline-field">
          Reason
          <input type="text" value={reason} placeholder="started by hand" onChange={(e) => setReason(e.target.value)} disabled={blocked !== null} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={blocked !== null} aria-describedby="run-now-note">
          Run now
        </button>
        {active && (
          <button type="button" className="btn btn-danger" disabled={role !== 'scheduler' || action.pending === 'cancel'} onClick={() => action.run('cancel', () => cancelRun())}>
            Cancel run
          </button>
        )}
        <span id="run-now-note" className="muted run-now-note">
          {blocked ?? `Trains on every batch with “${target}” that passed validation: ${plural(batches.length, 'batch', 'batches')}, ${formatCount(rows)} rows, with the saved settings.`}
        </span>
      </form>
      {action.error && (
        <p role="alert" className="inline-error">
          {action.error}
        </p>
      )}
    </section>
  );
}
