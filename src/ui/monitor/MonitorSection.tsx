import { useDeferredValue, useMemo } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { useWindowStart } from '../components/useWindow.ts';
import { useBatches, useWorkspace } from '../hooks.ts';
import { MonitorIcon } from '../icons.tsx';
import { sectionHref } from '../route.ts';
import { MissingBatch } from '../storage/Deleted.tsx';
import { BatchPicker } from './BatchPicker.tsx';
import { ColumnDriftTable } from './ColumnDriftTable.tsx';
import { DatasetVerdict } from './DatasetVerdict.tsx';
import { DRIFT_WINDOW, DriftOverTime, DriftOverTimePending } from './DriftOverTime.tsx';
import { DriftSettingsPanel } from './DriftSettingsPanel.tsx';
import { DriftReportButton } from './DriftReportButton.tsx';
import { DriftStatus, missingPrerequisite } from './DriftStatus.tsx';
import { EstimateNumbers } from './EstimateChart.tsx';
import { batchDrifts, chosenBatch, useChampionImportance, useDrawnReport, useDriftCheck, useDriftReports, type BatchDrift } from './useDriftData.ts';
import './monitor.css';

const NO_ROWS: BatchDrift[] = [];

const LEDE = 'How each batch differs from the reference batch, column by column and as a whole, checked automatically as batches arrive.';

/** Drift of every batch against the reference: status, one batch's verdict and columns, drift over time, settings. */
export function MonitorSection({ batchId, column }: { batchId: string | null; column: string | null }) {
  const batches = useBatches();
  const workspace = useWorkspace();
  const records = useDriftReports();
  const check = useDriftCheck();
  const champion = useChampionImportance();
  const reference = batches?.find((b) => b.id === workspace?.referenceBatchId);
  // Derived once per change of what they read: the drift check's progress re-renders the section often.
  const rows = useMemo(() => (batches && reference && records && workspace ? batchDrifts(batches, reference, records, workspace) : []), [batches, reference, records, workspace]);
  const columns = useMemo(() => reference?.columns.map((c) => c.name) ?? [], [reference]);
  const shown = useDrawnReport(chosenBatch(rows, batchId)?.record ?? null);
  // Drift over time (thousands of heatmap cells, two charts) is drawn after the rest, in renders React
  // splits into short slices: drawn with the verdict, the Monitor's first draw was one task of 150–400 ms,
  // and each report stored during a drift check drew it again in one task.
  const lateRows = useDeferredValue(rows, NO_ROWS);
  // The open batch and column follow at the same priority. The stretch drawn is chosen now, from the rows
  // as they are: another batch opened moves it in the same render, whatever the late draw skips.
  const chosenId = chosenBatch(rows, batchId)?.batch.id ?? null;
  const chosenIndex = chosenId === null ? -1 : rows.findIndex((r) => r.batch.id === chosenId);
  const drawnFrom = useWindowStart(rows.length, DRIFT_WINDOW, chosenIndex < 0 ? null : chosenIndex);
  // Drawn late too: a batch opened outside the stretch moves it, and drawing 60 new batches' cells and
  // bars at the priority of the choice was one task of 230–700 ms. The late copy ends at the start chosen.
  const lateFrom = useDeferredValue(drawnFrom);
  const lateChosenId = useDeferredValue(chosenId);
  const lateColumn = useDeferredValue(column);
  if (batches === undefined || workspace === undefined || records === undefined || champion === undefined) {
    return (
      <>
        <SectionHeader title="Monitor" lede={LEDE} />
        <p className="muted" role="status">
          Reading stored drift reports…
        </p>
      </>
    );
  }
  const missing = missingPrerequisite(batches, reference);
  const listed = chosenBatch(rows, batchId);
  // The report with its distributions, for the report file and the column drill-down.
  const chosen = listed && { ...listed, record: shown };
  const target = workspace.schema.target;
  const championVersion = champion?.version ?? null;
  return (
    <>
      <SectionHeader title="Monitor" lede={LEDE} />
      <DriftStatus check={check} rows={rows} batches={batches} reference={reference} />
      {missing || !reference ? (
        <section className="panel">
          <EmptyState
            icon={<MonitorIcon size={32} />}
            title="Nothing to compare yet"
            actions={
              <a className="btn btn-primary" href={sectionHref('data')}>
                Go to Data
              </a>
            }
          >
            <p>{missing}</p>
            <p>
              Every batch is then compared with the reference as soon as it arrives: a statistical test or distance per column, a dataset verdict by the share
              of drifted columns, and the label&rsquo;s own drift.
            </p>
          </EmptyState>
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="batch-drift-title">
            <div className="panel-header">
              <div className="panel-title">
                <h2 id="batch-drift-title">{chosen ? `Drift of ${chosen.batch.name}` : 'Drift of a batch'}</h2>
                <span className="muted">against the reference {reference.name}</span>
              </div>
              <div className="panel-tools">
                <BatchPicker batches={batches} rows={rows} reference={reference} chosenId={chosen?.batch.id ?? null} champion={champion} />
                {chosen?.record && <DriftReportButton batch={chosen.batch} reference={reference} record={chosen.record} current={chosen.current} settings={workspace.drift} target={target} championVersion={championVersion} />}
              </div>
            </div>
            {batchId && !chosen ? (
              batchId === reference.id ? (
                <p role="alert" className="inline-error">
                  That batch is the reference: the others are compared with it. Choose another batch.
                </p>
              ) : (
                <MissingBatch batchId={batchId} otherwise={`No stored batch other than the reference has the id ${batchId}.`} />
              )
            ) : !chosen?.record ? (
              <p className="muted">{chosen ? `“${chosen.batch.name}” has not been checked yet; its report appears here when the check finishes.` : 'No batch has been checked yet.'}</p>
            ) : (
              <>
                <DatasetVerdict record={chosen.record} target={target} current={chosen.current} champion={champion} />
                <div className="subpanel" aria-labelledby="batch-estimate-title">
                  <div className="subpanel-header">
                    <h3 id="batch-estimate-title">Estimated performance</h3>
                    <span className="muted">the champion’s metrics on this batch estimated without labels (CBPE), beside the realised ones where it has labels</span>
                  </div>
                  <EstimateNumbers record={chosen.record} championVersion={championVersion} />
                </div>
                <div className="subpanel">
                  <div className="subpanel-header">
                    <h3>Columns</h3>
                    <span className="muted">Click a column for its distributions and every statistic.</span>
                  </div>
                  <ColumnDriftTable batchId={chosen.batch.id} columns={chosen.record.report.columns} correction={chosen.record.report.dataset.correction} openColumn={column} />
                </div>
              </>
            )}
          </section>
          {lateRows.length === 0 && rows.length > 0 ? (
            <DriftOverTimePending />
          ) : (
            <DriftOverTime rows={lateRows} columns={columns} target={target} threshold={workspace.drift.driftShare} selectedId={lateChosenId} drawnFrom={lateFrom} openColumn={lateColumn} championVersion={championVersion} />
          )}
          <DriftSettingsPanel stored={workspace.drift} columns={reference.columns} />
        </>
      )}
    </>
  );
}
