import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { IngestProgressList } from './IngestProgressList.tsx';
import { IngestReports } from './IngestReports.tsx';
import { splitAccepted, useIngestJob } from './IngestJobProvider.tsx';

const ACCEPT = '.csv,.tsv,.txt,text/csv';

/** The file picker: a real file input behind a button, so keyboard, screen readers and tests all reach it. */
export function ChooseFilesButton({ primary = false }: { primary?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const { job, upload } = useIngestJob();
  return (
    <>
      <button type="button" className={primary ? 'btn btn-primary' : 'btn'} disabled={job.state === 'running'} onClick={() => input.current?.click()}>
        Choose CSV files
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        tabIndex={-1}
        aria-label="CSV files to upload"
        onChange={(event) => {
          const { accepted, refused } = splitAccepted([...(event.target.files ?? [])]);
          // Cleared so that choosing the same file again is seen as a new choice.
          event.target.value = '';
          upload(accepted, refused);
        }}
      />
    </>
  );
}

export function LoadDemoButton({ primary = false }: { primary?: boolean }) {
  const { job, loadDemo } = useIngestJob();
  return (
    <button type="button" className={primary ? 'btn btn-primary' : 'btn'} disabled={job.state === 'running'} onClick={loadDemo}>
      Load demo scenario
    </button>
  );
}

/** Drag and drop of several files onto an area of the page; the area also holds the file picker. */
export function DropZone({ className, children, label }: { className: string; children: ReactNode; label?: string }) {
  const [over, setOver] = useState(false);
  const { job, upload } = useIngestJob();
  const busy = job.state === 'running';
  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setOver(false);
    if (busy) return;
    const { accepted, refused } = splitAccepted([...event.dataTransfer.files]);
    upload(accepted, refused);
  };
  return (
    <section
      className={`${className}${over ? ' drop-over' : ''}`}
      aria-label={label}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
        setOver(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      {children}
    </section>
  );
}

/** The running job's progress, then each file's outcome until dismissed or the next job. */
export function IngestStatus() {
  const { job } = useIngestJob();
  if (job.state === 'running') return <IngestProgressList job={job} />;
  if (job.state === 'finished' || job.state === 'failed') return <IngestReports job={job} />;
  return null;
}
