import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketSortedPresentValues } from '../../../src/core/drift/bucketSort.ts';
import { radixSortedPresentValues, sortedPresentValues } from '../../../src/core/drift/sortFloat64.ts';

/** Every non-NaN value of every chunk, by the built-in sort (-0 before +0). */
const builtIn = (chunks: Float64Array[]): Float64Array => Float64Array.from(chunks.flatMap((c) => [...c].filter((v) => !Number.isNaN(v)))).sort();

/** Bit for bit, -0 told from +0. */
const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Seeded uniform values on (lo, hi), cut into chunks of the given sizes. */
function spread(seed: number, sizes: readonly number[], lo: number, hi: number): Float64Array[] {
  let s = seed >>> 0;
  return sizes.map((n) =>
    Float64Array.from({ length: n }, () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return lo + (hi - lo) * (s / 4294967296);
    }),
  );
}

/** A few specials written over values at seeded places: ±0, subnormals, NaN (missing), duplicates of an existing value. */
const SPECIALS = [0, -0, 5e-324, -5e-324, 1e-310, -1e-310, NaN];

function sprinkle(chunks: Float64Array[], picks: readonly [number, number][]): void {
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const at = (i: number): [Float64Array, number] => {
    let k = i % total;
    for (const c of chunks) {
      if (k < c.length) return [c, k];
      k -= c.length;
    }
    throw new Error('unreachable');
  };
  for (const [where, what] of picks) {
    const [chunk, k] = at(where);
    // what beyond the specials copies another value: a duplicate.
    chunk[k] = what < SPECIALS.length ? SPECIALS[what]! : at(where + what)[0][at(where + what)[1]]!;
  }
}

describe('bucketSortedPresentValues', () => {
  it('sorts spread-out values with ±0, subnormals, duplicates and NaN among them like the built-in sort (property)', () => {
    const sizes = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 4 }).filter((s) => s.reduce((a, b) => a + b, 0) >= 5000);
    const picks = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 12 })), { maxLength: 40 });
    // The range holds 0, so the sprinkled zeros and subnormals fall among the values, not far outside them.
    const end = fc.double({ min: 1e-3, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(fc.integer(), sizes, end, end, picks, (seed, sz, below, above, p) => {
        const chunks = spread(seed, sz, -below, above);
        sprinkle(chunks, p);
        const before = chunks.map((c) => Float64Array.from(c));
        const sorted = bucketSortedPresentValues(chunks);
        expect(sorted).toBeDefined();
        expect(same(sorted!, builtIn(chunks))).toBe(true);
        expect(same(sorted!, radixSortedPresentValues(chunks))).toBe(true);
        // The column's chunks are read, not reordered.
        chunks.forEach((c, k) => expect(same(c, before[k]!)).toBe(true));
      }),
      { numRuns: 40 },
    );
  });

  it('orders -0 before +0 inside one bucket', () => {
    const [values] = spread(3, [8000], -1, 1);
    for (let i = 0; i < 20; i++) values![i * 397] = i % 2 ? 0 : -0;
    const sorted = bucketSortedPresentValues([values!])!;
    expect(same(sorted, builtIn([values!]))).toBe(true);
    const firstPlus = sorted.findIndex((v) => Object.is(v, 0));
    expect(sorted.slice(firstPlus - 10, firstPlus).every((v) => Object.is(v, -0))).toBe(true);
  });

  it('declines where buckets would not pay, and sortedPresentValues still sorts those', () => {
    const [uniform] = spread(11, [10_000], 0, 1);
    const withInfinity = Float64Array.from(uniform!, (v, i) => (i === 5 ? -Infinity : v));
    const ties = Float64Array.from({ length: 10_000 }, (_, i) => i % 37);
    const outlier = Float64Array.from(uniform!, (v, i) => (i === 9 ? 1e300 : v));
    const allOne = new Float64Array(10_000).fill(2.5);
    const small = uniform!.subarray(0, 4095);
    for (const values of [withInfinity, ties, outlier, allOne, small]) {
      expect(bucketSortedPresentValues([values])).toBeUndefined();
      expect(same(sortedPresentValues([values]), builtIn([values]))).toBe(true);
    }
  });

  it('sorts bunched but not tied values (normal-like, by a sum of uniforms) without declining', () => {
    const parts = spread(21, [20_000, 20_000, 20_000], -1, 1);
    const values = Float64Array.from(parts[0]!, (v, i) => v + parts[1]![i]! + parts[2]![i]!);
    const sorted = bucketSortedPresentValues([values]);
    expect(sorted).toBeDefined();
    expect(same(sorted!, builtIn([values]))).toBe(true);
  });
});
