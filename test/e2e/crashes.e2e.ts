import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { leaveStagedChunkFile, readStoredRecords, stagedChunkFiles, storageOnlyPage } from './pages/stored-records.ts';
import { UploadPage } from './pages/upload-page.ts';

let dir: string;
let bigCsv: string;
let laterCsv: string;

/** Rows of four columns (two numeric, one categorical, one 0/1); `shift` moves the values. */
function rows(count: number, shift = 0): string {
  const lines = ['id,value,group,flag'];
  for (let i = 0; i < count; i++) lines.push(`${i},${(((i * 7919) % 100_000) / 1000 + shift).toFixed(3)},g${(i + shift) % 13},${i % 2}`);
  return lines.join('\n') + '\n';
}

// About 40 MB: reading, storing and checking it for drift each take long enough to be cut off mid-way.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-crash-'));
  bigCsv = join(dir, 'big.csv');
  laterCsv = join(dir, 'later.csv');
  await writeFile(bigCsv, rows(1_600_000, 5));
  await writeFile(laterCsv, rows(20_000));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a page closed while a large CSV is stored keeps no part of it; the reopened page says so, and the upload works again', async () => {
  const { page, context, errors, close } = await newPage();
  const data = new UploadPage(page);
  await data.open();
  await data.uploadFiles([bigCsv]);
  await expect.poll(() => data.phase().textContent(), { timeout: 90_000, interval: 20 }).toBe('storing');
  await page.close();

  // Column chunks written before the close may be left with no batch record: no batch shows them, and
  // the next start removes them.
  const storage = await storageOnlyPage(context);
  const left = await readStoredRecords(storage);
  expect([left.batches, left.orphanDictionaries, left.incompleteBatches]).toEqual([[], 0, []]);
  // A staged file of chunk bytes (stagedChunks.ts) that a closed tab did not get to remove goes too, when the
  // ingest worker next starts.
  await leaveStagedChunkFile(storage, 'f'.repeat(64));

  const reopened = await context.newPage();
  const again = new UploadPage(reopened);
  await again.open();
  await again.failure().waitFor();
  await expect.poll(async () => (await readStoredRecords(storage)).orphanChunks, { timeout: 30_000 }).toBe(0);
  expect(await again.failure().textContent()).toBe('The page was closed or reloaded while "big.csv" was being uploaded; no part of it was kept. Upload it again. Nothing more was stored.');
  expect(await again.batchNames()).toEqual([]);
  await screenshot(reopened, 'crash-upload-interrupted');

  await again.dismissResults();
  await again.uploadFiles([bigCsv]);
  await again.waitForResults();
  expect(await again.outcome('big.csv').getAttribute('data-status')).toBe('stored');
  expect(await again.batchNames()).toEqual(['big.csv']);
  const stored = await readStoredRecords(storage);
  expect([stored.batches, stored.orphanChunks, stored.incompleteBatches]).toEqual([['big.csv'], 0, []]);
  expect(await stagedChunkFiles(storage)).toEqual([]);
  expect(errors).toEqual([]);
  await close();
}, 240_000);

test('a page closed during a drift check stores no report; the reopened page checks the batch again, once', async () => {
  const { page, context, errors, close } = await newPage();
  const data = new UploadPage(page);
  await data.open();
  // The large file comes first and becomes the reference: the check profiles it, then compares the later batch.
  await data.uploadFiles([bigCsv, laterCsv]);
  await data.openSection('Monitor');
  const monitor = new MonitorPage(page);
  await expect.poll(() => monitor.status().textContent(), { timeout: 120_000, interval: 10 }).toMatch(/^ ?Checking drift/);
  await page.close();

  const storage = await storageOnlyPage(context);
  const left = await readStoredRecords(storage);
  expect([left.batches, left.incompleteBatches, left.driftReports, left.driftEvents]).toEqual([['big.csv', 'later.csv'], [], {}, {}]);

  const reopened = await context.newPage();
  const again = new MonitorPage(reopened);
  await reopened.goto('#/monitor');
  await again.waitForChecks(120_000);
  const checked = await readStoredRecords(storage);
  expect([checked.driftReports, checked.driftEvents]).toEqual([{ 'later.csv': 4 }, { 'later.csv': 1 }]);
  expect(errors).toEqual([]);
  await close();
}, 240_000);

test('a page closed while a model trains registers no version and leaves no weights; the reopened Models section says training was interrupted', async () => {
  const { page, context, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.openDemo();
  await models.fill({ Epochs: '5000', Patience: '0', 'Batch size': '32' });
  await models.trainButton().click();
  await expect.poll(() => models.epochDone(), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(2);
  await page.close();

  const storage = await storageOnlyPage(context);
  const left = await readStoredRecords(storage);
  expect([left.models, left.modelArtifacts, left.modelEvents]).toEqual([[], [], 0]);

  const reopened = await context.newPage();
  const again = new ModelsPage(reopened);
  await again.open();
  const failed = await again.waitForOutcome('failed', 30_000);
  expect(await failed.textContent()).toMatch(/^Training failed: interrupted after epoch \d+: the page was closed or reloaded while the model was training\.Nothing was registered\./);
  expect(await again.versionCount()).toBe(0);
  await screenshot(reopened, 'crash-training-interrupted');
  expect(errors).toEqual([]);
  await close();
}, 240_000);

test('a pipeline run cut off in its train task fails with the interruption as its reason, registers nothing, and re-runs from train', async () => {
  const { page, context, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  await pipeline.openDemo({ policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '300', Patience: '0', 'Batch size': '32' } } });
  await pipeline.automaticRunsOff().waitFor({ timeout: 60_000 });
  await expect.poll(async () => pipeline.runNowButton().isDisabled(), { timeout: 60_000 }).toBe(false);
  await pipeline.runNow('crash test');
  await expect.poll(() => pipeline.runProgress().textContent(), { timeout: 90_000, interval: 50 }).toContain(': train (try 1)');
  await page.close();

  const storage = await storageOnlyPage(context);
  const left = await readStoredRecords(storage);
  expect(left.runs.map((r) => [r.number, r.state, r.tasks.train])).toEqual([[1, 'running', 'running']]);
  expect([left.models, left.modelArtifacts, left.modelEvents]).toEqual([[], [], 0]);

  const reopened = await context.newPage();
  const again = new PipelinePage(reopened);
  await again.open('#/pipeline/run/run-1');
  expect(await again.waitForOutcome(1, ['failed'], 30_000)).toBe('failed');
  const reason = again.alertWith('interrupted');
  expect(await reason.textContent()).toContain('interrupted: the page was closed or reloaded while the run was going');
  const states = await again.nodeStates();
  expect([states.prepare_features, states.train, states.evaluate, states.notify]).toEqual(['success', 'failed', 'upstream_failed', 'skipped']);
  await screenshot(reopened, 'crash-run-interrupted');

  await again.openTask('train');
  await again.rerunFromOpenTask();
  expect(await again.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');
  const rerun = await readStoredRecords(storage);
  expect([rerun.models, rerun.modelArtifacts, rerun.modelEvents]).toEqual([[1], [1], 1]);
  expect(errors).toEqual([]);
  await close();
}, 300_000);
