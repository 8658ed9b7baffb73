import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { readStoredRecords, stagedChunkFiles, storedColumns } from './pages/stored-records.ts';

const ROWS = 200_000;

let dir: string;
let csv: string;
let numbers: string;
/** Over 2,000,000 cells and 8 MiB: read by several workers, and about half its columns stored and profiled by the quality helper. */
const NUMBER_ROWS = 420_000;

/** Row i's cells as written: an id, an integer column that turns float in the second half, a quoted note with a line break, a number or NA. */
const row = (i: number): [string, string, string, string] => [
  String(i),
  i < ROWS / 2 ? String(i % 1000) : `${i % 1000}.25`,
  `note ${i}, with "quotes"\nand a line`,
  i % 7 === 0 ? 'NA' : (i * 0.001).toFixed(3),
];
const quote = (cell: string): string => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relearn-parallel-'));
  csv = join(dir, 'quoted.csv');
  const lines = ['id,mixed,note,x', ...Array.from({ length: ROWS }, (_, i) => row(i).map(quote).join(','))];
  await writeFile(csv, `${lines.join('\r\n')}\r\n`);
  numbers = join(dir, 'numbers.csv');
  const numberLines = Array.from({ length: NUMBER_ROWS }, (_, i) => [i, i % 97, (i * 0.37).toFixed(2), i % 11 === 0 ? '' : (i % 1000) / 8, i % 3].join(','));
  await writeFile(numbers, `a,b,c,d,e\n${numberLines.join('\n')}\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a CSV with quoted line breaks, big enough to be split, is read by several workers and stored exactly', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([csv]);
  await data.waitForResults();
  const stored = data.results().locator('[data-status="stored"]');
  expect(await stored.getAttribute('data-rows')).toBe(String(ROWS));
  // Chromium here reports at least two cores: the file was cut and read by as many workers.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(Number(await stored.getAttribute('data-readers'))).toBe(Math.min(8, cores));

  const { batches, columns: [columns] } = await storedColumns(page);
  // The id is the SHA-256 of the whole file, which the hash worker reads itself beside the range readers: the same hex as Node's.
  expect(batches.map((b) => b.id)).toEqual([createHash('sha256').update(await readFile(csv)).digest('hex')]);
  const expected = (j: number): (string | number | null)[] =>
    Array.from({ length: ROWS }, (_, i) => {
      const cell = row(i)[j]!;
      return j === 2 ? cell : cell === 'NA' ? null : Number(cell);
    });
  expect(columns!.map((c) => [c.name, c.type])).toEqual([
    ['id', 'numeric'],
    ['mixed', 'numeric'],
    ['note', 'categorical'],
    ['x', 'numeric'],
  ]);
  columns!.forEach((c, j) => expect(c.values).toEqual(expected(j)));
  expect(errors).toEqual([]);
  await close();
});

test('a file big enough to share its report with the quality helper worker is stored whole, with its exact report', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([numbers]);
  await data.waitForResults();
  const stored = data.results().locator('[data-status="stored"]');
  expect(await stored.getAttribute('data-rows')).toBe(String(NUMBER_ROWS));

  const quality = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('relearn');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    const batches = await new Promise<{ quality: { name: string; missing: number; distinct: number }[] }[]>((resolve) => {
      const request = db.transaction('batches').objectStore('batches').getAll();
      request.onsuccess = () => resolve(request.result as { quality: { name: string; missing: number; distinct: number }[] }[]);
    });
    db.close();
    return batches.map((b) => b.quality.map(({ name, missing, distinct }) => ({ name, missing, distinct })));
  });
  expect(quality).toEqual([
    [
      { name: 'a', missing: 0, distinct: NUMBER_ROWS },
      { name: 'b', missing: 0, distinct: 97 },
      { name: 'c', missing: 0, distinct: NUMBER_ROWS },
      { name: 'd', missing: Math.ceil(NUMBER_ROWS / 11), distinct: 1000 },
      { name: 'e', missing: 0, distinct: 3 },
    ],
  ]);
  const records = await readStoredRecords(page);
  expect(records.incompleteBatches).toEqual([]);
  expect(records.orphanChunks).toBe(0);
  // Its first chunks' bytes were staged in files (stagedChunks.ts: the folder exists; off the record, as here,
  // staging then stops), each removed once stored.
  expect(await stagedChunkFiles(page)).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});
