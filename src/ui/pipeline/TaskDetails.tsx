import { taskSpec, type TaskId } from '../../core/pipeline/dag.ts';
import type { SchedulerRole } from '../../bridge/pipelineBridge.ts';
import type { RunRecord } from '../../storage/db.ts';
import { useEscapeToClose } from '../components/useEscapeToClose.ts';
import { formatTime } from '../format.ts';
import { Fact } from '../models/Fact.tsx';
import { formatDuration } from '../models/modelFormat.ts';
import { NO_VALUE } from '../monitor/driftFormat.ts';
import { navigate, runHref } from '../route.ts';
import { STATE_LOOK } from './taskStates.ts';
import { RerunForm } from './RerunForm.tsx';
import { EarlierTries, LogList, passInputs } from './TaskTries.tsx';
import { TaskOutput } from './TaskOutput.tsx';
import type { Action } from './usePipelineData.ts';

/** One task of a run: its current try (state, times, log, output), its earlier tries, the batches of its pass; a failed one can be run again. */
export function TaskDetails({ run, taskId, role, busy, action }: { run: RunRecord; taskId: TaskId; role: SchedulerRole; busy: boolean; action: Action }) {
  useEscapeToClose(() => navigate(runHref(run.id)), taskId);
  const task = run.tasks.find((t) => t.id === taskId);
  if (!task) return null;
  const spec = taskSpec(taskId);
  const look = STATE_LOOK[task.state];
  const duration = task.startedAt !== null && task.endedAt !== null ? task.endedAt - task.startedAt : null;
  const canRerun = run.state === 'failed' && task.state === 'failed';
  // The current try began once the task started in its pass; a cleared task waits for its next one.
  const current = task.startedAt !== null;
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
        <Fact term="Try" title={`At most ${task.lastTry} in this pass: the task's retries, given again by each re-run`}>
          {current ? `${task.tries} of ${task.tries}` : task.tries === 0 ? NO_VALUE : `not started again (${task.tries} before)`}
        </Fact>
        <Fact term="Started">{task.startedAt === null ? NO_VALUE : formatTime(task.startedAt)}</Fact>
        <Fact term="Ended">{task.endedAt === null ? NO_VALUE : formatTime(task.endedAt)}</Fact>
        <Fact term="Duration">{formatDuration(duration)}</Fact>
        <Fact term="Trigger rule">{spec.triggerRule}</Fact>
      </dl>
      <p className="muted task-inputs">
        <strong>Batches:</strong> {passInputs(run, task.pass)}
      </p>
      {canRerun && <RerunForm run={run} taskId={taskId} role={role} busy={busy} action={action} />}
      <h4>Output</h4>
      <div className="task-output">
        <TaskOutput run={run} task={task} />
      </div>
      <h4>Log{current && task.earlier.length > 0 ? ` of try ${task.tries}` : ''}</h4>
      {task.log.length === 0 ? <p className="muted">Nothing logged{task.state === 'none' ? ': the task has not run in this run' : ''}.</p> : <LogList log={task.log} label={`Log of ${task.id}`} />}
      {task.earlier.length > 0 && <EarlierTries run={run} task={task} />}
    </section>
  );
}
