import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/app/ingest/ingest.ts';
import { readCsvParallel, type ReadPath } from '../../../src/core/csv/readCsvParallel.ts';
import { PARALLEL_MIN_BYTES, parallelFile, parseRangeInThread, readCsvPath } from '../../../src/cli/csvThreads.ts';
import { fileBytes, fileChunks, nodeSha256 } from '../../../src/cli/nodeFiles.ts';
import { loadStoredColumns } from '../../../src/storage/queries/batches.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { readText, utf8, values } from '../helpers/csv.ts';
import { BAD_FIXTURES, fixtureBytes, OK_FIXTURES } from '../helpers/fixtures.ts';
import { randomTable, serialise } from '../helpers/randomTables.ts';
import { dbPerTest } from '../helpers/storage.ts';
import { readOutcome } from '../helpers/tableSummary.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'relearn-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;
const fileOf = (bytes: Uint8Array): string => {
  const file = path.join(dir, `t${written++}.csv`);
  writeFileSync(file, bytes);
  return file;
};

/** The file read by worker_threads, every file cut however small (the CLI itself cuts only from 8 MiB). */
function readInThreads(file: string, parts: number, paths: ReadPath[] = []): ReturnType<typeof readCsvParallel> {
  const size = readFileSync(file).length;
  const runRange: Parameters<typeof readCsvParallel>[1]['runRange'] = (job, onProgress, signal) => parseRangeInThread(file, job, onProgress, signal);
  return readCsvParallel(fileBytes(file, size), { parts, minBytes: 0, runRange }, { totalBytes: size, hasher: nodeSha256() }, (p) => paths.push(p));
}

async function expectSameInThreads(bytes: Uint8Array, parts: number): Promise<ReadPath[]> {
  const paths: ReadPath[] = [];
  const single = await readOutcome(readText(bytes));
  expect(await readOutcome(readInThreads(fileOf(bytes), parts, paths))).toEqual(single);
  return paths;
}

const withBom = (bytes: Uint8Array, bom: boolean): Uint8Array => (bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes);

describe('the CLI\'s worker_threads read exactly what the one reader reads', () => {
  it('random tables: quotes, quoted line breaks, missing values, BOM, CRLF', async () => {
    const tables = fc.record({ table: randomTable, bom: fc.boolean(), trailing: fc.constantFrom('', '\n') });
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: 2, max: 4 }), async ({ table, bom, trailing }, parts) => {
        await expectSameInThreads(withBom(utf8(serialise(table) + trailing), bom), parts);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('quote-free numbers and missing tokens (read from the bytes, without strings)', async () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String), fc.constantFrom('', 'NA', '7', '-0', '1e5', 'x'));
    const text = fc.record({ rows: fc.array(fc.tuple(cell, cell, cell), { minLength: 3, maxLength: 60 }), newline: fc.constantFrom('\n', '\r\n'), bom: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 2, max: 4 }), async ({ rows, newline, bom }, parts) => {
        const body = [['a', 'b', 'c'], ...rows].map((r) => r.join(',')).join(newline) + newline;
        await expectSameInThreads(withBom(utf8(body), bom), parts);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('the CSV fixtures, good and broken, give the one reader\'s table or message and line', async () => {
    for (const name of [...BAD_FIXTURES, ...OK_FIXTURES]) await expectSameInThreads(fixtureBytes(name), 3);
  }, 120_000);
});

/** Over PARALLEL_MIN_BYTES of good rows under the header `x,cat,label`, then `tail`. */
function bigCsv(tail: Uint8Array): Uint8Array {
  const rows: string[] = ['x,cat,label'];
  let bytes = 0;
  for (let i = 0; bytes < PARALLEL_MIN_BYTES + (1 << 20); i++) {
    // Long rows: the size it takes with fewer rows to parse.
    const row = `${(i % 997) / 8},${'abc'[i % 3]}${'-'.repeat(60)},${i % 2}`;
    rows.push(row);
    bytes += row.length + 1;
  }
  const head = utf8(`${rows.join('\n')}\n`);
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** A fixture's lines after its header. */
const bodyOf = (name: string): Uint8Array => {
  const bytes = fixtureBytes(name);
  return bytes.subarray(bytes.indexOf(0x0a) + 1);
};

describe('relearn on a file large enough for threads', () => {
  it('reads it in two threads into the one reader\'s table', async () => {
    const bytes = bigCsv(utf8('0.5,"a\nb",1\n'));
    const file = fileOf(bytes);
    const paths: ReadPath[] = [];
    const threads = await readOutcome(readCsvPath(file, {}, (p) => paths.push(p), 2));
    expect(paths).toEqual([{ readers: 2 }]);
    expect(threads).toEqual(await readOutcome(readText(bytes, {}, 1 << 20)));
  }, 120_000);

  // `relearn inspect` cuts the file (on a machine of 2 cores or more), a thread finds the problem in the
  // last range, and the one reader reads the file again to name it.
  it.each(['bad_ragged.csv', 'bad_unclosed_quote.csv', 'bad_binary.csv'])('a broken tail (%s) is reported as the one reader reports it', async (name) => {
    const bytes = bigCsv(bodyOf(name));
    const file = fileOf(bytes);
    const single = await readOutcome(readText(bytes, {}, 1 << 20));
    if (!('error' in single)) throw new Error(`${name} should be refused`);
    const { code, stderr } = await runMain(['inspect', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: ${file}:${single.line}: ${single.error}\n`);
  }, 120_000);
});

describe('relearn run\'s ingest of a file large enough for threads', () => {
  const db = dbPerTest();

  it('stores the batch the one reader stores', async () => {
    const file = fileOf(bigCsv(utf8('1.5,"b,\nc",0\n')));
    const size = readFileSync(file).length;
    const now = (): number => 1_700_000_000_000;
    const [threads, one] = [db(), db()];
    const inThreads = await ingestBatch(threads, fileChunks(file), { name: 'big.csv', size }, { now, hasher: nodeSha256(), parallel: parallelFile(file, size, 2) });
    const byOne = await ingestBatch(one, fileChunks(file), { name: 'big.csv', size }, { now, hasher: nodeSha256() });
    if (inThreads.status !== 'stored' || byOne.status !== 'stored') throw new Error('both should be stored');
    expect(inThreads.timings.readers).toBe(2);
    expect(inThreads.batch).toEqual(byOne.batch);
    const stored = async (d: typeof threads, meta: typeof byOne.batch) => (await loadStoredColumns(d, meta)).map(values);
    expect(await stored(threads, inThreads.batch)).toEqual(await stored(one, byOne.batch));
  }, 120_000);
});
