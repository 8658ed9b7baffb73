import type { SchedulerRole } from '../../bridge/pipelineBridge.ts';
import { TASK_IDS, type TaskId } from '../../core/pipeline/dag.ts';
import type { RunRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime, plural } from '../format.ts';
import { trainingBatchIds } from '../../core/pipeline/runState.ts';
import { batchHref } from '../route.ts';
import { ApprovalForm } from './ApprovalForm.tsx';
import { DagGraph } from './DagGraph.tsx';
import { RunReportButton } from './RunReportButton.tsx';
import { StateLegend } from './StateLegend.tsx';
import { TaskDetails } from './TaskDetails.tsx';
import { runTimeText } from './runTimeText.ts';
import { OUTCOME_LOOK, TRIGGER_LABELS } from './taskStates.ts';
import type { Action } from './usePipelineData.ts';

export function OutcomeBadge({ run }: { run: RunRecord }) {
  const look = OUTCOME_LOOK[run.outcome ?? 'running'];
  return <Badge tone={look.tone}>{run.outcome === null && run.state === 'queued' ? 'queued' : look.label}</Badge>;
}

const isTaskId = (id: string | null): id is TaskId => id !== null && (TASK_IDS as readonly string[]).includes(id);

/** The chosen run: why it started, how it ended, the DAG in its states, and the chosen task's details. */
export function RunPanel({ run, taskId, role, busy, action, batchName }: { run: RunRecord; taskId: string | null; role: SchedulerRole; busy: boolean; action: Action; batchName: string | null }) {
  const selected = isTaskId(taskId) ? taskId : null;
  const batches = trainingBatchIds(run).length;
  return (
    <section className="panel run-panel" aria-labelledby="run-title">
      <div className="panel-header">
        <div className="panel-title">
          <h2 id="run-title">Run {run.number}</h2>
          <Badge tone="neutral">{TRIGGER_LABELS[run.trigger.kind]}</Badge>
          <OutcomeBadge run={run} />
        </div>
        <div className="panel-tools">
          <span className="muted">
            started {formatTime(run.createdAt)}
            {run.endedAt !== null && `, ${runTimeText(run)}`}
          </span>
          <RunReportButton run={run} batchName={batchName} />
        </div>
      </div>
      <p className="run-trigger">
        <strong>Why it ran:</strong> {run.trigger.reason}.{' '}
        <span className="muted">
          {batchName && run.batchId ? (
            <>
              Batch <a href={batchHref(run.batchId)}>{batchName}</a>;{' '}
            </>
          ) : null}
          trains on {plural(batches, 'batch', 'batches')} for “{run.config.target}”.
        </span>
      </p>
      {run.reason && (
        <p className={run.outcome === 'failed' ? 'run-reason inline-error' : 'run-reason'} role={run.outcome === 'failed' ? 'alert' : undefined}>
          {run.outcome === 'failed' ? 'Failed: ' : ''}
          {run.reason}
        </p>
      )}
      {run.state === 'awaiting_approval' && <ApprovalForm key={run.id} run={run} role={role} action={action} />}
      <div className="run-body">
        <figure className="dag-figure">
          <DagGraph tasks={run.tasks} runId={run.id} selectedTask={selected} label={`The retraining DAG in run ${run.number}: click a task for its details`} />
          <figcaption>
            <StateLegend />
          </figcaption>
        </figure>
        <div className="run-side">
          {selected ? (
            <TaskDetails run={run} taskId={selected} role={role} busy={busy} action={action} />
          ) : (
            <div className="task-details task-details-empty">
              <p className="muted">Click a task in the graph (or a cell of the grid below) for its state, tries, times, log and output: the drift on check_trigger, the checks on validate_data, the metrics on evaluate, champion against challenger on compare, and the gate’s checks.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
