import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { storedColumns } from './pages/stored-records.ts';

const ROWS = 200_000;

let dir: string;
let csv: string;

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
  // Under half the bounded threshold: the id is the browser's SHA-256 of the whole file, the same hex.
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
