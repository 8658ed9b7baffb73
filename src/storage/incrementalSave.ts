import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from './atomicDir.ts';
import type { RelearnDb } from './db.ts';
import { lazyStateOf } from './lazyBinaries.ts';
import { exportWorkspace } from './workspaceExport.ts';
import { MANIFEST_FILE, type ExportOptions } from './workspaceFormat.ts';

/**
 * Saving a lazily loaded workspace directory in place, writing only what changed (workspaceExport.ts): new files
 * get names the old workspace does not use, so nothing of it is overwritten, and the new manifest.json replaces
 * the old one by a rename, last. Until that rename the directory is the old workspace, after it the new one; a
 * `kill -9` anywhere leaves one or the other.
 *
 * Before writing, a journal (`.relearn-save.json`, itself written whole by a rename) lists the files about to
 * be written and the old ones that the new workspace no longer needs. A save interrupted before its end leaves
 * some of them behind: loading ignores every listed file that the manifest does not name, and the next save
 * removes them first.
 */
export const JOURNAL_FILE = '.relearn-save.json';
const JOURNAL_TEMP = `${JOURNAL_FILE}.writing`;
const MANIFEST_TEMP = `.${MANIFEST_FILE}.writing`;

/** The files of the directory that belong to no workspace: an interrupted save's journal and the files it lists. */
export function saveLeftovers(dir: string): Set<string> {
  const listed = new Set([JOURNAL_FILE, JOURNAL_TEMP, MANIFEST_TEMP]);
  try {
    const journal = JSON.parse(readFileSync(path.join(dir, JOURNAL_FILE), 'utf8')) as { writing?: unknown; removing?: unknown };
    for (const list of [journal.writing, journal.removing]) if (Array.isArray(list)) for (const file of list) if (typeof file === 'string') listed.add(file);
  } catch {
    // No journal (or one cut short before its rename, which lists nothing written yet).
  }
  return listed;
}

/** Each step of a save calls this first; a test makes it throw to interrupt the save there. */
export const saveSteps = { before: (step: string): void => void step };

const full = (dir: string, rel: string): string => path.join(dir, ...rel.split('/'));

function writeDurably(file: string, bytes: Uint8Array, flag: 'wx' | 'w'): void {
  const fd = openSync(file, flag);
  try {
    let at = 0;
    while (at < bytes.byteLength) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `rel` whole under a temporary name and renames it into place. */
function replaceDurably(dir: string, temp: string, rel: string, bytes: Uint8Array): void {
  writeDurably(full(dir, temp), bytes, 'w');
  saveSteps.before(`rename ${rel}`);
  renameSync(full(dir, temp), full(dir, rel));
  fsyncDir(dir);
}

const removeFile = (file: string): void => {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};

/** Removes what an interrupted save left: files its journal lists that `keep` (the manifest's files) does not name. */
export function removeLeftovers(dir: string, keep: ReadonlySet<string>): void {
  saveSteps.before('remove leftovers');
  for (const rel of saveLeftovers(dir)) if (!keep.has(rel) && rel !== JOURNAL_FILE) removeFile(full(dir, rel));
  removeFile(full(dir, JOURNAL_FILE));
  fsyncDir(dir);
}

/** Removes folders left empty by removed files (a deleted batch's columns/ID/), up to the workspace root. */
function pruneFolders(dir: string, removed: string[]): void {
  const folders = new Set(removed.map((rel) => path.dirname(full(dir, rel))).filter((f) => f !== dir));
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty, or gone: either way nothing to do.
    }
  }
}

/** Saves `db` (loaded lazily from `dir`, under the caller's lock) into `dir`, writing only what changed. */
export async function saveInPlace(db: RelearnDb, dir: string, options: ExportOptions): Promise<{ written: string[]; removed: string[] }> {
  const lazy = lazyStateOf(db);
  if (!lazy?.manifest) throw new Error('saveInPlace needs a database loaded from a workspace directory');
  removeLeftovers(dir, lazy.files);
  // Collected first: an incremental export that finds it cannot be one throws before anything is on disk.
  const out = new Map<string, Uint8Array>();
  const { files } = await exportWorkspace(db, { write: (rel, bytes) => void out.set(rel, bytes) }, { ...options, incremental: true });
  const manifest = out.get(MANIFEST_FILE)!;
  out.delete(MANIFEST_FILE);
  const written = [...out.keys()];
  const removed = [...lazy.files].filter((rel) => !files.has(rel));
  try {
    saveSteps.before('journal');
    replaceDurably(dir, JOURNAL_TEMP, JOURNAL_FILE, new TextEncoder().encode(`${JSON.stringify({ writing: [...written, MANIFEST_TEMP], removing: removed })}\n`));
    const folders = new Set<string>();
    for (const [rel, bytes] of out) {
      const folder = path.dirname(full(dir, rel));
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        for (let f = folder; f.startsWith(dir) && f !== dir && !folders.has(f); f = path.dirname(f)) folders.add(f);
      }
      saveSteps.before(`write ${rel}`);
      writeDurably(full(dir, rel), bytes, 'wx');
    }
    for (const folder of [...folders].sort((a, b) => b.length - a.length)) fsyncDir(folder);
    fsyncDir(dir);
    saveSteps.before('manifest');
    replaceDurably(dir, MANIFEST_TEMP, MANIFEST_FILE, manifest);
  } catch (error) {
    // The old manifest is still in place: what was written is left over, and removed now where it can be.
    try {
      removeLeftovers(dir, lazy.files);
    } catch {
      // The next save removes it; loading ignores it meanwhile.
    }
    throw error;
  }
  try {
    for (const rel of removed) {
      saveSteps.before(`remove ${rel}`);
      removeFile(full(dir, rel));
    }
    pruneFolders(dir, removed);
    saveSteps.before('remove journal');
    removeFile(full(dir, JOURNAL_FILE));
    fsyncDir(dir);
  } catch {
    // The new workspace is in place; what is left of the old one the journal lists, for the next save to remove.
  }
  return { written, removed };
}
