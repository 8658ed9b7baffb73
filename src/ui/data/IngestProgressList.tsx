import { formatBytes, formatCount } from '../format.ts';
import { useIngestJob, type FileProgress, type IngestJob } from './IngestJobProvider.tsx';

const phaseLabel = { reading: 'reading', checking: 'checking', storing: 'storing' } as const;

function FileRow({ file, index, current }: { file: FileProgress; index: number; current: number }) {
  const step = file.progress?.step;
  // A file too big to hold is read in steps, each with its own bar: the bar restarts, the label says why.
  const phase = file.progress ? `${phaseLabel[file.progress.phase]}${step ? ` (step ${step.at} of ${step.of})` : ''}` : 'starting';
  const state = index < current ? 'done' : index > current ? 'waiting' : phase;
  const read = file.progress?.bytesRead ?? (index < current ? file.size : 0);
  const total = file.progress?.totalBytes || file.size;
  return (
    <li className={`progress-file progress-file-${index === current ? 'current' : state}`}>
      <div className="progress-file-head">
        <span className="progress-file-name" title={file.name}>
          {file.name}
        </span>
        <span className="progress-file-phase">{state}</span>
      </div>
      <progress max={total || 1} value={Math.min(read, total || 1)} aria-label={`${file.name}: bytes read`} />
      <div className="progress-file-numbers">
        <span>
          {formatBytes(read)} of {formatBytes(total)}
        </span>
        <span>{file.progress ? `${formatCount(file.progress.rows)} rows` : ''}</span>
      </div>
    </li>
  );
}

/** Per-file progress of the running job, with the way to stop it. */
export function IngestProgressList({ job }: { job: Extract<IngestJob, { state: 'running' }> }) {
  const { cancel } = useIngestJob();
  const count = job.files.length;
  return (
    <div className="ingest-progress" role="status" aria-label={`${job.title} progress`}>
      <div className="ingest-progress-head">
        <p>
          <strong>{job.title}</strong>
          {job.cancelling ? ' — cancelling…' : count > 0 ? ` — file ${job.current + 1} of ${count}` : ' — starting…'}
        </p>
        <button type="button" className="btn btn-danger" onClick={cancel} disabled={job.cancelling}>
          {job.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      {count > 0 && (
        <ol className="progress-files">
          {job.files.map((file, index) => (
            <FileRow key={index} file={file} index={index} current={job.current} />
          ))}
        </ol>
      )}
    </div>
  );
}
