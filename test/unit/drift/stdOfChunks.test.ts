import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presentValues } from '../../../src/core/columns.ts';
import { profileColumn, type NumericProfile } from '../../../src/core/drift/profile.ts';
import { populationStd, populationStdOfChunks } from '../../../src/core/drift/wasserstein.ts';
import { CHUNK } from '../../../src/core/metrics/numpySum.ts';

const joined = (chunks: Float64Array[]): Float64Array => Float64Array.from(chunks.flatMap((c) => [...c]));

/** Seeded values around a large mean (where summation order shows in the last digits). */
function chunksOf(seed: number, sizes: readonly number[]): Float64Array[] {
  let s = seed >>> 0;
  return sizes.map((n) =>
    Float64Array.from({ length: n }, () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return 1.7e9 + (s / 4294967296) * 12345.678;
    }),
  );
}

describe('populationStdOfChunks', () => {
  it('equals populationStd of the joined chunks bit for bit when every chunk but the last holds whole blocks (property)', () => {
    const sizes = fc.tuple(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), fc.integer({ min: 0, max: 3 * CHUNK + 7 }));
    fc.assert(
      fc.property(fc.integer(), sizes, (seed, [blocks, tail]) => {
        const chunks = chunksOf(seed, [...blocks.map((b) => b * CHUNK), tail]);
        const expected = populationStd(joined(chunks));
        expect(Object.is(populationStdOfChunks(chunks), expected)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('declines when a chunk before the last breaks a block, and gives NaN for no values', () => {
    expect(populationStdOfChunks(chunksOf(1, [CHUNK + 1, 10]))).toBeUndefined();
    expect(populationStdOfChunks([])).toBeNaN();
    expect(populationStdOfChunks([new Float64Array(0)])).toBeNaN();
  });

  it("gives a profile the std of the column's present values in file order, with or without missing values", () => {
    for (const [sizes, missingEvery] of [[[131_072, 131_072, 5000], 0], [[131_072, 9000], 97], [[CHUNK + 3, 100], 0]] as const) {
      const chunks = chunksOf(7, sizes);
      if (missingEvery) for (const c of chunks) for (let i = 0; i < c.length; i += missingEvery) c[i] = NaN;
      const column = { name: 'x', type: 'numeric' as const, chunks };
      const profile = profileColumn(column) as NumericProfile;
      expect(Object.is(profile.std, populationStd(presentValues(column)))).toBe(true);
    }
  });
});
