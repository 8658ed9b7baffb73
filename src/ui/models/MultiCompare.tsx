import { useState } from 'react';
import type { SameRows } from '../../bridge/trainBridge.ts';
import { improvement, type MetricKey } from '../../core/metrics/index.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatBytes, formatCount } from '../format.ts';
import { versionHref } from '../route.ts';
import { formatDuration, formatMetric, metricRows } from './modelFormat.ts';
import { compareHref } from './useModelsData.ts';
import { bestOf, settingsDiff, type Better } from './versionParams.ts';

interface MetricLine {
  key: string;
  label: string;
  values: (number | null)[];
  format: (x: number | null) => string;
  /** The best value is marked with it. */
  better: Better;
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const lowerBetter = (a: number | null, b: number | null): number | null => (finite(a) && finite(b) ? a - b : null);

function metricLines(models: ModelRecord[], sameRows: SameRows | null): MetricLine[] {
  const lines: MetricLine[] = [];
  for (const model of models) {
    if (!model.metrics) continue;
    for (const row of metricRows(model.card.task, model.metrics, model.card.classes)) {
      if (lines.some((l) => l.key === row.key)) continue;
      const key = row.key;
      const values = models.map((m) => (m.metrics && m.card.task === model.card.task ? (metricRows(m.card.task, m.metrics, m.card.classes).find((r) => r.key === key)?.value ?? null) : null));
      lines.push({ key, label: row.label, values, format: formatMetric, better: (a, b) => improvement(key, a, b) });
    }
  }
  const basis = sameRows?.basis;
  if (basis) {
    const values = models.map((m) => sameRows.scores.find((s) => s.version === m.version && s.ownHoldoutBecause === null)?.value ?? null);
    const metric: MetricKey = basis.metric;
    const label = lines.find((l) => l.key === metric)?.label ?? metric;
    lines.push({ key: 'sameRows', label: `${label} on the same ${formatCount(basis.rows)} rows`, values, format: formatMetric, better: (a, b) => improvement(metric, a, b) });
  }
  lines.push(
    { key: 'latency', label: 'Latency per 1,000 rows', values: models.map((m) => m.latencyMs), format: (x) => (finite(x) ? `${x.toFixed(1)} ms` : '—'), better: lowerBetter },
    { key: 'size', label: 'Size', values: models.map((m) => m.sizeBytes), format: (x) => (finite(x) ? formatBytes(x) : '—'), better: lowerBetter },
    { key: 'trainMs', label: 'Training time', values: models.map((m) => m.training?.trainMs ?? null), format: formatDuration, better: lowerBetter },
  );
  return lines;
}

function VersionHeads({ models, numeric }: { models: ModelRecord[]; numeric: boolean }) {
  return (
    <>
      {models.map((m) => (
        <th key={m.version} scope="col" className={numeric ? 'num' : undefined}>
          <a href={versionHref(m.version)}>Version {m.version}</a>
        </th>
      ))}
    </>
  );
}

function MetricsTable({ models, sameRows }: { models: ModelRecord[]; sameRows: SameRows | null }) {
  return (
    <div className="table-wrap table-wrap-fit table-wrap-tall">
      <table className="data-table multi-compare-table" aria-label="Metrics of the ticked versions">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <VersionHeads models={models} numeric />
          </tr>
        </thead>
        <tbody>
          {metricLines(models, sameRows).map((line) => {
            const best = bestOf(line.values, line.better);
            return (
              <tr key={line.key} data-metric={line.key}>
                <th scope="row">{line.label}</th>
                {line.values.map((v, i) => (
                  <td key={models[i]!.version} className={best.includes(i) ? 'num metric-best' : 'num'} data-best={best.includes(i) ? 'true' : undefined}>
                    {line.format(v)}
                    {best.includes(i) && (
                      <>
                        {' '}
                        <Badge tone="pass">best</Badge>
                      </>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SettingsTable({ models }: { models: ModelRecord[] }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const rows = settingsDiff(models);
  const shown = onlyDiffering ? rows.filter((r) => r.differs) : rows;
  const differing = rows.filter((r) => r.differs).length;
  return (
    <>
      <label className="inline-field">
        <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} /> Only those that differ ({differing})
      </label>
      <div className="table-wrap table-wrap-fit table-wrap-tall">
        <table className="data-table multi-compare-table" aria-label="Parameters of the ticked versions">
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <VersionHeads models={models} numeric={false} />
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} data-param={row.key} data-differs={row.differs ? 'true' : 'false'} className={row.differs ? 'param-differs' : undefined}>
                <th scope="row">
                  {row.label}
                  {row.differs && <span className="visually-hidden"> (differs)</span>}
                </th>
                {row.values.map((v, i) => (
                  <td key={models[i]!.version} className="param-value" title={v}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The ticked versions side by side: each version's stored metrics (the best marked) and every setting (those that differ highlighted). */
export function MultiCompare({ models, sameRows, onClear }: { models: ModelRecord[]; sameRows: SameRows | null; onClear: () => void }) {
  const [a, b] = models;
  return (
    <section className="subpanel multi-compare" aria-labelledby="multi-compare-title">
      <div className="subpanel-header">
        <h3 id="multi-compare-title">Comparing versions {models.map((m) => m.version).join(', ')}</h3>
        <div className="panel-tools">
          {models.length === 2 && a && b && (
            <a className="btn btn-quiet" href={compareHref(Math.min(a.version, b.version), Math.max(a.version, b.version))}>
              Paired comparison on the same rows
            </a>
          )}
          <button type="button" className="btn btn-quiet" onClick={onClear}>
            Clear ticks
          </button>
        </div>
      </div>
      <p className="muted">
        Metrics are each version’s own holdout scores (different rows), unless a row says “on the same rows”; the best of each row is marked. Highlighted parameters differ between the
        versions.
      </p>
      <h4>Metrics</h4>
      <MetricsTable models={models} sameRows={sameRows} />
      <h4>Parameters</h4>
      <SettingsTable models={models} />
    </section>
  );
}
