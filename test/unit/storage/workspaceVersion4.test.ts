import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { replaceWorkspace } from '../../../src/storage/commands/replaceWorkspace.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { getBatch } from '../../../src/storage/queries/batches.ts';
import { getDriftReport } from '../../../src/storage/queries/driftReports.ts';
import { MANIFEST_FILE } from '../../../src/storage/workspaceFormat.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../../../src/storage/workspaceZip.ts';
import { EXPORT_OPTIONS, populate, workspaceTables } from '../helpers/workspace.ts';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-v4-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const track = (db: RelearnDb): RelearnDb => (open.push(db), db);

type Json = Record<string, unknown>;

/**
 * Today's workspace files rewritten as database version 4 wrote them: each batch's quality report and each
 * drift report's overlays inside the record, no tables of their own. `files` maps paths to their text.
 */
function asVersion4(files: Map<string, string>): void {
  const manifest = JSON.parse(files.get(MANIFEST_FILE)!) as { dbVersion: number; tables: Record<string, { file: string; records: number }> };
  const table = (name: string): Json[] => JSON.parse(files.get(manifest.tables[name]!.file)!) as Json[];
  const heavy = new Map(table('batchQuality').map((q) => [q.batchId, q as { histograms: unknown[]; categories: unknown[] }]));
  const overlays = new Map(table('driftOverlays').map((o) => [o.batchId, o]));
  const batches = table('batches').map((b) => {
    const { histograms, categories } = heavy.get(b.id)!;
    const quality = (b.quality as Json[]).map((q, i) => ({
      ...q,
      ...(q.numeric ? { numeric: { ...(q.numeric as Json), histogram: histograms[i] } } : {}),
      ...(categories[i] ? { categorical: categories[i] } : {}),
    }));
    return { ...b, quality };
  });
  const reports = table('driftReports').map((r) => {
    const o = overlays.get(r.batchId) as { columns: unknown[]; labelDrift: unknown };
    const report = r.report as { columns: Json[]; labelDrift: Json | null };
    const drawn = (c: Json, overlay: unknown): Json => (overlay === null ? c : { ...c, distribution: overlay });
    return { ...r, report: { ...report, columns: report.columns.map((c, i) => drawn(c, o.columns[i])), labelDrift: report.labelDrift && drawn(report.labelDrift, o.labelDrift) } };
  });
  files.set(manifest.tables.batches!.file, JSON.stringify(batches));
  files.set(manifest.tables.driftReports!.file, JSON.stringify(reports));
  for (const name of ['batchQuality', 'driftOverlays']) {
    files.delete(manifest.tables[name]!.file);
    delete manifest.tables[name];
  }
  manifest.dbVersion = 4;
  files.set(MANIFEST_FILE, JSON.stringify(manifest));
}

/** A populated workspace whose drift reports carry overlays, and its tables as today's database holds them. */
async function workspace(): Promise<{ db: RelearnDb; tables: Record<string, unknown[]> }> {
  const db = await populate(track(memoryDb()));
  const tables = await workspaceTables(db);
  expect(tables.batchQuality!.length).toBe(tables.batches!.length);
  expect((tables.driftOverlays as { columns: unknown[] }[]).some((o) => o.columns.some((c) => c !== null))).toBe(true);
  return { db, tables };
}

describe('a workspace written by database version 4 (heavy fields inside the records)', () => {
  it('a directory loads into today\'s tables, is saved in place in today\'s shape, and loads the same again', async () => {
    const { db, tables } = await workspace();
    const dir = path.join(root, 'dir');
    await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
    const files = new Map(['manifest.json', 'batches.json', 'batchQuality.json', 'driftReports.json', 'driftOverlays.json'].map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    asVersion4(files);
    for (const f of ['batchQuality.json', 'driftOverlays.json']) unlinkSync(path.join(dir, f));
    for (const [f, text] of files) writeFileSync(path.join(dir, f), text);

    const old = track(await loadWorkspaceDir(dir));
    expect(await workspaceTables(old)).toStrictEqual(tables);
    const [batch] = tables.batches as { id: string }[];
    expect((await getBatch(old, batch!.id))?.quality.map((q) => q.numeric?.histogram ?? q.categorical)).toEqual((tables.batchQuality as { histograms: unknown[]; categories: unknown[] }[])[0]!.histograms.map((h, i) => h ?? (tables.batchQuality as { categories: unknown[] }[])[0]!.categories[i]));
    const [report] = tables.driftReports as { batchId: string }[];
    expect((await getDriftReport(old, report!.batchId))?.report.columns.some((c) => c.distribution)).toBe(true);

    // Saved in place with nothing changed, the moved records are written anew, in today's shape.
    await saveWorkspaceDir(old, dir, EXPORT_OPTIONS);
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { dbVersion: number; tables: Record<string, { file: string }> };
    expect(manifest.dbVersion).toBe(6);
    expect(Object.keys(manifest.tables)).toEqual(expect.arrayContaining(['batchQuality', 'driftOverlays']));
    expect(readFileSync(path.join(dir, manifest.tables.batches!.file), 'utf8')).not.toMatch(/"histogram":|"categorical":/);
    expect(readFileSync(path.join(dir, manifest.tables.driftReports!.file), 'utf8')).not.toContain('"distribution"');
    expect(await workspaceTables(track(await loadWorkspaceDir(dir)))).toStrictEqual(tables);
  });

  it('a zip imports into today\'s tables, and exported again it round-trips', async () => {
    const { db, tables } = await workspace();
    const entries = unzipSync(await exportWorkspaceZip(db, { ...EXPORT_OPTIONS }));
    const files = new Map(Object.entries(entries).filter(([name]) => name.endsWith('.json') && !name.includes('/')).map(([name, bytes]) => [name, strFromU8(bytes)]));
    asVersion4(files);
    for (const name of Object.keys(entries)) if (name.endsWith('.json') && !name.includes('/') && !files.has(name)) delete entries[name];
    for (const [name, text] of files) entries[name] = strToU8(text);

    const target = track(memoryDb());
    await replaceWorkspace(target, await readWorkspaceZip(zipSync(entries), target.verno), 'old.zip');
    const imported = await workspaceTables(target);
    expect({ ...imported, events: imported.events!.slice(0, -1) }).toStrictEqual(tables);

    const again = track(memoryDb());
    await replaceWorkspace(again, await readWorkspaceZip(await exportWorkspaceZip(target, { ...EXPORT_OPTIONS }), again.verno), 'new.zip');
    const reimported = await workspaceTables(again);
    expect({ ...reimported, events: reimported.events!.slice(0, -1) }).toStrictEqual(imported);
  });
});
