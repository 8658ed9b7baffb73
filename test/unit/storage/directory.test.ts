import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { lockFileOf, lockWorkspace, WorkspaceBusyError } from '../../../src/storage/dirLock.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir, workspaceDirState } from '../../../src/storage/directory.ts';
import { MANIFEST_FILE, safeSegment, WORKSPACE_TABLES, type ExportOptions } from '../../../src/storage/workspaceFormat.ts';
import { NotAWorkspaceError, WorkspaceError } from '../../../src/storage/workspaceErrors.ts';
import { EXPORT_OPTIONS, populate, TEST_CARD, workspaceTables } from '../helpers/workspace.ts';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newDir = (name = 'ws'): string => path.join(root, `${name}-${++fresh}`);

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const track = (db: RelearnDb): RelearnDb => (open.push(db), db);

const OPTIONS = EXPORT_OPTIONS;
const card = TEST_CARD;

/** A workspace with every kind of record (helpers/workspace.ts). */
const populated = async (): Promise<RelearnDb> => populate(track(memoryDb()));

const files = (dir: string, prefix = ''): string[] =>
  readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)])).sort();

async function refusal(dir: string): Promise<WorkspaceError> {
  const error = await loadWorkspaceDir(dir).then(
    (db) => (db.close(), null),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  return error as WorkspaceError;
}

const idOf = (tables: Record<string, unknown[]>, name: string): string => (tables.batches as { id: string; name: string }[]).find((b) => b.name === name)!.id;

/** A saved copy of the populated workspace, and its tables. */
async function savedWorkspace(): Promise<{ dir: string; tables: Record<string, unknown[]> }> {
  const db = await populated();
  const dir = newDir();
  await saveWorkspaceDir(db, dir, OPTIONS);
  return { dir, tables: await workspaceTables(db) };
}

describe('workspace directory: round trip', () => {
  it('saves every table and loads it back deep-equal, typed arrays, NaN, -0, undefined and $-keys included', async () => {
    const db = await populated();
    const before = await workspaceTables(db);
    expect(Object.keys(before).sort()).toEqual([...WORKSPACE_TABLES].sort());
    for (const table of ['batches', 'columnChunks', 'columnDictionaries', 'events', 'referenceProfiles', 'driftReports', 'models', 'modelArtifacts', 'runs', 'aliases', 'workspace']) {
      expect(before[table]!.length, table).toBeGreaterThan(0);
    }
    await db.device.put({ key: 'backend', probe: null, override: 'cpu' });
    const dir = newDir();
    await saveWorkspaceDir(db, dir, OPTIONS);

    const loaded = track(await loadWorkspaceDir(dir));
    const after = await workspaceTables(loaded);
    expect(after).toStrictEqual(before);
    expect(await loaded.device.count()).toBe(0);
    expect(Object.prototype.toString.call((after.columnChunks![0] as { data: unknown }).data)).toBe('[object Float64Array]');
    expect(Object.prototype.toString.call((after.columnChunks![1] as { data: unknown }).data)).toBe('[object Int32Array]');
    // The event counter goes on after the loaded events.
    const maxSeq = Math.max(...(after.events as { seq: number }[]).map((e) => e.seq));
    expect(await loaded.events.add({ at: 2, kind: 'alert', actor: 'auto', summary: 'next' })).toBe(maxSeq + 1);
  });

  it('writes the documented layout: manifest, a JSON file per table, binary columns, models as tfjs files', async () => {
    const { dir, tables } = await savedWorkspace();
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ format: 'relearn-workspace', formatVersion: 1, dbVersion: 6, createdBy: 'relearn test' });
    expect(manifest.tables.columnChunks).toEqual({ file: 'columnChunks.json', records: tables.columnChunks!.length });
    const list = files(dir);
    for (const table of WORKSPACE_TABLES) expect(list).toContain(`${table}.json`);
    const batch = idOf(tables, 'one.csv');
    expect(list).toContain(`columns/${batch}/0-0.f64`);
    expect(list).toContain(`columns/${batch}/1-0.i32`);
    expect(list).toContain('models/v1/model.json');
    expect(list).toContain('models/v1/weights.bin');
    expect(list).toContain('models/v1/lineage.holdout.0.rows.u32');
    expect(list.some((f) => f.startsWith('binary/referenceProfiles/'))).toBe(true);
    const weights = readFileSync(path.join(dir, 'models/v1/weights.bin'));
    expect(Array.from(new Float32Array(weights.buffer, weights.byteOffset, 3))).toEqual([1.5, -0, 3]);
    const modelJson = JSON.parse(readFileSync(path.join(dir, 'models/v1/model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(modelJson.userDefinedMetadata.relearn).toEqual(card);
    const column = readFileSync(path.join(dir, `columns/${batch}/0-0.f64`));
    expect(column.byteLength).toBe(40 * 8);
    expect(new Float64Array(column.buffer.slice(column.byteOffset, column.byteOffset + 16))).toEqual(Float64Array.from([0, 1.5]));
    // One record per line.
    expect(readFileSync(path.join(dir, 'batches.json'), 'utf8').split('\n')).toHaveLength(tables.batches!.length + 3);
    expect(files(path.dirname(dir)).filter((f) => f.includes('.writing-') || f.includes('.replaced-'))).toEqual([]);
  });

  it('saves over an existing workspace, and into an empty directory', async () => {
    const { dir } = await savedWorkspace();
    const db = track(await loadWorkspaceDir(dir));
    await db.events.add({ at: 3, kind: 'alert', actor: 'user', summary: 'second save' });
    await saveWorkspaceDir(db, dir, OPTIONS);
    const again = track(await loadWorkspaceDir(dir));
    expect((await again.events.toArray()).at(-1)?.summary).toBe('second save');

    const empty = newDir();
    mkdirSync(empty);
    expect(workspaceDirState(empty)).toBe('empty');
    await saveWorkspaceDir(db, empty, OPTIONS);
    expect(workspaceDirState(empty)).toBe('workspace');
  });

  it('a missing or empty directory is a new workspace only when asked', async () => {
    const dir = newDir();
    expect((await refusal(dir)).describe()).toBe(`not a Relearn workspace: ${dir} (no such directory)`);
    const db = track(await loadWorkspaceDir(dir, { create: true }));
    expect(await db.batches.count()).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('reads only the tables asked for', async () => {
    const { dir, tables } = await savedWorkspace();
    rmSync(path.join(dir, 'columns'), { recursive: true });
    const db = track(await loadWorkspaceDir(dir, { tables: ['workspace'] }));
    expect(await db.workspace.toArray()).toStrictEqual(tables.workspace);
    expect(await db.batches.count()).toBe(0);
  });

  it('keeps odd ids inside the directory', () => {
    expect(safeSegment('ab12')).toBe('ab12');
    expect(safeSegment('../x')).toBe('_002e_002e_002fx');
    expect(safeSegment('a_b')).toBe('a_005fb');
    expect(safeSegment('a_005fb')).toBe('a_005f005fb');
  });
});

describe('workspace directory: refusals, each naming the file', () => {
  it('a directory without a manifest is not a workspace', async () => {
    const dir = newDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const error = await refusal(dir);
    expect(error).toBeInstanceOf(NotAWorkspaceError);
    expect(error.describe()).toMatch(new RegExp(`^not a Relearn workspace: ${dir} \\(it has no manifest.json and holds notes.txt`));
  });

  it('a file is not a workspace directory', async () => {
    const file = newDir();
    writeFileSync(file, 'x');
    expect((await refusal(file)).describe()).toBe(`${file}: is a file, not a workspace directory`);
  });

  it('a manifest of another format', async () => {
    const { dir } = await savedWorkspace();
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ format: 'something-else', formatVersion: 1 }));
    expect((await refusal(dir)).describe()).toBe(`${path.join(dir, MANIFEST_FILE)}: is not a Relearn workspace manifest (its "format" is "something-else", not "relearn-workspace")`);
  });

  it('a manifest that is not JSON', async () => {
    const { dir } = await savedWorkspace();
    writeFileSync(path.join(dir, MANIFEST_FILE), '{"format":');
    expect((await refusal(dir)).describe()).toMatch(/manifest\.json: is not JSON/);
  });

  it.each([
    ['formatVersion', 2, /says format version 2, written by a newer Relearn; this one reads format version 1/],
    ['dbVersion', 99, /holds records of database version 99, written by a newer Relearn; this one knows version 6/],
  ])('a newer %s', async (key, value, message) => {
    const { dir } = await savedWorkspace();
    const file = path.join(dir, MANIFEST_FILE);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), [key]: value }));
    const error = await refusal(dir);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(message);
  });

  it('a table this build does not know', async () => {
    const { dir } = await savedWorkspace();
    const file = path.join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.tables.future = { file: 'future.json', records: 0 };
    writeFileSync(file, JSON.stringify(manifest));
    expect((await refusal(dir)).message).toMatch(/lists a table "future" that this Relearn does not know/);
  });

  it('a truncated .f64 column file', async () => {
    const { dir, tables } = await savedWorkspace();
    const file = path.join(dir, 'columns', idOf(tables, 'one.csv'), '0-0.f64');
    truncateSync(file, 40 * 8 - 3);
    const error = await refusal(dir);
    expect(error.file).toBe(file);
    expect(error.message).toBe('has 317 bytes; columnChunks.json says 40 × Float64Array (320 bytes): the file is truncated or not this one');
  });

  it('a missing binary file, table file or model.json', async () => {
    const { dir, tables } = await savedWorkspace();
    const batch = idOf(tables, 'two.csv');
    rmSync(path.join(dir, 'columns', batch, '1-0.i32'));
    let error = await refusal(dir);
    expect(error.describe()).toBe(`${path.join(dir, 'columns', batch, '1-0.i32')}: is missing (columnChunks.json refers to it)`);

    const second = await savedWorkspace();
    rmSync(path.join(second.dir, 'runs.json'));
    error = await refusal(second.dir);
    expect(error.describe()).toBe(`${path.join(second.dir, 'runs.json')}: is missing (manifest.json lists it for table "runs")`);

    const third = await savedWorkspace();
    rmSync(path.join(third.dir, 'models/v1/model.json'));
    expect((await refusal(third.dir)).describe()).toMatch(/models\/v1\/model\.json: is missing \(the standard tfjs model\.json/);
  });

  it('a file where the layout has a directory', async () => {
    const { dir } = await savedWorkspace();
    rmSync(path.join(dir, 'columns'), { recursive: true });
    writeFileSync(path.join(dir, 'columns'), 'not a directory');
    const error = await refusal(dir);
    expect(error.file.startsWith(path.join(dir, 'columns') + path.sep)).toBe(true);
    expect(error.message).toBe('cannot be read (a part of the path is a file, not a directory)');
  });

  it('a record count that disagrees with the manifest, a table that is not an array, a bad tag', async () => {
    const { dir } = await savedWorkspace();
    const events = path.join(dir, 'events.json');
    const records = JSON.parse(readFileSync(events, 'utf8')) as unknown[];
    writeFileSync(events, JSON.stringify(records.slice(1)));
    expect((await refusal(dir)).describe()).toBe(`${events}: holds ${records.length - 1} records; manifest.json says ${records.length}`);

    writeFileSync(events, '{}');
    expect((await refusal(dir)).message).toBe('is not a JSON array of "events" records');

    writeFileSync(events, JSON.stringify(records.map((r, i) => (i === 0 ? { ...(r as object), at: { $number: 'lots' } } : r))));
    expect((await refusal(dir)).message).toMatch(/^has a malformed \$number/);

    writeFileSync(events, JSON.stringify(records.map((r, i) => (i === 0 ? { ...(r as object), at: { $binary: '../../etc/passwd', type: 'Uint8Array', length: 1 } } : r))));
    expect((await refusal(dir)).message).toMatch(/^has a \$binary path that is not a plain relative path inside the workspace/);
  });

  it('a file that is not part of the workspace', async () => {
    const { dir } = await savedWorkspace();
    writeFileSync(path.join(dir, 'columns', 'stray.bin'), 'x');
    const error = await refusal(dir);
    expect(error.file).toBe(path.join(dir, 'columns', 'stray.bin'));
    expect(error.message).toMatch(/^is not part of the workspace; relearn rewrites the whole directory/);
  });

  it('records that cannot be stored (no primary key)', async () => {
    const { dir } = await savedWorkspace();
    const file = path.join(dir, 'aliases.json');
    writeFileSync(file, JSON.stringify([{ version: 1, since: 0 }]));
    const error = await refusal(dir);
    expect(error.file).toBe(file);
    expect(error.message).toBe('record 1: "name" should be one of "champion", "challenger", not missing');
  });
});

describe('workspace directory: atomic save', () => {
  it('a failure in the middle of a save leaves the old directory as it was, and nothing beside it', async () => {
    const { dir, tables } = await savedWorkspace();
    const before = files(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]);
    const db = track(await loadWorkspaceDir(dir));
    await db.events.add({ at: 9, kind: 'alert', actor: 'user', summary: 'never saved' });
    const failing: ExportOptions = {
      ...OPTIONS,
      modelJson: () => {
        throw new Error('the serializer broke');
      },
    };
    // New weights for the stored version: its model.json must be written again, and writing it fails.
    const artifacts = (await db.modelArtifacts.toArray())[0]!;
    await db.modelArtifacts.put({ ...artifacts, weightData: artifacts.weightData.slice(0) });
    const error = await saveWorkspaceDir(db, dir, failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).describe()).toBe(`${dir}: cannot be written (the serializer broke); the workspace was left as it was`);
    expect(files(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')])).toEqual(before);
    expect(readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`))).toEqual([]);
    const reloaded = track(await loadWorkspaceDir(dir));
    expect(await workspaceTables(reloaded)).toStrictEqual(tables);
  });

  it('a value the format cannot hold is refused before anything is replaced', async () => {
    const { dir } = await savedWorkspace();
    const db = track(await loadWorkspaceDir(dir));
    await db.table('events').add({ at: 9, kind: 'alert', actor: 'user', summary: 'a map', details: new Map([[1, 2]]) });
    const error = (await saveWorkspaceDir(db, dir, OPTIONS).catch((e: unknown) => e)) as WorkspaceError;
    expect(error.message).toMatch(/^cannot be written \(events record \d+ at details: a Map cannot be written to a workspace\)/);
    expect(workspaceDirState(dir)).toBe('workspace');
  });

  it('removes what an interrupted save left beside the directory', async () => {
    const { dir } = await savedWorkspace();
    const half = path.join(path.dirname(dir), `.${path.basename(dir)}.writing-dead`);
    const old = path.join(path.dirname(dir), `.${path.basename(dir)}.replaced-dead`);
    mkdirSync(half);
    mkdirSync(old);
    const db = track(await loadWorkspaceDir(dir));
    await saveWorkspaceDir(db, dir, OPTIONS);
    expect(existsSync(half) || existsSync(old)).toBe(false);
  });

  it('a missing directory whose workspace an interrupted save moved aside is reported, not replaced by a new one', async () => {
    const { dir } = await savedWorkspace();
    const aside = path.join(path.dirname(dir), `.${path.basename(dir)}.replaced-0000`);
    rmSync(aside, { force: true, recursive: true });
    await import('node:fs').then((fs) => fs.renameSync(dir, aside));
    expect(() => workspaceDirState(dir)).toThrow(`is missing, but ${aside} holds the workspace that an interrupted save moved aside`);
  });
});

describe('workspace lock', () => {
  it('one holder at a time; released, it can be taken again', () => {
    const dir = newDir();
    const lock = lockWorkspace(dir, 'relearn run');
    expect(lock.file).toBe(`${dir}.lock`);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'relearn run' });
    const error = (() => {
      try {
        lockWorkspace(dir, 'relearn run');
      } catch (e) {
        return e as WorkspaceBusyError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(WorkspaceBusyError);
    expect(error!.describe()).toMatch(new RegExp(`^another relearn run is using ${dir} \\(relearn run, pid ${process.pid} on .*, since .*\\); run again when it has finished$`));
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lockWorkspace(dir, 'relearn run').release();
  });

  it('a lock whose process is gone, or that is hours old, is reported with what to do, not taken', () => {
    const dir = newDir();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: Date.now(), command: 'relearn run', token: 'x' }));
    expect(() => lockWorkspace(dir, 'relearn run')).toThrow(`which is no longer running; if no relearn run is using ${dir}, remove ${dir}.lock and run again`);
    expect(existsSync(lockFileOf(dir))).toBe(true);

    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: Date.now() - 2.5 * 3_600_000, command: 'relearn run', token: 'x' }));
    expect(() => lockWorkspace(dir, 'relearn run')).toThrow(/is locked by .*\.lock since .* \(2\.5 h ago, relearn run, pid \d+ on .*\); a run takes minutes/);
  });

  it('release leaves a lock that is no longer its own', () => {
    const dir = newDir();
    const lock = lockWorkspace(dir, 'relearn run');
    writeFileSync(lock.file, JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: Date.now(), command: 'relearn run', token: 'other' }));
    lock.release();
    expect(statSync(lock.file).isFile()).toBe(true);
  });
});
