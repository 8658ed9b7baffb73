import * as Comlink from 'comlink';
import { version } from '../package.json';
import type { NotificationSettings } from '../src/core/notify/notify.ts';
import { editVersionInfo } from '../src/app/registry/byHand.ts';
import { deleteVersion } from '../src/app/workspace/deletion.ts';
import { saveNotificationSettings } from '../src/app/workspace/settings.ts';
import { RelearnDb } from '../src/storage/db.ts';
import { WorkspaceError } from '../src/storage/workspaceErrors.ts';
import { importWorkspaceZip } from '../src/app/workspace/workspaceFile.ts';
import { countsInDb, countsInFile, type WorkspaceCounts } from '../src/storage/queries/workspaceCounts.ts';
import { exportWorkspaceZip, MAX_UNZIPPED_BYTES, readWorkspaceZip, type ZipProgress } from '../src/storage/workspaceZip.ts';

/**
 * Zipping, unzipping and checking a workspace file, off the page's thread: a large workspace takes seconds to
 * deflate or to check record by record. The worker has its own connection to the page's database. It also
 * makes the page's small bookkeeping writes (deleting a version, tags, notification settings), so that the
 * page itself never writes.
 */
const db = new RelearnDb();

/** What a checked file holds, beside what the workspace holds now: what the person confirms. */
export interface WorkspaceFileCheck {
  ok: true;
  createdBy: string;
  savedAt: string;
  now: WorkspaceCounts;
  inFile: WorkspaceCounts;
}

export interface WorkspaceFileRefusal {
  ok: false;
  /** "FILE.zip/ENTRY: what is wrong", or why the workspace could not be replaced. */
  message: string;
}

/** The site's whole storage quota bounds what an import may unpack to: more could never be stored. */
async function unpackLimit(): Promise<number> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  return Math.min(MAX_UNZIPPED_BYTES, estimate?.quota ?? MAX_UNZIPPED_BYTES);
}

async function read(file: File): Promise<Awaited<ReturnType<typeof readWorkspaceZip>>> {
  return readWorkspaceZip(new Uint8Array(await file.arrayBuffer()), db.verno, { maxBytes: await unpackLimit() });
}

// Comlink passes an Error's message on, not a WorkspaceError's file: the refusal is returned as text instead.
function refusal(file: File, error: unknown): WorkspaceFileRefusal {
  if (error instanceof WorkspaceError) return { ok: false, message: error.under((f) => (f === '.' ? file.name : `${file.name}/${f}`)).describe() };
  return { ok: false, message: error instanceof Error ? error.message : String(error) };
}

const api = {
  /** The workspace as a zip file's bytes; `onProgress` hears of each file written into it. */
  async exportZip(onProgress: (progress: ZipProgress) => void): Promise<Uint8Array<ArrayBuffer>> {
    // TensorFlow.js only for model.json's "generatedBy"; loaded when a workspace is exported, not with the worker.
    const { modelFiles } = await import('../src/ml/artifacts.ts');
    const bytes = await exportWorkspaceZip(db, { createdBy: `relearn ${version} (the web page)`, modelJson: (artifacts) => modelFiles(artifacts).modelJson, onProgress });
    return Comlink.transfer(bytes, [bytes.buffer]);
  },

  /** Reads and checks all of a workspace file; changes nothing. */
  async check(file: File): Promise<WorkspaceFileCheck | WorkspaceFileRefusal> {
    try {
      const contents = await read(file);
      return { ok: true, createdBy: contents.manifest.createdBy, savedAt: contents.manifest.savedAt, now: await countsInDb(db), inFile: countsInFile(contents) };
    } catch (error) {
      return refusal(file, error);
    }
  },

  /** Reads and checks the file again (it may have changed since), then replaces the workspace with it in one transaction. */
  async replace(file: File): Promise<{ ok: true; counts: WorkspaceCounts } | WorkspaceFileRefusal> {
    try {
      const counts = await importWorkspaceZip(db, new Uint8Array(await file.arrayBuffer()), file.name, await unpackLimit());
      return { ok: true, counts };
    } catch (error) {
      return refusal(file, error);
    }
  },

  /** Deletes a model version with its weights and event; the champion is refused. */
  deleteVersion(version: number): Promise<void> {
    return deleteVersion(db, version);
  },

  editVersionInfo(version: number, info: { tags?: string[]; description?: string }): Promise<void> {
    return editVersionInfo(db, version, info);
  },

  saveNotificationSettings(settings: NotificationSettings): Promise<void> {
    return saveNotificationSettings(db, settings);
  },
};

export type WorkspaceApi = typeof api;

Comlink.expose(api);
