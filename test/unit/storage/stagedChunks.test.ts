import { describe, expect, it, vi } from 'vitest';
import { chunkArray, chunkRecord } from '../../../src/storage/chunkRecords.ts';
import { writePendingChunks } from '../../../src/storage/commands/pendingBatches.ts';
import { pendingColumnChunks } from '../../../src/storage/queries/pendingColumns.ts';
import { cleanStagedChunks, stageArrays, stagedBatchId, stagedBytesKept } from '../../../src/storage/stagedChunks.ts';
import { dbPerTest } from '../helpers/storage.ts';

const newDb = dbPerTest();

// The staged files themselves need a browser's dedicated worker (test/e2e/parallel-ingest.e2e.ts and
// crashes.e2e.ts): here, where there are none, chunks are stored from memory as before.
describe('staged chunk bytes', () => {
  it('are not staged where a worker cannot write files, and nothing is left to clean', async () => {
    expect(await stageArrays('b', [new Float64Array([1, 2])])).toBeNull();
    let asked = 0;
    expect(await cleanStagedChunks(async () => void asked++)).toBe(0);
    expect(asked).toBe(0);
  });

  it('name their batch before the first dot', () => {
    expect(stagedBatchId(`${'a'.repeat(64)}.1b4e28ba-2fa1-11d2-883f-0016d3cca427`)).toBe('a'.repeat(64));
  });

  it('leave the chunks stored from memory bit for bit when they are not staged', async () => {
    const db = await newDb();
    const numbers = new Float64Array([1.5, NaN, -0, Infinity]);
    const codes = new Int32Array([3, -1, 0]);
    await writePendingChunks(db, 'b.csv', [
      { batchId: 'b', column: 0, chunk: 0, data: numbers },
      { batchId: 'b', column: 1, chunk: 0, data: codes },
    ]);
    expect(Object.is((await pendingColumnChunks(db, 'b', 0))[0]![2], -0)).toBe(true);
    expect(await pendingColumnChunks(db, 'b', 0)).toEqual([numbers]);
    expect(await pendingColumnChunks(db, 'b', 1)).toEqual([codes]);
  });

  it('are checked for a copy once per worker: every later write, and one begun meanwhile, shares the answer', async () => {
    let answer!: (copied: boolean) => void;
    const check = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const first = stagedBytesKept(check);
    const meanwhile = stagedBytesKept(check);
    answer(false);
    expect([await first, await meanwhile]).toEqual([false, false]);
    const later = vi.fn(async () => true);
    expect(await stagedBytesKept(later)).toBe(false);
    expect(check).toHaveBeenCalledTimes(1);
    expect(later).not.toHaveBeenCalled();
  });

  it('are checked again by the next write when a check fails', async () => {
    vi.resetModules();
    const fresh = await import('../../../src/storage/stagedChunks.ts');
    const failed = vi.fn(() => Promise.reject(new Error('the database connection is closing')));
    await expect(fresh.stagedBytesKept(failed)).rejects.toThrow('closing');
    const next = vi.fn(async () => true);
    expect(await fresh.stagedBytesKept(next)).toBe(true);
    expect(await fresh.stagedBytesKept(failed)).toBe(true);
    expect([failed.mock.calls.length, next.mock.calls.length]).toEqual([1, 1]);
  });

  it('make a record of the Blob given, typed by the chunk it holds', async () => {
    const data = new Int32Array([7, 8, 9]);
    const record = chunkRecord({ batchId: 'b', column: 2, chunk: 1, data }, new Blob([new Int32Array([7, 8, 9])]));
    expect([record.batchId, record.column, record.chunk, record.type]).toEqual(['b', 2, 1, 'Int32Array']);
    expect(await chunkArray(record)).toEqual(data);
  });
});
