import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/cli/nodeFiles.ts';
import { isMissingCell, parseNumberCell } from '../../../src/core/csv/cells.ts';
import { isDatetimeText } from '../../../src/core/datetime.ts';
import { COLUMN_TYPES, inferColumnType, storageType, type ColumnType } from '../../../src/core/schema.ts';
import { readText, values } from '../helpers/csv.ts';

/** Cells of every kind the typing rule tells apart: missing tokens, integers, decimals, odd numbers, text. */
const cell = fc.oneof(
  fc.constantFrom('', ' ', 'NA', 'n/a', 'NaN', 'null', 'None', ' none '),
  fc.integer({ min: -3, max: 3 }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('1e3', '.5', '+3', ' 4 ', '0x10', 'Infinity', '1e400', '-0', '007'),
  fc.constantFrom('2024-01-31', '2024/02/29', '2023-02-29', '2024-01-01T10:00Z', '2024-13-01', '2024-06-01 23:59:59.5+02:00'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }),
);

/** A table with 1 to 4 named columns whose cells lean to one kind per column, so every type turns up. */
const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({
    columns: fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: width, maxLength: width }),
    rows: fc.integer({ min: 1, max: 25 }),
    seed: fc.array(fc.nat(), { minLength: 25 * width, maxLength: 25 * width }),
  }).map(({ columns, rows, seed }) => ({
    header: columns.map((_, j) => `c${j}`),
    cells: Array.from({ length: rows }, (_, i) => columns.map((pool, j) => pool[seed[i * width + j]! % pool.length]!)),
  })),
);
const csv = (t: { header: string[]; cells: string[][] }): string => Papa.unparse([t.header, ...t.cells]);

/** The typing rule of docs/statistics.md, written out from the cells alone. */
function expectedType(cells: string[]): ColumnType {
  const present = cells.filter((c) => !isMissingCell(c));
  const numbers = present.map(parseNumberCell);
  if (present.length > 0 && present.every(isDatetimeText)) return 'datetime';
  if (present.length === 0 || numbers.some((n) => n === null)) return 'categorical';
  const distinct = new Set(numbers).size;
  return distinct > 5 || numbers.some((n) => !Number.isInteger(n)) ? 'numeric' : 'categorical';
}

// A one-column row holding '' is a blank line and is skipped, so single columns keep a present first cell.
const readable = table.filter((t) => t.header.length > 1 || t.cells.every((r) => r[0] !== ''));

describe('schema inference on arbitrary tables', () => {
  it('gives every column exactly one type, the one docs/statistics.md names', async () => {
    await fc.assert(
      fc.asyncProperty(readable, async (t) => {
        const read = await readText(csv(t), { hasher: nodeSha256() });
        expect(read.columns.map((c) => c.column.name)).toEqual(t.header);
        read.columns.forEach(({ inferredType }, j) => {
          expect(COLUMN_TYPES).toContain(inferredType);
          expect(inferredType).toBe(expectedType(t.cells.map((r) => r[j]!)));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never throws for a parsed table, whatever types the user overrides with', async () => {
    const overrides = fc.array(fc.constantFrom<ColumnType>('numeric', 'categorical', 'datetime'), { minLength: 4, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(readable, overrides, async (t, types) => {
        const typeOverrides = Object.fromEntries(t.header.map((name, j) => [name, types[j]!]));
        const read = await readText(csv(t), { typeOverrides, hasher: nodeSha256() });
        read.columns.forEach(({ column, type, coercedToMissing }, j) => {
          const cells = t.cells.map((r) => r[j]!).filter((c) => !isMissingCell(c));
          expect(type).toBe(types[j]);
          expect(column.type).toBe(storageType(type));
          const unfit = { numeric: (c: string) => parseNumberCell(c) === null, categorical: () => false, datetime: (c: string) => !isDatetimeText(c) }[type];
          expect(coercedToMissing).toBe(cells.filter(unfit).length);
          expect(values(column)).toHaveLength(t.cells.length);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('inferColumnType answers for any evidence', () => {
    const evidence = fc.record({ nonMissing: fc.nat(), allNumeric: fc.boolean(), allInteger: fc.boolean(), distinctNumbers: fc.nat({ max: 6 }), allDatetime: fc.boolean() });
    fc.assert(
      fc.property(evidence, (e) => {
        expect(COLUMN_TYPES).toContain(inferColumnType(e));
      }),
      { numRuns: 200 },
    );
  });
});
