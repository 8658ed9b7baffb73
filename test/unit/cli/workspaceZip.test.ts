import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceZipJson } from '../../../src/cli/workspaceZip.ts';
import { demoBatches } from '../../../src/core/demo.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';
import { workspaceTables } from '../helpers/workspace.ts';

const WEATHER = readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');
const BATCHES = Object.fromEntries(demoBatches(WEATHER).map((b) => [b.name, b.csv]));

const root = mkdtempSync(path.join(tmpdir(), 'relearn-wszip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newPath = (name: string): string => path.join(root, `${++fresh}-${name}`);

/** A workspace made by `relearn run`: Seattle 2012 (version 1 trained and promoted), then Seattle 2013. */
async function runWorkspace(): Promise<string> {
  const dir = newPath('ws');
  const db = memoryDb();
  const settings = defaultPipelineSettings();
  await changePipelineSettings(db, { ...settings, params: { ...settings.params, epochs: 2 } });
  await saveWorkspaceDir(db, dir, { createdBy: 'test', modelJson: () => '{}' });
  db.close();
  for (const [name, target] of [['seattle-2012.csv', ['--target', 'weather']], ['seattle-2013.csv', []]] as const) {
    const file = newPath(name);
    writeFileSync(file, BATCHES[name]!);
    const { code, stderr } = await runMain(['run', '--workspace', dir, '--batch', file, ...target]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }
  return dir;
}

async function tablesOf(dir: string): Promise<Record<string, unknown[]>> {
  const db = await loadWorkspaceDir(dir);
  try {
    return await workspaceTables(db);
  } finally {
    db.close();
  }
}

/** Every file under dir, as relative paths with "/". */
const listing = (dir: string, prefix = ''): string[] =>
  existsSync(dir)
    ? readdirSync(path.join(dir, prefix), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? listing(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
        .sort()
    : [];

describe('relearn export-workspace and import-workspace', () => {
  let workspace: string;
  let zip: string;
  beforeAll(async () => {
    workspace = await runWorkspace();
    zip = newPath('workspace.zip');
  }, 120_000);

  it('a workspace made by relearn run, exported to a zip and imported back, has the same records', async () => {
    const exported = await runMain(['export-workspace', '--workspace', workspace, '--out', zip, '--json']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as WorkspaceZipJson;
    expect(Object.keys(json)).toEqual(['workspace', 'zip', 'bytes', 'counts', 'manifest']);
    expect(json).toMatchObject({ workspace, zip, bytes: readFileSync(zip).byteLength, counts: { batches: 2, versions: expect.any(Number), runs: expect.any(Number) }, manifest: { formatVersion: 1, dbVersion: 6 } });
    expect(json.manifest.createdBy).toMatch(/^relearn .* \(relearn export-workspace\)$/);
    const entries = Object.keys(unzipSync(readFileSync(zip)));
    expect(entries).toContain('manifest.json');
    expect(entries).toContain('models/v1/model.json');
    expect(entries.sort()).toEqual(listing(workspace));

    const copy = newPath('imported');
    const imported = await runMain(['import-workspace', '--zip', zip, '--workspace', copy]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^imported ${zip} \\(relearn .* \\(relearn export-workspace\\), saved .*\\) into ${copy}: 2 batches, \\d+ versions?, \\d+ runs?, \\d+ events\\n$`));
    expect(await tablesOf(copy)).toStrictEqual(await tablesOf(workspace));
  });

  it('the imported workspace goes on under relearn run', async () => {
    const copy = newPath('imported');
    expect((await runMain(['import-workspace', '--zip', zip, '--workspace', copy])).code).toBe(0);
    const file = newPath('new-york-2015.csv');
    writeFileSync(file, BATCHES['new-york-2015.csv']!);
    const { code, stdout } = await runMain(['run', '--workspace', copy, '--batch', file, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ batch: { name: path.basename(file), rows: 365 }, decision: { fired: true, kind: 'drift' }, run: { trigger: { kind: 'drift' } } });
  });

  it('refuses a directory that holds anything, and changes nothing', async () => {
    const busy = newPath('busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    expect(await runMain(['import-workspace', '--zip', zip, '--workspace', busy])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${busy}: is not empty; import into a new or empty directory (to replace a workspace, remove it first)\n`,
    });
    expect(listing(busy)).toEqual(['notes.txt']);
    const before = listing(workspace);
    const { code, stderr } = await runMain(['import-workspace', '--zip', zip, '--workspace', workspace]);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: ${workspace}: holds a workspace already; import into a new or empty directory (to replace a workspace, remove it first)\n`);
    expect(listing(workspace)).toEqual(before);
  });

  it('refuses a corrupt or truncated zip and writes nothing', async () => {
    const bytes = readFileSync(zip);
    const truncated = newPath('truncated.zip');
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const target = newPath('never');
    expect(await runMain(['import-workspace', '--zip', truncated, '--workspace', target])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${truncated}: is not a zip file, or it is truncated: its table of contents is missing or damaged\n`,
    });
    const notZip = newPath('batch.zip');
    writeFileSync(notZip, BATCHES['seattle-2012.csv']!);
    expect((await runMain(['import-workspace', '--zip', notZip, '--workspace', target])).code).toBe(1);
    const missing = newPath('missing.zip');
    expect(await runMain(['import-workspace', '--zip', missing, '--workspace', target])).toEqual({ code: 1, stdout: '', stderr: `error: ${missing}: no such file\n` });
    expect(existsSync(target)).toBe(false);
  });

  it('export refuses a directory that is not a workspace', async () => {
    const out = newPath('out.zip');
    const { code, stderr } = await runMain(['export-workspace', '--workspace', newPath('nothing'), '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: not a Relearn workspace: .*nothing \(no such directory\)\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['export-workspace', '--workspace', 'ws'], 'error: export-workspace needs --out FILE'],
    [['import-workspace', '--zip', 'a.zip'], 'error: import-workspace needs --workspace DIR'],
    [['import-workspace', '--zip', 'a.zip', '--workspace', 'ws', '--out', 'b.zip'], 'error: import-workspace takes --zip FILE, not --out'],
  ])('bad usage %j exits 2', async (argv, first) => {
    const { code, stdout, stderr } = await runMain(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(first);
    expect(stderr).toMatch(/usage: relearn <command>/);
  });

  it('is listed in the usage text', async () => {
    const { stdout } = await runMain(['--help']);
    expect(stdout).toContain('export-workspace --workspace DIR --out FILE [--json]');
    expect(stdout).toContain('import-workspace --zip FILE --workspace DIR [--json]');
  });
});
