import { useDeferredValue, useMemo } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { useBatches, useWorkspace } from '../hooks.ts';
import { PipelineIcon } from '../icons.tsx';
import { trainableBatches } from '../../core/training/trainable.ts';
import { sectionHref } from '../route.ts';
import { PausedBanner } from './PausedBanner.tsx';
import { featureDefaults } from '../components/FeatureChoice.tsx';
import { PolicyPanel } from './PolicyPanel.tsx';
import { RunDurationsChart } from './RunDurationsChart.tsx';
import { RunPanel } from './RunPanel.tsx';
import { RunsGrid, RunsGridLegend, RunsList } from './RunsGrid.tsx';
import { backlogText, SchedulerBar } from './SchedulerBar.tsx';
import { StateLegend } from './StateLegend.tsx';
import { activeRun, useAction, useJudgedBatches, useNoRuns, useRuns, useSchedulerRole } from './usePipelineData.ts';
import './pipeline.css';

const LEDE = 'The retraining DAG and its runs: why each started, every task’s state, log and output, the gate’s checks; the policy that starts runs, and what it would have done.';

/** What starts the first run: the target, then the automation by itself, or Run now where automatic runs are off. */
function firstRunText(target: string | null, autoRun: boolean): string {
  if (!target) {
    return autoRun
      ? 'Choose the target column in Data (it asks for one after the first upload). The stored batches are then judged by themselves, and the first labeled one trains and promotes version 1: a run starts on its own, nothing to press.'
      : 'Choose the target column in Data (it asks for one after the first upload). Automatic runs are off (Policy below): then press Run now above to train on the labeled batches.';
  }
  return autoRun
    ? 'A run starts by itself: the first labeled batch trains and promotes version 1 as soon as its drift is checked.'
    : 'Automatic runs are off (Policy below): press Run now above to train on the labeled batches.';
}

function NoRuns({ target, autoRun, batchCount }: { target: string | null; autoRun: boolean; batchCount: number }) {
  return (
    <section className="panel">
      <EmptyState
        icon={<PipelineIcon size={32} />}
        title="No runs yet"
        actions={
          batchCount === 0 ? (
            <a className="btn btn-primary" href={sectionHref('data')}>
              Add data first
            </a>
          ) : !target ? (
            <a className="btn btn-primary" href={sectionHref('data')}>
              Choose the target in Data
            </a>
          ) : undefined
        }
      >
        {batchCount === 0 ? (
          <p>The pipeline retrains on the batches of the Data section, and there are none yet. Add CSV batches there, or open the page with the demo.</p>
        ) : (
          <p>{firstRunText(target, autoRun)}</p>
        )}
        <p>
          Each run walks the DAG check_trigger → validate_data → prepare_features → train → evaluate → compare → gate, then register → shadow → promote, or reject, and always notify. Later
          batches start a run when the policy below says so.
        </p>
      </EmptyState>
    </section>
  );
}

/** The pipeline: who schedules and Run now, the chosen run's DAG and task details, the runs grid, the policy and its replay. */
export function PipelineSection({ runId, taskId }: { runId: string | null; taskId: string | null }) {
  const batches = useBatches();
  const workspace = useWorkspace();
  const runList = useRuns();
  const judged = useJudgedBatches();
  const noRuns = useNoRuns();
  const role = useSchedulerRole();
  const runAction = useAction();
  const taskAction = useAction();
  // The grid, the durations chart and the runs list mark the open run late: a run opened outside their
  // stretches moves them, and drawing those new columns and rows with the run's panel was one long task.
  const lateRunId = useDeferredValue(runId);
  const lateTaskId = useDeferredValue(taskId);
  const batchNames = useMemo(() => new Map((batches ?? []).map((b) => [b.id, b.name])), [batches]);
  // Kept between renders: a run going on is saved about once a second, and the policy form (memoised) need not redraw.
  const features = useMemo(
    () => (batches && workspace?.schema.target ? { defaults: featureDefaults(batches, workspace), target: workspace.schema.target } : null),
    [batches, workspace],
  );
  // Drawn in a render React slices into tasks of a few ms once everything is read (as the Models page is).
  const read = useDeferredValue(batches !== undefined && workspace !== undefined && runList !== undefined && judged !== undefined && noRuns !== undefined, false);
  if (!read || batches === undefined || workspace === undefined || runList === undefined || judged === undefined || noRuns === undefined) {
    return (
      <>
        <SectionHeader title="Pipeline" lede={LEDE} />
        <p className="muted" role="status">
          Reading stored runs…
        </p>
      </>
    );
  }
  const { runs, settled } = runList;
  const target = workspace.schema.target;
  const active = activeRun(runs);
  const chosen = runId === null ? runs[0] : runs.find((r) => r.id === runId);
  const lateChosen = lateRunId === null ? runs[0] : runs.find((r) => r.id === lateRunId);
  const batchName = chosen?.batchId ? (batches.find((b) => b.id === chosen.batchId)?.name ?? null) : null;
  return (
    <>
      <SectionHeader title="Pipeline" lede={LEDE} />
      <SchedulerBar role={role} active={active} target={target} batches={trainableBatches(batches, target)} backlog={backlogText(batches, judged, workspace.pipeline.autoRun)} action={runAction} />
      {workspace.pipeline.paused && <PausedBanner paused={workspace.pipeline.paused} />}
      {taskAction.error && (
        <p role="alert" className="inline-error panel-error">
          {taskAction.error}
        </p>
      )}
      {runs.length === 0 ? (
        <NoRuns target={target} autoRun={workspace.pipeline.autoRun} batchCount={batches.length} />
      ) : chosen ? (
        <RunPanel run={chosen} taskId={taskId} role={role} busy={active !== undefined || taskAction.pending !== null} action={taskAction} batchName={batchName} />
      ) : (
        <section className="panel">
          <p role="alert" className="inline-error">
            There is no run {runId}. <a href={sectionHref('pipeline')}>Open the newest run</a>
          </p>
        </section>
      )}
      {runs.length > 0 && (
        <section className="panel" aria-labelledby="runs-title">
          <div className="panel-header">
            <h2 id="runs-title">Runs</h2>
            <span className="muted">one column per run, and per batch that started none, oldest on the left; click a cell for that task of that run</span>
          </div>
          <div className="runs-overview">
            <figure className="runs-grid-figure">
              <RunsGrid runs={runs} noRuns={noRuns} batchNames={batchNames} selectedId={lateChosen?.id ?? null} selectedTask={lateChosen ? lateTaskId : null} />
              <figcaption>
                <StateLegend />
                <RunsGridLegend />
              </figcaption>
            </figure>
            <RunDurationsChart runs={settled} selectedId={lateChosen?.id ?? null} />
          </div>
          <div className="subpanel">
            <div className="subpanel-header">
              <h3>Every run</h3>
              <span className="muted">newest first, with why it started and how it ended</span>
            </div>
            <RunsList runs={runs} selectedId={lateChosen?.id ?? null} />
          </div>
        </section>
      )}
      <PolicyPanel
        stored={workspace.pipeline}
        batchCount={batches.length}
        features={features}
      />
    </>
  );
}
