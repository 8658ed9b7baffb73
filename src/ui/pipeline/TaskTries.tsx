import type { LogLine, Run, TaskInstance, TaskTry } from '../../core/pipeline/runState.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { formatDuration } from '../models/modelFormat.ts';
import { STATE_LOOK } from './taskStates.ts';

const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A try's log, one line each with its time and, when not info, its level. */
export function LogList({ log, label }: { log: LogLine[]; label: string }) {
  return (
    // Focusable: a long log scrolls inside its box, and a keyboard must reach it to scroll it.
    <ol className="task-log" aria-label={label} tabIndex={0}>
      {log.map((line, i) => (
        <li key={i} className={`log-${line.level}`}>
          <time dateTime={new Date(line.at).toISOString()}>{clock.format(line.at)}</time>
          {line.level !== 'info' && <Badge tone={line.level === 'error' ? 'fail' : 'warn'}>{line.level}</Badge>}
          <span>{line.message}</span>
        </li>
      ))}
    </ol>
  );
}

/** Which batches a pass of the run trained on, as the person was told when re-running. */
export function passInputs(run: Run<{ batchIds: string[] }>, pass: number): string {
  const rerun = pass > 0 ? run.reruns[pass - 1] : undefined;
  if (rerun) return `Re-run ${pass} from ${rerun.from} (${formatTime(rerun.at)}) ${rerun.statement}.`;
  return `The run’s snapshot of ${run.config.batchIds.length} ${run.config.batchIds.length === 1 ? 'batch' : 'batches'}, taken when it started.`;
}

const span = (t: TaskTry<TaskInstance['id']>): string =>
  t.startedAt === null ? 'never started' : `${formatTime(t.startedAt)}${t.endedAt === null ? '' : ` to ${clock.format(t.endedAt)} (${formatDuration(t.endedAt - t.startedAt)})`}`;

/** A task's earlier tries, newest first: each with its state, times, the batches of its pass, and its own log. */
export function EarlierTries({ run, task }: { run: Run<{ batchIds: string[] }>; task: TaskInstance }) {
  const total = task.tries;
  const tries = [...task.earlier].reverse() as TaskTry<TaskInstance['id']>[];
  return (
    <section className="earlier-tries" aria-labelledby="earlier-tries-title">
      <h4 id="earlier-tries-title">Earlier tries</h4>
      <ol className="try-list" aria-label={`Earlier tries of ${task.id}`}>
        {tries.map((t) => {
          const look = STATE_LOOK[t.state];
          return (
            <li key={t.number} className="try-item">
              <p className="try-head">
                <strong>{`Try ${t.number} of ${total}`}</strong>{' '}
                <span className="state-chip" style={{ background: look.soft, borderColor: look.strong }}>
                  {look.label}
                </span>{' '}
                <span className="muted">{span(t)}</span>
              </p>
              <p className="muted try-inputs">{passInputs(run, t.pass)}</p>
              {t.log.length > 0 && <LogList log={t.log} label={`Log of ${task.id}, try ${t.number}`} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
