import type { IngestReport } from '../../app/ingest/ingestFiles.ts';
import { Badge, StatusBadge } from '../components/StatusBadge.tsx';
import { formatTime, plural } from '../format.ts';
import { batchHref } from '../route.ts';
import { useIngestJob, type IngestJob } from './IngestJobProvider.tsx';

// The worker's own timings, as data attributes for `npm run bench` and in words for people.
function timingData(report: IngestReport): Record<string, number> {
  if (report.status !== 'stored') return {};
  const { readMs, profileMs, validateMs, storeMs, readers } = report.timings;
  return {
    'data-rows': report.batch.rows,
    'data-read-ms': Math.round(readMs),
    'data-profile-ms': Math.round(profileMs),
    'data-validate-ms': Math.round(validateMs),
    'data-store-ms': Math.round(storeMs),
    'data-readers': readers,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function Outcome({ report }: { report: IngestReport }) {
  switch (report.status) {
    case 'stored': {
      const { batch } = report;
      return (
        <>
          <Badge tone="accent">stored</Badge>
          <span className="outcome-file">{report.file}</span>
          <span className="outcome-text">
            {plural(batch.rows, 'row')}, {plural(batch.columns.length, 'column')}.{' '}
            {batch.validation ? (
              <>
                Validation <StatusBadge status={batch.validation.status} />
              </>
            ) : (
              'Stored as the reference batch.'
            )}{' '}
            <span className="muted">
              Read in {seconds(report.timings.readMs)}, checked in {seconds(report.timings.profileMs + report.timings.validateMs)}, stored in{' '}
              {seconds(report.timings.storeMs)}.
            </span>{' '}
            <a href={batchHref(batch.id)}>Open</a>
          </span>
        </>
      );
    }
    case 'duplicate':
      return (
        <>
          <Badge tone="neutral">duplicate</Badge>
          <span className="outcome-file">{report.file}</span>
          <span className="outcome-text">
            Already uploaded as batch <a href={batchHref(report.batch.id)}>{report.batch.name}</a> on {formatTime(report.batch.arrivedAt)}; nothing
            stored twice.
          </span>
        </>
      );
    case 'refused':
      return (
        <>
          <Badge tone="fail">refused</Badge>
          <span className="outcome-file">{report.file}</span>
          <span className="outcome-text">
            {report.line !== undefined && <span className="outcome-line">line {report.line}: </span>}
            {sentence(report.message)} Nothing stored.
          </span>
        </>
      );
    case 'cancelled':
      return (
        <>
          <Badge tone="neutral">cancelled</Badge>
          <span className="outcome-file">{report.file}</span>
          <span className="outcome-text">Cancelled; nothing stored.</span>
        </>
      );
  }
}

function summary(reports: IngestReport[]): string {
  const count = (status: IngestReport['status']): number => reports.filter((r) => r.status === status).length;
  const parts = [
    [count('stored'), 'stored'],
    [count('duplicate'), 'already uploaded'],
    [count('refused'), 'refused'],
    [count('cancelled'), 'cancelled'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** What became of each file of the last job. Refused files get an alert; the rest is a status. */
export function IngestReports({ job }: { job: Extract<IngestJob, { state: 'finished' | 'failed' }> }) {
  const { dismiss } = useIngestJob();
  const refused = job.state === 'finished' && job.reports.some((r) => r.status === 'refused');
  return (
    <div className={`ingest-reports${refused || job.state === 'failed' ? ' ingest-reports-problem' : ''}`}>
      <div className="ingest-reports-head">
        <p>
          <strong>{job.title}</strong>
          {job.state === 'finished' ? ` finished: ${summary(job.reports) || 'no files'}` : ' failed'}
        </p>
        <button type="button" className="btn btn-quiet" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      {job.state === 'failed' ? (
        <p role="alert" className="ingest-failure">
          {sentence(job.message)} Nothing more was stored.
        </p>
      ) : (
        <div role={refused ? 'alert' : 'status'} aria-label={`${job.title} results`}>
          <ul className="outcomes">
            {job.reports.map((report, index) => (
              <li key={index} className={`outcome outcome-${report.status}`} data-status={report.status} {...timingData(report)}>
                <Outcome report={report} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
