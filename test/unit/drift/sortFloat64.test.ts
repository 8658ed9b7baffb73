import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedPresentValues, sortFloat64 } from '../../../src/core/drift/sortFloat64.ts';
import { sampleOf } from './golden.ts';

/** The built-in sort on a copy: the reference ordering (-0 before +0, as the spec's comparison does). */
const builtIn = (values: Float64Array): Float64Array => Float64Array.from(values).sort();

/** Equal element by element, telling -0 from +0 (toEqual on typed arrays would not). */
function expectSameOrder(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} instead of ${expected[i]}`);
  }
}

const SPECIAL = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 2 ** 52, -(2 ** 52), 1e-310, -1e-310];

function mixed(n: number, seed: number): Float64Array {
  const u = sampleOf({ seed, n, shape: 'normal', loc: 0, scale: 1000 });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = u[i]!;
    // A quarter special values, a quarter duplicates of a few integers, the rest continuous with both signs.
    out[i] = i % 4 === 0 ? SPECIAL[i % SPECIAL.length]! : i % 4 === 1 ? Math.trunc(v / 300) : v;
  }
  return out;
}

describe('sortFloat64 orders like Float64Array.prototype.sort', () => {
  for (const n of [0, 1, 2, 100, 4095, 4096, 4097, 10_000, 131_073, 300_000]) {
    it(`${n} values with negatives, ±0, ±Infinity, subnormals and duplicates`, () => {
      const values = mixed(n, n + 17);
      const expected = builtIn(values);
      const result = sortFloat64(values);
      expect(result).toBe(values);
      expectSameOrder(values, expected);
    });
  }

  it('sorts a large array that is all one value, or all -0 and +0', () => {
    const same = new Float64Array(5000).fill(-3.25);
    expectSameOrder(sortFloat64(same), builtIn(same));
    const zeros = Float64Array.from({ length: 6000 }, (_, i) => (i % 3 ? 0 : -0));
    expectSameOrder(sortFloat64(Float64Array.from(zeros)), builtIn(zeros));
  });

  it('sorts already ascending and descending large arrays', () => {
    const up = Float64Array.from({ length: 9000 }, (_, i) => i - 4500.5);
    expectSameOrder(sortFloat64(Float64Array.from(up)), up);
    expectSameOrder(sortFloat64(Float64Array.from(up).reverse()), up);
  });

  it('sorts a subarray view in place without touching its neighbours', () => {
    const buffer = mixed(12_000, 5);
    const before = Float64Array.from(buffer);
    const view = buffer.subarray(1000, 11_000);
    const expected = builtIn(view);
    sortFloat64(view);
    expectSameOrder(view, expected);
    expectSameOrder(buffer.subarray(0, 1000), before.subarray(0, 1000));
    expectSameOrder(buffer.subarray(11_000), before.subarray(11_000));
  });

  it('agrees with the built-in sort on random doubles (property)', () => {
    const doubles = fc.array(fc.double({ noNaN: true }), { minLength: 4096, maxLength: 6000 });
    fc.assert(
      fc.property(doubles, (list) => {
        const values = Float64Array.from(list);
        const expected = builtIn(values);
        sortFloat64(values);
        return values.every((v, i) => Object.is(v, expected[i]));
      }),
      { numRuns: 25 },
    );
  });
});

describe('sortedPresentValues reads a column\'s chunks, leaves out missing values (NaN) and sorts the rest', () => {
  /** The reference: every non-NaN value of every chunk, built-in sort. */
  const expectedOf = (chunks: Float64Array[]): Float64Array => Float64Array.from(chunks.flatMap((c) => [...c].filter((v) => !Number.isNaN(v)))).sort();

  for (const sizes of [[0], [10, 3], [4095], [4096], [2000, 2096], [131_072, 5000], [1, 1, 7000, 0]]) {
    it(`chunks of ${sizes.join(' + ')} values with NaN among them`, () => {
      const chunks = sizes.map((n, k) => {
        const c = mixed(n, 31 * k + n);
        for (let i = k; i < n; i += 7) c[i] = NaN;
        return c;
      });
      const before = chunks.map((c) => Float64Array.from(c));
      expectSameOrder(sortedPresentValues(chunks), expectedOf(chunks));
      // The column's own chunks are read, not reordered.
      chunks.forEach((c, k) => expectSameOrder(c, before[k]!));
    });
  }

  it('leaves out NaN of any bit pattern, keeps ±Infinity', () => {
    const values = new Float64Array(5000).fill(1);
    const words = new Uint32Array(values.buffer);
    values[0] = NaN;
    words[2] = 1; // a NaN with another payload: exponent all ones, low mantissa bits set
    words[3] = 0x7ff00000;
    words[4] = 0;
    words[5] = 0xfff80000; // negative quiet NaN
    values[3] = Infinity;
    values[4] = -Infinity;
    const sorted = sortedPresentValues([values]);
    expect(sorted.length).toBe(4997);
    expect(sorted[0]).toBe(-Infinity);
    expect(sorted[4996]).toBe(Infinity);
  });

  it('gives an empty array for a column that is all missing', () => {
    expect(sortedPresentValues([new Float64Array(5000).fill(NaN)]).length).toBe(0);
    expect(sortedPresentValues([new Float64Array(3).fill(NaN)]).length).toBe(0);
    expect(sortedPresentValues([]).length).toBe(0);
  });

  it('sortFloat64 puts NaN last, as the built-in sort does', () => {
    const values = mixed(6000, 3);
    for (let i = 0; i < 6000; i += 11) values[i] = NaN;
    const expected = builtIn(values);
    expectSameOrder(sortFloat64(values), expected);
  });
});

