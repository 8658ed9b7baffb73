import type { ModelArtifactsRecord } from '../core/training/modelCard.ts';
import { chunkOfColumn } from './chunkRecords.ts';
import type { ColumnChunkRecord, ReferenceProfileRecord, RelearnDb } from './db.ts';
import { profileOf } from './profileRecords.ts';
import { isLazyBinary, lazyStateOf, type LazyState } from './lazyBinaries.ts';
import {
  assertLittleEndian,
  BINARY_TYPES,
  binaryOf,
  isBinaryType,
  MANIFEST_FILE,
  safeInteger,
  safeSegment,
  tagOf,
  WORKSPACE_FORMAT,
  WORKSPACE_FORMAT_VERSION,
  WORKSPACE_TABLES,
  type ExportOptions,
  type Json,
  type WorkspaceManifest,
  type WorkspaceTable,
  type WorkspaceWriter,
} from './workspaceFormat.ts';

/**
 * Writing a workspace (layout in workspaceFormat.ts). A database loaded lazily from a directory (lazyBinaries.ts)
 * holds placeholders for the binary files it did not change: they keep their paths, and their files are linked
 * or copied (`WorkspaceWriter.copy`, else read and written). A new array never takes the path of a file the
 * loaded workspace has: it gets the next free name beside it (`columns/b/0-0.1.f64`), so the old workspace stays
 * whole until the new manifest replaces the old one.
 *
 * `incremental` writes into the loaded directory itself: only what changed. A table not written since loading
 * keeps its file; one that was written goes to a new file (`events.1.json`); kept binary files stay.
 */

/** Thrown in an incremental export that would have to overwrite a file of the old workspace: the caller saves whole. */
export class NeedsFullSave extends Error {
  override name = 'NeedsFullSave';
}

export interface Exported {
  manifest: WorkspaceManifest;
  /** Every file of the workspace written: the manifest, the tables' files, binaries and model.json files. */
  files: Set<string>;
}

export interface WriteOptions extends ExportOptions {
  /** Write only what changed, into the directory the database was loaded from. */
  incremental?: boolean;
}

/** Where a record's binary field goes: the layout, by table. */
function binaryPath(table: WorkspaceTable, record: Record<string, unknown>, index: number, at: (string | number)[], ext: string): string {
  const field = at.map((k) => safeSegment(String(k))).join('.');
  if (table === 'columnChunks' && field === 'data' && typeof record.batchId === 'string' && safeInteger(record.column) && safeInteger(record.chunk)) {
    return `columns/${safeSegment(record.batchId)}/${record.column}-${record.chunk}.${ext}`;
  }
  if ((table === 'modelArtifacts' || table === 'models') && safeInteger(record.version)) {
    return table === 'modelArtifacts' && field === 'weightData' ? `models/v${record.version}/weights.bin` : `models/v${record.version}/${table === 'modelArtifacts' ? 'artifacts.' : ''}${field}.${ext}`;
  }
  return `binary/${table}/${index}/${field}.${ext}`;
}

/** `path`, or the first `stem.N.ext` that is not taken. */
function freePath(path: string, taken: (p: string) => boolean): string {
  if (!taken(path)) return path;
  const dot = path.lastIndexOf('.');
  const [stem, ext] = dot > path.lastIndexOf('/') ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  for (let n = 1; ; n++) if (!taken(`${stem}.${n}${ext}`)) return `${stem}.${n}${ext}`;
}

interface Encoding {
  table: WorkspaceTable;
  record: Record<string, unknown>;
  index: number;
  binaries: Map<string, Uint8Array>;
  /** Files of the loaded workspace that this table refers to as they are. */
  kept: Set<string>;
  taken: (path: string) => boolean;
}

function encodeValue(value: unknown, at: (string | number)[], enc: Encoding): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $number: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === undefined) return { $undefined: true };
  const where = (): string => `${enc.table} record ${enc.index + 1}${at.length ? ` at ${at.join('.')}` : ''}`;
  if (typeof value !== 'object') throw new Error(`${where()}: a ${typeof value} cannot be written to a workspace`);
  if (isLazyBinary(value)) {
    enc.kept.add(value.$lazyBinary);
    return { $binary: value.$lazyBinary, type: value.type, length: value.length };
  }
  const tag = tagOf(value);
  if (isBinaryType(tag)) {
    const view = value instanceof ArrayBuffer || tag === 'ArrayBuffer' ? new Uint8Array(value as ArrayBuffer) : new Uint8Array((value as Uint8Array).buffer, (value as Uint8Array).byteOffset, (value as Uint8Array).byteLength);
    const path = freePath(binaryPath(enc.table, enc.record, enc.index, at, BINARY_TYPES[tag].ext), (p) => enc.taken(p) || enc.binaries.has(p));
    enc.binaries.set(path, view);
    return { $binary: path, type: tag, length: view.byteLength / BINARY_TYPES[tag].bytes };
  }
  if (Array.isArray(value)) return Array.from(value, (v, i) => encodeValue(v, [...at, i], enc));
  if (tag !== 'Object') throw new Error(`${where()}: a ${tag} cannot be written to a workspace`);
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) out[key] = encodeValue(v, [...at, key], enc);
  return Object.keys(out).some((k) => k.startsWith('$')) ? { $object: out } : out;
}

const utf8 = new TextEncoder();

/** A table's records as a JSON array, one record per line. */
function tableJson(records: Json[]): string {
  return records.length === 0 ? '[]\n' : `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

/** The records of the tables to write, placeholders as they are. */
async function readTables(db: RelearnDb, tables: WorkspaceTable[], lazy: LazyState | undefined): Promise<Record<string, object[]>> {
  if (tables.length === 0) return {};
  if (lazy) lazy.raw = true;
  try {
    const scope = tables.includes('columnChunks') && !tables.includes('batches') ? [...tables, 'batches'] : tables;
    const read = await db.transaction('r', scope.map((t) => db.table(t)), async () => {
      const read: Record<string, object[]> = {};
      for (const table of tables) read[table] = await db.table(table).toArray();
      // Chunks with no batch record belong to an upload still being written (or its leftovers): not part of the workspace.
      if (read.columnChunks) {
        const stored = new Set(await db.batches.toCollection().primaryKeys());
        read.columnChunks = read.columnChunks.filter((c) => stored.has((c as { batchId: string }).batchId));
      }
      return read;
    });
    // A chunk's or a profile's Blob is read once the transaction is over (chunkRecords.ts); the file holds its array.
    if (read.columnChunks) read.columnChunks = await Promise.all((read.columnChunks as ColumnChunkRecord[]).map(chunkOfColumn));
    if (read.referenceProfiles) read.referenceProfiles = await Promise.all((read.referenceProfiles as ReferenceProfileRecord[]).map(async (r) => ({ ...r, profile: await profileOf(r) })));
    return read;
  } finally {
    if (lazy) lazy.raw = false;
  }
}

/**
 * Writes the workspace of `db` through `writer`: binary files, then the table files and the models' model.json,
 * then the manifest last. Throws (and leaves the writer's files to its caller) on a value that the format cannot
 * hold; an incremental export throws NeedsFullSave before writing anything when it cannot be incremental.
 */
export async function exportWorkspace(db: RelearnDb, writer: WorkspaceWriter, options: WriteOptions): Promise<Exported> {
  assertLittleEndian();
  const now = options.now ?? Date.now;
  const lazy = lazyStateOf(db);
  const incremental = options.incremental && lazy?.manifest ? { manifest: lazy.manifest, dirty: lazy.dirty } : null;
  const old: ReadonlySet<string> = lazy?.files ?? new Set();
  const written = new Set<string>();
  /** Every file of the new workspace: the ones written, kept or copied. */
  const files = new Set<string>();
  const write = async (path: string, bytes: Uint8Array): Promise<void> => {
    if (written.has(path)) throw new Error(`two parts of the workspace would be written to ${path}`);
    written.add(path);
    files.add(path);
    await writer.write(path, bytes);
  };
  /** A file of the loaded workspace, unchanged: it stays (incremental), or is linked or copied to the new one. */
  const keep = async (path: string): Promise<void> => {
    files.add(path);
    if (incremental || written.has(path)) return;
    written.add(path);
    if (writer.copy) await writer.copy(path);
    else await writer.write(path, lazy!.read(path));
  };
  const tables = {} as WorkspaceManifest['tables'];
  const changed = WORKSPACE_TABLES.filter((t) => !incremental || incremental.dirty.has(t) || !incremental.manifest.tables[t]);
  const records = await readTables(db, changed, lazy);
  for (const table of WORKSPACE_TABLES) {
    if (!changed.includes(table)) {
      tables[table] = incremental!.manifest.tables[table];
      for (const file of lazy!.tableFiles[table] ?? []) files.add(file);
      continue;
    }
    const binaries = new Map<string, Uint8Array>();
    const kept = new Set<string>();
    const taken = (p: string): boolean => old.has(p) || written.has(p);
    const encoded = records[table]!.map((record, index) => encodeValue(record, [], { table, record: record as Record<string, unknown>, index, binaries, kept, taken }));
    for (const path of kept) await keep(path);
    for (const [path, bytes] of binaries) await write(path, bytes);
    // A new directory or zip of an unchanged table keeps the loaded file's name: it mirrors the directory file for file.
    const loadedName = lazy?.manifest && !lazy.dirty.has(table) ? lazy.manifest.tables[table]?.file : undefined;
    const file = incremental ? freePath(`${table}.json`, taken) : (loadedName ?? `${table}.json`);
    await write(file, utf8.encode(tableJson(encoded)));
    tables[table] = { file, records: encoded.length };
    if (table === 'modelArtifacts') {
      for (const row of records[table] as (ModelArtifactsRecord & { version: number })[]) {
        const path = `models/v${row.version}/model.json`;
        const unchanged = isLazyBinary(row.weightData) && old.has(path);
        if (unchanged) await keep(path);
        else if (incremental && old.has(path)) throw new NeedsFullSave(`${path} would change`);
        else {
          const { modelTopology, weightSpecs, card } = row;
          const weightData = isLazyBinary(row.weightData) ? (binaryOf(row.weightData.type, row.weightData.length, lazy!.read(row.weightData.$lazyBinary), row.weightData.$lazyBinary) as ArrayBuffer) : row.weightData;
          await write(path, utf8.encode(options.modelJson({ modelTopology, weightSpecs, weightData, card })));
        }
      }
    }
  }
  const manifest: WorkspaceManifest = {
    format: WORKSPACE_FORMAT,
    formatVersion: WORKSPACE_FORMAT_VERSION,
    dbVersion: db.verno,
    createdBy: options.createdBy,
    savedAt: new Date(now()).toISOString(),
    tables,
  };
  await write(MANIFEST_FILE, utf8.encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return { manifest, files };
}
