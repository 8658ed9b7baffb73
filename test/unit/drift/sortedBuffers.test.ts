import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketSortedPresentValues } from '../../../src/core/drift/bucketSort.ts';
import { radixSortedPresentValues, sortedPresentValues } from '../../../src/core/drift/sortFloat64.ts';
import { SortedBuffers } from '../../../src/core/drift/sortedBuffers.ts';

/** Bit for bit, -0 told from +0. */
const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** A buffer of `n` doubles full of leftovers, as a profile let go leaves it. */
const dirty = (n: number): ArrayBuffer => Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : -i * 7.25)).buffer;

describe('spare buffers for sorted values', () => {
  it('hands out a spare that fits once, and a new array where none fits', () => {
    const buffers = new SortedBuffers();
    const spare = dirty(10_000);
    buffers.give(spare);
    const taken = buffers.output(9_000);
    expect(taken.buffer).toBe(spare);
    expect(taken.length).toBe(9_000);
    expect(buffers.size).toBe(0);
    // Gone from the pool: the next take of the same size is a new array.
    expect(buffers.output(9_000).buffer).not.toBe(spare);
  });

  it('keeps a spare from a profile much smaller than it, or larger than it holds', () => {
    const buffers = new SortedBuffers();
    const spare = dirty(10_000);
    buffers.give(spare);
    // More than an eighth too large for 8,000 values: a small profile would keep the large buffer alive.
    expect(buffers.output(8_000).buffer).not.toBe(spare);
    expect(buffers.output(10_001).buffer).not.toBe(spare);
    expect(buffers.size).toBe(1);
    expect(buffers.output(10_000).buffer).toBe(spare);
  });

  it('holds at most four spares, the newest', () => {
    const buffers = new SortedBuffers();
    const spares = [1000, 2000, 3000, 4000, 5000].map(dirty);
    buffers.give(...spares);
    expect(buffers.size).toBe(4);
    expect(buffers.output(1000).buffer).not.toBe(spares[0]);
    expect(buffers.output(5000).buffer).toBe(spares[4]);
  });

  it('a sort into a used buffer gives the values of a sort into a new one, bit for bit (bucket and radix sorts)', () => {
    const value = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, 1, 1), fc.integer({ min: -5, max: 5 }));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 0, maxLength: 3000 }), { minLength: 1, maxLength: 4 }), (parts) => {
        const chunks = parts.map((p) => Float64Array.from(p));
        const fresh = sortedPresentValues(chunks);
        const buffers = new SortedBuffers();
        buffers.give(dirty(fresh.length));
        expect(same(sortedPresentValues(chunks, buffers), fresh)).toBe(true);
        buffers.give(dirty(fresh.length));
        expect(same(radixSortedPresentValues(chunks, buffers), fresh)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a bucket sort of spread values with ±0 and missing values into a used buffer', () => {
    let seed = 11;
    const uniform = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const chunks = [0, 1, 2].map(() => Float64Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? (i % 2 ? 0 : -0) : uniform() * 100 - 50)));
    const fresh = bucketSortedPresentValues(chunks)!;
    expect(fresh.length).toBeGreaterThan(4096);
    const buffers = new SortedBuffers();
    buffers.give(dirty(fresh.length + 10));
    const reused = bucketSortedPresentValues(chunks, buffers)!;
    expect(reused.byteLength).toBe(fresh.byteLength);
    expect(buffers.size).toBe(0);
    expect(same(reused, fresh)).toBe(true);
  });

  it('a bucket sort after a larger one into the same pool starts from zeroed counts', () => {
    const spread = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(i * seed) * 1000);
    const large = [spread(50_000, 3)];
    const small = [spread(5_000, 7)];
    const buffers = new SortedBuffers();
    const smallFirst = bucketSortedPresentValues(small, buffers)!;
    bucketSortedPresentValues(large, buffers);
    const smallAfter = bucketSortedPresentValues(small, buffers)!;
    expect(same(smallAfter, smallFirst)).toBe(true);
    expect(same(smallAfter, Float64Array.from(small[0]!).sort())).toBe(true);
  });
});

describe('the counts of a pool', () => {
  it('are its own, kept from one sort to the next, zeroed where asked', () => {
    const buffers = new SortedBuffers();
    const first = buffers.counts(1000);
    first.fill(7);
    const again = buffers.counts(600);
    expect(again === first).toBe(true);
    expect(again.subarray(0, 600).every((c) => c === 0)).toBe(true);
    // Another pool's counts are not these.
    expect(new SortedBuffers().counts(600) === first).toBe(false);
    // Grown by doubling, never past a million buckets: larger counts are new each time and not kept.
    expect(buffers.counts(1500).length).toBe(2000);
    const huge = buffers.counts((1 << 20) + 1);
    expect(buffers.counts((1 << 20) + 1) === huge).toBe(false);
    expect(buffers.bytes).toBe(2000 * 4);
  });

  it('a pool holds its spares and its counts, nothing else', () => {
    const buffers = new SortedBuffers();
    expect(buffers.bytes).toBe(0);
    buffers.give(dirty(1000), dirty(3000));
    buffers.counts(100);
    expect(buffers.bytes).toBe(8 * 4000 + 4 * 100);
  });
});
