import { useEffect, useRef, type ReactNode } from 'react';
import { NEW_CATEGORY_SHARE_DRIFT, type ColumnDrift } from '../../core/drift/columnDrift.ts';
import type { DriftStatistic } from '../../core/drift/settings.ts';
import { useEscapeToClose } from '../components/useEscapeToClose.ts';
import { formatCount } from '../format.ts';
import { formatDecidingValue, formatPercent, formatPValue, formatThreshold, formatValue, statisticLabel } from './driftFormat.ts';
import { OverlayChart } from './OverlayChart.tsx';

interface StatRow {
  statistic: DriftStatistic;
  name: string;
  value: ReactNode;
}

/** Every statistic computed for the column, whichever one decided it. */
function statRows(column: ColumnDrift): StatRow[] {
  const rows: StatRow[] = [];
  if (column.ks) {
    rows.push({
      statistic: 'ks',
      name: `Kolmogorov-Smirnov (${column.ks.method})`,
      value: (
        <>
          D = {formatValue(column.ks.statistic)}, p = {formatPValue(column.ks.pValue)}
        </>
      ),
    });
  }
  if (column.chi2) {
    rows.push({
      statistic: 'chi2',
      name: 'Chi-square',
      value: (
        <>
          χ² = {formatValue(column.chi2.statistic)}, dof = {formatCount(column.chi2.dof)}, p = {formatPValue(column.chi2.pValue)}
        </>
      ),
    });
  }
  if (column.psi !== undefined) rows.push({ statistic: 'psi', name: 'PSI', value: formatValue(column.psi) });
  if (column.wasserstein !== undefined) rows.push({ statistic: 'wasserstein', name: 'Wasserstein (normalised)', value: formatValue(column.wasserstein) });
  if (column.jensenShannon !== undefined) rows.push({ statistic: 'jensenShannon', name: 'Jensen-Shannon distance', value: formatValue(column.jensenShannon) });
  return rows;
}

/** "new categories: 34% of rows — x, y, z…"; at 20% or more the column drifts whatever its statistic says. */
function NewCategoryLine({ column }: { column: ColumnDrift }) {
  const names = column.newCategories ?? [];
  const count = column.newCategoryCount ?? names.length;
  const share = column.newCategoryShare ?? 0;
  return (
    <p className="drill-new-categories">
      New categories: {formatPercent(share)} of rows — {names.slice(0, 3).join(', ')}
      {count > 3 ? '…' : ''}
      {share >= NEW_CATEGORY_SHARE_DRIFT && <> (at least {formatPercent(NEW_CATEGORY_SHARE_DRIFT)}: drift, whatever the statistic says)</>}
    </p>
  );
}

const missingShare = (missing: number, present: number): string => (missing + present === 0 ? '—' : formatPercent(missing / (missing + present)));

/** One column of one batch: reference and current distributions on shared bins, and every statistic. */
export function ColumnDrillDown({ id, column, onClose }: { id: string; column: ColumnDrift; onClose: () => void }) {
  const self = useRef<HTMLElement>(null);
  useEscapeToClose(onClose, column.name);
  // Opened from the heatmap further down the page, the drill-down comes into view.
  useEffect(() => {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    self.current?.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }, []);
  const rule = column.rule;
  return (
    <section ref={self} id={id} className="drill-down" aria-label={`Drill-down: ${column.name}`}>
      <header className="drill-header">
        <h4>
          {column.name} <span className="muted">· {column.type}{column.role === 'target' ? ' · target' : ''}</span>
        </h4>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          Close<span className="visually-hidden"> the drill-down of {column.name}</span>
        </button>
      </header>
      <div className="drill-chart">
        <h5>Reference vs current</h5>
        {column.distribution ? (
          <OverlayChart column={column.name} overlay={column.distribution} datetime={column.type === 'datetime'} />
        ) : (
          <p className="muted">No distribution to draw: {column.problem ?? (column.excludedText ? `left out of drift, ${column.excludedText}` : 'the column was not compared')}.</p>
        )}
      </div>
      <div className="drill-stats">
        <h5>Statistics</h5>
        {rule && (
          <p className="drill-rule">
            Decided by the <strong>{statisticLabel(rule.statistic)}</strong>: {formatDecidingValue(rule.statistic, column.value)}, drift when{' '}
            {formatThreshold(rule.statistic, rule.threshold)}
            {column.adjustedPValue !== undefined && <> (adjusted p = {formatPValue(column.adjustedPValue)})</>}.
          </p>
        )}
        {rule && (
          <p className="drill-reason">
            <span className="muted">Why this statistic:</span> {rule.reason}.
          </p>
        )}
        {column.newCategoryShare !== undefined && column.newCategories && column.newCategories.length > 0 && <NewCategoryLine column={column} />}
        <table className="data-table stats-table" aria-label={`Statistics of ${column.name}`}>
          <tbody>
            {statRows(column).map((row) => (
              <tr key={row.statistic} className={row.statistic === rule?.statistic ? 'deciding' : undefined}>
                <th scope="row">
                  {row.name}
                  {row.statistic === rule?.statistic && <span className="deciding-mark"> · decides</span>}
                </th>
                <td className="num">{row.value}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Values (reference / current)</th>
              <td className="num">
                {formatCount(column.nReference)} / {formatCount(column.nCurrent)}
              </td>
            </tr>
            <tr>
              <th scope="row">Missing (reference / current)</th>
              <td className="num">
                {missingShare(column.missingReference, column.nReference)} / {missingShare(column.missingCurrent, column.nCurrent)}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
