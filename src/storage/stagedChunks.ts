import type { ChunkArray } from './db.ts';

/**
 * Chunk bytes handed to IndexedDB through a file of the origin's private file system (OPFS) rather than
 * through `new Blob([bytes])`. A Blob made from memory is copied in the worker, again by the renderer's
 * background threads and again by the browser's IO thread before IndexedDB writes it to its own file; bytes
 * written to a file with a worker's sync access handle are copied once, and IndexedDB copies that file.
 * In Chromium this was 1.6–2.1 s of CPU against 3.1–4.0 s for the 168 chunks of 1 MB of a 1M × 21 upload
 * (same load, back to back). The stored record is the same: a Blob of the chunk's bytes (chunkRecords.ts).
 *
 * Only where a sync access handle can be made (a dedicated worker of a browser that has them); elsewhere
 * (Node, the page's thread) `stageArrays` answers null and the caller makes Blobs from memory. A staged
 * file is removed once the transaction that stored its Blobs has settled (IndexedDB on disk has copied it);
 * a file left by a closed tab is removed by `cleanStagedChunks` once its upload's lock is free. IndexedDB off
 * the record keeps references instead of copies: writePendingChunks finds it once (stagedBytesKept) and stops staging.
 */

/** The folder of staged files, in the origin's private file system. */
const FOLDER = 'relearn-pending-chunks';

interface SyncAccess {
  write(data: ArrayBufferView, options: { at: number }): number;
  close(): void;
}

/** FileSystemFileHandle as a dedicated worker has it (the DOM library this folder is typed with leaves this out). */
type WorkerFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccess> };

/** A folder's entry names, as browsers iterate them (left out of the DOM library too). */
type NamedEntries = FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };

let folder: Promise<FileSystemDirectoryHandle | null> | undefined;

/** The staging folder, or null where files cannot be written with a sync access handle. */
function stagingFolder(): Promise<FileSystemDirectoryHandle | null> {
  folder ??= (async () => {
    const fileHandle = (globalThis as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle;
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory || !fileHandle || !('createSyncAccessHandle' in fileHandle.prototype)) return null;
    try {
      return await (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
    } catch {
      return null;
    }
  })();
  return folder;
}

/** Whether IndexedDB keeps its own copy of staged bytes here: asked once per worker (stagedBytesKept). */
let kept: Promise<boolean> | undefined;

/**
 * Whether IndexedDB keeps its own copy of staged bytes, or only a reference to the staged file (Chromium's
 * private windows): `check` is asked by the first staged write of this worker, and every later write shares
 * its answer, since it is fixed for a browser context. Where it is a reference, `stageArrays` answers null
 * from then on.
 */
export function stagedBytesKept(check: () => Promise<boolean>): Promise<boolean> {
  kept ??= check().then(
    (copied) => {
      if (!copied) folder = Promise.resolve(null);
      return copied;
    },
    (error: unknown) => {
      // A check that failed (the database closed under it) answers nothing: the next staged write asks again.
      kept = undefined;
      throw error;
    },
  );
  return kept;
}

/** Blobs of staged bytes, and the removal of their file once they are stored (or not). */
export interface StagedBlobs {
  blobs: Blob[];
  release(): Promise<void>;
}

/**
 * The arrays' bytes written one after another to a new staged file of `batchId`, and a Blob of each (a
 * slice of the file); null where files cannot be staged, or the staging failed for another reason than a
 * full disk (the caller then makes Blobs from memory). A full disk throws the browser's QuotaExceededError.
 */
export async function stageArrays(batchId: string, arrays: readonly ChunkArray[]): Promise<StagedBlobs | null> {
  const staging = await stagingFolder();
  if (!staging) return null;
  const name = `${batchId}.${crypto.randomUUID()}`;
  const release = (): Promise<void> => staging.removeEntry(name).catch(() => undefined);
  try {
    const handle = (await staging.getFileHandle(name, { create: true })) as WorkerFileHandle;
    const access = await handle.createSyncAccessHandle();
    const ends: number[] = [];
    try {
      let at = 0;
      for (const data of arrays) {
        if (access.write(data, { at }) !== data.byteLength) throw new DOMException('a staged chunk was written short', 'QuotaExceededError');
        at += data.byteLength;
        ends.push(at);
      }
    } finally {
      access.close();
    }
    const file = await handle.getFile();
    return { blobs: ends.map((end, i) => file.slice(ends[i - 1] ?? 0, end)), release };
  } catch (error) {
    await release();
    if (error instanceof DOMException && error.name === 'QuotaExceededError') throw error;
    return null;
  }
}

/** The batch a staged file belongs to (its name up to the first dot). */
export const stagedBatchId = (name: string): string => name.slice(0, name.indexOf('.'));

/**
 * Removes staged files left by uploads that ended without finishing (a crash, a closed tab): `ifFree(batchId, run)`
 * runs `run` only while that batch's upload is not under way. Returns how many were removed.
 */
export async function cleanStagedChunks(ifFree: (batchId: string, run: () => Promise<void>) => Promise<void>): Promise<number> {
  const staging = await stagingFolder();
  if (!staging) return 0;
  const names: string[] = [];
  for await (const name of (staging as NamedEntries).keys()) names.push(name);
  let removed = 0;
  for (const name of names) {
    await ifFree(stagedBatchId(name), async () => {
      await staging.removeEntry(name).catch(() => undefined);
      removed++;
    });
  }
  return removed;
}
