import { DAG } from '../../core/pipeline/dag.ts';
import { workedMs } from '../../core/pipeline/runTime.ts';
import type { TriggerKind } from '../../core/pipeline/runState.ts';
import type { RunRecord } from '../../storage/db.ts';
import { formatTime } from '../format.ts';
import { formatDuration } from '../models/modelFormat.ts';
import { navigate, runHref } from '../route.ts';
import { runTimeText } from './runTimeText.ts';
import { OUTCOME_LOOK, STATE_LOOK, TRIGGER_LABELS } from './taskStates.ts';

// One letter per trigger in the grid's narrow columns; the title and the runs list say it in full.
const TRIGGER_MARKS: Record<TriggerKind, string> = { first: 'F', manual: 'M', drift: 'D', importantDrift: 'I', performance: 'P', schedule: 'S', volume: 'V' };

const outcomeText = (run: RunRecord): string => (run.outcome === null ? (run.state === 'queued' ? 'queued' : 'running') : OUTCOME_LOOK[run.outcome].label);

const runTitle = (run: RunRecord): string =>
  `Run ${run.number} (${TRIGGER_LABELS[run.trigger.kind]}): ${run.trigger.reason}. Started ${formatTime(run.createdAt)}${run.endedAt !== null ? `, ${runTimeText(run)}` : ''}; ${outcomeText(run)}${run.reason ? `: ${run.reason}` : ''}.`;

/**
 * Airflow's grid view: one column per run, oldest on the left, one row per task; each cell in its
 * task's state colour opens that task of that run. Above the cells: the trigger and the outcome.
 */
export function RunsGrid({ runs, selectedId, selectedTask }: { runs: RunRecord[]; selectedId: string | null; selectedTask: string | null }) {
  const columns = [...runs].sort((a, b) => a.number - b.number);
  return (
    <div className="table-wrap table-wrap-fit runs-grid-wrap">
      <table className="runs-grid" aria-label="Runs grid">
        <thead>
          <tr>
            <th scope="col" className="grid-corner">
              Run
            </th>
            {columns.map((run) => (
              <th key={run.id} scope="col" className={run.id === selectedId ? 'grid-run grid-selected' : 'grid-run'} title={runTitle(run)}>
                <a href={runHref(run.id)} aria-label={runTitle(run)} aria-current={run.id === selectedId ? 'true' : undefined}>
                  {run.number}
                </a>
              </th>
            ))}
          </tr>
          <tr>
            <th scope="row" className="grid-label">
              trigger
            </th>
            {columns.map((run) => (
              <td key={run.id} className={`grid-trigger trigger-${run.trigger.kind}`} title={`${TRIGGER_LABELS[run.trigger.kind]}: ${run.trigger.reason}`}>
                {TRIGGER_MARKS[run.trigger.kind]}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row" className="grid-label">
              outcome
            </th>
            {columns.map((run) => (
              <td key={run.id} className="grid-outcome" title={outcomeText(run)}>
                <span className="grid-outcome-mark" style={{ background: OUTCOME_LOOK[run.outcome ?? 'running'].colour }} aria-label={outcomeText(run)} role="img" />
              </td>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAG.map((spec) => (
            <tr key={spec.id}>
              <th scope="row" className="grid-task">
                {spec.id}
              </th>
              {columns.map((run) => {
                const task = run.tasks.find((t) => t.id === spec.id);
                const state = task?.state ?? 'none';
                const selected = run.id === selectedId && spec.id === selectedTask;
                return (
                  <td key={run.id} className={run.id === selectedId ? 'grid-cell grid-selected' : 'grid-cell'}>
                    <button
                      type="button"
                      className={`grid-square grid-square-${state}${selected ? ' grid-square-selected' : ''}`}
                      style={{ background: STATE_LOOK[state].strong }}
                      data-state={state}
                      aria-label={`Run ${run.number}, ${spec.id}: ${STATE_LOOK[state].label}`}
                      title={`Run ${run.number}, ${spec.id}: ${STATE_LOOK[state].label}${task && task.tries > 1 ? ` after ${task.tries} tries` : ''}`}
                      onClick={() => navigate(runHref(run.id, spec.id))}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The runs in a sentence each, newest first: trigger and reason, outcome. */
export function RunsList({ runs, selectedId }: { runs: RunRecord[]; selectedId: string | null }) {
  return (
    <div className="table-wrap table-wrap-tall">
      <table className="data-table runs-table" aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Trigger</th>
            <th scope="col">Why</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Took
            </th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className={run.id === selectedId ? 'clickable selected' : 'clickable'} onClick={() => navigate(runHref(run.id))}>
              <th scope="row">
                <a href={runHref(run.id)}>Run {run.number}</a>
              </th>
              <td className="nowrap">{TRIGGER_LABELS[run.trigger.kind]}</td>
              <td className="run-why">{run.trigger.reason}</td>
              <td className="nowrap">{formatTime(run.createdAt)}</td>
              <td className="num nowrap" title={runTimeText(run) ?? undefined}>
                {run.endedAt === null ? '—' : formatDuration(workedMs(run, run.endedAt))}
              </td>
              <td className="nowrap" data-outcome={run.outcome ?? run.state}>
                <span className="outcome-dot" style={{ background: OUTCOME_LOOK[run.outcome ?? 'running'].colour }} aria-hidden="true" /> {outcomeText(run)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
