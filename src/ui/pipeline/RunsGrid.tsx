import { memo, useMemo } from 'react';
import { DAG } from '../../core/pipeline/dag.ts';
import { backendSetupMs, workedMs } from '../../core/pipeline/runTime.ts';
import type { TriggerKind } from '../../core/pipeline/runState.ts';
import type { RunRecord } from '../../storage/db.ts';
import { useWindow } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { formatTime } from '../format.ts';
import { formatDuration } from '../models/modelFormat.ts';
import { batchHref, navigate, runHref } from '../route.ts';
import { runTimeText } from './runTimeText.ts';
import { OUTCOME_LOOK, STATE_LOOK, TRIGGER_LABELS } from './taskStates.ts';
import type { NoRun } from './usePipelineData.ts';

// One letter per trigger in the grid's narrow columns; the title and the runs list say it in full.
const TRIGGER_MARKS: Record<TriggerKind, string> = { first: 'F', manual: 'M', drift: 'D', importantDrift: 'I', performance: 'P', schedule: 'S', volume: 'V' };

const outcomeText = (run: RunRecord): string => (run.outcome === null ? (run.state === 'queued' ? 'queued' : 'running') : OUTCOME_LOOK[run.outcome].label);

const runTitle = (run: RunRecord): string =>
  `Run ${run.number} (${TRIGGER_LABELS[run.trigger.kind]}): ${run.trigger.reason}. Started ${formatTime(run.createdAt)}${run.endedAt !== null ? `, ${runTimeText(run)}` : ''}; ${outcomeText(run)}${run.reason ? `: ${run.reason}` : ''}.`;

type Column = { kind: 'run'; run: RunRecord; at: number } | { kind: 'none'; noRun: NoRun; batchName: string; at: number };

/** Runs and the judged batches that started none, in the order they happened. */
function gridColumns(runs: RunRecord[], noRuns: NoRun[], batchNames: Map<string, string>): Column[] {
  const columns: Column[] = [
    ...runs.map((run): Column => ({ kind: 'run', run, at: run.createdAt })),
    ...noRuns.map((noRun): Column => ({ kind: 'none', noRun, batchName: batchNames.get(noRun.batchId) ?? 'a deleted batch', at: noRun.at })),
  ];
  return columns.sort((a, b) => a.at - b.at || (a.kind === 'run' && b.kind === 'run' ? a.run.number - b.run.number : 0));
}

const noRunText = (c: Extract<Column, { kind: 'none' }>): string => `${c.batchName}: no run: ${c.noRun.reason}`;

/** The columns of a batch that started no run: its mark in the header, and one cell down the task rows saying why. */
function NoRunHead({ column }: { column: Extract<Column, { kind: 'none' }> }) {
  return (
    <th scope="col" className="grid-no-run" title={noRunText(column)}>
      <a href={batchHref(column.noRun.batchId)} aria-label={noRunText(column)}>
        –
      </a>
    </th>
  );
}

/** Columns drawn at once: a daily pipeline's six weeks of runs and judged batches. */
export const GRID_WINDOW = 40;

/**
 * Airflow's grid view: one column per run, oldest on the left, one row per task; each cell in its
 * task's state colour opens that task of that run. Above the cells: the trigger and the outcome. A
 * batch the policy judged without starting a run has a column of its own saying so; a run that chose
 * the training backend before its first task marks it on a row of its own. A stretch of GRID_WINDOW
 * columns is drawn (the newest, or the one holding the open run), with a pager to the others.
 */
export const RunsGrid = memo(function RunsGrid({ runs, noRuns, batchNames, selectedId, selectedTask }: { runs: RunRecord[]; noRuns: NoRun[]; batchNames: Map<string, string>; selectedId: string | null; selectedTask: string | null }) {
  const all = useMemo(() => gridColumns(runs, noRuns, batchNames), [runs, noRuns, batchNames]);
  const selected = all.findIndex((c) => c.kind === 'run' && c.run.id === selectedId);
  const stretch = useWindow(all.length, GRID_WINDOW, selected < 0 ? null : selected);
  const columns = all.slice(stretch.start, stretch.end);
  return (
    <>
      <WindowPager window={stretch} noun="columns" label="Runs shown in the grid" />
      <div className="table-wrap table-wrap-fit runs-grid-wrap">
        <table className="runs-grid" aria-label="Runs grid">
          <thead>
            <tr>
              <th scope="col" className="grid-corner">
                Run
              </th>
              {columns.map((c) =>
                c.kind === 'none' ? (
                  <NoRunHead key={c.noRun.id} column={c} />
                ) : (
                  <th key={c.run.id} scope="col" className={c.run.id === selectedId ? 'grid-run grid-selected' : 'grid-run'} title={runTitle(c.run)}>
                    <a href={runHref(c.run.id)} aria-label={runTitle(c.run)} aria-current={c.run.id === selectedId ? 'true' : undefined}>
                      {c.run.number}
                    </a>
                  </th>
                ),
              )}
            </tr>
            <tr>
              <th scope="row" className="grid-label">
                trigger
              </th>
              {columns.map((c) =>
                c.kind === 'none' ? (
                  <td key={c.noRun.id} className="grid-trigger grid-no-run" />
                ) : (
                  <td key={c.run.id} className={`grid-trigger trigger-${c.run.trigger.kind}`} title={`${TRIGGER_LABELS[c.run.trigger.kind]}: ${c.run.trigger.reason}`}>
                    {TRIGGER_MARKS[c.run.trigger.kind]}
                  </td>
                ),
              )}
            </tr>
            <tr>
              <th scope="row" className="grid-label">
                outcome
              </th>
              {columns.map((c) =>
                c.kind === 'none' ? (
                  <td key={c.noRun.id} className="grid-outcome grid-no-run" title={noRunText(c)}>
                    <span className="grid-outcome-mark grid-outcome-none" aria-label="no run" role="img" />
                  </td>
                ) : (
                  <td key={c.run.id} className="grid-outcome" title={outcomeText(c.run)}>
                    <span className="grid-outcome-mark" style={{ background: OUTCOME_LOOK[c.run.outcome ?? 'running'].colour }} aria-label={outcomeText(c.run)} role="img" />
                  </td>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            <tr className="grid-setup-row">
              <th scope="row" className="grid-task" title="Choosing the training backend before the first task: measuring every backend, the first time on a device">
                backend set-up
              </th>
              {columns.map((c) => {
                if (c.kind === 'none')
                  return (
                    <td key={c.noRun.id} className="grid-no-run-cell" rowSpan={DAG.length + 1}>
                      <span className="grid-no-run-text" title={noRunText(c)}>
                        no run: {c.noRun.reason}
                      </span>
                    </td>
                  );
                const ms = backendSetupMs(c.run);
                return (
                  <td key={c.run.id} className={c.run.id === selectedId ? 'grid-cell grid-selected' : 'grid-cell'}>
                    {ms > 0 && <span className="grid-setup-mark" role="img" aria-label={`Run ${c.run.number}: ${formatDuration(ms)} choosing the training backend`} title={`Run ${c.run.number}: ${formatDuration(ms)} choosing the training backend before the first task`} />}
                  </td>
                );
              })}
            </tr>
            {DAG.map((spec) => (
              <tr key={spec.id}>
                <th scope="row" className="grid-task">
                  {spec.id}
                </th>
                {columns.flatMap((c) => {
                  if (c.kind === 'none') return [];
                  const { run } = c;
                  const task = run.tasks.find((t) => t.id === spec.id);
                  const state = task?.state ?? 'none';
                  const selected = run.id === selectedId && spec.id === selectedTask;
                  return [
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
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
});

const LEGEND_OUTCOMES = ['promoted', 'rejected', 'skipped', 'failed', 'awaiting_approval', 'running'] as const;

/** What the grid's trigger letters, outcome marks, no-run columns and set-up marks mean. */
export function RunsGridLegend() {
  return (
    <dl className="runs-grid-legend" aria-label="Runs grid legend">
      <div>
        <dt>Trigger</dt>
        {(Object.keys(TRIGGER_MARKS) as TriggerKind[]).map((kind) => (
          <dd key={kind}>
            <span className={`legend-letter trigger-${kind}`}>{TRIGGER_MARKS[kind]}</span> {TRIGGER_LABELS[kind]}
          </dd>
        ))}
      </div>
      <div>
        <dt>Outcome</dt>
        {LEGEND_OUTCOMES.map((o) => (
          <dd key={o}>
            <span className="grid-outcome-mark" style={{ background: OUTCOME_LOOK[o].colour }} aria-hidden="true" /> {OUTCOME_LOOK[o].label}
          </dd>
        ))}
        <dd>
          <span className="grid-outcome-mark grid-outcome-none" aria-hidden="true" /> no run: the policy judged the batch and did not retrain
        </dd>
      </div>
      <div>
        <dt>Backend set-up</dt>
        <dd>
          <span className="grid-setup-mark" aria-hidden="true" /> time choosing the training backend before the first task (measured the first time on a device)
        </dd>
      </div>
    </dl>
  );
}

/** Rows of the runs list drawn at once. */
export const LIST_WINDOW = 25;

/** The runs in a sentence each, newest first: trigger and reason, outcome; LIST_WINDOW at a time, with a pager. */
export const RunsList = memo(function RunsList({ runs, selectedId }: { runs: RunRecord[]; selectedId: string | null }) {
  const oldestFirst = useMemo(() => [...runs].reverse(), [runs]);
  const selected = oldestFirst.findIndex((r) => r.id === selectedId);
  const stretch = useWindow(oldestFirst.length, LIST_WINDOW, selected < 0 ? null : selected);
  const shown = oldestFirst.slice(stretch.start, stretch.end).reverse();
  return (
    <>
      <WindowPager window={stretch} noun="runs" label="Runs shown in the list" />
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
            {shown.map((run) => (
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
    </>
  );
});
