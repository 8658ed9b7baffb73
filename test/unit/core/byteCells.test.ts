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
    for (const text of ['', '-', '.', 'e5', '1e', '0x10', ' 4', '4 ', 'NaN', 'Infinity', '1_0', '99.99999999999999', '1e23', '1,5']) expect(read(text)).toBeNaN();
  });
});

describe('textOf', () => {
  it('decodes UTF-8 (a BOM inside a field is kept) and refuses bad bytes', () => {
    expect(textOf(utf8('a,héllo,b'), 2, 8)).toBe('héllo');
    expect(textOf(utf8('\uFEFFx'), 0, 4)).toBe('\uFEFFx');
    expect(textOf(Uint8Array.from([0x61, 0xff]), 0, 2)).toBeNull();
    expect(textOf(utf8('x'.repeat(100)), 0, 100)).toBe('x'.repeat(100));
  });
});
