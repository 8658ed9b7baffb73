import { describe, expect, it } from 'vitest';
import { ChunkBuffers } from '../../../src/storage/chunkBuffers.ts';
import { chunkRecord } from '../../../src/storage/chunkRecords.ts';
import type { ColumnChunkRecord } from '../../../src/storage/db.ts';

const record = (data: Float64Array | Int32Array): ColumnChunkRecord => chunkRecord({ batchId: 'b', column: 0, chunk: 0, data });

const numbers = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : Math.sin(i * seed) * 1e6));

const bits = (a: Float64Array | Int32Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('chunk buffers', () => {
  it('read a numeric chunk bit for bit, into a buffer given back before when one fits', async () => {
    const buffers = new ChunkBuffers(1 << 20);
    const first = await buffers.read(record(numbers(1000, 3)));
    expect(bits(first)).toEqual(bits(numbers(1000, 3)));
    buffers.give([first]);
    expect(buffers.size).toBe(1);
    // 950 values fit the 1,000's buffer (within an eighth): read into it, a view of its start.
    const second = await buffers.read(record(numbers(950, 5)));
    expect(buffers.size).toBe(0);
    expect(second.buffer.byteLength).toBe(8000);
    expect(second.length).toBe(950);
    expect(bits(second)).toEqual(bits(numbers(950, 5)));
  });

  it('keep a buffer only for an array it read and has not taken back, and never one too large to fit', async () => {
    const buffers = new ChunkBuffers(1 << 20);
    const read = await buffers.read(record(numbers(100, 1)));
    buffers.give([new Float64Array(100), read, read]);
    expect(buffers.size).toBe(1);
    // 500 values do not fit a buffer of 100: a new one.
    const larger = await buffers.read(record(numbers(500, 2)));
    expect(larger.buffer.byteLength).toBe(4000);
    expect(buffers.size).toBe(1);
  });

  it('keep at most the bytes asked, letting the oldest go', async () => {
    const buffers = new ChunkBuffers(2000);
    const arrays = await Promise.all([1, 2, 3].map((seed) => buffers.read(record(numbers(100, seed)))));
    buffers.give(arrays);
    expect(buffers.size).toBe(2);
    const tooLarge = await buffers.read(record(numbers(300, 4)));
    buffers.give([tooLarge]);
    expect(buffers.size).toBe(2);
  });

  it('read codes and arrays stored as they are the usual way, and never take them back', async () => {
    const buffers = new ChunkBuffers(1 << 20);
    const codes = await buffers.read(record(Int32Array.from([3, -1, 2])));
    expect(Array.from(codes)).toEqual([3, -1, 2]);
    const kept = numbers(10, 6);
    const asStored = await buffers.read({ batchId: 'b', column: 0, chunk: 0, data: kept });
    expect(asStored).toBe(kept);
    buffers.give([codes, asStored]);
    expect(buffers.size).toBe(0);
  });
});
