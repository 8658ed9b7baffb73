import type { ReactNode } from 'react';
import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import { driftedColumns, importantDrift, type ChampionImportance } from '../../core/importance/driftThatMatters.ts';
import type { DriftReportRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime, plural } from '../format.ts';
import { PredictionDriftFact, PredictionDriftPanel } from './PredictionDrift.tsx';
import { CORRECTION_LABELS, formatDecidingValue, formatPercent, formatThreshold, statisticLabel } from './driftFormat.ts';

function LabelDrift({ column, target }: { column: ColumnDrift | null; target: string | null }) {
  if (!target) return <span className="muted">no target column chosen</span>;
  if (!column) return <span className="muted">“{target}” is not in both batches</span>;
  if (!column.rule || column.drift === null) return <span className="muted">“{target}” not compared: {column.problem}</span>;
  return (
    <>
      <Badge tone={column.drift ? 'fail' : 'pass'}>{column.drift ? 'label drift' : 'no label drift'}</Badge>{' '}
      <span>
        “{column.name}”: {statisticLabel(column.rule.statistic)} {formatDecidingValue(column.rule.statistic, column.value)} ({formatThreshold(column.rule.statistic, column.rule.threshold)})
      </span>
    </>
  );
}

/** The share of the champion's importance in this batch's drifted columns, or why there is none. */
function DriftThatMatters({ record, champion }: { record: DriftReportRecord; champion: ChampionImportance }) {
  const result = importantDrift(champion, driftedColumns(record.report.columns));
  if (result.share === null) return <span className="muted">{result.note}</span>;
  const columns = result.columns.map((c) => `“${c.column}”`).join(', ');
  return (
    <>
      {formatPercent(result.share)}{' '}
      <span className="muted">
        of version {champion!.version}’s permutation importance {columns ? `is in ${columns}` : 'is in no drifted column'}
      </span>
    </>
  );
}

const names = (list: string[]): ReactNode => (list.length === 0 ? <span className="muted">none</span> : list.map((n) => `“${n}”`).join(', '));

/** The dataset's verdict for one batch: drift or not and why, the label's drift, columns that could not be compared, warnings. */
export function DatasetVerdict({ record, target, current, champion }: { record: DriftReportRecord; target: string | null; current: boolean; champion: ChampionImportance }) {
  const { dataset, labelDrift } = record.report;
  const verdictText = dataset.driftedShare === null
    ? 'No dataset verdict: no feature column could be compared.'
    : `${dataset.drift ? 'Dataset drift' : 'No dataset drift'}: ${dataset.driftedColumns} of ${plural(dataset.checkedColumns, 'feature column')} drifted (${formatPercent(dataset.driftedShare)}), ${dataset.drift ? 'at or above' : 'below'} the ${formatPercent(dataset.driftShare)} threshold.`;
  const facts: [string, ReactNode][] = [
    ['Drifted share', <>{formatPercent(dataset.driftedShare)} <span className="muted">of {dataset.checkedColumns} · threshold {formatPercent(dataset.driftShare)}</span></>],
    ['Drift that matters', <DriftThatMatters record={record} champion={champion} />],
    ['Correction', CORRECTION_LABELS[dataset.correction]],
    ['Label drift', <LabelDrift column={labelDrift} target={target} />],
    ['Prediction drift', <PredictionDriftFact record={record} championVersion={champion?.version ?? null} />],
    ['Left out', names(record.report.columns.filter((c) => c.excluded).map((c) => c.name))],
    ['Missing columns', names(dataset.missingColumns)],
    ['Extra columns', names(dataset.extraColumns)],
    ['Checked', <>{formatTime(record.checkedAt)} <span className="muted">in {Math.round(record.timings.totalMs)} ms</span></>],
  ];
  return (
    <div className="drift-verdict">
      <p className={`verdict-line ${dataset.drift ? 'verdict-drift' : 'verdict-ok'}`}>
        <Badge tone={dataset.drift ? 'fail' : dataset.driftedShare === null ? 'neutral' : 'pass'}>
          <span className="badge-dot" aria-hidden="true" />
          {dataset.drift ? 'drift' : 'no drift'}
        </Badge>
        <span>{verdictText}</span>
      </p>
      {!current && (
        <p className="stale-note" role="note">
          This report was made with an earlier reference, schema or drift settings; it is being checked again.
        </p>
      )}
      <dl className="facts drift-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <PredictionDriftPanel record={record} championVersion={champion?.version ?? null} />
      {record.warnings.length > 0 && (
        <div className="drift-warnings" role="note" aria-label="Warnings">
          <strong>Warnings</strong>
          <ul>
            {record.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
