import type { ReactNode } from 'react';
import type { CompareOutput, DriftSummary, TaskOutputs } from '../../core/pipeline/outputs.ts';
import { taskOf, type TaskInstance } from '../../core/pipeline/runState.ts';
import { METRIC_LABELS } from '../../core/metrics/metricKey.ts';
import type { HeadlineMetrics } from '../../core/training/modelCard.ts';
import type { Task } from '../../core/training/task.ts';
import type { RunRecord } from '../../storage/db.ts';
import { GateChecksTable } from '../components/GateChecksTable.tsx';
import { Badge, StatusBadge } from '../components/StatusBadge.tsx';
import { formatBytes, formatCount, plural } from '../format.ts';
import { Fact } from '../models/Fact.tsx';
import { ImbalanceNote } from '../models/ImbalanceNote.tsx';
import { MetricsTable } from '../models/MetricsTable.tsx';
import { formatDuration, formatMetric, metricRows, TASK_LABELS } from '../models/modelFormat.ts';
import { formatDecidingValue, formatPValue, NO_VALUE, statisticLabel } from '../monitor/driftFormat.ts';
import { batchHref, versionHref } from '../route.ts';
import { RuleChecksTable } from './RuleChecksTable.tsx';

/** The task a run trains, from prepare_features; else read from the metrics' keys. */
function taskOfRun(run: RunRecord, metrics: HeadlineMetrics | null): Task | null {
  const prepared = taskOf(run, 'prepare_features').output;
  if (prepared) return prepared.task;
  if (!metrics) return null;
  return 'rmse' in metrics ? 'regression' : 'f1Macro' in metrics ? 'multiclass' : 'binary';
}

const VersionLink = ({ version }: { version: number }) => <a href={versionHref(version)}>version {version}</a>;

function DriftTable({ drift }: { drift: DriftSummary }) {
  return (
    <>
      <p>
        {drift.drift ? <Badge tone="fail">dataset drift</Badge> : <Badge tone="pass">no dataset drift</Badge>} {drift.driftedColumns} of {plural(drift.checkedColumns, 'checked column')} drifted.
      </p>
      <div className="table-wrap table-wrap-fit">
        <table className="data-table" aria-label="Drift of the batch">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Statistic</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col">Drift</th>
            </tr>
          </thead>
          <tbody>
            {drift.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{c.statistic ? statisticLabel(c.statistic) : 'not compared'}</td>
                <td className="num">{c.statistic ? formatDecidingValue(c.statistic, c.value) : NO_VALUE}</td>
                <td>{c.drift === null ? <span className="muted">{NO_VALUE}</span> : c.drift ? <Badge tone="fail">drift</Badge> : <Badge tone="pass">no drift</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CheckTriggerOutput({ output }: { output: TaskOutputs['check_trigger'] }) {
  return (
    <>
      {output.decision ? (
        <>
          <h4>Policy decision</h4>
          <p>
            {output.decision.fire ? <Badge tone="accent">retrain</Badge> : <Badge tone="neutral">no retraining</Badge>} {output.decision.reason}
          </p>
          <RuleChecksTable checks={output.decision.checks} label="Trigger rules" />
        </>
      ) : (
        <p className="muted">Started by hand: the trigger policy is not consulted.</p>
      )}
      <h4>Drift of the batch</h4>
      {output.drift ? <DriftTable drift={output.drift} /> : <p className="muted">No drift report for this run’s batch (the reference batch, or no batch).</p>}
    </>
  );
}

function ValidationOutput({ output }: { output: TaskOutputs['validate_data'] }) {
  const attention = output.checks.filter((c) => c.status !== 'pass').length;
  return (
    <>
      <p>
        <StatusBadge status={output.status} /> {output.note ?? (output.checks.length === 0 ? 'nothing to check' : attention === 0 ? `all ${output.checks.length} checks pass` : `${attention} of ${output.checks.length} checks need attention`)}
      </p>
      {output.checks.length > 0 && (
        <div className="table-wrap table-wrap-tall">
          <table className="data-table" aria-label="Validation checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Column</th>
                <th scope="col">Status</th>
                <th scope="col">Value</th>
                <th scope="col">Threshold</th>
              </tr>
            </thead>
            <tbody>
              {[...output.checks]
                .sort((a, b) => Number(a.status === 'pass') - Number(b.status === 'pass'))
                .map((c, i) => (
                  <tr key={i}>
                    <td>{c.check}</td>
                    <td>{c.column ?? NO_VALUE}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td>{c.value}</td>
                    <td>{c.threshold}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function PrepareOutput({ output }: { output: TaskOutputs['prepare_features'] }) {
  return (
    <>
      <dl className="facts">
        <Fact term="Rows">{formatCount(output.rows)}</Fact>
        <Fact term="Task">{TASK_LABELS[output.task] ?? output.task}</Fact>
        <Fact term="Rows without a target">{formatCount(output.missingTarget)}</Fact>
      </dl>
      <h4>Batches</h4>
      <ul className="run-batches">
        {output.batches.map((b) => (
          <li key={b.id}>
            <a href={batchHref(b.id)}>{b.name}</a> <span className="muted">{formatCount(b.rows)} rows</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function CompareTable({ output, task }: { output: CompareOutput; task: Task }) {
  const challenger = output.challenger.metrics ? metricRows(task, output.challenger.metrics, null) : [];
  const champion = output.champion?.metrics ? metricRows(task, output.champion.metrics, null) : [];
  const keys = (challenger.length ? challenger : champion).map((r) => r.key);
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table" aria-label="Champion and challenger">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">
              Challenger (v{output.challenger.version})
            </th>
            <th scope="col" className="num">
              {output.champion ? `Champion (v${output.champion.version})` : 'Champion'}
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const a = challenger.find((r) => r.key === key);
            const b = champion.find((r) => r.key === key);
            return (
              <tr key={key} className={key === output.metric.key ? 'primary-metric' : undefined}>
                <th scope="row">
                  {a?.label ?? b?.label ?? key}
                  {key === output.metric.key && (
                    <>
                      {' '}
                      <Badge tone="accent">primary</Badge>
                    </>
                  )}
                </th>
                <td className="num">{formatMetric(a?.value)}</td>
                <td className="num">{output.champion ? formatMetric(b?.value) : 'none yet'}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">Latency per 1,000 rows</th>
            <td className="num">{formatLatency(output.challenger.latencyMs)}</td>
            <td className="num">{output.champion ? formatLatency(output.champion.latencyMs) : 'none yet'}</td>
          </tr>
          <tr>
            <th scope="row">Size</th>
            <td className="num">{formatSize(output.challenger.sizeBytes)}</td>
            <td className="num">{output.champion ? formatSize(output.champion.sizeBytes) : 'none yet'}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const formatLatency = (ms: number | null | undefined): string => (typeof ms === 'number' && Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : NO_VALUE);
const formatSize = (bytes: number | null | undefined): string => (typeof bytes === 'number' && Number.isFinite(bytes) ? formatBytes(bytes) : NO_VALUE);

/** McNemar and the bootstrap interval on the rows both models could be judged on. */
function PairedTests({ paired, metric }: { paired: NonNullable<CompareOutput['paired']>; metric: string }) {
  return (
    <ul className="paired-tests" aria-label="Paired tests">
      <li>Rows both could be judged on: {formatCount(paired.rows)}.</li>
      {paired.mcnemar && (
        <li>
          McNemar: the champion alone was right on {formatCount(paired.mcnemar.b)} rows, the challenger alone on {formatCount(paired.mcnemar.c)}; p = {formatPValue(paired.mcnemar.pValue)}.
        </li>
      )}
      {paired.bootstrap && (
        <li>
          Bootstrap {Math.round(paired.bootstrap.level * 100)}% interval of challenger − champion in {metric}: [{formatMetric(paired.bootstrap.low)}, {formatMetric(paired.bootstrap.high)}].
        </li>
      )}
    </ul>
  );
}

/** The gate's decision, and beside it (not gating) whether either model ignores a class on the gate's rows. */
function GateOutput({ output, compared }: { output: TaskOutputs['gate']; compared: CompareOutput | null }) {
  return (
    <>
      <p>
        {output.decision === 'promote' ? <Badge tone="pass">promote</Badge> : <Badge tone="fail">keep the champion</Badge>} {output.reason}
      </p>
      <GateChecksTable checks={output.checks} />
      {compared && <ImbalanceNote warning={compared.challenger.imbalance} who={`challenger, version ${compared.challenger.version}`} />}
      {compared?.champion && <ImbalanceNote warning={compared.champion.imbalance} who={`champion, version ${compared.champion.version}`} />}
      {output.approval && (
        <p className="approval-answer">
          <Badge tone={output.approval.approved ? 'pass' : 'fail'}>{output.approval.approved ? 'approved' : 'rejected'}</Badge> by {output.approval.who}: {output.approval.reason}
        </p>
      )}
    </>
  );
}

/** A task's output shown in its own terms; null (or undefined) when it has none. */
function outputView(run: RunRecord, task: TaskInstance): ReactNode {
  switch (task.id) {
    case 'check_trigger':
      return task.output && <CheckTriggerOutput output={task.output} />;
    case 'validate_data':
      return task.output && <ValidationOutput output={task.output} />;
    case 'prepare_features':
      return task.output && <PrepareOutput output={task.output} />;
    case 'train': {
      const o = task.output;
      return (
        o && (
          <dl className="facts">
            <Fact term="Version">
              <VersionLink version={o.version} />
            </Fact>
            <Fact term="Training time">{formatDuration(o.trainMs)}</Fact>
            <Fact term="Backend">{o.backend || NO_VALUE}</Fact>
            <Fact term="Epochs run">{formatCount(o.epochs)}</Fact>
          </dl>
        )
      );
    }
    case 'evaluate': {
      const o = task.output;
      if (!o) return null;
      const kind = taskOfRun(run, o.metrics);
      return (
        <>
          <p>
            Holdout metrics of <VersionLink version={o.version} />:
          </p>
          {o.metrics && kind ? <MetricsTable task={kind} metrics={o.metrics} classes={null} label="Holdout metrics" /> : <p className="muted">No metrics.</p>}
          <ImbalanceNote warning={o.imbalance} />
          {o.warnings.length > 0 && (
            <ul className="run-warnings">
              {o.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      );
    }
    case 'compare': {
      const o = task.output;
      if (!o) return null;
      const kind = taskOfRun(run, o.challenger.metrics);
      return (
        <>
          <p>
            Both scored on the same {formatCount(o.rows)} holdout rows{o.champion ? '' : '; there is no champion yet'}.
          </p>
          {kind && <CompareTable output={o} task={kind} />}
          {o.paired && <PairedTests paired={o.paired} metric={METRIC_LABELS[o.metric.key]} />}
        </>
      );
    }
    case 'gate':
      return task.output && <GateOutput output={task.output} compared={taskOf(run, 'compare').output} />;
    case 'register':
    case 'shadow':
    case 'promote':
    case 'reject': {
      const done = { register: 'registered', shadow: 'set as the challenger (shadow)', promote: 'promoted to champion', reject: 'rejected and archived' }[task.id];
      return (
        task.output && (
          <p>
            <VersionLink version={task.output.version} /> {done}.
          </p>
        )
      );
    }
    case 'notify':
      return task.output && <p>Outcome recorded: {task.output.outcome}.</p>;
  }
}

/** What a task produced, shown in its own terms. */
export function TaskOutput({ run, task }: { run: RunRecord; task: TaskInstance }) {
  return outputView(run, task) ?? <p className="muted">No output.</p>;
}
