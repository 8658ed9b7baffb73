import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../src/core/columns.ts';
import { parseRange, type RangeJob } from '../../../src/core/csv/csvRange.ts';
import { CancelledError } from '../../../src/core/errors.ts';
import { ingestBatch, type IngestOptions, type IngestProgress } from '../../../src/app/ingest/ingest.ts';
import { cleanPendingBatches } from '../../../src/app/ingest/pendingUploads.ts';
import { writePendingChunks } from '../../../src/storage/commands/pendingBatches.ts';
import { StorageFullError } from '../../../src/storage/quota.ts';
import { listBatches } from '../../../src/storage/queries/batches.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { profilePendingColumn } from '../../../src/app/ingest/pendingQuality.ts';
import { chunked, rejection, utf8 } from '../helpers/csv.ts';
import { memoryFile } from '../helpers/parallelCsv.ts';
import { freshDb, ingestText, snapshot } from '../helpers/storage.ts';

const opened: RelearnDb[] = [];
/** The second connection to each test database, as the page's helper worker opens its own. */
const helperOf = new Map<RelearnDb, RelearnDb>();
const newDb = (): RelearnDb => {
  const { db, factory, name } = freshDb();
  const helper = freshDb(factory, name).db;
  helperOf.set(db, helper);
  opened.push(db, helper);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  helperOf.clear();
});
// Over one stored chunk, so chunk numbering across ranges is checked too.
const ROWS = CHUNK_ROWS + 5_000;
const SLOW = 120_000;
let clock = 1_700_000_000_000;

/**
 * Columns whose type only the whole file decides: an integer column that turns float near the end, a
 * numeric column with over 4,096 distinct values that turns text in its last row (its numbers are then
 * written back as text), low-cardinality integers, dates, labels with missing cells.
 */
function wideCsv(rows: number, seed = 0, { late = true, ragged = -1 } = {}): Uint8Array {
  const lines = ['id,late_float,late_text,small_int,day,label,x'];
  for (let i = 0; i < rows; i++) {
    const lateFloat = i === rows - 3 ? '2.5' : String((i * 7 + seed) % 1000);
    const lateText = late && i === rows - 1 ? 'unknown' : i % 11 === 0 ? 'NA' : ((i * 0.37 + seed) % 5000).toFixed(2);
    const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const label = i % 13 === 0 ? '' : ['cat', 'dog', 'bird'][(i + seed) % 3];
    lines.push([i, lateFloat, lateText, (i + seed) % 4, day, label, ((i * 1.618 + seed) % 97).toFixed(3)].join(',') + (i === ragged ? ',extra' : ''));
  }
  return utf8(`${lines.join('\n')}\n`);
}

/** An upload of `bytes`, read in 64 KiB pieces. */
const upload = (db: RelearnDb, name: string, bytes: Uint8Array, options: IngestOptions = {}) =>
  ingestBatch(db, chunked(bytes, 1 << 16), { name, size: bytes.length }, { now: () => (clock += 1000), ...options });

/**
 * The bounded path with a threshold of 0, ranges of about a 9th of the file, parsed in this thread; the
 * quality report's second lane reads through a connection of its own, as the page's helper worker does.
 */
function boundedOptions(db: RelearnDb, bytes: Uint8Array, extra: Partial<IngestOptions> = {}, ranges: RangeJob[] = []): IngestOptions {
  const helperDb = helperOf.get(db) as RelearnDb;
  return {
    parallel: {
      parts: 3,
      minBytes: 0,
      file: memoryFile(bytes, 1 << 16),
      runRange: (job, onProgress) => {
        ranges.push(job);
        return parseRange(chunked(bytes.slice(job.start, job.end), 1 << 16), job, onProgress);
      },
    },
    bounded: { fromBytes: 0, rangeBytes: Math.ceil(bytes.length / 9), profileElsewhere: (column) => profilePendingColumn(helperDb, column) },
    ...extra,
  };
}

/** Every record of every table, with the arrival times (set by the test clock) left out. */
async function contents(db: RelearnDb): Promise<Record<string, unknown[]>> {
  const all = await snapshot(db);
  all.batches = all.batches!.map((b) => ({ ...(b as object), arrivedAt: 0 }));
  all.events = all.events!.map((e) => ({ ...(e as object), at: 0, id: 0 }));
  return all;
}

describe('an upload too big to hold, stored as it is read', () => {
  it('stores in one pass what the in-memory path stores when no column changes type after its first range', async () => {
    const reference = wideCsv(ROWS, 0, { late: false });
    const next = wideCsv(ROWS, 5, { late: false });
    const inMemory = newDb();
    await upload(inMemory, 'ref.csv', reference);
    await upload(inMemory, 'next.csv', next);
    const bounded = newDb();
    const ranges: RangeJob[] = [];
    expect((await upload(bounded, 'ref.csv', reference, boundedOptions(bounded, reference))).status).toBe('stored');
    expect((await upload(bounded, 'next.csv', next, boundedOptions(bounded, next, {}, ranges))).status).toBe('stored');
    expect(await contents(bounded)).toEqual(await contents(inMemory));
    // Each range parsed once, whole; those started after the first range knew which columns are text.
    expect(ranges.length).toBe(new Set(ranges.map((r) => r.start)).size);
    expect(ranges.some((r) => r.summary)).toBe(false);
    expect(ranges.at(-1)!.keepTexts).toEqual([false, false, false, true, true, true, false]);
  }, SLOW);

  it('stores again under the whole file’s types when a late row turns a numeric column to text, exactly as the in-memory path', async () => {
    const reference = wideCsv(ROWS);
    const next = wideCsv(ROWS, 5);
    const onePass = newDb();
    await upload(onePass, 'ref.csv', reference);
    await upload(onePass, 'next.csv', next);
    const bounded = newDb();
    const phases: IngestProgress['phase'][] = [];
    const ranges: RangeJob[] = [];
    const first = await upload(bounded, 'ref.csv', reference, boundedOptions(bounded, reference));
    const second = await upload(bounded, 'next.csv', next, boundedOptions(bounded, next, { onProgress: (p) => void phases.push(p.phase) }, ranges));
    expect([first.status, second.status]).toEqual(['stored', 'stored']);
    // The last range turned late_text to text: every range parsed again, keeping that column's texts.
    const starts = new Set(ranges.map((r) => r.start)).size;
    expect(ranges.length).toBe(2 * starts);
    expect(ranges.at(-1)!.keepTexts?.[2]).toBe(true);
    // Several ranges, so types and dictionaries were decided across parts.
    expect(second.status === 'stored' && second.timings.readers).toBe(3);
    expect(await contents(bounded)).toEqual(await contents(onePass));
    const meta = (await listBatches(bounded)).find((b) => b.name === 'next.csv')!;
    expect(meta.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical', 'categorical', 'datetime', 'categorical', 'numeric']);
    expect(meta.validation?.checks.some((c) => c.check === 'range')).toBe(true);
    // Reading (the digest), then storing chunk by chunk, then checking the stored columns, each in one stretch.
    expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual(['reading', 'storing', 'checking']);
  }, SLOW);

  it('a range that cannot stand on its own after chunks were written removes them, and the one reader names the problem', async () => {
    const db = newDb();
    // A full chunk is written ranges before the last, whose ragged row refuses it.
    const rows = CHUNK_ROWS * 1.5;
    const bytes = wideCsv(rows, 0, { late: false, ragged: rows - 10 });
    let written = 0;
    db.columnChunks.hook('creating', () => void written++);
    const before = await snapshot(db);
    expect(((await rejection(upload(db, 'ragged.csv', bytes, boundedOptions(db, bytes)))) as Error).message).toMatch(/expected 7 fields as in the header, found 8/);
    expect(written).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
  }, SLOW);

  it('a cancel while chunks are written leaves nothing: no batch, no chunk', async () => {
    const db = newDb();
    const bytes = wideCsv(ROWS);
    const abort = new AbortController();
    // Cancelled as the first chunks are written: they are in the database when the cancel comes.
    let written = 0;
    db.columnChunks.hook('creating', () => {
      written++;
      abort.abort();
    });
    const before = await snapshot(db);
    expect(await rejection(upload(db, 'big.csv', bytes, boundedOptions(db, bytes, { signal: abort.signal })))).toBeInstanceOf(CancelledError);
    expect(written).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
  }, SLOW);

  it('a full disk in the middle of the writes gives the quota message and removes the chunks written', async () => {
    const db = newDb();
    const bytes = wideCsv(ROWS);
    let written = 0;
    db.columnChunks.hook('creating', () => {
      if (++written > 10) throw new DOMException('full', 'QuotaExceededError');
    });
    const before = await snapshot(db);
    const error = await rejection(upload(db, 'big.csv', bytes, boundedOptions(db, bytes)));
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: batch "big.csv" could not be saved/);
    expect(written).toBeGreaterThan(10);
    expect(await snapshot(db)).toEqual(before);
  }, SLOW);

  it('leftovers of an upload that never finished are removed at the next open, unless their writer still holds its lock', async () => {
    const db = newDb();
    const chunk = (batchId: string) => ({ batchId, column: 0, chunk: 0, data: new Float64Array([1, 2]) });
    await ingestText(db, 'kept.csv', 'a,b\n1,2\n');
    await writePendingChunks(db, 'crashed.csv', [chunk('crashed')]);
    await writePendingChunks(db, 'running.csv', [chunk('running')]);
    const held = new Set(['relearn-upload:running']);
    const cleaned = await cleanPendingBatches(db, async (name, run) => (held.has(name) ? undefined : run()));
    expect(cleaned).toBe(1);
    const ids = new Set((await db.columnChunks.toArray()).map((c) => c.batchId));
    expect(ids.has('crashed')).toBe(false);
    expect(ids.has('running')).toBe(true);
    expect(ids.size).toBe(2);
  });
});
