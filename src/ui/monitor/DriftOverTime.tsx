import { memo, useMemo } from 'react';
import { useSame } from '../components/useSame.ts';
import { stretchAt, type WindowStart } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { DriftHeatmap } from './DriftHeatmap.tsx';
import { DriftShareChart } from './DriftShareChart.tsx';
import { EstimateChart } from './EstimateChart.tsx';
import { sameDrifts, type BatchDrift } from './useDriftData.ts';

/** Batches drawn at once in the chart and the heatmap: two months of daily batches. */
export const DRIFT_WINDOW = 60;

interface Props {
  rows: BatchDrift[];
  columns: string[];
  target: string | null;
  threshold: number;
  /** The open batch. */
  selectedId: string | null;
  /** Where the stretch drawn starts, chosen by the Monitor as batches are opened and paged. */
  drawnFrom: WindowStart;
  openColumn: string | null;
  championVersion: number | null;
}

/**
 * Drift over time (the drifted share per batch and the per-column heatmap) and the champion's estimated
 * performance per batch, all three over one shared stretch of DRIFT_WINDOW batches (the newest, or the
 * one holding the open batch), with a pager in each panel that moves both — a year of daily batches
 * would be 365 bars, thousands of cells and a 365-point chart laid out at once. Memoised: the drift
 * check's progress re-renders the Monitor often, and these only change with the reports or the open batch.
 */
export const DriftOverTime = memo(function DriftOverTime({ rows, columns, target, threshold, selectedId, drawnFrom, openColumn, championVersion }: Props) {
  const stretch = stretchAt(drawnFrom, rows.length, DRIFT_WINDOW);
  // The same list while the stretch shows the same: opening another batch in it redraws only what marks
  // the open one, and a report stored for a batch outside it (a drift check stores one per batch) redraws
  // neither the charts nor the heatmap.
  const shown = useSame(
    useMemo(() => rows.slice(stretch.start, stretch.end), [rows, stretch.start, stretch.end]),
    sameDrifts,
  );
  return (
    <>
      <section className="panel panel-when-seen drift-time-panel" aria-labelledby="drift-time-title">
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
      <section className="panel panel-when-seen drift-time-panel" aria-labelledby="estimate-time-title">
        <div className="panel-header">
          <h2 id="estimate-time-title">Performance without labels</h2>
          <span className="muted">the champion’s estimated primary metric per batch, and the realised one where the labels arrived</span>
          <div className="panel-tools">
            <WindowPager window={stretch} noun="batches" label="Batches shown in performance without labels" />
          </div>
        </div>
        <EstimateChart rows={rows} shown={shown} championVersion={championVersion} />
      </section>
    </>
  );
});

/** Drift over time's place while its first draw is under way (the Monitor draws it after the rest). */
export function DriftOverTimePending() {
  return (
    <section className="panel" aria-labelledby="drift-time-title">
      <div className="panel-header">
        <h2 id="drift-time-title">Drift over time</h2>
        <span className="muted">batches in arrival order, each against the reference</span>
      </div>
      <p className="muted" role="status">
        Drawing the chart and the heatmap…
      </p>
    </section>
  );
}
