import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { demoBatches } from '../../src/core/demo.ts';
import { crc32, deflatedZeros, MIB, zipOf, type Raw } from '../unit/helpers/hostileZip.ts';
import { newPage, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';
import { readStoredRecords, storageOnlyPage } from './pages/stored-records.ts';
import { StoragePage } from './pages/storage-page.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const WEATHER = await readFile(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');
const BATCHES = Object.fromEntries(demoBatches(WEATHER).map((b) => [b.name, b.csv]));

const temp = await mkdtemp(path.join(tmpdir(), 'relearn-workspace-e2e-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

/** Runs bin/relearn.js; the exit status comes back rather than throwing. */
async function relearn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), ...args], { cwd: repoRoot, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function writeBatch(name: string, csv = BATCHES[name]!): Promise<string> {
  const file = path.join(temp, name);
  await writeFile(file, csv);
  return file;
}

test('a workspace made by relearn run opens in the page: its batches and versions show', async () => {
  const workspace = path.join(temp, 'cli-workspace');
  const first = await relearn('run', '--workspace', workspace, '--batch', await writeBatch('seattle-2012.csv'), '--target', 'weather', '--json');
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect((await relearn('run', '--workspace', workspace, '--batch', await writeBatch('seattle-2013.csv'))).code).toBe(0);
  const zip = path.join(temp, 'from-cli.zip');
  const exported = await relearn('export-workspace', '--workspace', workspace, '--out', zip, '--json');
  expect(exported.code).toBe(0);
  const counts = (JSON.parse(exported.stdout) as { counts: { batches: number; versions: number; runs: number } }).counts;
  expect(counts.batches).toBe(2);
  expect(counts.versions).toBeGreaterThanOrEqual(1);

  const { page, errors, close } = await newPage();
  const storage = new StoragePage(page);
  await storage.open();
  await storage.chooseWorkspaceFile(zip);
  await storage.importConfirmation().waitFor({ timeout: 60_000 });
  expect(await storage.importConfirmation().textContent()).toMatch(/Replace this workspace with from-cli\.zip\? It was written by relearn .* \(relearn export-workspace\) on /);
  expect(await storage.importCounts()).toMatchObject({ Batches: ['0', '2'], 'Model versions': ['0', String(counts.versions)], 'Pipeline runs': ['0', String(counts.runs)] });
  await screenshot(page, 'workspace-import-confirm');
  await storage.replaceWorkspace();
  await storage.transferStatus().filter({ hasText: 'Imported from-cli.zip' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => storage.batchNames(), { timeout: 30_000 }).toEqual(expect.arrayContaining(['seattle-2012.csv', 'seattle-2013.csv']));

  const models = new ModelsPage(page);
  await models.open();
  await expect.poll(() => models.versionCount(), { timeout: 30_000 }).toBe(counts.versions);
  await page.goto('#/history');
  await models.textInMain(/Workspace imported from "from-cli\.zip"/).first().waitFor();
  expect(errors).toEqual([]);
  await close();
});

test("the page's export, after a training, goes on under the CLI: import-workspace, then relearn run on a further batch", async () => {
  const { page, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.openDemo();
  await models.fill({ Epochs: '3' });
  await models.trainButton().click();
  await models.waitForOutcome('finished');

  const storage = new StoragePage(page);
  await storage.open();
  const download = await storage.exportWorkspace();
  expect(download.suggestedFilename()).toMatch(/^relearn-workspace-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = path.join(temp, 'from-page.zip');
  await download.saveAs(zip);
  const size = (await readFile(zip)).byteLength;
  await expect.poll(() => storage.transferPanel().textContent(), { timeout: 30_000 }).toMatch(/Saved relearn-workspace-\d{4}-\d{2}-\d{2}\.zip \([\d.]+ [kM]?B\)\./);
  await screenshot(page, 'workspace-exported');
  expect(errors).toEqual([]);
  await close();
  expect(size).toBeGreaterThan(10_000);

  const workspace = path.join(temp, 'from-page');
  const imported = await relearn('import-workspace', '--zip', zip, '--workspace', workspace, '--json');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ counts: { batches: 5, versions: 1 }, manifest: { formatVersion: 1, createdBy: expect.stringMatching(/\(the web page\)$/) } });
  const further = BATCHES['new-york-2015.csv']!.split('\n').slice(0, 151).join('\n') + '\n';
  const run = await relearn('run', '--workspace', workspace, '--batch', await writeBatch('new-york-spring.csv', further), '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ batch: { name: 'new-york-spring.csv', rows: 150, drift: { drift: true } }, champion: null });
});

test('a corrupt, truncated or zip-bomb file is refused with the problem named, and the page keeps its data', async () => {
  const good = await readFile(path.join(temp, 'from-cli.zip'));
  const truncated = path.join(temp, 'truncated.zip');
  await writeFile(truncated, good.subarray(0, good.length >> 1));
  const { page, context, errors, close } = await newPage();
  const storage = new StoragePage(page);
  await storage.open();
  await storage.chooseWorkspaceFile(path.join(temp, 'from-cli.zip'));
  await storage.replaceWorkspace();
  await storage.transferStatus().filter({ hasText: 'Imported' }).waitFor({ timeout: 60_000 });
  const before = await readStoredRecords(await storageOnlyPage(context));

  await storage.chooseWorkspaceFile(truncated);
  await storage.transferAlert().waitFor({ timeout: 60_000 });
  expect(await storage.transferAlert().textContent()).toBe('Not imported: truncated.zip: is not a zip file, or it is truncated: its table of contents is missing or damaged. Nothing was changed.');

  // One flipped byte inside manifest.json, zipped without compression so that the byte is found: its CRC-32 fails.
  const flipped = Buffer.from(good);
  const { unzipSync, zipSync } = await import('fflate');
  const stored = Buffer.from(zipSync(unzipSync(flipped), { level: 0 }));
  const at = stored.indexOf('"createdBy"') + 3;
  stored[at] = stored[at]! ^ 1;
  const corrupt = path.join(temp, 'corrupt.zip');
  await writeFile(corrupt, stored);
  await storage.chooseWorkspaceFile(corrupt);
  await storage.transferAlert().filter({ hasText: 'corrupt.zip' }).waitFor({ timeout: 60_000 });
  expect(await storage.transferAlert().textContent()).toBe('Not imported: corrupt.zip/manifest.json: does not match its CRC-32 checksum: the zip file is corrupt (damaged in transfer or edited). Nothing was changed.');
  await screenshot(page, 'workspace-import-refused');

  // A 2 MB file holding one stray entry of 2 GB of zeros: refused from its table of contents, nothing inflated.
  const entries: Raw[] = Object.entries(unzipSync(good)).map(([name, data]) => ({ name, data, method: 0, size: data.byteLength, crc: crc32(data) }));
  const bomb = path.join(temp, 'bomb.zip');
  await writeFile(bomb, zipOf([...entries, { name: 'stray.bin', data: deflatedZeros(1907), method: 8, size: 1907 * MIB, crc: 0 }]));
  await storage.chooseWorkspaceFile(bomb);
  await storage.transferAlert().filter({ hasText: 'bomb.zip' }).waitFor({ timeout: 60_000 });
  expect(await storage.transferAlert().textContent()).toBe(
    "Not imported: bomb.zip/stray.bin: is not a file of a workspace (manifest.json, the tables' .json files, columns/BATCH/, models/vN/, binary/TABLE/N/); nothing was unpacked. Nothing was changed.",
  );
  expect(await readStoredRecords(await storageOnlyPage(context))).toEqual(before);
  expect(await storage.batchNames()).toEqual(expect.arrayContaining(['seattle-2012.csv', 'seattle-2013.csv']));
  expect(errors).toEqual([]);
  await close();
});
