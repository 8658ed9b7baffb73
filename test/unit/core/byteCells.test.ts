import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDecimal, textOf } from '../../../src/core/csv/byteCells.ts';
import { parseNumberCell } from '../../../src/core/csv/cells.ts';
import { utf8 } from '../helpers/csv.ts';

/** plainDecimal on a text cut out of surrounding bytes (so reading past the end would show). */
const read = (text: string): number => {
  const bytes = utf8(`7${text}9`);
  return plainDecimal(bytes, 1, bytes.length - 1);
};

describe('plainDecimal', () => {
  it('gives the very double Number(text) gives, or NaN to send the text to parseNumberCell', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,18}$/), fc.constantFrom('', '.'), fc.stringMatching(/^[0-9]{0,18}$/), fc.constantFrom('', 'e', 'E-', 'e+'), fc.stringMatching(/^[0-9]{0,3}$/))
      .map((parts) => parts.join(''));
    const anyText = fc.oneof(decimal, fc.double().map(String), fc.double().map((d) => d.toFixed(14)), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(anyText, (text) => {
        const value = read(text);
        if (Number.isNaN(value)) return;
        expect(Object.is(value, parseNumberCell(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the common spellings and leaves the rest to the text path', () => {
    expect(read('-12.34567890123456')).toBe(-12.34567890123456);
    expect(Object.is(read('-0'), -0)).toBe(true);
    expect([read('.5'), read('5.'), read('+3'), read('1E5'), read('00012'), read('2.5e-3')]).toEqual([0.5, 5, 3, 1e5, 12, 0.0025]);
    for (const text of ['', '-', '.', 'e5', '1e', '0x10', ' 4', '4 ', 'NaN', 'Infinity', '1_0', '99.999999999999999999', '1e23', '1,5']) expect(read(text)).toBeNaN();
  });
});

describe('plainDecimal beyond 2^53 (16 to 19 digits)', () => {
  /** Decimals of 15 to 19 significant digits with the point anywhere, a sign, and an exponent or none. */
  const wide = fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.integer({ min: 1, max: 9 }),
      fc.stringMatching(/^[0-9]{14,18}$/),
      fc.nat({ max: 19 }),
      fc.option(fc.integer({ min: -30, max: 30 })),
    )
    .map(([sign, first, rest, at, exponent]) => {
      const digits = `${first}${rest}`;
      const point = Math.min(at, digits.length);
      return `${sign}${digits.slice(0, point)}.${digits.slice(point)}${exponent === null ? '' : `e${exponent}`}`;
    });

  it('gives the very double Number(text) gives, and reads most of them without the text path', () => {
    let read16to17 = 0;
    let seen16to17 = 0;
    fc.assert(
      fc.property(wide, (text) => {
        const value = read(text);
        const significant = text.replace(/[^0-9e]|e.*$/g, '').length;
        if (significant >= 16 && significant <= 17 && !text.includes('e')) seen16to17++;
        if (Number.isNaN(value)) return;
        if (significant >= 16 && significant <= 17 && !text.includes('e')) read16to17++;
        expect(Object.is(value, Number(text))).toBe(true);
      }),
      { numRuns: 50_000 },
    );
    // The point of the path: the bench's 16-17 digit cells no longer go through a string.
    expect(read16to17).toBeGreaterThan(0.9 * seen16to17);
  });

  it('is exact at ties, powers of two and the ends of the range, or leaves them to Number()', () => {
    const cases = [
      '9007199254740993', // 2^53 + 1: a tie, rounds to even
      '9007199254740995',
      '9007199254740992.5',
      '18014398509481985', // 2^54 + 1
      '18014398509481984.0', // 2^54, a power of two
      '1801439850948198.5e1',
      '9999999999999999',
      '99999999999999999',
      '9999999999999999999',
      '1.7976931348623157e308',
      '4.9406564584124654e-324',
      '2.2250738585072014e-308',
      '-0.000000000000000000',
      '0.1000000000000000055511151231257827',
      '0.30000000000000004',
      '0.30000000000000001665',
      '0.29999999999999998',
      '1.0000000000000002',
      '1.00000000000000011102230246251565',
      '0.99999999999999994449',
      '0.9999999999999999444888487687421729788184165954589843750001',
      '123456789012345678.9',
      '-90.07199254740993',
      '4503599627370496.5',
      '4503599627370497.5',
      '1e-17',
      '12345678901234567e-17',
    ];
    for (const text of cases) {
      const value = read(text);
      if (!Number.isNaN(value)) expect([text, Object.is(value, Number(text))]).toEqual([text, true]);
    }
    expect(read('99.99999999999999')).toBe(99.99999999999999);
    expect(read('-90.07199254740993')).toBe(-90.07199254740993);
  });

  it('matches Number() next to the exact halfway points between neighbouring doubles', () => {
    // The midpoint of d and the double after it, (2m + 1)·2^(e-1), written out exactly with BigInt, then
    // cut to 17–19 digits (just under it) and with its last digit raised (just over it): the hardest cases.
    const nearMidpoints = (d: number): string[] => {
      let e = Math.floor(Math.log2(d)) - 52;
      while (d / 2 ** e >= 2 ** 53) e++;
      while (d / 2 ** e < 2 ** 52) e--;
      const m = BigInt(d / 2 ** e);
      const digits = ((2n * m + 1n) * 5n ** BigInt(1 - e)).toString();
      return [17, 18, 19].flatMap((n) => {
        const cut = digits.slice(0, n);
        const exponent = digits.length - n - (1 - e);
        return [`${cut}e${exponent}`, `${(BigInt(cut) + 1n).toString()}e${exponent}`];
      });
    };
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), (d) => {
        for (const text of nearMidpoints(d)) {
          const value = read(text);
          if (!Number.isNaN(value)) expect([text, Object.is(value, Number(text))]).toEqual([text, true]);
        }
      }),
      { numRuns: 20_000 },
    );
  });});

describe('textOf', () => {
  it('decodes UTF-8 (a BOM inside a field is kept) and refuses bad bytes', () => {
    expect(textOf(utf8('a,héllo,b'), 2, 8)).toBe('héllo');
    expect(textOf(utf8('\uFEFFx'), 0, 4)).toBe('\uFEFFx');
    expect(textOf(Uint8Array.from([0x61, 0xff]), 0, 2)).toBeNull();
    expect(textOf(utf8('x'.repeat(100)), 0, 100)).toBe('x'.repeat(100));
  });
});
