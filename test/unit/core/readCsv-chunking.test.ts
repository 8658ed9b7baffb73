import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissingCell, parseNumberCell } from '../../../src/core/csv/cells.ts';
import { InputError } from '../../../src/core/errors.ts';
import { readText, rejection, utf8, values } from '../helpers/csv.ts';
import { fixtureBytes, OK_FIXTURES } from '../helpers/fixtures.ts';
import { randomTable, serialise } from '../helpers/randomTables.ts';
import { tableSummary } from '../helpers/tableSummary.ts';

const chunkSize = fc.oneof(fc.constantFrom(1, 2, 3, 7, 64, 4096), fc.integer({ min: 1, max: 200 }));

describe('readCsv gives the same result whatever the chunking', () => {
  it.each(OK_FIXTURES)('%s in chunks of 1, 7, 64 and 4096 bytes', async (name) => {
    const bytes = fixtureBytes(name);
    const whole = tableSummary(await readText(bytes, {}, bytes.length));
    for (const size of [1, 7, 64, 4096]) expect(tableSummary(await readText(bytes, {}, size))).toEqual(whole);
  });

  it('random tables written by Papa.unparse, random chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(randomTable, chunkSize, async (table, size) => {
        const bytes = utf8(serialise(table));
        const whole = await readText(bytes, {}, bytes.length);
        expect(tableSummary(await readText(bytes, {}, size))).toEqual(tableSummary(whole));

        // …and it is the table that was written.
        expect(whole.rows).toBe(table.rows.length);
        expect(whole.delimiter).toBe(',');
        expect(whole.columns.map((c) => c.column.name)).toEqual(table.header.map((h) => h.trim()));
        whole.columns.forEach(({ column }, j) => {
          const written = table.rows.map((r) => r[j] as string);
          const expected = written.map((cell) =>
            isMissingCell(cell) ? (column.type === 'numeric' ? NaN : null) : column.type === 'numeric' ? parseNumberCell(cell) : cell,
          );
          expect(values(column)).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a ragged row is reported on its own line even after quoted line breaks', async () => {
    await fc.assert(
      fc.asyncProperty(randomTable, chunkSize, async (table, size) => {
        const text = serialise(table) + table.newline;
        const line = text.split('\n').length; // the physical line the ragged row starts on
        const error = await rejection(readText(`${text}lonely${table.newline}1,2${table.newline}`, {}, size));
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).line).toBe(line);
      }),
      { numRuns: 150 },
    );
  });
});
