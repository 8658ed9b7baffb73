import * as Comlink from 'comlink';
import type { IngestApi } from '../../workers/ingest.worker.ts';
import type { BatchDeletion } from '../app/workspace/deletion.ts';
import type { IngestProgress } from '../app/ingest/ingest.ts';
import type { IngestReport } from '../app/ingest/ingestFiles.ts';
import type { WorkspaceChange } from '../app/workspace/schemaChanges.ts';
import { requestDriftCheck } from './driftBridge.ts';
import { workerBridge } from './workerBridge.ts';

// Named: a worker that fails as a whole (its script, an out-of-memory end) fails the upload with an alert rather than leaving it waiting.
const ingester = workerBridge<IngestApi>({ start: () => new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' }), name: 'ingest' });

export type ProgressListener = (fileIndex: number, progress: IngestProgress) => void;

/**
 * Runs an upload in the worker. Aborting the signal is passed on to the worker rather than ending it:
 * the file under way stores nothing, the files stored before it stay, and the reports say which is which.
 */
async function job(run: (api: Comlink.Remote<IngestApi>, progress: ProgressListener, abort: MessagePort) => Promise<IngestReport[]>, onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport[]> {
  try {
    return await ingester.callCooperatively((api, abort) => run(api, Comlink.proxy(onProgress), abort), signal);
  } finally {
    // New batches are checked against the reference as soon as they are stored.
    requestDriftCheck();
  }
}

/**
 * Bytes from which an upload is stored as it is read, when set in this browser (tests lower it to
 * drive small files through that path); otherwise the worker decides from the device's memory.
 */
export const BOUNDED_FROM_KEY = 'relearn.uploadBoundedFromBytes';

function boundedFrom(): number | undefined {
  const value = Number(localStorage.getItem(BOUNDED_FROM_KEY) ?? NaN);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export function ingestFiles(files: File[], onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport[]> {
  return job((api, progress, abort) => api.ingest(files, progress, abort, boundedFrom()), onProgress, signal);
}

/** Stores the demo's batch `index` (DEMO_BATCH_NAMES); the first also sets the target. */
export async function loadDemoBatch(index: number, onProgress: ProgressListener, signal?: AbortSignal): Promise<IngestReport> {
  const [report] = await job(async (api, progress, abort) => [await api.loadDemoBatch(index, progress, abort)], onProgress, signal);
  return report!;
}

export async function changeWorkspace(change: WorkspaceChange): Promise<void> {
  await ingester.call((api) => api.changeWorkspace(change));
  requestDriftCheck();
}

/** Deletes a batch in the ingest worker; batches whose reference changed are then checked for drift again. */
export async function deleteBatch(batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
  const deletion = await ingester.call((api) => api.deleteBatch(batchId, confirmed));
  if (deletion.newReference) requestDriftCheck();
  return deletion;
}
