import { deflateSync, Zip, ZipPassThrough } from 'fflate';
import type { RelearnDb } from './db.ts';
import { exportWorkspace } from './workspaceExport.ts';
import { importWorkspace, type ExportOptions, type WorkspaceContents, type WorkspaceReader } from './workspaceFormat.ts';
import { WorkspaceError } from './workspaceErrors.ts';
import { ARCHIVE, inflateEntry, listEntries } from './zipEntries.ts';

/**
 * A workspace as one zip file: the directory layout of workspaceFormat.ts, file for file, at the archive's root,
 * so unzipping it gives a directory `relearn run --workspace` reads, and zipping such a directory gives a file
 * the page imports. fflate writes and inflates the archive; this module decides what to trust in it.
 *
 * Reading checks the archive's table of contents before anything is inflated (zipEntries.ts): it is a zip,
 * every entry has a plain relative name inside the workspace layout that appears once, each declared size is
 * one deflate can reach from its compressed bytes and a file of its kind can hold, and the declared total is
 * under a limit. Then importWorkspace reads the workspace, inflating each entry only when it needs it, after
 * checking its declared size against the record that refers to it, and stopping any entry that gives more than
 * it declared; each one's CRC-32 is checked. A file in the archive that the manifest does not account for is
 * refused (never inflated), as the CLI refuses one in a workspace directory: a workspace file holds the
 * workspace and nothing else, and a stray file means it is not one Relearn wrote as it is.
 */

/**
 * The most a workspace file may unpack to. The page holds every unpacked file and the records decoded from them
 * in memory at once before it stores them, and a browser tab gets a few GiB of memory at most: beyond 2 GiB the
 * import would fail anyway, after minutes. The page lowers it further to the site's storage quota.
 */
export const MAX_UNZIPPED_BYTES = 2 * 1024 ** 3;

/** fflate writes no Zip64 records, so an archive holds at most 65,535 entries and 4 GiB. */
const MAX_ENTRIES = 0xffff;
const MAX_ARCHIVE_BYTES = 0xffffffff;

export interface ZipProgress {
  /** Files written into the archive so far. */
  files: number;
  /** Bytes of the archive so far. */
  bytes: number;
}

/**
 * An entry deflated whole with deflateSync. fflate's own streaming ZipDeflate writes invalid back-references for
 * some inputs in 0.8.2 and 0.8.3 (fflate issue #260: our repeating category codes trigger it), while deflateSync
 * is correct; fflate documents subclassing ZipPassThrough for a compression of one's own.
 */
class DeflatedEntry extends ZipPassThrough {
  constructor(name: string) {
    super(name);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    this.ondata(null, deflateSync(chunk, { level: 6 }), final);
  }
}

export interface ZipExportOptions extends ExportOptions {
  onProgress?: (progress: ZipProgress) => void;
}

/** The workspace of `db` as a zip file's bytes: every file of the directory layout, deflated. */
export async function exportWorkspaceZip(db: RelearnDb, options: ZipExportOptions): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  const written = { files: 0, bytes: 0, done: false, failure: null as Error | null };
  // fflate's Zip calls back synchronously here: every entry is deflated whole as it is pushed.
  const zip = new Zip((error, chunk, final) => {
    if (error) written.failure = error;
    else {
      chunks.push(chunk);
      written.bytes += chunk.byteLength;
      written.done = final;
    }
  });
  const check = (): void => {
    if (written.failure) throw written.failure;
  };
  await exportWorkspace(
    db,
    {
      write(path, data) {
        if (++written.files > MAX_ENTRIES) throw new Error(`the workspace has more than ${MAX_ENTRIES} files, more than a zip file holds without Zip64 (which Relearn does not write); use the CLI's workspace directory`);
        const entry = new DeflatedEntry(path);
        zip.add(entry);
        entry.push(data, true);
        check();
        options.onProgress?.({ files: written.files, bytes: written.bytes });
      },
    },
    options,
  );
  zip.end();
  check();
  if (!written.done) throw new Error('the zip file was not finished');
  if (written.bytes > MAX_ARCHIVE_BYTES) throw new Error(`the workspace zips to ${written.bytes} bytes, more than a zip file holds without Zip64 (4 GiB); use the CLI's workspace directory`);
  const out = new Uint8Array(written.bytes);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export interface ZipReadOptions {
  /** The most the archive may unpack to (default MAX_UNZIPPED_BYTES). */
  maxBytes?: number;
}

/**
 * Reads and checks a workspace zip file: the archive (above), then the workspace in it (importWorkspace), then
 * that every file in it belongs to the workspace. Errors name the entry, or "." for the archive as a whole.
 */
export async function readWorkspaceZip(bytes: Uint8Array, currentDbVersion: number, options: ZipReadOptions = {}): Promise<WorkspaceContents> {
  const { root, entries } = listEntries(bytes, options.maxBytes ?? MAX_UNZIPPED_BYTES);
  const byName = new Map(entries.map((entry) => [entry.name.slice(root.length), entry]));
  // Each entry is inflated only when the workspace asks for it, after its declared size was checked against
  // what refers to it: an entry nothing refers to is never inflated.
  const reader: WorkspaceReader = {
    read: (path) => {
      const entry = byName.get(path);
      return entry ? inflateEntry(bytes, { ...entry, name: path }) : null;
    },
    size: (path) => byName.get(path)?.size ?? null,
  };
  let contents: WorkspaceContents;
  try {
    contents = await importWorkspace(reader, currentDbVersion);
  } catch (error) {
    if (error instanceof WorkspaceError && root) throw error.under((file) => (file === ARCHIVE ? file : root + file));
    throw error;
  }
  const stray = [...byName.keys()].filter((name) => !contents.files.has(name));
  if (stray.length > 0) {
    const more = stray.length > 1 ? ` (nor are ${stray.length - 1} more files)` : '';
    throw new WorkspaceError(root + stray[0]!, `is not part of the workspace${more}: a workspace file holds only the files its manifest.json accounts for`);
  }
  return contents;
}
