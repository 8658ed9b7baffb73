import { deflateSync, unzipSync, Zip, ZipPassThrough, type UnzipFileInfo } from 'fflate';
import type { RelearnDb } from './db.ts';
import { exportWorkspace, importWorkspace, MANIFEST_FILE, type ExportOptions, type WorkspaceContents } from './workspaceFormat.ts';
import { WorkspaceError } from './workspaceErrors.ts';

/**
 * A workspace as one zip file: the directory layout of workspaceFormat.ts, file for file, at the archive's root,
 * so unzipping it gives a directory `relearn run --workspace` reads, and zipping such a directory gives a file
 * the page imports. fflate writes and inflates the archive; this module decides what to trust in it.
 *
 * Reading checks the whole archive before a record is decoded: it is a zip (its end record and table of
 * contents are there: a truncated file has neither), every entry has a plain relative name (no absolute path,
 * `..`, backslash or control character) that appears once, the sizes the entries declare add up to at most a
 * limit and each one is a size deflate can reach from its compressed bytes (a zip bomb lies in one or the
 * other; nothing is inflated before both are checked), every entry inflates to its declared size with its
 * declared CRC-32, and then importWorkspace checks the workspace inside. A file in the archive that the manifest
 * does not account for is refused, as the CLI refuses one in a workspace directory: a workspace file holds the
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

/** Deflate's largest expansion: one compressed byte gives at most 1032 (RFC 1951, a run of length codes). */
const DEFLATE_MAX_RATIO = 1032;

/** Where an error about the archive as a whole points: the caller names the zip file (`WorkspaceError.under`). */
const ARCHIVE = '.';

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

/** The CRC-32 of bytes, as fflate computes it for the entries it writes. */
function crc32(bytes: Uint8Array): number {
  const stream = new ZipPassThrough('');
  stream.ondata = () => undefined;
  stream.push(bytes, true);
  return stream.crc >>> 0;
}

const truncated = (): WorkspaceError => new WorkspaceError(ARCHIVE, 'is not a zip file, or it is truncated: its table of contents is missing or damaged');

/**
 * The CRC-32 that each entry of the archive's table of contents declares, in order, with a check that the
 * entry's local header lies inside the file: fflate's unzip reads neither. Zip64 archives are refused (fflate
 * writes none, and the size limit is below their range).
 */
function declaredCrcs(bytes: Uint8Array, entries: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => (at + 2 <= bytes.length ? view.getUint16(at, true) : NaN);
  const u32 = (at: number): number => (at + 4 <= bytes.length ? view.getUint32(at, true) : NaN);
  let end = bytes.length - 22;
  while (end >= 0 && u32(end) !== 0x06054b50) end--;
  if (end < 0) throw truncated();
  if (end >= 20 && u32(end - 20) === 0x07064b50) throw new WorkspaceError(ARCHIVE, 'is a Zip64 archive (over 65,535 files or 4 GiB), which Relearn does not read');
  if (u16(end + 10) !== entries) throw truncated();
  const crcs: number[] = [];
  let at = u32(end + 16);
  for (let i = 0; i < entries; i++) {
    if (u32(at) !== 0x02014b50) throw truncated();
    crcs.push(u32(at + 16));
    const local = u32(at + 42);
    if (u32(local) !== 0x04034b50 || !(local + 30 + u16(local + 26) + u16(local + 28) + u32(at + 20) <= end)) throw truncated();
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
  return crcs;
}

const hasControl = (text: string): boolean => Array.from(text).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Why an entry's name is not a plain relative path inside the workspace, or null. */
function unsafeName(name: string): string | null {
  if (name.includes('\\')) return 'has a backslash in its name; a workspace file names its entries with "/"';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path; a workspace file holds relative paths only';
  if (hasControl(name)) return 'has a control character in its name';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return 'points outside the workspace ("..")';
  if (parts.some((p) => p === '' || p === '.')) return 'has an empty or "." part in its name';
  return null;
}

interface Entry {
  info: UnzipFileInfo;
  crc: number;
}

/** Every file entry of the archive (folders dropped), after the checks that need nothing inflated. */
function listEntries(bytes: Uint8Array, maxBytes: number): Entry[] {
  const infos: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (info) => {
        infos.push(info);
        return false;
      },
    });
  } catch {
    throw truncated();
  }
  const crcs = declaredCrcs(bytes, infos.length);
  const seen = new Set<string>();
  const entries: Entry[] = [];
  let total = 0;
  infos.forEach((info, i) => {
    const problem = unsafeName(info.name);
    if (problem) throw new WorkspaceError(ARCHIVE, `has an entry "${Array.from(info.name, (c) => (hasControl(c) ? '?' : c)).join('')}" that ${problem}`);
    if (seen.has(info.name)) throw new WorkspaceError(info.name, 'appears twice in the zip file; a workspace file holds each file once');
    seen.add(info.name);
    if (info.name.endsWith('/') && info.originalSize === 0) return;
    if (info.compression !== 0 && info.compression !== 8) throw new WorkspaceError(info.name, `is compressed with method ${info.compression}; Relearn reads stored and deflated entries`);
    const most = info.compression === 0 ? info.size : Math.max(info.size, 1) * DEFLATE_MAX_RATIO;
    if (info.originalSize > most) {
      throw new WorkspaceError(info.name, `says it unpacks to ${info.originalSize} bytes from ${info.size}, more than ${info.compression === 0 ? 'it stores' : 'deflate can produce'}: the zip file is corrupt or a zip bomb`);
    }
    total += info.originalSize;
    entries.push({ info, crc: crcs[i]! });
  });
  if (total > maxBytes) {
    throw new WorkspaceError(ARCHIVE, `would unpack to ${total} bytes, more than the ${maxBytes} bytes allowed here: it is a zip bomb, or a workspace too large to import`);
  }
  return entries;
}

/** A workspace zipped with its folder ("ws/manifest.json", as a file manager zips a folder) is read from inside it. */
function rootOf(entries: Entry[]): string {
  if (entries.some((e) => e.info.name === MANIFEST_FILE)) return '';
  const folder = entries[0]?.info.name.split('/')[0];
  const prefix = `${folder}/`;
  return folder && entries.every((e) => e.info.name.startsWith(prefix)) && entries.some((e) => e.info.name === `${prefix}${MANIFEST_FILE}`) ? prefix : '';
}

/** Inflates every entry and checks its size and CRC-32. */
function inflate(bytes: Uint8Array, entries: Entry[]): Map<string, Uint8Array> {
  let current = '';
  let files: Record<string, Uint8Array>;
  const wanted = new Set(entries.map((e) => e.info.name));
  try {
    files = unzipSync(bytes, { filter: (info) => ((current = info.name), wanted.has(info.name)) });
  } catch (error) {
    throw new WorkspaceError(current || ARCHIVE, `cannot be unpacked (${error instanceof Error ? error.message : String(error)}): the zip file is corrupt`);
  }
  const out = new Map<string, Uint8Array>();
  for (const { info, crc } of entries) {
    const data = files[info.name]!;
    if (data.byteLength !== info.originalSize) throw new WorkspaceError(info.name, `unpacks to ${data.byteLength} bytes, not the ${info.originalSize} it declares: the zip file is corrupt`);
    if (crc32(data) !== crc) throw new WorkspaceError(info.name, 'does not match its CRC-32 checksum: the zip file is corrupt (damaged in transfer or edited)');
    out.set(info.name, data);
  }
  return out;
}

/**
 * Reads and checks a workspace zip file: the archive (above), then the workspace in it (importWorkspace), then
 * that every file in it belongs to the workspace. Errors name the entry, or "." for the archive as a whole.
 */
export async function readWorkspaceZip(bytes: Uint8Array, currentDbVersion: number, options: ZipReadOptions = {}): Promise<WorkspaceContents> {
  const entries = listEntries(bytes, options.maxBytes ?? MAX_UNZIPPED_BYTES);
  const root = rootOf(entries);
  const files = inflate(bytes, entries);
  let contents: WorkspaceContents;
  try {
    contents = await importWorkspace({ read: (path) => files.get(root + path) ?? null }, currentDbVersion);
  } catch (error) {
    if (error instanceof WorkspaceError && root) throw error.under((file) => (file === ARCHIVE ? file : root + file));
    throw error;
  }
  const stray = entries.map((e) => e.info.name.slice(root.length)).filter((name) => !contents.files.has(name));
  if (stray.length > 0) {
    const more = stray.length > 1 ? ` (nor are ${stray.length - 1} more files)` : '';
    throw new WorkspaceError(root + stray[0]!, `is not part of the workspace${more}: a workspace file holds only the files its manifest.json accounts for`);
  }
  return contents;
}
