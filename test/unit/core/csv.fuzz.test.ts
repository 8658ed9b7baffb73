import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnLength } from '../../../src/core/columns.ts';
import type { CsvTable } from '../../../src/core/csv/readCsv.ts';
import { nodeSha256 } from '../../../src/cli/nodeFiles.ts';
import { InputError } from '../../../src/core/errors.ts';
import { COLUMN_TYPES } from '../../../src/core/schema.ts';
import { readText, utf8, values } from '../helpers/csv.ts';

/** What readCsv says about an input: its table's shape and values, or its InputError's message and line. */
type Outcome = { table: ReturnType<typeof summary> } | { error: string; line: number | undefined };

const summary = (t: CsvTable) => ({
  rows: t.rows,
  bytes: t.bytes,
  delimiter: t.delimiter,
  linebreak: t.linebreak,
  encoding: t.encoding,
  bom: t.bom,
  columns: t.columns.map((c) => ({ name: c.column.name, type: c.column.type, inferred: c.inferredType, values: values(c.column) })),
});

/** The messages readCsv and its decoder document; any other failure is a bug. */
const DOCUMENTED = [
  /^the file is empty$/,
  /^no header row: the file holds only blank lines$/,
  /^a header but no data rows$/,
  /^expected \d+ fields as in the header, found \d+$/,
  /^column \d+ has no name in the header$/,
  /^column name ".*" appears twice \(columns \d+ and \d+\)$/s,
  /^\d+ columns; at most \d+ are supported$/,
  /^a quoted field is never closed$/,
  /^a quoted field has text after its closing quote$/,
  /^binary data \(a NUL byte\), not a CSV text file$/,
  /^not valid UTF-(8|16LE|16BE) text; save the file as UTF-8$/,
];

/** Reads the bytes; fails the property on anything but a well-formed table or a documented InputError. */
async function outcome(bytes: Uint8Array, chunkSize: number): Promise<Outcome> {
  let table: CsvTable;
  try {
    table = await readText(bytes, { hasher: nodeSha256() }, chunkSize);
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`readCsv threw something other than an InputError: ${String(error)}`, { cause: error });
    if (!DOCUMENTED.some((pattern) => pattern.test(error.message))) throw new Error(`undocumented InputError message: ${JSON.stringify(error.message)}`, { cause: error });
    if (error.line !== undefined) expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
    return { error: error.message, line: error.line };
  }
  expect(table.rows).toBeGreaterThan(0);
  expect(table.bytes).toBe(bytes.length);
  expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  const names = table.columns.map((c) => c.column.name);
  expect(new Set(names).size).toBe(names.length);
  for (const { column, inferredType, coercedToMissing } of table.columns) {
    expect(column.name).not.toBe('');
    expect(column.name).toBe(column.name.trim());
    expect(COLUMN_TYPES).toContain(inferredType);
    expect(column.type).toBe(inferredType);
    expect(coercedToMissing).toBe(0);
    expect(columnLength(column)).toBe(table.rows);
    if (column.type === 'numeric') for (const v of values(column)) expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true);
  }
  return { table: summary(table) };
}

/** Pieces of CSV-like text that trip readers up: quotes, every delimiter, CR / LF mixes, BOMs, odd numbers. */
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(',', ';', '\t', '|', '"', '""', '\n', '\r', '\r\n', '\n\n', ' ') },
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'x y', 'é', '😀', '\uFEFF', '\u00A0', '\u2028', '\\', "'", '=') },
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      '1', '-0', '+3', '.5', '5.', '1e308', '1e309', '-1e-320', '1E5', '0x1F', '0b11', '0o7', '1_000', '1,5',
      'NaN', 'nan', 'Infinity', '-Infinity', 'inf', 'NA', 'N/A', 'null', 'None', ' 4 ', '١٢', '0.1e', '--1', '1e+', '00012',
    ),
  },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const csvLike = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(''));

/** Ragged tables: a header and rows of varying widths, cells from the tokens, some quoted. */
const cell = fc.oneof(
  fc.array(token, { maxLength: 3 }).map((p) => p.join('')),
  fc.array(token, { maxLength: 3 }).map((p) => `"${p.join('').replaceAll('"', '""')}"`),
);
const ragged = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    trailing: fc.constantFrom('', '\n', '\r\n', '\n\n'),
  })
  .map(({ rows, delimiter, newline, trailing }) => rows.map((r) => r.join(delimiter)).join(newline) + trailing);

const bomFor = { none: [], utf8: [0xef, 0xbb, 0xbf], utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff] } as const;

/** Text as bytes, sometimes behind a byte-order mark (UTF-16 text encoded to match, or left as UTF-8 on purpose). */
const encoded = (text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(text, fc.constantFrom('none', 'utf8', 'utf16le', 'utf16be'), fc.boolean()).map(([t, bom, matching]) => {
    const mark = bomFor[bom as keyof typeof bomFor];
    let body = utf8(t);
    if (matching && (bom === 'utf16le' || bom === 'utf16be')) {
      body = new Uint8Array(t.length * 2);
      for (let i = 0; i < t.length; i++) {
        const code = t.charCodeAt(i);
        const [hi, lo] = [code >> 8, code & 0xff];
        body.set(bom === 'utf16le' ? [lo, hi] : [hi, lo], i * 2);
      }
    }
    return Uint8Array.from([...mark, ...body]);
  });

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  encoded(fc.string({ unit: 'binary', maxLength: 120 })),
  encoded(csvLike),
  encoded(ragged),
);
const chunkSize = fc.oneof(fc.constantFrom(1, 2, 3, 4096), fc.integer({ min: 1, max: 64 }));

describe('readCsv on arbitrary input', () => {
  it('returns a well-formed table or a documented InputError, and the same one however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, chunkSize, async (bytes, size) => {
        const whole = await outcome(bytes, bytes.length || 1);
        expect(await outcome(bytes, size)).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });

  it('a bad byte is reported on its own line even when a character before it is cut between pieces', async () => {
    const line = fc.array(fc.constantFrom('a', 'é', '€', '😀', ','), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    const bad = fc.constantFrom([0x80], [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80]);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), bad, fc.integer({ min: 1, max: 7 }), async (lines, badBytes, size) => {
        const bytes = Uint8Array.from([...utf8(lines.join('\n') + '\nx'), ...badBytes, ...utf8('\n')]);
        const error = await outcome(bytes, size);
        expect(error).toEqual({ error: 'not valid UTF-8 text; save the file as UTF-8', line: lines.length + 1 });
      }),
      { numRuns: 150 },
    );
  });

  it('a NUL in the first 8 KiB names the file binary; further on, the first of a bad byte and a NUL is named', async () => {
    const problem = fc.constantFrom<number[]>([0x00], [0x80], [0x00, 0x80], [0x80, 0x00], [0x80, 0x0a, 0x00], [0x00, 0x0a, 0x80]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 400 }), problem, fc.constantFrom(5, 100, 4096, 65_536), async (lines, bad, size) => {
        const text = utf8(`a,b\n${'1,2\n'.repeat(lines * 8)}x`);
        const bytes = Uint8Array.from([...text, ...bad, 0x0a]);
        const nul = bad.indexOf(0);
        const binary = nul !== -1 && (text.length + nul < 8192 || nul === 0);
        expect(await outcome(bytes, size)).toEqual({
          error: binary ? 'binary data (a NUL byte), not a CSV text file' : 'not valid UTF-8 text; save the file as UTF-8',
          line: lines * 8 + 2 + (binary ? bad.slice(0, nul).filter((b) => b === 0x0a).length : 0),
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a huge field (over 1 MiB, past the delimiter guess window) is read whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('x', '"', ',', '\n'), fc.boolean(), async (filler, quoted) => {
        const body = 'y'.repeat((1 << 20) + 17) + filler;
        const field = quoted ? `"${body.replaceAll('"', '""')}"` : body.replaceAll(/[",\n]/g, 'y');
        const table = await readText(`id,text\n1,${field}\n2,short\n`, {}, 65_536);
        expect(table.rows).toBe(2);
        expect(values(table.columns[1]!.column)[0]).toBe(quoted ? body : body.replaceAll(/[",\n]/g, 'y'));
      }),
      { numRuns: 4 },
    );
  });

  it('numbers in odd formats are numbers only when they are plain finite decimals', async () => {
    const odd = fc.constantFrom('0x1F', '0b11', '0o7', 'Infinity', '-Infinity', '1e309', '1_000', '1,5', '١٢', '--1', '1e+', 'inf');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 6, maxLength: 20 }), odd, async (numbers, text) => {
        const plain = [...numbers.map((n) => (Object.is(n, -0) ? '0' : String(n))), '0.5'];
        const numeric = await readText(`v\n${plain.join('\n')}\n`);
        expect(values(numeric.columns[0]!.column)).toEqual(plain.map(Number));
        const spoiled = await readText(`v\n${plain.join('\n')}\n"${text}"\n`);
        expect(spoiled.columns[0]!.column.type).toBe('categorical');
      }),
      { numRuns: 60 },
    );
  });
});
