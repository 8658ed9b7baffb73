import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { StagedDir } from './atomicDir.ts';
import { RelearnDb } from './db.ts';
import { saveInPlace, saveLeftovers } from './incrementalSave.ts';
import { lazyStateOf, makeLazy } from './lazyBinaries.ts';
import { exportWorkspace, NeedsFullSave } from './workspaceExport.ts';
import { importWorkspace, loadIntoDb, MANIFEST_FILE, type ExportOptions, type WorkspaceReader, type WorkspaceTable } from './workspaceFormat.ts';
import { NotAWorkspaceError, WorkspaceError } from './workspaceErrors.ts';

/**
 * The directory store of the command line: a workspace directory (layout in workspaceFormat.ts) is opened as a
 * Dexie database held in memory (fake-indexeddb) that holds every record but leaves binary fields in their files
 * until a record is read (lazyBinaries.ts); the ordinary storage and pipeline code works on that database. Saving
 * a loaded workspace writes only what changed, in place, with the new manifest.json renamed over the old one last
 * (incrementalSave.ts). A new workspace, or a save that would have to change a file in place, writes a complete new
 * directory beside the old one (`.NAME.writing-*`, unchanged files hard-linked), moves the old one aside
 * (`.NAME.replaced-*`), renames the new one into place and only then removes the old one. Either way, at every
 * moment one complete workspace exists. The caller holds the directory's lock (dirLock.ts) around load, work and
 * save, so no two processes interleave.
 *
 * A workspace directory belongs to Relearn: it holds exactly the files of the layout, and loading refuses one
 * that holds anything else (a whole save would not keep it). Files an interrupted save left behind, which its
 * journal lists, are not the workspace's: loading ignores them and the next save removes them.
 */

let opened = 0;

/** An empty RelearnDb on its own in-memory IndexedDB. */
export function memoryDb(): RelearnDb {
  return new RelearnDb(`relearn-workspace-${process.pid}-${++opened}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

const errnoText = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  return code ?? (error instanceof Error ? error.message : String(error));
};

/** Leftovers of an interrupted save beside `target`: half-written new directories, or old ones not yet removed. */
function leftovers(target: string, kind: 'writing' | 'replaced'): string[] {
  const prefix = `.${path.basename(target)}.${kind}-`;
  try {
    return readdirSync(path.dirname(target))
      .filter((name) => name.startsWith(prefix))
      .map((name) => path.join(path.dirname(target), name));
  } catch {
    return [];
  }
}

export type WorkspaceDirState = 'absent' | 'empty' | 'workspace';

/**
 * What `dir` is: missing, an empty directory (a new workspace is written there), or a workspace. A file, a
 * directory that holds other things, or a missing directory whose previous version an interrupted save left
 * aside, is a WorkspaceError.
 */
export function workspaceDirState(dir: string): WorkspaceDirState {
  const target = path.resolve(dir);
  let entries: string[];
  try {
    if (!statSync(target).isDirectory()) throw new WorkspaceError(dir, 'is a file, not a workspace directory');
    entries = readdirSync(target);
  } catch (error) {
    if (error instanceof WorkspaceError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new WorkspaceError(dir, `cannot be read (${errnoText(error)})`);
    const aside = leftovers(target, 'replaced');
    if (aside.length > 0) {
      throw new WorkspaceError(dir, `is missing, but ${aside[0]} holds the workspace that an interrupted save moved aside; rename it to ${target} to go on with it, or remove it to start a new workspace`);
    }
    return 'absent';
  }
  if (entries.length === 0) return 'empty';
  if (entries.includes(MANIFEST_FILE)) return 'workspace';
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
  throw new NotAWorkspaceError(dir, `it has no ${MANIFEST_FILE} and holds ${shown}; give a new or empty directory, or a workspace`);
}

function dirReader(dir: string): WorkspaceReader {
  return {
    size(rel) {
      try {
        const stat = statSync(path.join(dir, ...rel.split('/')));
        if (stat.isDirectory()) throw new WorkspaceError(rel, 'is a directory, not a file');
        return stat.size;
      } catch (error) {
        if (error instanceof WorkspaceError) throw error;
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new WorkspaceError(rel, `cannot be read (${errnoText(error)})`);
      }
    },
    read(rel) {
      try {
        return readFileSync(path.join(dir, ...rel.split('/')));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return null;
        if (code === 'EISDIR') throw new WorkspaceError(rel, 'is a directory, not a file');
        throw new WorkspaceError(rel, `cannot be read (${errnoText(error)})`);
      }
    },
  };
}

/** Every file under `dir`, as relative paths with `/`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

export interface LoadOptions {
  /** A missing or empty directory gives an empty database (a new workspace) instead of an error. */
  create?: boolean;
  /** Read only these tables (no binary files of the others, no check for foreign files): a quick look at settings. */
  tables?: readonly WorkspaceTable[];
}

/**
 * Reads a workspace directory into a new in-memory database. Everything is checked before the database is
 * filled; any problem is a WorkspaceError naming the file (a missing manifest: NotAWorkspaceError).
 */
export async function loadWorkspaceDir(dir: string, options: LoadOptions = {}): Promise<RelearnDb> {
  const target = path.resolve(dir);
  const state = workspaceDirState(target);
  const db = memoryDb();
  const reader = dirReader(target);
  const readFile = (rel: string): Uint8Array => {
    const bytes = reader.read(rel) as Uint8Array | null;
    if (bytes === null) throw new WorkspaceError(path.join(target, rel), 'is missing: the workspace directory was changed while it was open');
    return bytes;
  };
  if (state !== 'workspace') {
    if (!options.create) throw new NotAWorkspaceError(target, state === 'absent' ? 'no such directory' : 'it is empty');
    makeLazy(db, { dir: target, read: readFile, manifest: null, files: new Set(), tableFiles: {}, dirty: new Set(), raw: false });
    return db;
  }
  const named = (rel: string): string => (rel === '.' ? target : path.join(target, ...rel.split('/')));
  try {
    const contents = await importWorkspace(reader, db.verno, options.tables, true);
    if (!options.tables) {
      const leftovers = saveLeftovers(target);
      const foreign = filesUnder(target).filter((rel) => !contents.files.has(rel) && !leftovers.has(rel));
      if (foreign.length > 0) {
        throw new WorkspaceError(foreign[0]!, `is not part of the workspace${foreign.length > 1 ? ` (nor are ${foreign.length - 1} more files)` : ''}; relearn rewrites the whole directory when it saves and would not keep it, so move it out`);
      }
    }
    const lazy = { dir: target, read: readFile, manifest: contents.manifest, files: contents.files, tableFiles: contents.tableFiles, dirty: new Set<WorkspaceTable>(), raw: false };
    makeLazy(db, lazy);
    await loadIntoDb(db, contents);
    lazy.dirty.clear();
    // Records moved to today's tables as they were read: their old files must be written again.
    for (const table of contents.upgraded) lazy.dirty.add(table);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof WorkspaceError) throw error.under(named);
    throw error;
  }
}

export interface SaveOptions extends ExportOptions {
  /** Write a complete new directory even where only some files changed. */
  whole?: boolean;
}

/**
 * Writes the database to `dir` as a workspace, atomically: in place, only what changed, for a database loaded
 * from `dir`; otherwise a complete new directory replaces the old one by renames, and the old one stays until
 * the new one is in place. On any failure `dir` is left as the old workspace and a WorkspaceError says what went
 * wrong. The caller holds the lock.
 */
export async function saveWorkspaceDir(db: RelearnDb, dir: string, options: SaveOptions): Promise<void> {
  const target = path.resolve(dir);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
  } catch (error) {
    throw new WorkspaceError(dir, `its parent directory cannot be created (${errnoText(error)})`);
  }
  const state = workspaceDirState(target);
  // Under the lock no other save runs: these are remains of one that was interrupted.
  for (const old of [...leftovers(target, 'writing'), ...(state === 'workspace' ? leftovers(target, 'replaced') : [])]) rmSync(old, { recursive: true, force: true });
  const lazy = lazyStateOf(db);
  if (state === 'workspace' && lazy?.manifest && !options.whole) {
    try {
      await saveInPlace(db, target, options);
      return;
    } catch (error) {
      if (!(error instanceof NeedsFullSave)) throw saveError(dir, error);
    }
  }
  let staged: StagedDir | null = null;
  try {
    staged = new StagedDir(target);
    const into = staged;
    const source = lazy?.manifest ? lazy.dir : null;
    await exportWorkspace(db, { write: (rel, bytes) => into.write(rel, bytes), copy: source ? (rel) => into.copy(rel, source) : undefined }, options);
    staged.commit(state === 'workspace' ? 'full' : state);
  } catch (error) {
    staged?.discard();
    throw saveError(dir, error);
  }
}

function saveError(dir: string, error: unknown): WorkspaceError {
  if (error instanceof WorkspaceError) return error;
  return new WorkspaceError(dir, `cannot be written (${error instanceof Error && !(error as NodeJS.ErrnoException).code ? error.message : errnoText(error)}); the workspace was left as it was`);
}
