import { requestDriftCheck, type DriftCheckState } from '../../bridge/driftBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { useIngestJob } from '../data/IngestJobProvider.tsx';
import { formatTime, plural } from '../format.ts';
import type { BatchDrift } from './useDriftData.ts';

/** What keeps drift from being checked at all, and what to do about it; null when nothing does. */
export function missingPrerequisite(batches: BatchSummary[], reference: BatchSummary | undefined): string | null {
  if (batches.length === 0) return 'No batches yet: add at least two in the Data section, a reference and a batch to compare with it.';
  if (!reference) return 'No reference batch: choose one in the Data section (open a batch, then “Use as reference”).';
  if (batches.length < 2) return `Only the reference batch “${reference.name}” is stored: add another batch in the Data section to compare with it.`;
  return null;
}

function lastChecked(rows: BatchDrift[]): number | null {
  const times = rows.flatMap((r) => (r.current && r.record ? [r.record.checkedAt] : []));
  return times.length > 0 ? Math.max(...times) : null;
}

function Line({ check, rows, reference }: { check: DriftCheckState; rows: BatchDrift[]; reference: BatchSummary }) {
  if (check.status === 'checking') {
    const p = check.progress;
    const text = !p ? 'Checking drift…' : p.done >= p.total ? 'Checking drift: storing the last report…' : `Checking drift: batch ${p.done + 1} of ${p.total} (${p.batchName})…`;
    return (
      <>
        <span className="spinner" aria-hidden="true" /> {text}
      </>
    );
  }
  if (check.status === 'failed') {
    return (
      <>
        <span className="drift-status-failed">Drift check failed: {check.message}</span>
        <button type="button" className="btn btn-quiet" onClick={() => requestDriftCheck()}>
          Try again
        </button>
      </>
    );
  }
  const due = rows.filter((r) => !r.current).length;
  if (due > 0) {
    return (
      <>
        {plural(due, 'batch', 'batches')} not checked against the current reference and settings yet.
        <button type="button" className="btn btn-quiet" onClick={() => requestDriftCheck()}>
          Check now
        </button>
      </>
    );
  }
  const at = lastChecked(rows);
  const last = check.last && check.last.checked > 0 ? ` Last sweep: ${plural(check.last.checked, 'batch', 'batches')} checked, ${formatCountDrifted(check.last.drifted)}.` : '';
  return (
    <>
      Drift is up to date: {rows.length === 1 ? 'the batch was' : `all ${rows.length} batches were`} checked against “{reference.name}”
      {at !== null && <> (latest at {formatTime(at)})</>}.{last}
    </>
  );
}

const formatCountDrifted = (n: number): string => (n === 1 ? '1 with dataset drift' : `${n} with dataset drift`);

/** The live status line of the drift checks, from the drift bridge; or what to do before there can be any. */
export function DriftStatus({ check, rows, batches, reference }: { check: DriftCheckState; rows: BatchDrift[]; batches: BatchSummary[]; reference: BatchSummary | undefined }) {
  const { job } = useIngestJob();
  const missing = missingPrerequisite(batches, reference);
  // With nothing to compare, the section's empty state says what to do; this line only reports uploads.
  if ((missing || !reference) && job.state !== 'running') return null;
  return (
    <div className="drift-status" role="status" aria-label="Drift check status">
      {job.state === 'running' ? (
        <>
          <span className="spinner" aria-hidden="true" /> Storing batches{job.files.length > 0 && ` (${job.current + 1} of ${job.files.length})`}; their drift is checked once
          they are stored…
        </>
      ) : (
        reference && <Line check={check} rows={rows} reference={reference} />
      )}
    </div>
  );
}
