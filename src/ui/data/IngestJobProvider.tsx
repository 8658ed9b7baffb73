import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ingestFiles, type ProgressListener } from '../../bridge/ingestBridge.ts';
import { DEMO_BATCH_NAMES } from '../../core/demo.ts';
import type { IngestProgress } from '../../app/ingest/ingest.ts';
import type { IngestReport } from '../../app/ingest/ingestFiles.ts';
import { playDemoStory, type DemoStep } from './demoStory.ts';
import { interruptedText, takeInterruptedUploads, withUploadNote } from './interruptedUploads.ts';

export interface FileProgress {
  name: string;
  /** Known up front for uploads; for the demo, from the first progress report. */
  size: number;
  progress: IngestProgress | null;
}

export type IngestJob =
  | { state: 'idle' }
  | { state: 'running'; title: string; files: FileProgress[]; current: number; cancelling: boolean; story?: DemoStep }
  | { state: 'finished'; title: string; reports: IngestReport[] }
  | { state: 'failed'; title: string; message: string };

interface IngestJobControls {
  job: IngestJob;
  upload(files: File[], refused: IngestReport[]): void;
  loadDemo(): void;
  cancel(): void;
  dismiss(): void;
}

const IngestJobContext = createContext<IngestJobControls | null>(null);

/** The demo's job title: what DemoOnOpen and the story's status line know it by. */
export const DEMO_TITLE = 'Demo scenario';

const ACCEPTED = /\.(csv|tsv|txt)$/i;

/** Files the reader is meant for; anything else is refused here without reaching the worker. */
export function splitAccepted(files: File[]): { accepted: File[]; refused: IngestReport[] } {
  const accepted: File[] = [];
  const refused: IngestReport[] = [];
  for (const file of files) {
    if (ACCEPTED.test(file.name) || file.type === 'text/csv') accepted.push(file);
    else refused.push({ file: file.name, status: 'refused', message: 'not a .csv, .tsv or .txt file' });
  }
  return { accepted, refused };
}

/**
 * One upload or demo load at a time, kept above the sections so its progress survives a change
 * of section. The worker does the work; this keeps what the page shows about it.
 */
export function IngestJobProvider({ children }: { children: ReactNode }) {
  const [job, setJob] = useState<IngestJob>({ state: 'idle' });
  const controller = useRef<AbortController | null>(null);

  // An upload cut off by a closed or reloaded page says so once, here or in the next tab to open.
  useEffect(() => {
    void takeInterruptedUploads().then(([note]) => {
      if (note) setJob((job) => (job.state === 'idle' ? { state: 'failed', title: 'Upload', message: interruptedText(note) } : job));
    });
  }, []);

  const run = useCallback(
    async (title: string, files: FileProgress[], start: (onProgress: ProgressListener, signal: AbortSignal) => Promise<IngestReport[]>, before: IngestReport[] = []) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      setJob({ state: 'running', title, files, current: 0, cancelling: false });
      const onProgress: ProgressListener = (index, progress) =>
        setJob((job) => {
          if (job.state !== 'running') return job;
          const files = [...job.files];
          while (files.length <= index) files.push({ name: `file ${files.length + 1}`, size: 0, progress: null });
          files[index] = { ...(files[index] as FileProgress), size: progress.totalBytes, progress };
          return { ...job, files, current: index };
        });
      try {
        const reports = await start(onProgress, abort.signal);
        setJob({ state: 'finished', title, reports: [...before, ...reports] });
      } catch (error) {
        setJob({ state: 'failed', title, message: error instanceof Error ? error.message : String(error) });
      } finally {
        controller.current = null;
      }
    },
    [],
  );

  const controls = useMemo<IngestJobControls>(
    () => ({
      job,
      upload(files, refused) {
        if (files.length === 0) {
          setJob({ state: 'finished', title: 'Upload', reports: refused });
          return;
        }
        const listed = files.map((f) => ({ name: f.name, size: f.size, progress: null }));
        const names = files.map((f) => f.name);
        const upload = (onProgress: ProgressListener, signal: AbortSignal): Promise<IngestReport[]> =>
          withUploadNote(names, (setCurrent) => {
            const noted: ProgressListener = (index, progress) => {
              setCurrent(index);
              onProgress(index, progress);
            };
            return ingestFiles(files, noted, signal);
          });
        void run('Upload', listed, upload, refused);
      },
      loadDemo() {
        const listed = DEMO_BATCH_NAMES.map((name) => ({ name, size: 0, progress: null }));
        const onStep = (story: DemoStep): void => setJob((job) => (job.state === 'running' ? { ...job, story, current: story.batch } : job));
        void run(DEMO_TITLE, listed, (onProgress, signal) => playDemoStory(onStep, onProgress, signal));
      },
      cancel() {
        if (!controller.current) return;
        controller.current.abort();
        setJob((job) => (job.state === 'running' ? { ...job, cancelling: true } : job));
      },
      dismiss() {
        setJob((job) => (job.state === 'running' ? job : { state: 'idle' }));
      },
    }),
    [job, run],
  );

  return <IngestJobContext.Provider value={controls}>{children}</IngestJobContext.Provider>;
}

export function useIngestJob(): IngestJobControls {
  const controls = useContext(IngestJobContext);
  if (!controls) throw new Error('useIngestJob needs an IngestJobProvider above it');
  return controls;
}
