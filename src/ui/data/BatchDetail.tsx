import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { WorkspaceRecord } from '../../storage/db.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { Badge, StatusBadge } from '../components/StatusBadge.tsx';
import { useEscapeToClose } from '../components/useEscapeToClose.ts';
import { describeDelimiter } from '../../core/csv/delimiters.ts';
import { formatBytes, formatCount, formatTime, shortId } from '../format.ts';
import { useFullBatch } from '../hooks.ts';
import { navigate, sectionHref } from '../route.ts';
import { BatchPreview } from './BatchPreview.tsx';
import { downloadBatchCsv } from './downloadCsv.ts';
import { QualityTable } from './QualityTable.tsx';
import { WorkspaceChangeStatus } from './WorkspaceChangeStatus.tsx';
import { useWorkspaceChange } from './useWorkspaceChange.ts';
import { ValidationPanel } from './ValidationPanel.tsx';

function Facts({ batch }: { batch: BatchSummary }) {
  const facts: [string, ReactNode][] = [
    ['ID', <code title={batch.id}>{shortId(batch.id)}</code>],
    ['Rows', formatCount(batch.rows)],
    ['Columns', formatCount(batch.columns.length)],
    ['Size', formatBytes(batch.bytes)],
    ['Delimiter', describeDelimiter(batch.delimiter)],
    ['Encoding', batch.encoding.toUpperCase()],
    ['BOM', batch.bom ? 'yes' : 'no'],
    ['Arrived', formatTime(batch.arrivedAt)],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DownloadButton({ batch }: { batch: BatchSummary }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async (): Promise<void> => {
    setState({ busy: true, error: null });
    try {
      await downloadBatchCsv(batch);
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: `Download failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void download()} disabled={state.busy}>
        {state.busy ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      {state.error && (
        <p role="alert" className="inline-error">
          {state.error}
        </p>
      )}
    </>
  );
}

const closeBatch = (): void => navigate(sectionHref('data'));

/** One batch: where it came from, how it validated, what its columns hold, and its first rows. */
export function BatchDetail({ batch, batches, workspace }: { batch: BatchSummary; batches: BatchSummary[]; workspace: WorkspaceRecord }) {
  const changer = useWorkspaceChange();
  // Only the batch shown is read with its histograms and category counts (tens of kB a batch).
  const full = useFullBatch(batch.id);
  const panel = useRef<HTMLElement>(null);
  useEscapeToClose(closeBatch, batch.id);
  // Opening a batch brings its detail into view, below the batches table.
  useEffect(() => {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel.current?.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }, []);
  const isReference = batch.id === workspace.referenceBatchId;
  const reference = batches.find((b) => b.id === (batch.validation?.referenceId ?? workspace.referenceBatchId));
  return (
    <section ref={panel} className="panel batch-detail" aria-labelledby="batch-detail-title">
      <header className="batch-detail-header">
        <div className="batch-detail-title">
          <h2 id="batch-detail-title">{batch.name}</h2>
          {isReference ? <Badge tone="accent">reference</Badge> : batch.validation && <StatusBadge status={batch.validation.status} />}
        </div>
        <div className="batch-detail-actions">
          <button
            type="button"
            className="btn"
            disabled={isReference || changer.pending !== null}
            title={isReference ? 'This batch is the reference' : "Read every batch with this one's column types and validate it against this one"}
            onClick={() => void changer.apply({ referenceBatchId: batch.id }, `Making "${batch.name}" the reference`)}
          >
            {isReference ? 'Is the reference' : 'Use as reference'}
          </button>
          <DownloadButton batch={batch} />
          <a className="btn btn-quiet" href={sectionHref('data')} aria-label="Close batch detail">
            Close
          </a>
        </div>
      </header>
      <Facts batch={batch} />
      <WorkspaceChangeStatus changer={changer} pendingClass="pending-note" />
      <ValidationPanel batch={batch} isReference={isReference} referenceName={reference?.name ?? null} />
      {full ? (
        <QualityTable batch={full} workspace={workspace} changer={changer} referenceQuality={batches.find((b) => b.id === workspace.referenceBatchId)?.quality ?? batch.quality} />
      ) : (
        <p className="muted" role="status">
          Reading column quality…
        </p>
      )}
      <BatchPreview batch={batch} />
    </section>
  );
}
