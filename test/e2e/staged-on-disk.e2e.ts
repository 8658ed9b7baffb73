import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchPersistentBrowser } from './chromium.ts';
import { baseUrl } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { readStoredRecords, stagedChunkFiles, storedColumns } from './pages/stored-records.ts';

// The page's own setting for the size from which an upload is stored as it is read (src/bridge/ingestBridge.ts).
const BOUNDED_FROM_KEY = 'relearn.uploadBoundedFromBytes';
const ROWS = 40_000;

let dir: string;
let csv: string;

/** Row i: an id, a measure with gaps, a label. */
const row = (i: number): [number, number | null, string] => [i, i % 13 === 0 ? null : Number(((i * 0.731) % 50).toFixed(3)), ['north', 'south', 'east'][i % 3]!];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-staged-'));
  csv = join(dir, 'staged.csv');
  const lines = Array.from({ length: ROWS }, (_, i) => row(i).map((cell) => cell ?? 'NA').join(','));
  await writeFile(csv, `id,measure,region\n${lines.join('\n')}\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('on a profile on disk, chunks staged in files are stored, no staged file is left, and they read back exactly after a restart', async () => {
  // The other files' contexts are off the record, where IndexedDB keeps Blobs as references and staging stops
  // after its first write (src/storage/commands/pendingBatches.ts); a profile on disk keeps staging throughout.
  const profile = await mkdtemp(join(tmpdir(), 'relearn-profile-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchPersistentBrowser(profile, [], baseUrl());
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const data = new DataPage(page);
    await data.open();
    // 64 KiB: the file is stored as it is read, by the ingest worker, whose chunks go through staged files.
    await page.evaluate((key) => localStorage.setItem(key, String(64 << 10)), BOUNDED_FROM_KEY);
    await data.uploadFiles([csv]);
    await data.waitForResults();
    expect(await data.outcome('staged.csv').getAttribute('data-status')).toBe('stored');
    // The staging folder exists (the worker staged) and every staged file went once its chunks were stored.
    expect(await stagedChunkFiles(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // The stored Blobs are IndexedDB's own copies: after a restart, with the staged files gone, they read back exactly.
    context = await launchPersistentBrowser(profile, [], baseUrl());
    const reopened = context.pages()[0] ?? (await context.newPage());
    await new DataPage(reopened).open();
    const { batches, columns } = await storedColumns(reopened);
    expect(batches.map((b) => [b.name, b.rows])).toEqual([['staged.csv', ROWS]]);
    columns[0]!.forEach((c, j) => expect(c.values).toEqual(Array.from({ length: ROWS }, (_, i) => row(i)[j])));
    const records = await readStoredRecords(reopened);
    expect([records.incompleteBatches, records.orphanChunks]).toEqual([[], 0]);
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
}, 60_000);
