import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeSortedPair } from '../../../src/core/drift/sortedPair.ts';

const asc = (values: number[]): Float64Array => Float64Array.from(values).sort();

/** Straight from the definitions: F(x) = share of values <= x, checked at every value of either sample. */
function bruteForce(a: Float64Array, b: Float64Array) {
  const all = [...new Set([...a, ...b])].sort((x, y) => x - y);
  const cdf = (s: Float64Array, x: number): number => s.filter((v) => v <= x).length / s.length;
  let distance = 0;
  let wasserstein = 0;
  all.forEach((x, i) => {
    const gap = Math.abs(cdf(a, x) - cdf(b, x));
    distance = Math.max(distance, gap);
    if (i + 1 < all.length) wasserstein += gap * (all[i + 1]! - x);
  });
  const count = (s: Float64Array, x: number): number => s.filter((v) => v === x).length;
  return { distance, wasserstein, distinct: all.length, values: all, countsA: all.map((x) => count(a, x)), countsB: all.map((x) => count(b, x)) };
}

describe('summarizeSortedPair', () => {
  it('gives the KS distance, Wasserstein distance and distinct values of a small example', () => {
    const s = summarizeSortedPair(asc([1, 2, 2, 5]), asc([2, 3, 3]), 10);
    // F_a: 1→.25 2→.75 3→.75 5→1; F_b: 1→0 2→1/3 3→1 5→1.
    expect(s.ecdfDistance).toBeCloseTo(0.75 - 1 / 3, 15);
    expect(s.wasserstein).toBeCloseTo(0.25 * 1 + (0.75 - 1 / 3) * 1 + 0.25 * 2, 15);
    expect(s.distinct).toBe(4);
    expect(s.values).toEqual([1, 2, 3, 5]);
    expect(s.countsA).toEqual([1, 2, 0, 1]);
    expect(s.countsB).toEqual([0, 1, 2, 0]);
  });

  it('keeps only the first `keep` distinct values but counts them all', () => {
    const s = summarizeSortedPair(asc([1, 2, 3, 4, 5, 6, 7]), asc([7, 8]), 3);
    expect(s.distinct).toBe(8);
    expect(s.values).toEqual([1, 2, 3]);
    expect(summarizeSortedPair(asc([1, 2]), asc([3]), 0).values).toEqual([]);
  });

  it('is zero for identical samples and 1 for separated ones', () => {
    const a = asc([0.5, 1, 1, 7]);
    expect(summarizeSortedPair(a, Float64Array.from(a))).toMatchObject({ ecdfDistance: 0, wasserstein: 0, distinct: 3 });
    const far = summarizeSortedPair(asc([1, 2]), asc([10, 11]));
    expect(far.ecdfDistance).toBe(1);
    expect(far.wasserstein).toBe(9);
  });

  it('handles -0 and +0 as one value, as numpy does', () => {
    const s = summarizeSortedPair(asc([-0, 1]), asc([0, 1]), 5);
    expect(s.distinct).toBe(2);
    expect(s.ecdfDistance).toBe(0);
  });

  it('agrees with the definitions on random samples with ties (property)', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }).map((i) => i / 4), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = asc(x);
        const b = asc(y);
        const s = summarizeSortedPair(a, b, 1000);
        const r = bruteForce(a, b);
        expect(s.ecdfDistance).toBeCloseTo(r.distance, 12);
        expect(s.wasserstein).toBeCloseTo(r.wasserstein, 12);
        expect(s.distinct).toBe(r.distinct);
        expect(s.values).toEqual(r.values);
        expect(s.countsA).toEqual(r.countsA);
        expect(s.countsB).toEqual(r.countsB);
      }),
      { numRuns: 300 },
    );
  });
});
