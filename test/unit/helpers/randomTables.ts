import fc from 'fast-check';
import Papa from 'papaparse';

export interface RandomTable {
  header: string[];
  rows: string[][];
  newline: '\n' | '\r\n';
}

/** Cell texts that stress a CSV reader: quotes, commas, line breaks inside fields, missing tokens, numbers, multi-byte text. */
const cellText = fc.oneof(
  fc.constantFrom('', 'NA', 'N/A', 'NaN', 'null', 'None', ' na '),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('1e3', '.5', '+3', ' 4 ', '0x10'),
  fc.array(fc.constantFrom('a', 'b', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '😀', '=', "'"), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
);

/** Tables of 2 to 4 columns (a one-column row holding '' is a blank line, skipped by design) and 1 to 12 rows. */
export const randomTable: fc.Arbitrary<RandomTable> = fc.integer({ min: 2, max: 4 }).chain((width) =>
  fc.record({
    header: fc.tuple(...Array.from({ length: width }, (_, i) => fc.constantFrom(`c${i}`, `c${i} "q"`, `c${i}, x`, ` c${i} `))),
    rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
    newline: fc.constantFrom('\n' as const, '\r\n' as const),
  }),
);

export const serialise = (t: RandomTable): string => Papa.unparse([t.header, ...t.rows], { newline: t.newline });
