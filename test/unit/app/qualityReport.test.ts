import { afterEach, describe, expect, it } from 'vitest';
import type { HeldColumn } from '../../../src/app/ingest/pendingQuality.ts';
import { storeHeldColumn } from '../../../src/app/ingest/pendingQuality.ts';
import { inLanes } from '../../../src/app/ingest/lanes.ts';
import { storeWithReport } from '../../../src/app/ingest/qualityReport.ts';
import type { Column } from '../../../src/core/columns.ts';
import { finishColumn } from '../../../src/core/csv/columnBuilder.ts';
import { profileColumn } from '../../../src/core/quality.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { pendingColumnChunks } from '../../../src/storage/queries/pendingColumns.ts';
import { StorageFullError } from '../../../src/storage/quota.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { freshDb } from '../helpers/storage.ts';

const ROWS = 300_000;
const BATCH = 'b'.repeat(64);
const columns: Column[] = [
  numericColumn('a', Array.from({ length: ROWS }, (_, i) => (i % 11 === 0 ? null : Math.sin(i) * 100))),
  categoricalColumn('b', Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? null : `c${i % 13}`))),
  numericColumn('c', Array.from({ length: ROWS }, (_, i) => i % 7)),
  numericColumn('d', Array.from({ length: ROWS }, (_, i) => i / 3)),
  numericColumn('e', Array.from({ length: ROWS }, () => null)),
  numericColumn('f', Array.from({ length: ROWS }, (_, i) => -i)),
  numericColumn('g', Array.from({ length: ROWS }, (_, i) => i * 1e-9)),
];
const held = (list: Column[]): HeldColumn[] =>
  list.map((stored, index) => ({
    batchId: BATCH,
    file: 'f.csv',
    index,
    name: stored.name,
    stored,
    column: stored,
    coercedToMissing: 0,
    inferredType: stored.type,
    type: stored.type,
    reportedInferredType: stored.type,
    referenceRange: stored.type === 'numeric' ? { min: -50, max: 50 } : null,
  }));
const expected = (list: Column[]) => list.map((column) => profileColumn({ column, inferredType: column.type, coercedToMissing: 0 }));

/** A column's chunks as one string of bytes: equal typed arrays compared at once, not value by value. */
const bytesOf = (chunks: (Float64Array | Int32Array)[]): string => chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64')).join('|');

/** This thread's database and a second connection to it, as the page's helper worker opens its own. */
const opened: RelearnDb[] = [];
function databases(): { db: RelearnDb; helperDb: RelearnDb } {
  const { db, factory, name } = freshDb();
  const helperDb = freshDb(factory, name).db;
  opened.push(db, helperDb);
  return { db, helperDb };
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('storeWithReport', () => {
  it('with a second core, stores every column as pending chunks and gives its report in column order; numeric ones are done there', async () => {
    const { db, helperDb } = databases();
    const sent: string[] = [];
    // The helper worker's part: storeHeldColumn on its own connection, on the column as postMessage hands it over.
    const elsewhere = async (column: HeldColumn) => {
      sent.push(column.name);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return storeHeldColumn(helperDb, structuredClone(column));
    };
    const reports = await storeWithReport(db, held(columns), { ready: Promise.resolve(), store: elsewhere });
    expect(reports.map((r) => r.quality)).toEqual(expected(columns));
    expect(reports.map((r) => r.outside)).toEqual(columns.map((c) => (c.type === 'numeric' ? expect.any(Number) : null)));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).not.toContain('b');
    for (const [index, column] of columns.entries()) expect(bytesOf(await pendingColumnChunks(db, BATCH, index))).toEqual(bytesOf(column.chunks));
    expect(await db.batches.count()).toBe(0);
  });

  it('a storage-full error in the helper is the storage-full error here', async () => {
    const { db } = databases();
    // What Comlink hands back for an error thrown in the helper: a plain Error with the class's name.
    const store = () => Promise.reject(Object.assign(new Error('Browser storage is full: …'), { name: 'StorageFullError' }));
    await expect(storeWithReport(db, held(columns), { ready: Promise.resolve(), store })).rejects.toBeInstanceOf(StorageFullError);
  });

  it('keeps a small table on this core', async () => {
    const { db } = databases();
    const small = columns.map((c) => numericColumn(c.name, [1, 2, null]));
    const reports = await storeWithReport(db, held(small), { ready: Promise.resolve(), store: () => Promise.reject(new Error('not to be called')) });
    expect(reports.map((r) => r.quality)).toEqual(expected(small));
    expect(reports.map((r) => r.outside)).toEqual(small.map(() => 0));
  });

  it('a helper that never loads, or failed to, leaves every column to this core: no wait, the same reports', async () => {
    const never = (): Promise<void> => new Promise(() => undefined);
    const failed = (): Promise<void> => Promise.reject(new Error('the quality helper worker failed: it did not start'));
    for (const readiness of [never, failed]) {
      const ready = readiness();
      ready.catch(() => undefined);
      const { db } = databases();
      const reports = await storeWithReport(db, held(columns), { ready, store: () => Promise.reject(new Error('not to be called')) });
      expect(reports.map((r) => r.quality)).toEqual(expected(columns));
      for (const [index, column] of columns.entries()) expect(bytesOf(await pendingColumnChunks(db, BATCH, index))).toEqual(bytesOf(column.chunks));
    }
  });

  it('hands the helper its next column while the last is being stored there, two at most', async () => {
    const { db, helperDb } = databases();
    let inHelper = 0;
    let most = 0;
    const store = async (column: HeldColumn) => {
      most = Math.max(most, ++inHelper);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const report = await storeHeldColumn(helperDb, structuredClone(column));
      inHelper--;
      return report;
    };
    const reports = await storeWithReport(db, held(columns), { ready: Promise.resolve(), store });
    expect(reports.map((r) => r.quality)).toEqual(expected(columns));
    expect(most).toBe(2);
  });

  it('profiles a retyped column as the read finished it, and stores it as read', async () => {
    const { db } = databases();
    const stored = categoricalColumn('t', Array.from({ length: ROWS }, (_, i) => (i % 9 === 0 ? 'n/a' : String(i % 17))));
    const built = finishColumn(stored, 'categorical', 'numeric');
    const column: HeldColumn = { ...held([stored])[0]!, column: built.column, coercedToMissing: built.coercedToMissing, type: 'numeric', referenceRange: { min: 0, max: 10 } };
    const [report] = await storeWithReport(db, [column]);
    expect(report!.quality).toEqual(profileColumn({ column: built.column, type: 'numeric', inferredType: 'categorical', coercedToMissing: built.coercedToMissing }));
    expect(report!.quality.coercedToMissing).toBeGreaterThan(0);
    expect(report!.outside).toBeGreaterThan(0);
    expect(bytesOf(await pendingColumnChunks(db, BATCH, 0))).toEqual(bytesOf(stored.chunks));
  });

  it('a cancel between columns stops before the next one', async () => {
    const { db } = databases();
    const abort = new AbortController();
    abort.abort();
    await expect(storeWithReport(db, held(columns), undefined, abort.signal)).rejects.toThrow(/cancel/i);
    expect(await db.columnChunks.count()).toBe(0);
  });
});

describe('inLanes', () => {
  it('when a lane fails, waits for the column the other lane had begun before it throws, and starts no more', async () => {
    const finished: number[] = [];
    let release = (): void => undefined;
    const slow = (i: number) =>
      new Promise<number>((resolve) => {
        release = () => {
          finished.push(i);
          resolve(i);
        };
      });
    const failing = () => Promise.reject(new Error('disk full'));
    const run = inLanes([0, 1, 2, 3], [slow, failing]);
    let settled = false;
    run.catch(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow('disk full');
    expect(finished).toEqual([0]);
  });
});
