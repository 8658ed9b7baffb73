import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countDistinct } from '../../../src/core/distinct.ts';

/** The count by the obvious means: a Set of the non-NaN values (a Set already takes -0 and 0 as one). */
const bySet = (chunks: Float64Array[]): number => new Set(chunks.flatMap((c) => [...c].filter((v) => v === v))).size;

describe('countDistinct', () => {
  it('counts non-NaN values once each across chunks, -0 and 0 as one', () => {
    const chunks = [Float64Array.of(1, NaN, -0, 2.5), Float64Array.of(0, 1, 2.5, -1e300, NaN), new Float64Array(0), Float64Array.of(Infinity, -Infinity, 1e-320)];
    expect(countDistinct(chunks)).toBe(7);
    expect(countDistinct([])).toBe(0);
    expect(countDistinct([Float64Array.of(NaN, NaN)])).toBe(0);
  });

  it('equals a Set on many values, few and many distinct', () => {
    let seed = 7;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (const spread of [3, 1000, 1e9]) {
      const chunks = Array.from({ length: 5 }, () => Float64Array.from({ length: 40_000 }, () => (random() < 0.05 ? NaN : Math.round(random() * spread) / 7)));
      expect(countDistinct(chunks)).toBe(bySet(chunks));
    }
  });

  it('reads chunks that are views into a larger buffer at their own offset', () => {
    const all = Float64Array.of(9, 1, 2, 2, -0, 0, 3, 9, 9);
    expect(countDistinct([all.subarray(1, 4), all.subarray(4, 7)])).toBe(4);
  });

  it('gives each count its own values when a count reuses the last one\'s buffer', () => {
    const many = [Float64Array.from({ length: 50_000 }, (_, i) => i / 3)];
    const few = [Float64Array.of(5, 5, NaN, 7)];
    const more = [Float64Array.from({ length: 60_000 }, (_, i) => i % 20_000)];
    // Over the values whose buffer is kept (1 << 21): counted in a buffer of its own.
    const huge = [new Float64Array(1 << 21).map((_, i) => i % 30_000), Float64Array.of(-1, NaN)];
    const counts = [many, few, many, more, huge, few, more].map(countDistinct);
    expect(counts).toEqual([50_000, 2, 50_000, 20_000, 30_001, 2, 20_000]);
  });

  it('equals a Set on arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double(), { maxLength: 300 }), { maxLength: 4 }), (parts) => {
        const chunks = parts.map((p) => Float64Array.from(p));
        expect(countDistinct(chunks)).toBe(bySet(chunks));
      }),
    );
  });
});
