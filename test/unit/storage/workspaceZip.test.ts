import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, Zip, ZipPassThrough, zipSync, type Zippable } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { loadWorkspaceDir } from '../../../src/storage/directory.ts';
import { WORKSPACE_TABLES } from '../../../src/storage/workspaceFormat.ts';
import { WorkspaceError } from '../../../src/storage/workspaceErrors.ts';
import { countsInDb } from '../../../src/storage/queries/workspaceCounts.ts';
import { replaceWorkspace, WorkspaceInUseError } from '../../../src/storage/commands/replaceWorkspace.ts';
import { exportWorkspaceZip, readWorkspaceZip, type ZipProgress } from '../../../src/storage/workspaceZip.ts';
import { freshDb, snapshot } from '../helpers/storage.ts';
import { EXPORT_OPTIONS, populate, workspaceTables } from '../helpers/workspace.ts';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-zip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const newDb = (): RelearnDb => {
  const { db } = freshDb();
  open.push(db);
  return db;
};

/** What the page does with a chosen file: read and check it all, then replace the workspace. */
async function importZip(db: RelearnDb, bytes: Uint8Array, options = {}): Promise<void> {
  const contents = await readWorkspaceZip(bytes, db.verno, options);
  await replaceWorkspace(db, contents, 'test.zip');
}

let source: { bytes: Uint8Array; tables: Record<string, unknown[]> } | null = null;
/** One exported workspace, made once: its zip bytes and its tables. */
async function exported(): Promise<{ bytes: Uint8Array; tables: Record<string, unknown[]> }> {
  if (!source) {
    const db = await populate(newDb());
    source = { bytes: await exportWorkspaceZip(db, EXPORT_OPTIONS), tables: await workspaceTables(db) };
  }
  return source;
}

/** The entries of a zip, changed by `edit`, zipped again (stored, so that bytes can be found and flipped). */
async function rezipped(edit: (files: Record<string, Uint8Array>) => void): Promise<Uint8Array> {
  const files = unzipSync((await exported()).bytes);
  edit(files);
  return zipSync(files as Zippable, { level: 0 });
}

const editJson = (files: Record<string, Uint8Array>, name: string, edit: (json: unknown) => unknown): void => {
  files[name] = strToU8(JSON.stringify(edit(JSON.parse(strFromU8(files[name]!)))));
};

/** A page's own workspace, different from the exported one, to show that a refusal leaves it as it was. */
async function pageDb(): Promise<{ db: RelearnDb; before: Record<string, unknown[]> }> {
  const db = await populate(newDb(), { rows: 25 });
  await db.device.put({ key: 'backend', probe: null, override: 'wasm' });
  return { db, before: await snapshot(db) };
}

async function refused(bytes: Uint8Array, options = {}): Promise<WorkspaceError> {
  const { db, before } = await pageDb();
  const error = await importZip(db, bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  expect(await snapshot(db)).toStrictEqual(before);
  return error as WorkspaceError;
}

describe('workspace zip: round trip', () => {
  it('export then import gives the same records, binaries and models included, with an import event; the device table stays', async () => {
    const progress: ZipProgress[] = [];
    const db = await populate(newDb());
    const bytes = await exportWorkspaceZip(db, { ...EXPORT_OPTIONS, onProgress: (p) => progress.push(p) });
    const before = await workspaceTables(db);
    expect(progress.length).toBeGreaterThan(WORKSPACE_TABLES.length);
    expect(progress.at(-1)!.files).toBe(Object.keys(unzipSync(bytes)).length);

    const { db: page } = await pageDb();
    const replaced = await countsInDb(page);
    await importZip(page, bytes);
    const after = await workspaceTables(page);
    const event = (after.events as { kind: string; summary: string }[]).pop();
    expect(after).toStrictEqual(before);
    expect(event).toMatchObject({
      kind: 'workspace.imported',
      actor: 'user',
      details: { file: 'test.zip', createdBy: 'relearn test', formatVersion: 1, dbVersion: page.verno, imported: { batches: 2, versions: 1, runs: 1 }, replaced },
    });
    expect(event?.summary).toMatch(/^Workspace imported from "test\.zip" \(relearn test, saved .*\): 2 batches, 1 version, 1 run; it replaced 2 batches, 1 version, 1 run$/);
    expect(await page.device.get('backend')).toMatchObject({ override: 'wasm' });
    const weights = (after.modelArtifacts![0] as { weightData: ArrayBuffer }).weightData;
    expect(Array.from(new Float32Array(weights))).toEqual([1.5, -0, 3]);
  });

  it('chunks of an upload still being written (no batch record yet) stay out of the file, which then imports', async () => {
    const db = await populate(newDb());
    const before = await workspaceTables(db);
    await db.columnChunks.add({ batchId: 'pending-upload', column: 0, chunk: 0, data: new Float64Array([1, 2, 3]) });
    const bytes = await exportWorkspaceZip(db, EXPORT_OPTIONS);
    const { db: page } = await pageDb();
    await importZip(page, bytes);
    const after = await workspaceTables(page);
    after.events!.pop();
    expect(after).toStrictEqual(before);
  });

  it('the zip holds the directory layout: unzipped, it is a workspace directory the CLI loads', async () => {
    const { bytes, tables } = await exported();
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toContain('manifest.json');
    expect(Object.keys(files)).toContain('models/v1/model.json');
    expect(Object.keys(files)).toContain('models/v1/weights.bin');
    const dir = path.join(root, 'unzipped');
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), data);
    }
    const loaded = await loadWorkspaceDir(dir);
    open.push(loaded);
    expect(await workspaceTables(loaded)).toStrictEqual(tables);
  });

  it('a workspace zipped with its folder around it (as a file manager zips a folder) is read from inside it', async () => {
    const files = unzipSync((await exported()).bytes);
    const bytes = zipSync({ 'my-workspace': Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v])) } as Zippable);
    const db = newDb();
    await importZip(db, bytes);
    expect(await db.batches.count()).toBe(2);
  });

  it('keys "constructor" and "prototype" stay plain data and reach no prototype', async () => {
    const bytes = await rezipped((files) =>
      editJson(files, 'events.json', (events) => (events as object[]).map((e, i) => (i === 0 ? { ...e, details: { constructor: { polluted: true }, prototype: { polluted: true } } } : e))),
    );
    const contents = await readWorkspaceZip(bytes, 6);
    const details = (contents.tables.events![0] as { details: Record<string, unknown> }).details;
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.keys(details)).toEqual(['constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('workspace zip: refusals name the problem and change nothing', () => {
  it('a file that is not a zip, and an empty zip', async () => {
    expect((await refused(strToU8('x,y\n1,2\n'))).describe()).toBe('.: is not a zip file, or it is truncated: its table of contents is missing or damaged');
    expect((await refused(zipSync({}))).describe()).toBe('not a Relearn workspace: . (it has no manifest.json)');
  });

  it('a truncated zip', async () => {
    const { bytes } = await exported();
    expect((await refused(bytes.slice(0, Math.floor(bytes.length * 0.7)))).message).toBe('is not a zip file, or it is truncated: its table of contents is missing or damaged');
    // Cut inside the table of contents, and with the end record kept but the entries' data cut away.
    expect((await refused(bytes.slice(0, bytes.length - 40))).file).toBe('.');
    const end = bytes.slice(bytes.length - 22);
    const cut = new Uint8Array(bytes.length - 1000);
    cut.set(bytes.slice(0, cut.length - 22));
    cut.set(end, cut.length - 22);
    expect((await refused(cut)).file).toBe('.');
  });

  it('a flipped byte: the entry does not match its CRC-32', async () => {
    const bytes = await rezipped(() => undefined);
    const at = strFromU8(bytes, true).indexOf('"createdBy"') + 3;
    bytes[at] = bytes[at]! ^ 0x01;
    const error = await refused(bytes);
    expect(error.describe()).toBe('manifest.json: does not match its CRC-32 checksum: the zip file is corrupt (damaged in transfer or edited)');
  });

  it('a flipped byte in deflated data', async () => {
    const bytes = (await exported()).bytes.slice();
    bytes[200] = bytes[200]! ^ 0xff;
    const error = await refused(bytes);
    expect(error.message).toMatch(/the zip file is corrupt|CRC-32/);
  });

  it.each([
    ['formatVersion', 2, 'says format version 2, written by a newer Relearn; this one reads format version 1. Update Relearn to open it'],
    ['dbVersion', 99, 'holds records of database version 99, written by a newer Relearn; this one knows version 6. Update Relearn to open it'],
  ])('a newer %s', async (key, value, message) => {
    const bytes = await rezipped((files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), [key]: value })));
    expect((await refused(bytes)).describe()).toBe(`manifest.json: ${message}`);
  });

  it.each([
    ['../evil.txt', 'points outside the workspace ("..")'],
    ['columns/../../evil.txt', 'points outside the workspace ("..")'],
    ['/etc/evil', 'is an absolute path; a workspace file holds relative paths only'],
    ['C:/evil', 'is an absolute path; a workspace file holds relative paths only'],
    ['columns\\evil', 'has a backslash in its name; a workspace file names its entries with "/"'],
  ])('an entry named %j', async (name, why) => {
    const bytes = await rezipped((files) => void (files[name] = strToU8('x')));
    expect((await refused(bytes)).describe()).toBe(`.: has an entry "${name}" that ${why}`);
  });

  it('an entry with a control character in its name', async () => {
    const bytes = await rezipped((files) => void (files['columns/a\u0007b'] = strToU8('x')));
    expect((await refused(bytes)).describe()).toBe('.: has an entry "columns/a?b" that has a control character in its name');
  });

  it('an entry that appears twice', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((_, chunk) => void chunks.push(chunk));
    for (const [name, data] of [...Object.entries(unzipSync((await exported()).bytes)), ['batches.json', strToU8('[]')] as const]) {
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(data, true);
    }
    zip.end();
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
    expect((await refused(bytes)).describe()).toBe('batches.json: appears twice in the zip file; a workspace file holds each file once');
  });

  it('a file outside the layout, and one inside it that the manifest does not account for', async () => {
    let bytes = await rezipped((files) => void (files['notes.txt'] = strToU8('mine')));
    expect((await refused(bytes)).describe()).toBe("notes.txt: is not a file of a workspace (manifest.json, the tables' .json files, columns/BATCH/, models/vN/, binary/TABLE/N/); nothing was unpacked");
    bytes = await rezipped((files) => void (files['columns/other/0-0.f64'] = new Uint8Array(8)));
    expect((await refused(bytes)).describe()).toBe('columns/other/0-0.f64: is not part of the workspace: a workspace file holds only the files its manifest.json accounts for');
  });

  it('a key "__proto__" in a record', async () => {
    const bytes = await rezipped((files) => {
      const text = strFromU8(files['events.json']!).replace('[\n{', '[\n{"__proto__":{"polluted":true},');
      files['events.json'] = strToU8(text);
    });
    const error = await refused(bytes);
    expect(error.describe()).toBe('events.json: has the key "__proto__" in record 1, which Relearn never writes: the file was edited or made to attack the page');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['models.json', 'version', '1', 'record 1: "version" should be a whole number of at least 1, not "1"'],
    ['models.json', 'imbalance', 'ignores yes', 'record 1: "imbalance" should be an object or null, or absent, not "ignores yes"'],
    ['models.json', 'importance', { scoring: 'accuracy', repeats: 5, seed: 1, rows: 10, baseline: 1, columns: [{ column: 'a', mean: 'high', std: 0 }] }, 'record 1: "importance.columns.0.mean" should be a finite number, not "high"'],
    ['batches.json', 'id', undefined, 'record 1: "id" should be a non-empty string, not missing'],
    ['runs.json', 'number', 0, 'record 1: "number" should be a whole number of at least 1, not 0'],
    ['aliases.json', 'name', 'boss', 'record 1: "name" should be one of "champion", "challenger", not "boss"'],
    ['events.json', 'actor', 'admin', 'record 1: "actor" should be one of "auto", "user", not "admin"'],
    ['events.json', 'kind', 'batch.renamed', 'record 1: "kind" should be an event kind this Relearn knows, not "batch.renamed"'],
  ])('%s with a wrong %s', async (file, field, value, message) => {
    const bytes = await rezipped((files) => editJson(files, file, (records) => (records as object[]).map((r, i) => (i === 0 ? { ...r, [field]: value } : r))));
    expect((await refused(bytes)).describe()).toBe(`${file}: ${message}`);
  });

  it('event details the page reads by kind: a promotion without its version, a run event without its run', async () => {
    const promoted = (records: unknown): number => (records as { kind: string }[]).findIndex((r) => r.kind === 'model.promoted');
    let bytes = await rezipped((files) => editJson(files, 'events.json', (records) => (records as { details: object }[]).map((r, i) => (i === promoted(records) ? { ...r, details: { ...r.details, version: 'one' } } : r))));
    expect((await refused(bytes)).describe()).toMatch(/^events\.json: record \d+: "details\.version" should be a whole number of at least 1, not "one"$/);
    const started = (records: unknown): number => (records as { kind: string }[]).findIndex((r) => r.kind === 'run.started');
    bytes = await rezipped((files) => editJson(files, 'events.json', (records) => (records as object[]).map((r, i) => (i === started(records) ? { ...r, details: null } : r))));
    expect((await refused(bytes)).describe()).toMatch(/^events\.json: record \d+: "details" should be an object, not null$/);
  });

  it('records sharing a key, and an alias to a version that is not there', async () => {
    let bytes = await rezipped((files) => editJson(files, 'events.json', (records) => (records as { seq: number }[]).map((r, i) => (i === 1 ? { ...r, seq: 1 } : r))));
    expect((await refused(bytes)).describe()).toBe('events.json: records 1 and 2 have the same seq 1; each "events" record needs its own');
    bytes = await rezipped((files) => editJson(files, 'aliases.json', (records) => (records as object[]).map((r) => ({ ...r, version: 7 }))));
    expect((await refused(bytes)).describe()).toBe('aliases.json: record 1: the champion is version 7, which models.json does not hold');
  });

  it('a missing binary file', async () => {
    const bytes = await rezipped((files) => void delete files['models/v1/weights.bin']);
    expect((await refused(bytes)).describe()).toBe('models/v1/weights.bin: is missing (modelArtifacts.json refers to it)');
  });

  it('a binary file of the wrong size', async () => {
    const bytes = await rezipped((files) => void (files['models/v1/weights.bin'] = new Uint8Array(5)));
    expect((await refused(bytes)).message).toBe('has 5 bytes; modelArtifacts.json says 12 × ArrayBuffer (12 bytes): the file is truncated or not this one');
  });

  it('a zip bomb: declared sizes over the limit are refused before anything is inflated', async () => {
    const zeros = new Uint8Array(16 << 20);
    const bytes = zipSync({ 'manifest.json': [zeros, { level: 9 }] } as Zippable);
    expect(bytes.length).toBeLessThan(50_000);
    expect((await refused(bytes, { maxBytes: 8 << 20 })).describe()).toBe(`.: would unpack to ${16 << 20} bytes, more than the ${8 << 20} bytes allowed here: it is a zip bomb, or a workspace too large to import`);
  });

  it('a zip bomb: a declared size deflate cannot reach from the compressed bytes', async () => {
    const bytes = zipSync({ 'manifest.json': strToU8('{}') });
    const view = new DataView(bytes.buffer);
    const central = strFromU8(bytes, true).lastIndexOf('PK\u0001\u0002');
    view.setUint32(central + 24, 1_500_000_000, true);
    expect((await refused(bytes)).message).toMatch(/^says it unpacks to 1500000000 bytes from \d+, more than (it stores|deflate can produce): the zip file is corrupt or a zip bomb$/);
  });

  it('an import while a pipeline run is running is refused, and nothing changes', async () => {
    const { bytes } = await exported();
    const { db } = await pageDb();
    const run = (await db.runs.toArray())[0]!;
    await db.runs.put({ ...run, state: 'running' });
    const before = await snapshot(db);
    const contents = await readWorkspaceZip(bytes, db.verno);
    await expect(replaceWorkspace(db, contents, 'test.zip')).rejects.toThrow(new WorkspaceInUseError('pipeline run 1 is running: wait for it to finish or cancel it, then import the workspace again (nothing was changed)'));
    expect(await snapshot(db)).toStrictEqual(before);
  });

  it('a record the database refuses rolls the whole replacement back', async () => {
    const { bytes } = await exported();
    const { db, before } = await pageDb();
    const contents = await readWorkspaceZip(bytes, db.verno);
    // Two runs with the same number: the unique index refuses the second, after every earlier table was written.
    contents.tables.runs = [...contents.tables.runs!, { ...(contents.tables.runs![0] as object), id: 'run-other' }];
    const error = await replaceWorkspace(db, contents, 'test.zip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).describe()).toMatch(/^runs\.json: holds records that cannot be stored as "runs"/);
    expect(await snapshot(db)).toStrictEqual(before);
  });
});
