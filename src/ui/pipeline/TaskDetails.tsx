import { rerunFrom } from '../../bridge/pipelineBridge.ts';
import { taskSpec, type TaskId } from '../../core/pipeline/dag.ts';
import type { SchedulerRole } from '../../bridge/pipelineBridge.ts';
import type { RunRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { useEscapeToClose } from '../components/useEscapeToClose.ts';
import { formatTime } from '../format.ts';
import { Fact } from '../models/Fact.tsx';
import { formatDuration } from '../models/modelFormat.ts';
import { NO_VALUE } from '../monitor/driftFormat.ts';
import { navigate, runHref } from '../route.ts';
import { STATE_LOOK } from './taskStates.ts';
import { TaskOutput } from './TaskOutput.tsx';
import type { Action } from './usePipelineData.ts';

const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** One task of a run: state, tries, times, what it logged and what it produced; a failed one can be run again. */
export function TaskDetails({ run, taskId, role, busy, action }: { run: RunRecord; taskId: TaskId; role: SchedulerRole; busy: boolean; action: Action }) {
  useEscapeToClose(() => navigate(runHref(run.id)), taskId);
  const task = run.tasks.find((t) => t.id === taskId);
  if (!task) return null;
  const spec = taskSpec(taskId);
  const look = STATE_LOOK[task.state];
  const duration = task.startedAt !== null && task.endedAt !== null ? task.endedAt - task.startedAt : null;
  const canRerun = run.state === 'failed' && task.state === 'failed';
  return (
    <section className="task-details" aria-labelledby="task-details-title">
      <div className="subpanel-header">
        <h3 id="task-details-title">
          <code>{task.id}</code>{' '}
          <span className="state-chip" style={{ background: look.soft, borderColor: look.strong }}>
            {look.label}
          </span>
        </h3>
        <button type="button" className="btn btn-quiet btn-small" onClick={() => navigate(runHref(run.id))} aria-label="Close task details">
          Close
        </button>
      </div>
      <p className="muted task-description">{spec.description}</p>
      <dl className="facts">
        <Fact term="Tries">{`${task.tries} of ${spec.retries + 1}`}</Fact>
        <Fact term="Started">{task.startedAt === null ? NO_VALUE : formatTime(task.startedAt)}</Fact>
        <Fact term="Ended">{task.endedAt === null ? NO_VALUE : formatTime(task.endedAt)}</Fact>
        <Fact term="Duration">{formatDuration(duration)}</Fact>
        <Fact term="Trigger rule">{spec.triggerRule}</Fact>
      </dl>
      {canRerun && (
        <div className="rerun">
          <button
            type="button"
            className="btn btn-primary"
            disabled={role !== 'scheduler' || busy}
            onClick={() => action.run('rerun', () => rerunFrom(run.id, taskId))}
          >
            Re-run from here
          </button>
          <span className="muted">
            {role !== 'scheduler' ? 'Only the tab that runs the scheduler can re-run a task.' : busy ? 'Wait for the run going now to finish.' : `Clears ${task.id} and every task below it, then runs them again; the outputs above it are kept.`}
          </span>
        </div>
      )}
      <h4>Output</h4>
      <div className="task-output">
        <TaskOutput run={run} task={task} />
      </div>
      <h4>Log</h4>
      {task.log.length === 0 ? (
        <p className="muted">Nothing logged{task.state === 'none' ? ': the task has not run in this run' : ''}.</p>
      ) : (
        <ol className="task-log" aria-label={`Log of ${task.id}`}>
          {task.log.map((line, i) => (
            <li key={i} className={`log-${line.level}`}>
              <time dateTime={new Date(line.at).toISOString()}>{clock.format(line.at)}</time>
              {line.level !== 'info' && <Badge tone={line.level === 'error' ? 'fail' : 'warn'}>{line.level}</Badge>}
              <span>{line.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
