import * as Comlink from 'comlink';
import type { WorkspaceApi, WorkspaceFileCheck, WorkspaceFileRefusal } from '../../workers/workspace.worker.ts';
import type { NotificationSettings } from '../core/notify/notify.ts';
import type { WorkspaceCounts } from '../storage/queries/workspaceCounts.ts';
import type { ZipProgress } from '../storage/workspaceZip.ts';
import { requestDriftCheck } from './driftBridge.ts';

export type { WorkspaceFileCheck, WorkspaceFileRefusal, ZipProgress };

let remote: Comlink.Remote<WorkspaceApi> | null = null;

/** The workspace worker, started on first use (an export, an import or one of the page's bookkeeping writes). */
function workspaceWorker(): Comlink.Remote<WorkspaceApi> {
  remote ??= Comlink.wrap<WorkspaceApi>(new Worker(new URL('../../workers/workspace.worker.ts', import.meta.url), { type: 'module', name: 'workspace' }));
  return remote;
}

export function exportWorkspaceFile(onProgress: (progress: ZipProgress) => void): Promise<Uint8Array<ArrayBuffer>> {
  return workspaceWorker().exportZip(Comlink.proxy(onProgress));
}

export function checkWorkspaceFile(file: File): Promise<WorkspaceFileCheck | WorkspaceFileRefusal> {
  return workspaceWorker().check(file);
}

export async function importWorkspaceFile(file: File): Promise<{ ok: true; counts: WorkspaceCounts } | WorkspaceFileRefusal> {
  const result = await workspaceWorker().replace(file);
  // The imported batches are checked against the imported reference, and the pipeline judges any not yet judged.
  if (result.ok) requestDriftCheck();
  return result;
}

export const deleteVersion = (version: number): Promise<void> => workspaceWorker().deleteVersion(version);

export const editVersionInfo = (version: number, info: { tags?: string[]; description?: string }): Promise<void> => workspaceWorker().editVersionInfo(version, info);

export const saveNotificationSettings = (settings: NotificationSettings): Promise<void> => workspaceWorker().saveNotificationSettings(settings);
