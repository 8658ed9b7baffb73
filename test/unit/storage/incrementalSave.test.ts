import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { JOURNAL_FILE, saveSteps } from '../../../src/storage/incrementalSave.ts';
import { batchCsv, stored } from '../helpers/storage.ts';
import { EXPORT_OPTIONS, populate, workspaceTables } from '../helpers/workspace.ts';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-incremental-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newDir = (): string => path.join(root, `ws-${++fresh}`);

const open: RelearnDb[] = [];
afterEach(() => {
  saveSteps.before = () => undefined;
  for (const db of open.splice(0)) db.close();
});
const track = (db: RelearnDb): RelearnDb => (open.push(db), db);

/** Every file under `dir` with its inode: a file rewritten or replaced gets a new one. */
function inodes(dir: string, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of inodes(dir, rel)) out.set(k, v);
    else out.set(rel, statSync(path.join(dir, rel)).ino);
  }
  return out;
}

/** A workspace directory written whole, as every earlier Relearn wrote one (format 1, natural file names). */
async function oldStyleWorkspace(): Promise<{ dir: string; tables: Record<string, unknown[]> }> {
  const db = await populate(track(memoryDb()));
  const dir = newDir();
  await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
  return { dir, tables: await workspaceTables(db) };
}

/** What a `relearn run` does to a workspace, in small: a new batch arrives and an event is logged. */
async function change(db: RelearnDb): Promise<void> {
  await stored(db, 'three.csv', batchCsv(20, { shift: 5 }));
  await db.events.add({ at: 7, kind: 'alert', actor: 'auto', summary: 'a new batch' });
}

describe('saving a loaded workspace in place', () => {
  it('writes only the new batch, the changed tables and the manifest; every other file stays as it was', async () => {
    const { dir } = await oldStyleWorkspace();
    const before = inodes(dir);
    const db = track(await loadWorkspaceDir(dir));
    await change(db);
    const expected = await workspaceTables(db);
    await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
    const after = inodes(dir);
    const added = [...after.keys()].filter((f) => !before.has(f)).sort();
    const removed = [...before.keys()].filter((f) => !after.has(f)).sort();
    const rewritten = [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f));
    const batchId = (expected.batches as { id: string; name: string }[]).find((b) => b.name === 'three.csv')!.id;
    // The new batch's columns, and a new file for each table written: batches and their quality, columns, drift state, events.
    expect(added.filter((f) => !f.startsWith(`columns/${batchId}/`))).toEqual(['batchQuality.1.json', 'batches.1.json', 'columnChunks.1.json', 'columnDictionaries.1.json', 'events.1.json']);
    expect(added.filter((f) => f.startsWith(`columns/${batchId}/`)).length).toBeGreaterThan(0);
    expect(removed).toEqual(['batchQuality.json', 'batches.json', 'columnChunks.json', 'columnDictionaries.json', 'events.json']);
    expect(rewritten).toEqual(['manifest.json']);
    expect(after.has(JOURNAL_FILE)).toBe(false);
    const reloaded = track(await loadWorkspaceDir(dir));
    expect(await workspaceTables(reloaded)).toStrictEqual(expected);
  });

  it('a record written back with its arrays unchanged keeps their files: a changed model rewrites no weights', async () => {
    const { dir } = await oldStyleWorkspace();
    const db = track(await loadWorkspaceDir(dir));
    const weights = statSync(path.join(dir, 'models/v1/weights.bin')).ino;
    const model = (await db.models.toArray())[0]!;
    await db.models.put({ ...model, description: 'read, changed, written back' });
    const artifacts = (await db.modelArtifacts.toArray())[0]!;
    await db.modelArtifacts.put({ ...artifacts, card: { ...artifacts.card } });
    const expected = await workspaceTables(db);
    await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
    expect(statSync(path.join(dir, 'models/v1/weights.bin')).ino).toBe(weights);
    expect(readdirSync(path.join(dir, 'models/v1')).filter((f) => f.startsWith('weights.'))).toEqual(['weights.bin']);
    expect(await workspaceTables(track(await loadWorkspaceDir(dir)))).toStrictEqual(expected);
  });

  it('goes on over several saves: each loads equal to what was saved', async () => {
    const { dir } = await oldStyleWorkspace();
    for (const [i, shift] of [3, 6, 9].entries()) {
      const db = track(await loadWorkspaceDir(dir));
      await stored(db, `more-${i}.csv`, batchCsv(15, { shift }));
      const expected = await workspaceTables(db);
      await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
      expect(await workspaceTables(track(await loadWorkspaceDir(dir)))).toStrictEqual(expected);
    }
  });
});

describe('a save interrupted at any step leaves the old workspace or the new one, never half', () => {
  it('stops at each step in turn (the process dies there: nothing after it runs); the directory loads as old or new, and the next save cleans up', async () => {
    const { dir: original, tables: old } = await oldStyleWorkspace();
    // One save run to the end, to learn its steps and the new workspace.
    const steps: string[] = [];
    const probe = newDir();
    cpSync(original, probe, { recursive: true });
    saveSteps.before = (step) => void steps.push(step);
    const db = track(await loadWorkspaceDir(probe));
    await change(db);
    await saveWorkspaceDir(db, probe, EXPORT_OPTIONS);
    expect(steps.length).toBeGreaterThan(10);

    for (const [at, step] of steps.entries()) {
      const dir = newDir();
      cpSync(original, dir, { recursive: true });
      const working = track(await loadWorkspaceDir(dir));
      await change(working);
      const next = await workspaceTables(working);
      let calls = 0;
      let dead = false;
      saveSteps.before = () => {
        if (dead || calls++ === at) {
          dead = true;
          throw new Error(`killed before ${step}`);
        }
      };
      await saveWorkspaceDir(working, dir, EXPORT_OPTIONS).catch(() => undefined);
      saveSteps.before = () => undefined;
      const loaded = await workspaceTables(track(await loadWorkspaceDir(dir)));
      const committed = steps.indexOf('rename manifest.json') < at;
      expect(loaded, `interrupted before ${step}`).toStrictEqual(committed ? next : old);
      // The next run goes on from there: its save removes the leftovers.
      const again = track(await loadWorkspaceDir(dir));
      await again.events.add({ at: 99, kind: 'alert', actor: 'user', summary: 'after the crash' });
      await saveWorkspaceDir(again, dir, EXPORT_OPTIONS);
      const files = [...inodes(dir).keys()];
      expect(files.includes(JOURNAL_FILE), step).toBe(false);
      const reloaded = await workspaceTables(track(await loadWorkspaceDir(dir)));
      expect((reloaded.events as { summary: string }[]).at(-1)!.summary).toBe('after the crash');
    }
  }, 120_000);
});

describe('kill -9 in the middle of saves', () => {
  it('a process killed while it saves leaves a workspace that loads whole, old or new', async () => {
    const { dir } = await oldStyleWorkspace();
    const script = fileURLToPath(new URL('./saveLoop.script.ts', import.meta.url));
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      // Killed a few milliseconds into its second save of the round, at a different point each time.
      await new Promise<void>((resolve) => {
        let lines = '';
        child.stdout.on('data', (chunk: Buffer) => {
          lines += chunk.toString();
          if (lines.includes('saving 2')) setTimeout(() => (child.kill('SIGKILL'), resolve()), round * 7);
        });
      });
      await new Promise((resolve) => child.once('exit', resolve));
      const db = track(await loadWorkspaceDir(dir));
      const saves = (await db.events.toArray()).map((e) => e.summary).filter((s) => s.startsWith('save ')).map((s) => s.slice(5));
      const batches = (await db.batches.toArray()).map((b) => b.name).filter((n) => n.startsWith('loop-')).map((n) => n.slice(5, -4));
      // Every save that is there is there whole: its event and its batch, with the batch's columns.
      expect(new Set(saves).size).toBe(saves.length);
      expect(batches.sort()).toEqual([...saves].sort());
      expect(saves.length).toBeGreaterThanOrEqual(round + 1);
      for (const batch of await db.batches.toArray()) expect((await db.columnChunks.where('batchId').equals(batch.id).toArray()).length).toBeGreaterThan(0);
    }
  }, 120_000);
});
