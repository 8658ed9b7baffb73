import * as Comlink from 'comlink';
import type { WorkspaceApi, WorkspaceFileCheck, WorkspaceFileRefusal } from '../../workers/workspace.worker.ts';
import type { NotificationSettings } from '../core/notify/notify.ts';
import type { WorkspaceCounts } from '../storage/queries/workspaceCounts.ts';
import type { ZipProgress } from '../storage/workspaceZip.ts';
import { requestDriftCheck } from './driftBridge.ts';
import { workerBridge } from './workerBridge.ts';

export type { WorkspaceFileCheck, WorkspaceFileRefusal, ZipProgress };

/** The workspace worker, started on first use (an export, an import or one of the page's bookkeeping writes). */
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

export const deleteVersion = (version: number): Promise<void> => workspace.call((api) => api.deleteVersion(version));

export const editVersionInfo = (version: number, info: { tags?: string[]; description?: string }): Promise<void> => workspace.call((api) => api.editVersionInfo(version, info));

export const saveNotificationSettings = (settings: NotificationSettings): Promise<void> => workspace.call((api) => api.saveNotificationSettings(settings));
