import * as Comlink from 'comlink';
import type { IngestApi } from '../../workers/ingest.worker.ts';
import type { BatchDeletion } from '../app/workspace/deletion.ts';
import type { IngestProgress } from '../app/ingest/ingest.ts';
import type { IngestReport } from '../app/ingest/ingestFiles.ts';
import type { WorkspaceChange } from '../app/workspace/schemaChanges.ts';
import { requestDriftCheck } from './driftBridge.ts';

let remote: Comlink.Remote<IngestApi> | null = null;

/** The ingest worker, started on first use and kept for the page's life (uploads come in bursts). */
function ingestWorker(): Comlink.Remote<IngestApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' });
    remote = Comlink.wrap<IngestApi>(worker);
  }
  return remote;
}

export type ProgressListener = (fileIndex: number, progress: IngestProgress) => void;

let nextJob = 0;

/** Runs a job in the worker; aborting the signal asks the worker to stop, and it stores nothing. */
async function job(run: (id: string, progress: ProgressListener) => Promise<IngestReport[]>, onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport[]> {
  const id = `job-${++nextJob}`;
  const cancel = (): void => void ingestWorker().cancel(id);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await run(id, Comlink.proxy(onProgress));
  } finally {
    // New batches are checked against the reference as soon as they are stored.
    requestDriftCheck();
    signal?.removeEventListener('abort', cancel);
  }
}

export function ingestFiles(files: File[], onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport[]> {
  return job((id, progress) => ingestWorker().ingest(id, files, progress), onProgress, signal);
}

export function loadDemoScenario(onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport[]> {
  return job((id, progress) => ingestWorker().loadDemo(id, progress), onProgress, signal);
}

export async function changeWorkspace(change: WorkspaceChange): Promise<void> {
  await ingestWorker().changeWorkspace(change);
  requestDriftCheck();
}

/** Deletes a batch in the ingest worker; batches whose reference changed are then checked for drift again. */
export async function deleteBatch(batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
  const deletion = await ingestWorker().deleteBatch(batchId, confirmed);
  if (deletion.newReference) requestDriftCheck();
  return deletion;
}
