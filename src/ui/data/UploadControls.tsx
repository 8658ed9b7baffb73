import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { UploadIcon } from '../icons.tsx';
import { IngestProgressList } from './IngestProgressList.tsx';
import { IngestReports } from './IngestReports.tsx';
import { splitAccepted, useIngestJob } from './IngestJobProvider.tsx';

export const ACCEPT = '.csv,.tsv,.txt,text/csv';

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

/** Drag and drop of several files; the drop zone also holds the picker for those who do not drag. */
export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  const { job, upload } = useIngestJob();
  const busy = job.state === 'running';
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    if (busy) return;
    const { accepted, refused } = splitAccepted([...event.dataTransfer.files]);
    upload(accepted, refused);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}${busy ? ' drop-zone-busy' : ''}`}
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
    </div>
  );
}

/** Upload controls with the running job's progress, then each file's outcome. */
export function UploadPanel() {
  const { job } = useIngestJob();
  return (
    <section className="panel" aria-labelledby="upload-title">
      <div className="panel-header">
        <h2 id="upload-title">Add batches</h2>
      </div>
      <DropZone>
        <UploadIcon size={22} />
        <p className="drop-zone-text">
          Drop CSV, TSV or TXT files here, or <ChooseFilesButton />
        </p>
        <span className="drop-zone-or">or</span>
        <LoadDemoButton />
      </DropZone>
      {job.state === 'running' && <IngestProgressList job={job} />}
      {(job.state === 'finished' || job.state === 'failed') && <IngestReports job={job} />}
    </section>
  );
}
