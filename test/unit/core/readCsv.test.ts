import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isMissingCell } from '../../../src/core/csv/cells.ts';
import { readCsv } from '../../../src/core/csv/readCsv.ts';
import { InputError } from '../../../src/core/errors.ts';
import { nodeSha256 } from '../../../src/cli/nodeFiles.ts';
import { cells, chunked, columnNamed, readText, rejection, values } from '../helpers/csv.ts';
import { fixtureBytes, fixtureText, OK_FIXTURES } from '../helpers/fixtures.ts';

const readFixture = (name: string) => readText(fixtureBytes(name));

/** Data lines of a fixture split on `delimiter` (the ok_* fixtures without quoted delimiters). */
const rawRows = (name: string, delimiter: string): string[][] =>
  fixtureText(name)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .slice(1)
    .map((l) => l.split(delimiter));

describe('readCsv on the ok_* fixtures', () => {
  it('ok_bom_semicolon: UTF-8 BOM, semicolons', async () => {
    const table = await readFixture('ok_bom_semicolon.csv');
    const raw = rawRows('ok_bom_semicolon.csv', ';');
    expect(table).toMatchObject({ rows: 40, delimiter: ';', linebreak: '\n', encoding: 'utf-8', bom: true });
    expect(table.columns.map((c) => [c.column.name, c.column.type])).toEqual([
      ['x', 'numeric'],
      ['cat', 'categorical'],
      ['label', 'categorical'],
    ]);
    expect(values(columnNamed(table, 'x')).slice(0, 3)).toEqual([0.5811, 0.7731, 0.2227]);
    expect(cells(columnNamed(table, 'cat')).slice(0, 3)).toEqual(['a', 'c', 'a']);
    expect(cells(columnNamed(table, 'label')).slice(0, 3)).toEqual(['1', '1', '1']);
    expect(values(columnNamed(table, 'x'))).toEqual(raw.map((r) => Number(r[0])));
    expect(cells(columnNamed(table, 'cat'))).toEqual(raw.map((r) => r[1]));
  });

  it('ok_crlf_quoted: CRLF line breaks, quoted fields with commas and doubled quotes', async () => {
    const table = await readFixture('ok_crlf_quoted.csv');
    expect(table).toMatchObject({ rows: 40, delimiter: ',', linebreak: '\r\n', bom: false });
    const ids = Array.from({ length: 40 }, (_, i) => i);
    expect(table.columns.map((c) => c.column.name)).toEqual(['x', 'free text', 'label']);
    expect(values(columnNamed(table, 'x'))).toEqual(ids);
    expect(cells(columnNamed(table, 'free text'))).toEqual(ids.map((i) => `hello, "world" ${i}`));
    expect(cells(columnNamed(table, 'label'))).toEqual(ids.map((i) => String(i % 2)));
  });

  it('ok_formula_injection: formula text is kept exactly as written', async () => {
    const table = await readFixture('ok_formula_injection.csv');
    expect(table.rows).toBe(30);
    const comments = cells(columnNamed(table, 'comment'));
    expect(comments[0]).toBe('=HYPERLINK("http://evil.example/?q=0")');
    expect(comments).toEqual(Array.from({ length: 30 }, (_, i) => `=HYPERLINK("http://evil.example/?q=${i}")`));
  });

  it('ok_missing_tokens: every NA/N/A/NaN/null/empty cell is missing', async () => {
    const table = await readFixture('ok_missing_tokens.csv');
    const raw = rawRows('ok_missing_tokens.csv', ',');
    const tokens = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);
    const expectedMissing = raw.filter((r) => tokens.has((r[0] ?? '').trim().toLowerCase())).length;
    expect(expectedMissing).toBe(53); // the fixture's own count, as pandas' read_csv finds it
    expect(table.rows).toBe(80);
    const x = values(columnNamed(table, 'x'));
    expect(columnNamed(table, 'x').type).toBe('numeric');
    expect(x.filter((v) => Number.isNaN(v)).length).toBe(expectedMissing);
    expect(x).toEqual(raw.map((r) => (isMissingCell(r[0] ?? '') ? NaN : Number(r[0]))));
  });

  it.each(OK_FIXTURES)('%s: sha256 is the SHA-256 of the bytes, with either hasher', async (name) => {
    const bytes = fixtureBytes(name);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect((await readText(bytes)).sha256).toBe(expected);
    expect((await readCsv(chunked(bytes, 100), { hasher: nodeSha256() })).sha256).toBe(expected);
    expect((await readText(bytes)).bytes).toBe(bytes.length);
  });
});

describe('readCsv refuses the bad_* fixtures', () => {
  const refusal = async (name: string): Promise<InputError> => {
    const error = await rejection(readFixture(name));
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  };

  it('bad_empty: the file is empty', async () => {
    expect((await refusal('bad_empty.csv')).message).toMatch(/empty/);
  });

  it('bad_binary: binary data, not UTF-8 text', async () => {
    expect((await refusal('bad_binary.csv')).message).toMatch(/binary|UTF-8/);
  });

  it('bad_ragged: the short row on line 52', async () => {
    const error = await refusal('bad_ragged.csv');
    expect(error.line).toBe(52);
    expect(error.message).toBe('expected 3 fields as in the header, found 2');
  });

  it('bad_unclosed_quote: the quote opened on line 22', async () => {
    const error = await refusal('bad_unclosed_quote.csv');
    expect(error.line).toBe(22);
    expect(error.message).toMatch(/never closed/);
  });

  it.each([1, 7, 64])('the reported line does not depend on the chunk size (%i bytes)', async (size) => {
    for (const [name, line] of [['bad_ragged.csv', 52], ['bad_unclosed_quote.csv', 22]] as const) {
      const error = await rejection(readText(fixtureBytes(name), {}, size));
      expect(error).toMatchObject({ name: 'InputError', line });
    }
  });
});
