import { memo, useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import { isPValueStatistic } from '../../core/drift/settings.ts';
import { monitorHref } from '../route.ts';
import { driftStrength, formatDecidingValue, formatPValue, formatThreshold, formatValue, statisticLabel, STRENGTH_CAP } from './driftFormat.ts';
import type { BatchDrift } from './useDriftData.ts';

interface Cell {
  text: string;
  label: string;
  className: string;
  style?: CSSProperties;
}

// Colour says drift (red) or not (pale to amber as the value nears its threshold); the cell's text
// and its label carry the same facts for anyone who cannot tell the colours apart.
function cellFor(column: ColumnDrift | undefined, batchName: string, columnName: string, checked: boolean): Cell {
  const where = `${columnName} in ${batchName}`;
  if (!checked) return { text: '', label: `${where}: not checked yet`, className: 'heat-none' };
  if (!column) return { text: 'absent', label: `${where}: not in this batch`, className: 'heat-none' };
  if (column.excluded) return { text: 'left out', label: `${where}: left out of the dataset share, ${column.excludedText ?? column.excluded}`, className: 'heat-none' };
  if (!column.rule || column.drift === null) return { text: 'n/a', label: `${where}: not compared, ${column.problem ?? 'no result'}`, className: 'heat-none' };
  const { statistic, threshold } = column.rule;
  const strength = driftStrength(column) ?? 0;
  const value = isPValueStatistic(statistic) ? formatPValue(column.adjustedPValue ?? column.value) : formatValue(column.value);
  const adjusted = column.adjustedPValue !== undefined ? ` (adjusted p = ${formatPValue(column.adjustedPValue)})` : '';
  const label = `${where}: ${column.drift ? 'drift' : 'no drift'}, ${statisticLabel(statistic)} ${formatDecidingValue(statistic, column.value)}${adjusted}, drift when ${formatThreshold(statistic, threshold)}`;
  if (column.drift) {
    // Up to 60% red, where the dark text still has a contrast of 5:1 (WCAG AA asks 4.5:1).
    const mix = 35 + (25 * (Math.max(1, strength) - 1)) / (STRENGTH_CAP - 1);
    return { text: value, label, className: 'heat-drift', style: { background: `color-mix(in srgb, #b42318 ${mix.toFixed(0)}%, #fff)` } };
  }
  const mix = Math.min(1, strength) * 50;
  return { text: value, label, className: 'heat-ok', style: { background: `color-mix(in srgb, #e9a23b ${mix.toFixed(0)}%, #f8f9fb)` } };
}

/**
 * One column's row of cells. Memoised: choosing another batch changes the outline of two header cells, and
 * redrawing thousands of cells for it took a long task; a row is drawn again only when its reports change
 * or it holds the open cell (`openId`: the open batch when this is the open column, else null).
 */
const HeatRow = memo(function HeatRow({ name, target, rows, byBatch, openId }: { name: string; target: string | null; rows: BatchDrift[]; byBatch: Map<string, ColumnDrift>[]; openId: string | null }) {
  return (
    <tr>
      <th scope="row" className="heatmap-column" title={name}>
        {name}
        {name === target && <span className="muted"> (target)</span>}
      </th>
      {rows.map((r, i) => {
        const cell = cellFor(byBatch[i]!.get(name), r.batch.name, name, r.record !== null);
        const open = r.batch.id === openId;
        return (
          <td key={r.batch.id} className={`heatmap-cell ${cell.className}${r.current ? '' : ' heat-stale'}`} style={cell.style}>
            {r.record ? (
              <a href={monitorHref(r.batch.id, name)} aria-label={cell.label} title={cell.label} aria-current={open ? 'true' : undefined}>
                {cell.text}
              </a>
            ) : (
              <span className="visually-hidden">{cell.label}</span>
            )}
          </td>
        );
      })}
    </tr>
  );
});

/**
 * Rows are the reference's columns, cells the compared batches in arrival order: colour by drift and
 * by how far the deciding value is from its threshold. A cell opens that batch with that column's drill-down.
 */
export function DriftHeatmap({ rows, columns, target, selectedId, openColumn }: { rows: BatchDrift[]; columns: string[]; target: string | null; selectedId: string | null; openColumn: string | null }) {
  const byBatch = useMemo(() => rows.map((r) => new Map((r.record?.report.columns ?? []).map((c) => [c.name, c]))), [rows]);
  const wrap = useRef<HTMLDivElement>(null);
  // The open batch's column in view (the newest is at the far right of a wide window of batches).
  const firstId = rows[0]?.batch.id;
  // Once the heatmap is on screen: reading positions while it is off screen (panel-when-seen) would lay it out.
  useEffect(() => {
    const box = wrap.current;
    if (!box) return;
    const seen = new IntersectionObserver(([entry]) => {
      if (!entry?.isIntersecting) return;
      seen.disconnect();
      const head = box.querySelector<HTMLElement>('th.selected-batch');
      if (head) box.scrollLeft = Math.max(0, head.offsetLeft + head.offsetWidth / 2 - box.clientWidth / 2);
    });
    seen.observe(box);
    return () => seen.disconnect();
  }, [selectedId, firstId]);
  return (
    <div className="table-wrap heatmap-wrap" ref={wrap}>
      <table className="heatmap" aria-label="Drift per column and batch">
        <thead>
          <tr>
            <th scope="col" className="heatmap-corner">
              Column
            </th>
            {rows.map((r) => (
              <th key={r.batch.id} scope="col" className={r.batch.id === selectedId ? 'heatmap-batch selected-batch' : 'heatmap-batch'} title={r.batch.name}>
                <span className="heatmap-batch-name">{r.batch.name}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {columns.map((name) => (
            <HeatRow key={name} name={name} target={target} rows={rows} byBatch={byBatch} openId={name === openColumn ? selectedId : null} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
