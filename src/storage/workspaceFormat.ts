import type { ModelArtifactsRecord } from '../core/training/modelCard.ts';
import type { BatchMeta } from '../core/batch.ts';
import { chunkRecord, type ChunkOfColumn } from './chunkRecords.ts';
import { TABLES, type DriftReportRecord, type ReferenceProfileRecord, type RelearnDb } from './db.ts';
import { hasHeavyQuality, splitBatch, splitDriftReport, type BatchQualityRecord, type BatchSummary, type DriftOverlaysRecord } from './heavyFields.ts';
import { storableProfile } from './profileRecords.ts';
import { NotAWorkspaceError, WorkspaceError } from './workspaceErrors.ts';
import { checkReferences, checkTableRecords } from './workspaceRecords.ts';

/**
 * The workspace as files: the same records as the browser's database, written so that the CLI (a directory,
 * `directory.ts`) and the page (a later export/import) share one format. This module knows nothing of the
 * file system: it writes through a `WorkspaceWriter` and reads through a `WorkspaceReader`, both given
 * relative paths with `/` separators.
 *
 * Layout (format version 1):
 * ```
 * manifest.json                 {"format": "relearn-workspace", "formatVersion": 1, "dbVersion": 6, "createdBy",
 *                                "savedAt", "tables": {"<table>": {"file": "<table>.json", "records": N}, …}}
 * <table>.json                  one per table below: a JSON array, one record per line, in primary-key order
 * columns/<batchId>/<column>-<chunk>.f64 | .i32   columnChunks' typed arrays (raw little-endian numbers)
 * models/v<N>/model.json        the standard tfjs pair of version N: topology, weights manifest and the
 * models/v<N>/weights.bin       model card (userDefinedMetadata.relearn); weights.bin is also modelArtifacts' weightData
 * models/v<N>/<field>.<ext>     other binary fields of model N's record (the holdout rows of its lineage)
 * binary/<table>/<index>/<field>.<ext>   binary fields of any other record (the reference profiles' sorted values)
 * ```
 * Tables: every table of `db.ts` but `device` (this machine's training backend, not the workspace's).
 * A reader goes by the names the manifest and the `$binary` references give, never by these patterns: the CLI's
 * in-place save (incrementalSave.ts) never overwrites a file, so a file written again gets the next free name
 * (`events.1.json`, `columns/<batchId>/0-0.1.f64`). A directory may also hold `.relearn-save.json`, the journal of
 * an interrupted save, and the files it lists that the manifest does not name: they are not part of the workspace.
 * The page's "Export workspace" and `relearn export-workspace` zip this layout as it is (workspaceZip.ts).
 *
 * JSON cannot hold everything a record holds, so some values are written as tagged objects:
 * - a typed array or ArrayBuffer → `{"$binary": "<path>", "type": "Float64Array", "length": <elements>}`,
 *   its bytes in that file (extension by type: f64 f32 i32 u32 i16 u16 i8 u8 u8c, bin for an ArrayBuffer);
 * - NaN, Infinity, -Infinity, -0 → `{"$number": "NaN"}` (and so on); `undefined` → `{"$undefined": true}`;
 * - a plain object with a key that starts with `$` → `{"$object": {…}}`, so no data is read as a tag.
 * Any other kind of value (a Map, a Date, a class instance) is refused when writing, never dropped.
 *
 * Reading checks everything before a record reaches a database: the manifest's format and versions, every
 * table file and binary file named (present, JSON where it should be, the byte length its reference says),
 * the record counts, each model's model.json, and each record's shape (workspaceRecords.ts). A problem is a
 * `WorkspaceError` naming the file (and the record).
 */
export const WORKSPACE_FORMAT = 'relearn-workspace';
export const WORKSPACE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export const WORKSPACE_TABLES = [
  TABLES.batches,
  TABLES.columnChunks,
  TABLES.columnDictionaries,
  TABLES.events,
  TABLES.workspace,
  TABLES.referenceProfiles,
  TABLES.driftReports,
  TABLES.models,
  TABLES.modelArtifacts,
  TABLES.runs,
  TABLES.aliases,
  TABLES.batchQuality,
  TABLES.driftOverlays,
] as const;

export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];

export interface WorkspaceManifest {
  format: typeof WORKSPACE_FORMAT;
  formatVersion: number;
  /** The Dexie schema version the records were read from (`RelearnDb.verno`). */
  dbVersion: number;
  /** The program that wrote it, e.g. "relearn 0.1.0 (relearn run)". */
  createdBy: string;
  /** ISO 8601. */
  savedAt: string;
  tables: Record<WorkspaceTable, { file: string; records: number }>;
}

export interface WorkspaceWriter {
  /** Writes one file; folders along the path are created as needed. */
  write(path: string, bytes: Uint8Array): Promise<void> | void;
  /** Puts the file at `path` of the workspace being exported, unchanged, at the same path (a directory links it). */
  copy?(path: string): Promise<void> | void;
}

export interface WorkspaceReader {
  /** A file's bytes, or null when there is no such file; anything else that goes wrong throws a WorkspaceError. */
  read(path: string): Promise<Uint8Array | null> | Uint8Array | null;
  /** A file's size in bytes without reading it (null: no such file), where the reader can tell it cheaply. */
  size?(path: string): number | null;
}

export interface ExportOptions {
  /** model.json for a version's artifacts (src/ml/artifacts.ts `modelFiles(record).modelJson`); storage does not load tfjs. */
  modelJson: (artifacts: ModelArtifactsRecord) => string;
  createdBy: string;
  now?: () => number;
}

/** What was read from a workspace: each table's records, and every path that belongs to it. */
export interface WorkspaceContents {
  manifest: WorkspaceManifest;
  tables: Partial<Record<WorkspaceTable, object[]>>;
  /** Every file the workspace consists of (manifest, tables, binaries, model.json files), read or not. */
  files: Set<string>;
  /** The files of each table read: its JSON file, the binary files its records refer to, the models' model.json. */
  tableFiles: Partial<Record<WorkspaceTable, Set<string>>>;
  /** Tables whose records were brought to today's shape as they were read (upgradeTables): their files are stale. */
  upgraded: Set<WorkspaceTable>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const BINARY_TYPES = {
  Float64Array: { ext: 'f64', make: (b: ArrayBuffer) => new Float64Array(b), bytes: 8 },
  Float32Array: { ext: 'f32', make: (b: ArrayBuffer) => new Float32Array(b), bytes: 4 },
  Int32Array: { ext: 'i32', make: (b: ArrayBuffer) => new Int32Array(b), bytes: 4 },
  Uint32Array: { ext: 'u32', make: (b: ArrayBuffer) => new Uint32Array(b), bytes: 4 },
  Int16Array: { ext: 'i16', make: (b: ArrayBuffer) => new Int16Array(b), bytes: 2 },
  Uint16Array: { ext: 'u16', make: (b: ArrayBuffer) => new Uint16Array(b), bytes: 2 },
  Int8Array: { ext: 'i8', make: (b: ArrayBuffer) => new Int8Array(b), bytes: 1 },
  Uint8Array: { ext: 'u8', make: (b: ArrayBuffer) => new Uint8Array(b), bytes: 1 },
  Uint8ClampedArray: { ext: 'u8c', make: (b: ArrayBuffer) => new Uint8ClampedArray(b), bytes: 1 },
  ArrayBuffer: { ext: 'bin', make: (b: ArrayBuffer) => b, bytes: 1 },
} as const;

export type BinaryType = keyof typeof BINARY_TYPES;
export const isBinaryType = (tag: string): tag is BinaryType => Object.hasOwn(BINARY_TYPES, tag);

const NUMBER_TAGS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The binary files hold the machine's own byte order; the format says little-endian, as every common machine is. */
export function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('this machine is big-endian; the workspace format stores little-endian numbers');
}

export const tagOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);

/**
 * A path segment made only of letters, digits, `-` and `_`: a batch id (hex) stays as it is; anything else has
 * each other character written as `_` and four hex digits, so different names never meet in one file name.
 */
export function safeSegment(text: string): string {
  const out = text.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return out === '' ? '_' : out;
}

const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
export const safeInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

async function readJson(reader: WorkspaceReader, file: string, what: string): Promise<unknown> {
  const bytes = await reader.read(file);
  if (bytes === null) throw new WorkspaceError(file, `is missing (${what})`);
  try {
    return JSON.parse(utf8Strict.decode(bytes));
  } catch (error) {
    throw new WorkspaceError(file, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the manifest: format, versions, tables; gives it typed. */
function checkManifest(json: unknown, currentDbVersion: number): WorkspaceManifest {
  const bad = (message: string): WorkspaceError => new WorkspaceError(MANIFEST_FILE, message);
  if (!isObject(json)) throw bad('is not a JSON object');
  if (json.format !== WORKSPACE_FORMAT) throw bad(`is not a Relearn workspace manifest (its "format" is ${JSON.stringify(json.format ?? null)}, not "${WORKSPACE_FORMAT}")`);
  const { formatVersion, dbVersion } = json;
  if (!Number.isSafeInteger(formatVersion) || (formatVersion as number) < 1) throw bad(`has no valid "formatVersion" (${JSON.stringify(formatVersion ?? null)})`);
  if ((formatVersion as number) > WORKSPACE_FORMAT_VERSION) {
    throw bad(`says format version ${formatVersion as number}, written by a newer Relearn; this one reads format version ${WORKSPACE_FORMAT_VERSION}. Update Relearn to open it`);
  }
  if (!Number.isSafeInteger(dbVersion) || (dbVersion as number) < 1) throw bad(`has no valid "dbVersion" (${JSON.stringify(dbVersion ?? null)})`);
  if ((dbVersion as number) > currentDbVersion) {
    throw bad(`holds records of database version ${dbVersion as number}, written by a newer Relearn; this one knows version ${currentDbVersion}. Update Relearn to open it`);
  }
  if (!isObject(json.tables)) throw bad('has no "tables" object');
  for (const [table, entry] of Object.entries(json.tables)) {
    if (!(WORKSPACE_TABLES as readonly string[]).includes(table)) throw bad(`lists a table "${table}" that this Relearn does not know (written by a newer one?)`);
    if (!isObject(entry) || typeof entry.file !== 'string' || !SAFE_PATH.test(entry.file) || !safeInteger(entry.records)) {
      throw bad(`describes table "${table}" without a plain relative "file" and a whole number of "records"`);
    }
  }
  return json as unknown as WorkspaceManifest;
}

interface PendingBinary {
  path: string;
  type: BinaryType;
  length: number;
  table: WorkspaceTable;
  /** The JSON file and record that refer to it, for messages. */
  from: string;
  set: (value: unknown) => void;
}

/** Where a value being decoded comes from: the table file and the record's number (1-based), for messages. */
interface Source {
  table: WorkspaceTable;
  file: string;
  record: number;
}

/** Decodes the tags of one record; binary references are collected and filled in afterwards. */
function decodeValue(json: unknown, from: Source, pending: PendingBinary[], set: (value: unknown) => void): void {
  if (json === null || typeof json !== 'object') {
    set(json);
    return;
  }
  if (Array.isArray(json)) {
    const out: unknown[] = new Array(json.length);
    json.forEach((item, i) => decodeValue(item, from, pending, (v) => void (out[i] = v)));
    set(out);
    return;
  }
  const obj = json as Record<string, unknown>;
  const tag = Object.keys(obj).find((k) => k.startsWith('$'));
  if (tag === undefined) {
    set(decodeEntries(obj, from, pending));
    return;
  }
  const fail = (what: string): never => {
    throw new WorkspaceError(from.file, `${what} in record ${from.record}: ${JSON.stringify(obj).slice(0, 200)}`);
  };
  if (tag === '$object') {
    if (Object.keys(obj).length !== 1 || !isObject(obj.$object)) fail('has a malformed $object');
    set(decodeEntries(obj.$object as Record<string, unknown>, from, pending));
  } else if (tag === '$number') {
    const text = obj.$number;
    if (Object.keys(obj).length !== 1 || typeof text !== 'string' || !Object.hasOwn(NUMBER_TAGS, text)) fail('has a malformed $number');
    set(NUMBER_TAGS[text as string]);
  } else if (tag === '$undefined') {
    if (Object.keys(obj).length !== 1 || obj.$undefined !== true) fail('has a malformed $undefined');
    set(undefined);
  } else if (tag === '$binary') {
    const { $binary: path, type, length } = obj;
    if (Object.keys(obj).length !== 3 || typeof path !== 'string' || typeof type !== 'string' || !safeInteger(length)) fail('has a malformed $binary reference (it needs "$binary", "type" and "length")');
    if (!SAFE_PATH.test(path as string)) fail('has a $binary path that is not a plain relative path inside the workspace');
    if (!isBinaryType(type as string)) fail(`has a $binary of unknown type "${type as string}"`);
    pending.push({ path: path as string, type: type as BinaryType, length: length as number, table: from.table, from: from.file, set });
  } else {
    fail(`has an unknown tag "${tag}"`);
  }
}

/**
 * A plain object from JSON's entries. JSON.parse keeps a "__proto__" key as data, but assigning it would replace
 * the new object's prototype: no record Relearn writes has one, so a file that does is refused. Any other key
 * ("constructor", "prototype") is assigned as the object's own property and reaches no prototype.
 */
function decodeEntries(obj: Record<string, unknown>, from: Source, pending: PendingBinary[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '__proto__') throw new WorkspaceError(from.file, `has the key "__proto__" in record ${from.record}, which Relearn never writes: the file was edited or made to attack the page`);
    decodeValue(value, from, pending, (v) => void (out[key] = v));
  }
  return out;
}

/** The model versions whose artifacts the table holds, each of which has a model.json beside its weights. */
function modelJsonPaths(rows: object[]): string[] {
  return rows.map((r) => (r as { version?: unknown }).version).filter(safeInteger).map((v) => `models/v${v}/model.json`);
}

/** The typed array (or ArrayBuffer) of `type` and `length` elements held in `bytes`, copied; `path` names the file in an error. */
export function binaryOf(type: BinaryType, length: number, bytes: Uint8Array, path: string): unknown {
  const expected = length * BINARY_TYPES[type].bytes;
  if (bytes.byteLength !== expected) throw new WorkspaceError(path, `has ${bytes.byteLength} bytes; its record says ${length} × ${type} (${expected} bytes): the file was changed since the workspace was opened`);
  return BINARY_TYPES[type].make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/**
 * A binary field left in its file (lazy loading, lazyBinaries.ts): it passes the record checks as the array it
 * stands for, and the database stores it as a plain `{$lazyBinary, type, length}`.
 */
class LazyPlaceholder {
  readonly $lazyBinary: string;
  readonly type: BinaryType;
  readonly length: number;

  constructor(path: string, type: BinaryType, length: number) {
    this.$lazyBinary = path;
    this.type = type;
    this.length = length;
  }

  get [Symbol.toStringTag](): string {
    return this.type;
  }
}

/**
 * Reads and checks a workspace: the manifest, then each table (only those in `only`, when given), then every
 * binary file the tables refer to. Nothing is returned unless all of it is sound. With `lazy`, binary files are
 * not read: each is checked by its size (the reader must give sizes) and left as a placeholder naming it.
 */
export async function importWorkspace(reader: WorkspaceReader, currentDbVersion: number, only?: readonly WorkspaceTable[], lazy = false): Promise<WorkspaceContents> {
  assertLittleEndian();
  const manifestBytes = await reader.read(MANIFEST_FILE);
  if (manifestBytes === null) throw new NotAWorkspaceError('.', `it has no ${MANIFEST_FILE}`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(utf8Strict.decode(manifestBytes));
  } catch (error) {
    throw new WorkspaceError(MANIFEST_FILE, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const manifest = checkManifest(manifestJson, currentDbVersion);
  const files = new Set<string>([MANIFEST_FILE]);
  const tableFiles: WorkspaceContents['tableFiles'] = {};
  const belongs = (table: WorkspaceTable, file: string): void => {
    files.add(file);
    (tableFiles[table] ??= new Set()).add(file);
  };
  const tables: WorkspaceContents['tables'] = {};
  const pending: PendingBinary[] = [];
  for (const [table, entry] of Object.entries(manifest.tables) as [WorkspaceTable, { file: string; records: number }][]) {
    files.add(entry.file);
    if (only && !only.includes(table)) continue;
    belongs(table, entry.file);
    const json = await readJson(reader, entry.file, `manifest.json lists it for table "${table}"`);
    if (!Array.isArray(json)) throw new WorkspaceError(entry.file, `is not a JSON array of "${table}" records`);
    if (json.length !== entry.records) throw new WorkspaceError(entry.file, `holds ${json.length} records; manifest.json says ${entry.records}`);
    const records: object[] = new Array(json.length);
    json.forEach((item, i) => {
      if (!isObject(item)) throw new WorkspaceError(entry.file, `record ${i + 1} is not a JSON object`);
      decodeValue(item, { table, file: entry.file, record: i + 1 }, pending, (v) => void (records[i] = v as object));
    });
    tables[table] = records;
  }
  for (const binary of pending) {
    belongs(binary.table, binary.path);
    const expected = binary.length * BINARY_TYPES[binary.type].bytes;
    const wrongSize = (size: number): WorkspaceError =>
      new WorkspaceError(binary.path, `has ${size} bytes; ${binary.from} says ${binary.length} × ${binary.type} (${expected} bytes): the file is truncated or not this one`);
    // Where the size is known before reading (a zip's table of contents), a file of the wrong size is not read at all.
    const declared = reader.size?.(binary.path);
    if (typeof declared === 'number' && declared !== expected) throw wrongSize(declared);
    if (lazy) {
      if (declared === null || declared === undefined) throw new WorkspaceError(binary.path, `is missing (${binary.from} refers to it)`);
      binary.set(new LazyPlaceholder(binary.path, binary.type, binary.length));
      continue;
    }
    const bytes = await reader.read(binary.path);
    if (bytes === null) throw new WorkspaceError(binary.path, `is missing (${binary.from} refers to it)`);
    if (bytes.byteLength !== expected) throw wrongSize(bytes.byteLength);
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    binary.set(BINARY_TYPES[binary.type].make(copy));
  }
  for (const [table, records] of Object.entries(tables) as [WorkspaceTable, object[]][]) checkTableRecords(table, manifest.tables[table].file, records);
  const upgraded = upgradeTables(tables);
  for (const file of modelJsonPaths(tables.modelArtifacts ?? [])) {
    belongs('modelArtifacts', file);
    const json = await readJson(reader, file, 'the standard tfjs model.json of a stored model version');
    if (!isObject(json) || !Array.isArray(json.weightsManifest)) throw new WorkspaceError(file, 'is not a TensorFlow.js model.json (no weightsManifest)');
  }
  const contents = { manifest, tables, files, tableFiles, upgraded };
  if (!only) checkReferences(contents);
  return contents;
}

/**
 * Workspaces written before database version 5 hold each batch's quality report and each drift report's
 * overlays inside the record: they move to their own tables here, as the database's upgrade moves them.
 * Returns the tables that changed.
 */
function upgradeTables(tables: WorkspaceContents['tables']): Set<WorkspaceTable> {
  const upgraded = new Set<WorkspaceTable>();
  const batches = tables.batches as BatchSummary[] | undefined;
  if (batches?.some((b) => hasHeavyQuality(b.quality))) {
    const quality = (tables.batchQuality ??= []) as BatchQualityRecord[];
    tables.batches = batches.map((meta) => {
      if (!hasHeavyQuality(meta.quality)) return meta;
      const split = splitBatch(meta as BatchMeta);
      quality.push(split.quality);
      return split.summary;
    });
    upgraded.add('batches').add('batchQuality');
  }
  const reports = tables.driftReports as DriftReportRecord[] | undefined;
  const hasOverlay = (r: DriftReportRecord): boolean => r.report.columns.some((c) => c.distribution !== undefined) || r.report.labelDrift?.distribution !== undefined;
  if (reports?.some(hasOverlay)) {
    const overlays = (tables.driftOverlays ??= []) as DriftOverlaysRecord[];
    tables.driftReports = reports.map((record) => {
      if (!hasOverlay(record)) return record;
      const split = splitDriftReport(record);
      overlays.push(split.overlays);
      return split.report;
    });
    upgraded.add('driftReports').add('driftOverlays');
  }
  return upgraded;
}

/** Adds one table's records as read; a record the database refuses is a WorkspaceError naming the table's file. Inside a transaction. */
export async function addTable(db: RelearnDb, contents: WorkspaceContents, table: WorkspaceTable): Promise<void> {
  const read = contents.tables[table];
  if (!read) return;
  // Chunks and profiles read with their arrays are stored as they are written (chunkRecords.ts, profileRecords.ts); a lazily loaded one stays its placeholder.
  const records =
    table === 'columnChunks'
      ? (read as ChunkOfColumn[]).map((c) => (ArrayBuffer.isView(c.data) ? chunkRecord(c) : c))
      : table === 'referenceProfiles'
        ? (read as ReferenceProfileRecord[]).map(storableProfile)
        : read;
  try {
    await db.table(table).bulkAdd(records);
  } catch (error) {
    const first = (error as { failures?: unknown[] }).failures?.[0];
    const why = first instanceof Error ? first.message : error instanceof Error ? error.message : String(error);
    throw new WorkspaceError(contents.manifest.tables[table].file, `holds records that cannot be stored as "${table}" (${why})`);
  }
}

/** Stores what importWorkspace read into an empty database, in one transaction. */
export async function loadIntoDb(db: RelearnDb, contents: WorkspaceContents): Promise<void> {
  const names = Object.keys(contents.tables) as WorkspaceTable[];
  await db.transaction('rw', names.map((t) => db.table(t)), async () => {
    for (const table of names) {
      if ((await db.table(table).count()) > 0) throw new Error(`the database already holds ${table} records; a workspace is loaded into an empty one`);
    }
    for (const table of names) await addTable(db, contents, table);
  });
}
