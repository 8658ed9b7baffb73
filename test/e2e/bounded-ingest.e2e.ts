import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage } from './harness.ts';
import { storedColumns } from './pages/stored-records.ts';
import { UploadPage } from './pages/upload-page.ts';

// The page's own setting for the size from which an upload is stored as it is read (src/bridge/ingestBridge.ts).
const BOUNDED_FROM_KEY = 'relearn.uploadBoundedFromBytes';
const ROWS = 150_000;

let dir: string;
let small: string;
let big: string;

/** Row i: an id, a measure, a count that turns float in the last row, a label. */
const row = (i: number, rows: number): [string, string, string, string] => [
  String(i),
  i % 9 === 0 ? 'NA' : ((i * 0.731) % 50).toFixed(3),
  i === rows - 1 ? '0.5' : String(i % 400),
  ['north', 'south', 'east', 'west'][i % 4]!,
];
const csvOf = (rows: number): string => `id,measure,count,region\n${Array.from({ length: rows }, (_, i) => row(i, rows).join(',')).join('\n')}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-bounded-'));
  small = join(dir, 'chunked.csv');
  big = join(dir, 'cancelled.csv');
  await writeFile(small, csvOf(ROWS));
  await writeFile(big, csvOf(ROWS * 3));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a file over the page’s in-memory limit is read in steps, stored in chunks exactly, and a cancel leaves nothing', async () => {
  const { page, errors, close } = await newPage();
  const data = new UploadPage(page);
  await data.open();
  // 256 KiB: both files go through the bounded path, in ranges of 64 KiB (the smallest the worker cuts).
  await page.evaluate((key) => localStorage.setItem(key, String(256 << 10)), BOUNDED_FROM_KEY);

  await data.uploadFiles([small]);
  await data.waitForResults();
  expect(await data.outcome('chunked.csv').getAttribute('data-status')).toBe('stored');
  const first = await storedColumns(page);
  // Over half the bounded threshold: the id is the streamed wasm SHA-256 of the file's bytes.
  expect(first.batches).toEqual([{ id: createHash('sha256').update(await readFile(small)).digest('hex'), name: 'chunked.csv', rows: ROWS }]);
  const expected = (j: number): (string | number | null)[] =>
    Array.from({ length: ROWS }, (_, i) => {
      const cell = row(i, ROWS)[j]!;
      return j === 3 ? cell : cell === 'NA' ? null : Number(cell);
    });
  expect(first.columns[0]!.map((c) => [c.name, c.type])).toEqual([
    ['id', 'numeric'],
    ['measure', 'numeric'],
    ['count', 'numeric'],
    ['region', 'categorical'],
  ]);
  first.columns[0]!.forEach((c, j) => expect(c.values).toEqual(expected(j)));
  await data.dismissResults();

  // The second file is cancelled while its chunks are being written: neither its batch nor a chunk stays.
  await data.uploadFiles([big]);
  await expect.poll(() => data.phase().textContent(), { timeout: 60_000, interval: 20 }).toBe('storing (step 2 of 3)');
  await data.cancel();
  await data.waitForResults();
  expect(await data.outcome('cancelled.csv').textContent()).toMatch(/cancelled/i);
  const after = await storedColumns(page);
  expect(after.batches).toEqual(first.batches);
  expect(after.chunkBatches).toBe(1);
  expect(errors).toEqual([]);
  await close();
});
