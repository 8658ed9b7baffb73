import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/training/random.ts';
import { applyBins, binColumns, MISSING_BIN, type ColumnBlock } from '../../../src/core/trees/binning.ts';

/** rows × 3: a continuous column with missing values, one of 7 distinct values, and a constant one. */
function matrix(rows: number): Float32Array {
  const random = new Random(5);
  const x = new Float32Array(rows * 3);
  for (let i = 0; i < rows; i++) {
    x[i * 3] = random.float() < 0.05 ? NaN : random.float() * 10 - 3;
    x[i * 3 + 1] = Math.floor(random.float() * 7);
    x[i * 3 + 2] = 2;
  }
  return x;
}

/** Each input column of x as its own block, handed over asynchronously as storage would. */
async function* columnBlocks(x: Float32Array, rows: number, inputs: number): AsyncIterable<ColumnBlock> {
  for (let f = 0; f < inputs; f++) {
    await Promise.resolve();
    yield { offset: f, width: 1, values: Float32Array.from({ length: rows }, (_, i) => x[i * inputs + f]!) };
  }
}

/** Byte-for-byte equality of typed arrays (an element-wise toEqual on 750,000 codes takes seconds). */
const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('binColumns', () => {
  it.each([1000, 250_000])('gives %i rows the same edges, codes and ranges whether the matrix comes whole or a column at a time', async (rows) => {
    const x = matrix(rows);
    const whole = await binColumns([{ offset: 0, width: 3, values: x }], rows, 3, 9, { ranges: true });
    const columns = await binColumns(columnBlocks(x, rows, 3), rows, 3, 9, { ranges: true });
    expect(columns.mapper).toEqual(whole.mapper);
    expect(bytes(columns.binned.codes).equals(bytes(whole.binned.codes))).toBe(true);
    expect(columns.binned.bins).toEqual(whole.binned.bins);
    expect(columns.ranges).toEqual(whole.ranges);
    expect(bytes(applyBins(whole.mapper, x, rows).codes).equals(bytes(whole.binned.codes))).toBe(true);
    // 7 distinct values: the 6 midpoints; a constant column: no edge at all.
    expect(Array.from(whole.mapper.edges[1]!)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    expect(whole.mapper.edges[2]!).toHaveLength(0);
    expect(whole.mapper.edges[0]!.length).toBe(254);
    expect(whole.binned.codes.subarray(0, rows).includes(MISSING_BIN)).toBe(true);
  });

  it('fits edges on a seeded subsample of 200,000 rows above that many', async () => {
    const rows = 250_000;
    const x = matrix(rows);
    const a = await binColumns([{ offset: 0, width: 3, values: x }], rows, 3, 1);
    const b = await binColumns([{ offset: 0, width: 3, values: x }], rows, 3, 2);
    expect(b.mapper.edges[0]).not.toEqual(a.mapper.edges[0]);
    expect(b.mapper.edges[1]).toEqual(a.mapper.edges[1]);
  });

  it('refuses blocks that miss an input column, and lets a check refuse a block', async () => {
    const x = matrix(10);
    await expect(binColumns([{ offset: 0, width: 3, values: x }], 10, 4, 1)).rejects.toThrow('the blocks held 3 input columns, not 4');
    const refuse = (): void => {
      throw new Error('no');
    };
    await expect(binColumns([{ offset: 0, width: 3, values: x }], 10, 3, 1, { check: refuse })).rejects.toThrow('no');
  });
});
