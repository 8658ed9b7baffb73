import { Inflate, ZipPassThrough } from 'fflate';
import { CHUNK_ROWS } from '../core/columns.ts';
import { MANIFEST_FILE } from './workspaceFormat.ts';
import { WorkspaceError } from './workspaceErrors.ts';

/**
 * The table of contents of a workspace zip file, read and checked before a byte is inflated, and the entries
 * inflated one at a time, on demand, each stopped as soon as it gives more than it declared. A zip bomb lies in
 * its declared sizes (too large: refused here from the central directory) or in its data (more output than
 * declared: stopped at the declared size); either way memory stays near the declared, allowed size.
 */

/** Deflate's largest expansion: one compressed byte gives at most 1032 (RFC 1951, a run of length codes). */
const DEFLATE_MAX_RATIO = 1032;

/** A JSON file is decoded into one string, and V8's longest string is 2^29 − 24 characters. */
export const MAX_JSON_BYTES = 2 ** 29 - 24;

/** A column chunk holds at most CHUNK_ROWS numbers of 8 bytes (Float64Array; Int32Array codes are smaller). */
const MAX_CHUNK_BYTES = CHUNK_ROWS * 8;

/** Where an error about the archive as a whole points: the caller names the zip file (`WorkspaceError.under`). */
export const ARCHIVE = '.';

/** Compressed data is fed to the inflater in slices this large, so one slice's output is at most ~8 MB. */
const SLICE = 8 << 10;

const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

/** The files a workspace consists of (workspaceFormat.ts): anything else in an archive is refused unread. */
const LAYOUT = [new RegExp(`^${SEGMENT}\\.json$`), new RegExp(`^columns/${SEGMENT}/${SEGMENT}$`), new RegExp(`^models/v\\d+/${SEGMENT}$`), new RegExp(`^binary/${SEGMENT}/\\d+/${SEGMENT}$`)];
const LAYOUT_TEXT = 'manifest.json, the tables\' .json files, columns/BATCH/, models/vN/, binary/TABLE/N/';

export interface ZipEntry {
  name: string;
  compression: number;
  compressedSize: number;
  size: number;
  crc: number;
  /** Offset of the local header. */
  local: number;
}

export const truncated = (): WorkspaceError => new WorkspaceError(ARCHIVE, 'is not a zip file, or it is truncated: its table of contents is missing or damaged');

const hasControl = (text: string): boolean => Array.from(text).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
export const shownName = (name: string): string => Array.from(name, (c) => (hasControl(c) ? '?' : c)).join('');

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

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const utf8 = new TextDecoder();

/** Every entry of the central directory, with the checks that a local header lies inside the file. Zip64 is refused. */
function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : NaN);
  const u32 = (at: number): number => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : NaN);
  let end = bytes.length - 22;
  while (end >= 0 && end >= bytes.length - 22 - 0xffff && u32(end) !== 0x06054b50) end--;
  if (end < 0 || u32(end) !== 0x06054b50) throw truncated();
  if (end >= 20 && u32(end - 20) === 0x07064b50) throw new WorkspaceError(ARCHIVE, 'is a Zip64 archive (over 65,535 files or 4 GiB), which Relearn does not read');
  const count = u16(end + 10);
  const entries: ZipEntry[] = [];
  let at = u32(end + 16);
  for (let i = 0; i < count; i++) {
    if (u32(at) !== 0x02014b50) throw truncated();
    const nameLength = u16(at + 28);
    if (at + 46 + nameLength > end) throw truncated();
    const raw = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: u16(at + 8) & 0x800 ? utf8.decode(raw) : latin1(raw),
      compression: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      local: u32(at + 42),
    };
    if (u32(entry.local) !== 0x04034b50 || !(entry.local + 30 + u16(entry.local + 26) + u16(entry.local + 28) + entry.compressedSize <= end)) throw truncated();
    entries.push(entry);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

/** A workspace zipped with its folder ("ws/manifest.json", as a file manager zips a folder) is read from inside it. */
function rootOf(names: string[]): string {
  if (names.includes(MANIFEST_FILE)) return '';
  const folder = names.find((n) => !n.endsWith('/'))?.split('/')[0];
  const prefix = `${folder}/`;
  return folder && names.every((n) => n.startsWith(prefix)) && names.includes(`${prefix}${MANIFEST_FILE}`) ? prefix : '';
}

/** The most the format lets a file of this name hold. */
const formatLimit = (rel: string): number => (rel.endsWith('.json') && !rel.includes('/') ? MAX_JSON_BYTES : rel.startsWith('columns/') ? MAX_CHUNK_BYTES : Infinity);

/**
 * The file entries of the archive (folders dropped) and the folder they sit in, after every check that needs
 * nothing inflated: names (plain, inside the layout, once each), methods, each declared size against its
 * compressed size and what the format allows, and the declared total against `maxBytes`.
 */
export function listEntries(bytes: Uint8Array, maxBytes: number): { root: string; entries: ZipEntry[] } {
  const all = centralDirectory(bytes);
  const seen = new Set<string>();
  for (const { name } of all) {
    const problem = unsafeName(name);
    if (problem) throw new WorkspaceError(ARCHIVE, `has an entry "${shownName(name)}" that ${problem}`);
    if (seen.has(name)) throw new WorkspaceError(name, 'appears twice in the zip file; a workspace file holds each file once');
    seen.add(name);
  }
  const root = rootOf(all.map((e) => e.name));
  const entries: ZipEntry[] = [];
  let total = 0;
  for (const entry of all) {
    const { name, size, compressedSize, compression } = entry;
    if (name.endsWith('/') && size === 0) continue;
    const rel = name.slice(root.length);
    if (!name.startsWith(root) || !LAYOUT.some((pattern) => pattern.test(rel))) {
      throw new WorkspaceError(name, `is not a file of a workspace (${LAYOUT_TEXT}); nothing was unpacked`);
    }
    if (compression !== 0 && compression !== 8) throw new WorkspaceError(name, `is compressed with method ${compression}; Relearn reads stored and deflated entries`);
    const most = compression === 0 ? compressedSize : Math.max(compressedSize, 1) * DEFLATE_MAX_RATIO;
    if (size > most) throw new WorkspaceError(name, `says it unpacks to ${size} bytes from ${compressedSize}, more than ${compression === 0 ? 'it stores' : 'deflate can produce'}: the zip file is corrupt or a zip bomb`);
    if (size > formatLimit(rel)) throw new WorkspaceError(name, `says it unpacks to ${size} bytes, more than such a file of a workspace can hold (${formatLimit(rel)} bytes): the zip file is corrupt or a zip bomb; nothing was unpacked`);
    total += size;
    entries.push(entry);
  }
  if (total > maxBytes) throw new WorkspaceError(ARCHIVE, `would unpack to ${total} bytes, more than the ${maxBytes} bytes allowed here: it is a zip bomb, or a workspace too large to import`);
  return { root, entries };
}

/** The CRC-32 of bytes, as fflate computes it for the entries it writes. */
function crc32(bytes: Uint8Array): number {
  const stream = new ZipPassThrough('');
  stream.ondata = () => undefined;
  stream.push(bytes, true);
  return stream.crc >>> 0;
}

/** Inflates one entry into a buffer of its declared size, stopping as soon as it gives more; checks size and CRC-32. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = entry.local + 30 + view.getUint16(entry.local + 26, true) + view.getUint16(entry.local + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  const corrupt = (why: string): WorkspaceError => new WorkspaceError(entry.name, `${why}: the zip file is corrupt`);
  const lying = (): WorkspaceError => corrupt(`unpacks to more than the ${entry.size} bytes it declares (unpacking was stopped there)`);
  let out: Uint8Array;
  if (entry.compression === 0) {
    if (data.byteLength !== entry.size) throw entry.compressedSize > entry.size ? lying() : corrupt(`unpacks to ${data.byteLength} bytes, not the ${entry.size} it declares`);
    out = data.slice();
  } else {
    out = new Uint8Array(entry.size);
    let at = 0;
    let overflow = false;
    const inflater = new Inflate((chunk) => {
      if (at + chunk.byteLength > out.byteLength) {
        overflow = true;
        throw lying();
      }
      out.set(chunk, at);
      at += chunk.byteLength;
    });
    try {
      for (let i = 0; i < data.byteLength || i === 0; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.byteLength);
    } catch (error) {
      if (overflow) throw lying();
      throw corrupt(`cannot be unpacked (${error instanceof Error ? error.message : String(error)})`);
    }
    if (at !== entry.size) throw corrupt(`unpacks to ${at} bytes, not the ${entry.size} it declares`);
  }
  if (crc32(out) !== entry.crc) throw new WorkspaceError(entry.name, 'does not match its CRC-32 checksum: the zip file is corrupt (damaged in transfer or edited)');
  return out;
}
