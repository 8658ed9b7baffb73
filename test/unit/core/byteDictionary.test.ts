import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteDictionary } from '../../../src/core/csv/byteDictionary.ts';
import { TextDictionary } from '../../../src/core/retype.ts';
import { utf8 } from '../helpers/csv.ts';

describe('ByteDictionary', () => {
  it('numbers ASCII texts as TextDictionary does, and gives them back in code order', () => {
    // Few distinct texts (repeats), texts that differ only in length or one byte, and enough to grow every table.
    const text = fc.oneof(fc.constantFrom('', '1', '1.0', '1.00', '01', '-0', '0'), fc.stringMatching(/^[-+.0-9e]{0,20}$/));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3000 }), (texts) => {
        const bytes = new ByteDictionary();
        const strings = new TextDictionary();
        for (const t of texts) {
          // Read out of a longer run of bytes, as a range reader reads a cell of a line.
          const line = utf8(`7${t}9`);
          expect(bytes.code(line, 1, line.length - 1)).toBe(strings.code(t));
        }
        expect(bytes.size).toBe(strings.size);
        expect(bytes.texts()).toEqual(strings.categories);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers texts the same whatever room it starts with, grown or not', () => {
    const text = fc.oneof(fc.constantFrom('', '1', '1.0', '01', '-0'), fc.stringMatching(/^[-+.0-9e]{0,40}$/));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 600 }), fc.integer({ min: 1, max: 700 }), (texts, entries) => {
        const small = new ByteDictionary(1);
        const roomy = new ByteDictionary(entries);
        for (const t of texts) {
          const line = utf8(t);
          expect(roomy.code(line, 0, line.length)).toBe(small.code(line, 0, line.length));
        }
        expect(roomy.texts()).toEqual(small.texts());
      }),
      { numRuns: 300 },
    );
  });
});
