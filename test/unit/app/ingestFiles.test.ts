import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { StorageFullError } from '../../../src/storage/quota.ts';
import { TABLES, type RelearnDb } from '../../../src/storage/db.ts';
import type { IngestProgress } from '../../../src/app/ingest/ingest.ts';
import { blobChunks, blobPieces, ingestFiles } from '../../../src/app/ingest/ingestFiles.ts';
import { parseRange, type RangeJob } from '../../../src/core/csv/csvRange.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { rejection } from '../helpers/csv.ts';
import { BAD_FIXTURES, fixtureBytes } from '../helpers/fixtures.ts';
import { batchCsv, counts, dbPerTest, ingestText, snapshot, stored } from '../helpers/storage.ts';

const newDb = dbPerTest();

/** Every table empty. */
const NOTHING_STORED = Object.fromEntries(Object.values(TABLES).map((t) => [t, 0]));

const fixtureFile = (name: string): File => new File([fixtureBytes(name)], name, { type: 'text/csv' });
const textFile = (name: string, text: string): File => new File([text], name, { type: 'text/csv' });
const run = (db: RelearnDb, files: File[], signal = new AbortController().signal, progress: [number, IngestProgress][] = []) =>
  ingestFiles(db, files, signal, (file, p) => progress.push([file, p]));

const quotaExceeded = (db: RelearnDb): void => {
  db.columnChunks.hook('creating', () => {
    throw new DOMException('full', 'QuotaExceededError');
  });
};

describe('ingestFiles', () => {
  it('stores good files from Blob slices and reports progress per file', async () => {
    const db = newDb();
    const progress: [number, IngestProgress][] = [];
    const reports = await run(db, [fixtureFile('ok_crlf_quoted.csv'), fixtureFile('ok_bom_semicolon.csv')], undefined, progress);
    expect(reports.map((r) => [r.file, r.status])).toEqual([
      ['ok_crlf_quoted.csv', 'stored'],
      ['ok_bom_semicolon.csv', 'stored'],
    ]);
    expect(await counts(db)).toMatchObject({ batches: 2, columnDictionaries: 4, events: 3 });
    expect(progress.filter(([f]) => f === 1).map(([, p]) => p.phase)).toEqual(['reading', 'reading', 'checking', 'storing']);
  });

  it.each(BAD_FIXTURES)('%s is refused and nothing stored changes', async (name) => {
    const db = newDb();
    await stored(db, 'one.csv', batchCsv(40));
    const before = await snapshot(db);
    const [report] = await run(db, [fixtureFile(name)]);
    expect(report).toMatchObject({ file: name, status: 'refused' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a refusal names the line, and the next file is still stored', async () => {
    const db = newDb();
    const reports = await run(db, [fixtureFile('bad_ragged.csv'), fixtureFile('bad_unclosed_quote.csv'), fixtureFile('ok_missing_tokens.csv')]);
    expect(reports.slice(0, 2)).toEqual([
      { file: 'bad_ragged.csv', status: 'refused', message: 'expected 3 fields as in the header, found 2', line: 52 },
      { file: 'bad_unclosed_quote.csv', status: 'refused', message: 'a quoted field is never closed', line: 22 },
    ]);
    expect(reports[2]).toMatchObject({ status: 'stored', batch: { name: 'ok_missing_tokens.csv', rows: 80 } });
    expect(await counts(db)).toMatchObject({ batches: 1, events: 1 });
  });

  it('a refused first file does not become the reference', async () => {
    const db = newDb();
    await run(db, [fixtureFile('bad_ragged.csv')]);
    expect(await snapshot(db)).toEqual(Object.fromEntries(Object.values(TABLES).map((t) => [t, []])));
    expect((await readWorkspace(db)).referenceBatchId).toBeNull();
  });

  it('an aborted signal cancels every file and stores nothing', async () => {
    const db = newDb();
    const controller = new AbortController();
    controller.abort();
    const reports = await run(db, [textFile('a.csv', batchCsv(40)), textFile('b.csv', batchCsv(41))], controller.signal);
    expect(reports).toEqual([
      { file: 'a.csv', status: 'cancelled' },
      { file: 'b.csv', status: 'cancelled' },
    ]);
    expect(await counts(db)).toEqual(NOTHING_STORED);
  });

  it('cancel during the first file: it and the rest are cancelled, nothing stored', async () => {
    const db = newDb();
    const controller = new AbortController();
    const reports = await ingestFiles(db, [textFile('a.csv', batchCsv(40)), textFile('b.csv', batchCsv(41))], controller.signal, () => controller.abort());
    expect(reports.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(await counts(db)).toEqual(NOTHING_STORED);
  });

  it('blobChunks reads a Blob in slices of the given size', async () => {
    const parts: number[] = [];
    for await (const part of blobChunks(new Blob(['x'.repeat(10)]), undefined, 4)) parts.push(part.length);
    expect(parts).toEqual([4, 4, 2]);
  });

  it('blobPieces reads a Blob in full pieces of the given size into two buffers taken back in turn', async () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) % 251);
    const pieces: Uint8Array[] = [];
    const copies: Uint8Array[] = [];
    for await (const piece of blobPieces(new Blob([bytes.subarray(0, 50_000), bytes.subarray(50_000)]), undefined, 4096)) {
      pieces.push(piece);
      copies.push(piece.slice());
    }
    expect(copies.map((c) => c.length)).toEqual([...Array.from({ length: 24 }, () => 4096), 100_003 - 24 * 4096]);
    expect(Buffer.concat(copies).equals(bytes)).toBe(true);
    // Each piece but the last was taken back (its buffer moved) by a later read.
    expect(pieces.slice(0, -1).every((p) => p.length === 0)).toBe(true);
    expect(pieces.at(-1)?.length).toBe(100_003 - 24 * 4096);
    const empty: Uint8Array[] = [];
    for await (const piece of blobPieces(new Blob([]))) empty.push(piece);
    expect(empty).toEqual([]);
  });

  it('parseRange reads from blobPieces the columns it reads from blobChunks (it keeps nothing of a piece)', async () => {
    const csv = `a,b,c\n${Array.from({ length: 3000 }, (_, i) => `${i / 8},t${i % 13},"q ${i}\nline"`).join('\n')}\n`;
    const blob = new Blob([csv]);
    const job: RangeJob = { delimiter: ',', newline: '\n', start: 0, end: blob.size, fields: 3, first: true };
    const [pieces, slices] = await Promise.all([parseRange(blobPieces(blob, undefined, 1000), job), parseRange(blobChunks(blob, undefined, 1000), job)]);
    expect(pieces.ok && pieces.rows).toBe(3000);
    expect(pieces).toEqual(slices);
  });

  it('blobPieces stops at a cancel and lets the rest of the Blob go', async () => {
    const controller = new AbortController();
    const read: number[] = [];
    const reading = (async () => {
      for await (const piece of blobPieces(new Blob(['y'.repeat(10_000)]), controller.signal, 1000)) {
        read.push(piece.length);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(CancelledError);
    expect(read).toEqual([1000]);
  });
});

describe('a full disk', () => {
  it('ingestBatch: StorageFullError and nothing half-written', async () => {
    const db = newDb();
    await stored(db, 'one.csv', batchCsv(40));
    const before = await snapshot(db);
    quotaExceeded(db);
    const error = await rejection(ingestText(db, 'two.csv', batchCsv(45)));
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: batch "two.csv" could not be saved, and nothing of it was stored. Free space in Storage/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('the first batch: no reference is set either', async () => {
    const db = newDb();
    quotaExceeded(db);
    await rejection(ingestText(db, 'one.csv', batchCsv(40)));
    expect(await counts(db)).toEqual(NOTHING_STORED);
  });

  it('ingestFiles reports the file as refused', async () => {
    const db = newDb();
    quotaExceeded(db);
    const [report] = await run(db, [textFile('one.csv', batchCsv(40))]);
    expect(report).toMatchObject({ file: 'one.csv', status: 'refused', message: expect.stringMatching(/storage is full/) });
    expect(await counts(db)).toMatchObject({ batches: 0, columnChunks: 0, events: 0 });
  });
});
