import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';

const TARGET_BYTES = 60_000_000;

let dir: string;
let bigCsv: string;

// About 60 MB of plain rows: large enough that reading it takes seconds, so Cancel lands mid-read.
async function writeBigCsv(path: string): Promise<void> {
  const header = 'id,value,group,flag\n';
  const parts: string[] = [header];
  let size = header.length;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const row = `${i},${((i * 7919) % 100_000) / 1000},g${i % 13},${i % 2}\n`;
    parts.push(row);
    size += row.length;
  }
  await writeFile(path, Buffer.from(parts.join('')));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-e2e-'));
  bigCsv = join(dir, 'big.csv');
  await writeBigCsv(bigCsv);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('cancelling a large upload while it is read stores nothing', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([bigCsv]);

  const bar = data.progressBar();
  await bar.waitFor();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
  expect(await data.progress().textContent()).toMatch(/MB of 60\.0 MB/);
  await screenshot(page, 'cancel-progress');
  await data.cancel();

  await data.waitForResults();
  expect(await data.outcome('big.csv').textContent()).toMatch(/^cancelled.*nothing stored/i);
  expect(await data.batchNames()).toEqual([]);
  expect(await data.storedCounts()).toEqual({ batches: 0, chunks: 0 });
  expect(errors).toEqual([]);
  await close();
});
