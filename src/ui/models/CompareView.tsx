import { useEffect, useState } from 'react';
import { compareVersions, type VersionComparison } from '../../bridge/trainBridge.ts';
import { differenceText, judgeDifference, judgeMetric, METRIC_LABELS, metricValue, type BinaryMetrics, type JudgedDifference, type MulticlassMetrics } from '../../core/metrics/index.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { GateChecksTable } from '../components/GateChecksTable.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatBytes, formatCount } from '../format.ts';
import { sectionHref, versionHref } from '../route.ts';
import { CompareReportButton } from './CompareReportButton.tsx';
import { ImbalanceNote } from './ImbalanceNote.tsx';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { formatMetric, metricRows, trainedOnText } from './modelFormat.ts';
import { RocChart } from './RocChart.tsx';
import { AliasMarkers } from './StageBadge.tsx';
import { compareHref } from './useModelsData.ts';

type Aliases = { champion: number | null; challenger: number | null };
type Loading = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'done'; result: VersionComparison };

const tone = (d: JudgedDifference | null): string => (d === null || d.verdict === 'same' ? 'diff-zero' : d.verdict === 'better' ? 'diff-better' : 'diff-worse');
const milliseconds = (ms: number): string => `${ms.toFixed(1)} ms`;

function MetricsSideBySide({ model, result }: { model: ModelRecord; result: VersionComparison }) {
  const { task, classes } = model.card;
  const left = result.a.metrics ? metricRows(task, result.a.metrics, classes) : [];
  const right = result.b.metrics ? metricRows(task, result.b.metrics, classes) : [];
  // Latency and size: lower is better.
  const latency = judgeDifference(result.a.latencyMs, result.b.latencyMs, false);
  const size = judgeDifference(result.a.sizeBytes, result.b.sizeBytes, false);
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table compare-metrics" aria-label="Metrics side by side">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">
              Version {result.a.version}
            </th>
            <th scope="col" className="num">
              Version {result.b.version}
            </th>
            <th scope="col" className="num" title={`Version ${result.b.version} minus version ${result.a.version}, marked better or worse for version ${result.b.version}`}>
              {result.b.version} − {result.a.version}
            </th>
          </tr>
        </thead>
        <tbody>
          {left.map((row) => {
            const r = right.find((x) => x.key === row.key);
            const d = judgeMetric(row.key, row.value, r?.value);
            return (
              <tr key={row.key} data-metric={row.key} className={row.key === result.metric.key ? 'primary-metric' : undefined}>
                <th scope="row">
                  {row.label}
                  {row.key === result.metric.key && (
                    <>
                      {' '}
                      <Badge tone="accent">primary</Badge>
                    </>
                  )}
                </th>
                <td className="num">{formatMetric(row.value)}</td>
                <td className="num">{formatMetric(r?.value)}</td>
                <td className={`num ${tone(d)}`}>{differenceText(d, formatMetric)}</td>
              </tr>
            );
          })}
          <tr data-metric="latency">
            <th scope="row">Latency per 1,000 rows</th>
            <td className="num">{result.a.latencyMs === null ? '—' : `${result.a.latencyMs.toFixed(1)} ms`}</td>
            <td className="num">{result.b.latencyMs === null ? '—' : `${result.b.latencyMs.toFixed(1)} ms`}</td>
            <td className={`num ${tone(latency)}`}>{differenceText(latency, milliseconds)}</td>
          </tr>
          <tr data-metric="size">
            <th scope="row">Size</th>
            <td className="num">{formatBytes(result.a.sizeBytes)}</td>
            <td className="num">{formatBytes(result.b.sizeBytes)}</td>
            <td className={`num ${tone(size)}`}>{differenceText(size, formatBytes)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function PairedTests({ result }: { result: VersionComparison }) {
  const { mcnemar, bootstrap } = result;
  return (
    <dl className="paired-tests" aria-label="Paired tests">
      <div>
        <dt>McNemar (exact)</dt>
        <dd>
          {mcnemar
            ? `version ${result.a.version} right only on ${formatCount(mcnemar.b)} rows, version ${result.b.version} right only on ${formatCount(mcnemar.c)}: p = ${mcnemar.pValue < 1e-4 ? mcnemar.pValue.toExponential(2) : mcnemar.pValue.toFixed(4)}`
            : 'not applicable (regression)'}
        </dd>
      </div>
      <div>
        <dt>Bootstrap interval</dt>
        <dd>
          {bootstrap
            ? `${Math.round(bootstrap.level * 100)}% interval of ${METRIC_LABELS[result.metric.key]} (version ${result.b.version} − version ${result.a.version}): [${formatMetric(bootstrap.low)}, ${formatMetric(bootstrap.high)}], ${formatCount(bootstrap.resamples)} resamples`
            : 'not computed'}
        </dd>
      </div>
    </dl>
  );
}

function GateChecks({ result }: { result: VersionComparison }) {
  const { gate } = result;
  return (
    <>
      <p>
        {gate.decision === 'promote' ? <Badge tone="pass">would promote</Badge> : <Badge tone="fail">would keep version {result.a.version}</Badge>} {gate.reason}
      </p>
      <GateChecksTable checks={gate.checks} />
    </>
  );
}

function PerClassSideBySide({ model, result }: { model: ModelRecord; result: VersionComparison }) {
  const classes = model.card.classes ?? [];
  const a = result.a.perClass ?? [];
  const b = result.b.perClass ?? [];
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table" aria-label="Per class side by side">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Support
            </th>
            <th scope="col" className="num">
              Recall {result.a.version}
            </th>
            <th scope="col" className="num">
              Recall {result.b.version}
            </th>
            <th scope="col" className="num">
              F1 {result.a.version}
            </th>
            <th scope="col" className="num">
              F1 {result.b.version}
            </th>
            <th scope="col" className="num">
              F1 {result.b.version} − {result.a.version}
            </th>
          </tr>
        </thead>
        <tbody>
          {a.map((s, k) => {
            const o = b[k];
            const d = judgeMetric('f1', s.f1, o?.f1);
            return (
              <tr key={s.label}>
                <th scope="row">{classes[s.label] ?? `class ${s.label}`}</th>
                <td className="num">{formatCount(s.support)}</td>
                <td className="num">{formatMetric(s.recall)}</td>
                <td className="num">{formatMetric(o?.recall)}</td>
                <td className="num">{formatMetric(s.f1)}</td>
                <td className="num">{formatMetric(o?.f1)}</td>
                <td className={`num ${tone(d)}`}>{differenceText(d, formatMetric)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Comparison({ left, right, result }: { left: ModelRecord; right: ModelRecord; result: VersionComparison }) {
  const task = right.card.task;
  const classes = right.card.classes ?? [];
  const confusion = (m: VersionComparison['a']): number[][] | null => (task === 'regression' || !m.metrics ? null : (m.metrics as BinaryMetrics | MulticlassMetrics).confusionMatrix);
  const rocA = result.a.plots.roc;
  const rocB = result.b.plots.roc;
  const { key } = result.metric;
  const primary = judgeMetric(key, metricValue(result.a.metrics, key), metricValue(result.b.metrics, key));
  return (
    <>
      <p className="compare-lede" role="status">
        On the same {formatCount(result.rows)} holdout rows of version {result.holdoutOf}: version {result.b.version} {result.improvement === null ? 'could not be compared on' : result.improvement > 0 ? 'is better on' : result.improvement < 0 ? 'is worse on' : 'ties on'}{' '}
        {METRIC_LABELS[key]}
        {result.improvement !== null && primary ? ` (${differenceText(primary, formatMetric)})` : ''}.
        {result.leftOut > 0 && ` ${formatCount(result.leftOut)} holdout rows were left out because version ${result.holdoutOf === left.version ? right.version : left.version} trained on them.`}
      </p>
      {[trainedOnText(result.a.version, result.trainedOnRows.a, result.rows), trainedOnText(result.b.version, result.trainedOnRows.b, result.rows)].map(
        (text) =>
          text && (
            <p key={text} className="trained-on-note" role="note">
              {text}
            </p>
          ),
      )}
      <div className="subpanel">
        <div className="subpanel-header">
          <h3>Metrics</h3>
          <span className="muted">
            each difference is version {right.version} − version {left.version}, marked better or worse for version {right.version}
          </span>
        </div>
        <MetricsSideBySide model={right} result={result} />
      </div>
      <div className="subpanel">
        <div className="subpanel-header">
          <h3>Paired tests</h3>
          <span className="muted">who got which rows right, and how sure the difference is</span>
        </div>
        <PairedTests result={result} />
      </div>
      <div className="subpanel">
        <div className="subpanel-header">
          <h3>Gate on these rows</h3>
          <span className="muted">the workspace’s pipeline gate, version {right.version} as challenger</span>
        </div>
        <GateChecks result={result} />
      </div>
      {task !== 'regression' && (
        <div className="subpanel compare-grid">
          {[result.a, result.b].map((m) => {
            const matrix = confusion(m);
            return (
              <div key={m.version}>
                <h3>Confusion matrix, version {m.version}</h3>
                {matrix ? <ConfusionMatrix matrix={matrix} classes={classes} /> : <p className="muted">No metrics.</p>}
                <ImbalanceNote warning={m.imbalance} who={`version ${m.version}`} />
              </div>
            );
          })}
        </div>
      )}
      {task === 'binary' && rocA && rocB && (
        <div className="subpanel">
          <h3>ROC curves</h3>
          <RocChart
            series={[
              { name: `Version ${left.version}`, ...rocA },
              { name: `Version ${right.version}`, ...rocB },
            ]}
            summary={`ROC curves of versions ${left.version} and ${right.version} on the same holdout rows.`}
          />
        </div>
      )}
      {task === 'multiclass' && <ClassRocOverlay left={left} right={right} result={result} classes={classes} />}
      {task !== 'regression' && (
        <div className="subpanel">
          <h3>Per class</h3>
          <PerClassSideBySide model={right} result={result} />
        </div>
      )}
    </>
  );
}

/** One class against the rest, both versions' ROC curves overlaid; the class is chosen from a list. */
function ClassRocOverlay({ left, right, result, classes }: { left: ModelRecord; right: ModelRecord; result: VersionComparison; classes: string[] }) {
  const [k, setK] = useState(0);
  const curveA = result.a.plots.rocPerClass?.[k] ?? null;
  const curveB = result.b.plots.rocPerClass?.[k] ?? null;
  const name = classes[k] ?? `class ${k}`;
  return (
    <div className="subpanel">
      <div className="subpanel-header">
        <h3>ROC curves, one class against the rest</h3>
        <label className="inline-field">
          Class{' '}
          <select value={k} onChange={(event) => setK(Number(event.target.value))}>
            {classes.map((c, i) => (
              <option key={c} value={i}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {curveA && curveB ? (
        <RocChart
          series={[
            { name: `Version ${left.version}`, ...curveA },
            { name: `Version ${right.version}`, ...curveB },
          ]}
          summary={`ROC curves of versions ${left.version} and ${right.version} for class "${name}" against the rest, on the same holdout rows.`}
        />
      ) : (
        <p className="muted">No ROC curve for class "{name}": the compared rows hold no example of it, or only examples of it.</p>
      )}
    </div>
  );
}

/** `#/models/compare/<a>/<b>`: two versions side by side on the same rows, with the paired tests and the gate. */
export function CompareView({ a, b, models, aliases }: { a: number; b: number; models: ModelRecord[]; aliases: Aliases }) {
  const [loading, setLoading] = useState<Loading>({ status: 'loading' });
  const left = models.find((m) => m.version === a);
  const right = models.find((m) => m.version === b);
  useEffect(() => {
    let live = true;
    compareVersions(a, b).then(
      (result) => live && setLoading({ status: 'done', result }),
      (error: unknown) => live && setLoading({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [a, b]);
  return (
    <section className="panel compare-view" aria-labelledby="compare-title">
      <div className="panel-header">
        <div className="panel-title">
          <h2 id="compare-title">
            Version {a} against version {b}
          </h2>
          <span className="muted">
            left: <a href={versionHref(a)}>version {a}</a>
            <AliasMarkers version={a} aliases={aliases} /> · right: <a href={versionHref(b)}>version {b}</a>
            <AliasMarkers version={b} aliases={aliases} />
          </span>
        </div>
        <div className="panel-tools">
          {left && right && loading.status === 'done' && <CompareReportButton left={left} right={right} result={loading.result} />}
          <a className="btn btn-quiet" href={compareHref(b, a)}>
            Swap sides
          </a>
          <a className="btn btn-quiet" href={sectionHref('models')}>
            All versions
          </a>
        </div>
      </div>
      {!left || !right ? (
        <p role="alert" className="inline-error">
          There is no version {!left ? a : b}.
        </p>
      ) : loading.status === 'loading' ? (
        <p role="status" className="muted">
          <span className="spinner" aria-hidden="true" /> Scoring both versions on the same holdout rows…
        </p>
      ) : loading.status === 'failed' ? (
        <p role="alert" className="inline-error">
          Could not compare: {loading.message}
        </p>
      ) : (
        <Comparison left={left} right={right} result={loading.result} />
      )}
    </section>
  );
}
