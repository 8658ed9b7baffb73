import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { baseUrl, newPage, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { readStoredRecords } from './pages/stored-records.ts';
import { UploadPage } from './pages/upload-page.ts';

let dir: string;
let bigCsv: string;

function rows(count: number): string {
  const lines = ['id,value,group,flag'];
  for (let i = 0; i < count; i++) lines.push(`${i},${((i * 7919) % 100_000) / 1000},g${i % 13},${i % 2}`);
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-quota-'));
  bigCsv = join(dir, 'big.csv');
  // About 6 MB of CSV, about 10 MB as stored columns: far more than the room the test leaves.
  await writeFile(bigCsv, rows(300_000));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A scratch database beside the page's own: writing to it tells when the quota binds. */
const PROBE = 'quota-probe';

/**
 * Gives the page's origin a quota of what it uses now plus `room` bytes, through Chromium's DevTools
 * protocol (after the service worker's precache, so that it is counted in "uses now"). Chromium's
 * IndexedDB keeps the free space it last heard of for 30 s (BucketContext::kBucketSpaceCacheTimeLimit),
 * so the new quota binds only later: a scratch database is written until a write is refused.
 */
async function leaveRoom(context: BrowserContext, page: Page, room: number): Promise<void> {
  const usage = await page.evaluate(async (name) => {
    await navigator.serviceWorker.ready;
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onupgradeneeded = () => open.result.createObjectStore('bytes');
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    return (await navigator.storage.estimate()).usage ?? 0;
  }, PROBE);
  const session = await context.newCDPSession(page);
  await session.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseUrl()).origin, quotaSize: usage + room });
  await expect.poll(() => probeWrite(page, 16 * 1024), { timeout: 90_000, interval: 1000 }).toBe('QuotaExceededError');
}

/** Writes `bytes` into the scratch database and removes them again; says how the write ended. */
function probeWrite(page: Page, bytes: number): Promise<string> {
  return page.evaluate(
    ([name, size]) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const write = db.transaction('bytes', 'readwrite');
          write.objectStore('bytes').put(new Uint8Array(size), 'probe');
          write.oncomplete = () => {
            const remove = db.transaction('bytes', 'readwrite');
            remove.objectStore('bytes').delete('probe');
            remove.oncomplete = () => {
              db.close();
              resolve('stored');
            };
          };
          write.onabort = () => {
            db.close();
            resolve(write.error?.name ?? 'aborted');
          };
        };
      }),
    [PROBE, bytes] as const,
  );
}

const FULL = 'Browser storage is full: ';
const WHAT_TO_DO = 'could not be saved, and nothing of it was stored. Free space in Storage (delete batches or model versions you no longer need) or give this site more disk space, then try again.';

test('with storage full, an upload, a training and a pipeline run are each refused with the storage-full message; nothing of them is stored, and what was stored before stays whole', async () => {
  const { page, context, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.openDemo();
  await models.fill({ Epochs: '2' });
  await models.trainButton().click();
  await models.waitForOutcome('finished');
  // Every drift report written, so nothing else is left to write when the room is taken away.
  await models.openSection('Monitor');
  await new MonitorPage(page).waitForChecks(120_000);
  const before = await readStoredRecords(page);
  await leaveRoom(context, page, 1024);

  // Training: the version is not registered, and the train panel says why.
  await models.openSection('Models');
  await models.trainButton().click();
  const failed = await models.waitForOutcome('failed');
  expect(await models.outcomeProblem(failed).textContent()).toBe(`Training failed: ${FULL}the trained model ${WHAT_TO_DO}`);
  expect(await models.versionCount()).toBe(1);
  await screenshot(page, 'quota-training');

  // An upload: refused by name, in the upload's results.
  const data = new UploadPage(page);
  await data.openSection('Data');
  await data.uploadFiles([bigCsv]);
  await data.waitForResults();
  const outcome = data.outcome('big.csv');
  expect(await outcome.getAttribute('data-status')).toBe('refused');
  expect(await outcome.textContent()).toBe(`refusedbig.csv${FULL}batch "big.csv" ${WHAT_TO_DO} Nothing stored.`);
  await screenshot(page, 'quota-upload');

  // A pipeline run: Run now says why it could not start (its run could not be recorded).
  const pipeline = new PipelinePage(page);
  await pipeline.openSection('Pipeline');
  await pipeline.runNow('storage is full');
  const refused = pipeline.alertWith(FULL);
  await refused.waitFor({ timeout: 60_000 });
  expect(await refused.textContent()).toBe(`${FULL}a new run ${WHAT_TO_DO}`);
  await screenshot(page, 'quota-run');

  const after = await readStoredRecords(page);
  expect(after).toEqual(before);
  expect([after.batches.length, after.incompleteBatches, after.orphanChunks, after.models, after.modelArtifacts]).toEqual([5, [], 0, [1], [1]]);
  expect(errors).toEqual([]);
  await close();
}, 300_000);
