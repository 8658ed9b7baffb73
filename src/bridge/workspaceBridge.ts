import * as Comlink from 'comlink';
import type { WorkspaceApi, WorkspaceFileCheck, WorkspaceFileRefusal } from '../../workers/workspace.worker.ts';
import type { WorkspaceCounts } from '../storage/workspaceImport.ts';
import type { ZipProgress } from '../storage/workspaceZip.ts';
import { requestDriftCheck } from './driftBridge.ts';
import { workerBridge } from './workerBridge.ts';

export type { WorkspaceFileCheck, WorkspaceFileRefusal, ZipProgress };

/** The workspace worker, started on first use (an export or an import). */
const workspace = workerBridge<WorkspaceApi>({ start: () => new Worker(new URL('../../workers/workspace.worker.ts', import.meta.url), { type: 'module', name: 'workspace' }) });

export function exportWorkspaceFile(onProgress: (progress: ZipProgress) => void): Promise<Uint8Array<ArrayBuffer>> {
  return workspace.call((api) => api.exportZip(Comlink.proxy(onProgress)));
}

export function checkWorkspaceFile(file: File): Promise<WorkspaceFileCheck | WorkspaceFileRefusal> {
  return workspace.call<WorkspaceFileCheck | WorkspaceFileRefusal>((api) => api.check(file));
}

export async function importWorkspaceFile(file: File): Promise<{ ok: true; counts: WorkspaceCounts } | WorkspaceFileRefusal> {
  const result = await workspace.call<{ ok: true; counts: WorkspaceCounts } | WorkspaceFileRefusal>((api) => api.replace(file));
  // The imported batches are checked against the imported reference, and the pipeline judges any not yet judged.
  if (result.ok) requestDriftCheck();
  return result;
}
