import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable } from 'dexie';
import type { RelearnDb } from './db.ts';
import { binaryOf, isBinaryType, type BinaryType, type WorkspaceManifest, type WorkspaceTable } from './workspaceFormat.ts';

/**
 * The CLI's workspace directory opened lazily: the in-memory database holds every record, but each binary field
 * (a batch's column chunks, a version's weights, the holdout rows of its lineage, a reference profile's values)
 * as a small placeholder naming its file. A Dexie middleware reads the file when a record is read, so a run
 * holds in memory the records it reads (the reference, the new batch, the training batches, the champion),
 * not all of them. When such a record is written back unchanged (a model's stage changes, say), its arrays are
 * turned into their placeholders again, and the save keeps their files as they are.
 *
 * Stored arrays are never changed in place: code that changes one stores a new array. The middleware also notes
 * which tables were written, so a save rewrites only those.
 */

/** The placeholder of a binary field, as the database holds it. */
export interface LazyBinary {
  $lazyBinary: string;
  type: BinaryType;
  length: number;
}

export const isLazyBinary = (value: unknown): value is LazyBinary => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.$lazyBinary === 'string' && typeof v.type === 'string' && isBinaryType(v.type) && typeof v.length === 'number' && Object.keys(v).length === 3;
};

/** The workspace a database was loaded from, and what has changed since. */
export interface LazyState {
  /** The directory the workspace was loaded from (or is to be created in). */
  dir: string;
  /** Reads a file of the workspace directory (relative path with `/`). */
  read(path: string): Uint8Array;
  /** The directory's manifest when it was loaded; null for a new workspace. */
  manifest: WorkspaceManifest | null;
  /** Every file the loaded workspace consists of. */
  files: ReadonlySet<string>;
  /** The files each table consists of: its JSON file, the binary files it refers to, the models' model.json. */
  tableFiles: Partial<Record<WorkspaceTable, ReadonlySet<string>>>;
  /** Tables written since loading. */
  dirty: Set<WorkspaceTable>;
  /** While true, reads give placeholders as they are (the save reads the records this way). */
  raw: boolean;
}

const states = new WeakMap<RelearnDb, LazyState>();
/** Each array made from a file, with the placeholder it came from: written back unchanged, it goes back to it. */
const origins = new WeakMap<object, LazyBinary>();

export const lazyStateOf = (db: RelearnDb): LazyState | undefined => states.get(db);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Replaces the placeholders in a record just read (a fresh copy from the database) by their arrays, in place. */
function materialize(state: LazyState, value: unknown): unknown {
  if (isLazyBinary(value)) {
    const array = binaryOf(value.type, value.length, state.read(value.$lazyBinary), value.$lazyBinary);
    origins.set(array as object, value);
    return array;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = materialize(state, value[i]);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = materialize(state, value[key]);
  }
  return value;
}

/** A record about to be written with any array that came from a file put back as its placeholder; the caller's record is not changed. */
function dematerialize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const origin = origins.get(value);
  if (origin) return origin;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const next = dematerialize(item);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const next = dematerialize(item);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

function lazyTable(state: LazyState, table: DBCoreTable): DBCoreTable {
  const read = <T>(value: T): T => (state.raw ? value : (materialize(state, value) as T));
  const wrapCursor = (cursor: DBCoreCursor | null): DBCoreCursor | null => {
    if (!cursor || state.raw) return cursor;
    let at: unknown = undefined;
    let value: unknown = undefined;
    return Object.create(cursor, {
      value: {
        get: () => {
          if (at !== cursor.primaryKey || value === undefined) {
            at = cursor.primaryKey;
            value = read(cursor.value);
          }
          return value;
        },
      },
    }) as DBCoreCursor;
  };
  return {
    ...table,
    get: (req) => table.get(req).then(read),
    getMany: (req) => table.getMany(req).then(read),
    query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: read(res.result) } : res)),
    openCursor: (req) => table.openCursor(req).then((cursor) => (req.values ? wrapCursor(cursor) : cursor)),
    mutate: (req: DBCoreMutateRequest) => {
      state.dirty.add(table.name as WorkspaceTable);
      if (req.type === 'add' || req.type === 'put') return table.mutate({ ...req, values: req.values.map(dematerialize) } as DBCoreMutateRequest);
      return table.mutate(req);
    },
  };
}

/** Installs the middleware on a database not yet opened; `state.dirty` starts empty once the caller has loaded it. */
export function makeLazy(db: RelearnDb, state: LazyState): void {
  states.set(db, state);
  db.use({
    stack: 'dbcore',
    name: 'lazyBinaries',
    create: (down: DBCore): DBCore => ({ ...down, table: (name) => lazyTable(state, down.table(name)) }),
  });
}
