import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import type { DriftReportRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatDecidingValue, formatThreshold, statisticLabel, statisticText } from './driftFormat.ts';
import { OverlayChart } from './OverlayChart.tsx';

/** The champion's check of the batch when it is current, or why there is none to show. */
export function currentCheck(record: DriftReportRecord, championVersion: number | null): { drift: ColumnDrift; version: number } | { note: string } {
  if (championVersion === null) return { note: 'no champion: promote a version to compare its predictions' };
  const check = record.champion;
  if (!check || check.reportKey !== record.key) return { note: `version ${championVersion} has not checked this batch yet; it does as soon as the pipeline is idle` };
  if (check.version !== championVersion) return { note: `checked by version ${check.version}; the champion, version ${championVersion}, checks it again as soon as the pipeline is idle` };
  if (!check.predictionDrift) return { note: `not compared: ${check.problem ?? 'no verdict'}` };
  return { drift: check.predictionDrift, version: check.version };
}


/** The verdict line of the Monitor's facts: drift or not, by which statistic, never counted in the share. */
export function PredictionDriftFact({ record, championVersion }: { record: DriftReportRecord; championVersion: number | null }) {
  const check = currentCheck(record, championVersion);
  if ('note' in check) return <span className="muted">{check.note}</span>;
  const c = check.drift;
  if (!c.rule || c.drift === null) return <span className="muted">“{c.name}” not compared: {c.problem}</span>;
  return (
    <>
      <Badge tone={c.drift ? 'fail' : 'pass'}>{c.drift ? 'prediction drift' : 'no prediction drift'}</Badge>{' '}
      <span>
        version {check.version}’s “{c.name}”: {statisticLabel(c.rule.statistic)} {formatDecidingValue(c.rule.statistic, c.value)} ({formatThreshold(c.rule.statistic, c.rule.threshold)})
      </span>
    </>
  );
}

/** The champion's predictions on the reference and on this batch, side by side, with the deciding statistic. */
export function PredictionDriftPanel({ record, championVersion }: { record: DriftReportRecord; championVersion: number | null }) {
  const check = currentCheck(record, championVersion);
  if ('note' in check) return null;
  const c = check.drift;
  if (!c.rule || !c.distribution) return null;
  return (
    <div className="subpanel prediction-drift" aria-label="Prediction drift">
      <div className="subpanel-header">
        <h3>Prediction drift</h3>
        <span className="muted">
          version {check.version}’s predictions on the reference ({c.nReference.toLocaleString('en-US')} rows) and on this batch ({c.nCurrent.toLocaleString('en-US')}); not counted in the
          dataset share
        </span>
      </div>
      <p className="prediction-drift-statistic">
        {statisticText(c)} <span className="muted">· {c.rule.reason}</span>
      </p>
      <div className="prediction-drift-chart">
        <OverlayChart column={c.name} overlay={c.distribution} />
      </div>
    </div>
  );
}
