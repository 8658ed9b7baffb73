import { memo } from 'react';
import { useWindow } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { DriftHeatmap } from './DriftHeatmap.tsx';
import { DriftShareChart } from './DriftShareChart.tsx';
import type { BatchDrift } from './useDriftData.ts';

/** Batches drawn at once in the chart and the heatmap: two months of daily batches. */
export const DRIFT_WINDOW = 60;

interface Props {
  rows: BatchDrift[];
  columns: string[];
  target: string | null;
  threshold: number;
  selectedId: string | null;
  openColumn: string | null;
}

/**
 * Drift over time: the drifted share per batch and the per-column heatmap, both over one stretch of
 * DRIFT_WINDOW batches (the newest, or the one holding the open batch), with a pager to the others —
 * a year of daily batches would be 365 bars and thousands of cells. Memoised: the drift check's
 * progress re-renders the Monitor often, and these only change with the reports or the open batch.
 */
export const DriftOverTime = memo(function DriftOverTime({ rows, columns, target, threshold, selectedId, openColumn }: Props) {
  const selected = selectedId === null ? -1 : rows.findIndex((r) => r.batch.id === selectedId);
  const stretch = useWindow(rows.length, DRIFT_WINDOW, selected < 0 ? null : selected);
  const shown = rows.slice(stretch.start, stretch.end);
  return (
    <section className="panel" aria-labelledby="drift-time-title">
      <div className="panel-header">
        <h2 id="drift-time-title">Drift over time</h2>
        <span className="muted">batches in arrival order, each against the reference</span>
        <div className="panel-tools">
          <WindowPager window={stretch} noun="batches" label="Batches shown in drift over time" />
        </div>
      </div>
      <DriftShareChart rows={shown} threshold={threshold} selectedId={selectedId} />
      <div className="subpanel">
        <div className="subpanel-header">
          <h3>Per column</h3>
          <span className="muted">Red: drift, darker the further past its threshold; amber: no drift, nearing it. Click a cell to open it.</span>
        </div>
        <DriftHeatmap rows={shown} columns={columns} target={target} selectedId={selectedId} openColumn={openColumn} />
      </div>
    </section>
  );
});
