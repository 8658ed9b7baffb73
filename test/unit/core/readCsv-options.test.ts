import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../src/core/columns.ts';
import type { ReadProgress } from '../../../src/core/csv/readCsv.ts';
import { CancelledError, InputError } from '../../../src/core/errors.ts';
import { cells, columnNamed, readText, rejection, values } from '../helpers/csv.ts';
import { fixtureBytes } from '../helpers/fixtures.ts';

const utf16le = (text: string): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
};

const inputError = async (text: string | Uint8Array): Promise<InputError> => {
  const error = await rejection(readText(text));
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
};

describe('readCsv: formats', () => {
  it('reads a tab-delimited file', async () => {
    const table = await readText('a\tb\tc\n1\tx, y\t;\n2\tz\t|\n');
    expect(table.delimiter).toBe('\t');
    expect(cells(columnNamed(table, 'a'))).toEqual(['1', '2']);
    expect(cells(columnNamed(table, 'b'))).toEqual(['x, y', 'z']);
    expect(cells(columnNamed(table, 'c'))).toEqual([';', '|']);
  });

  it.each([
    ['\t', 'tab'],
    [';', 'semicolon'],
    ['|', 'pipe'],
  ])('guesses %j in a small two-column file ending with a line break (%s)', async (delimiter) => {
    const table = await readText(['a', 'b'].join(delimiter) + '\n' + ['1', 'x'].join(delimiter) + '\n');
    expect(table.delimiter).toBe(delimiter);
    expect(table.columns.map((c) => c.column.name)).toEqual(['a', 'b']);
  });

  it('reads UTF-16LE with a byte-order mark, whatever the chunking', async () => {
    const bytes = utf16le('name,size\nGrüße,1.5\n日本,2.5\n');
    for (const size of [1, 3, 5, 4096]) {
      const table = await readText(bytes, {}, size);
      expect(table).toMatchObject({ encoding: 'utf-16le', bom: true, rows: 2 });
      expect(cells(columnNamed(table, 'name'))).toEqual(['Grüße', '日本']);
      expect(values(columnNamed(table, 'size'))).toEqual([1.5, 2.5]);
    }
  });

  it('skips blank lines and still counts them for the line of a later error', async () => {
    const table = await readText('a,b\n\n1,2\n\n\n3,4\n\n');
    expect(table.rows).toBe(2);
    expect(cells(columnNamed(table, 'a'))).toEqual(['1', '3']);
    expect((await inputError('\na,b\n\n1,2\n\n3\n')).line).toBe(6);
    expect((await inputError('a,b\r\n\r\n1,2\r\n\r\n3\r\n')).line).toBe(5);
  });

  it('counts line breaks inside quoted fields for the line of a later error', async () => {
    // lines: 1 a,b · 2-3 "x⏎y",1 · 4-6 "p␍⏎q⏎r",2 · 7 the short row
    expect((await inputError('a,b\n"x\ny",1\n"p\r\nq\nr",2\n3\n')).line).toBe(7);
  });
});

describe('readCsv: header problems', () => {
  it('a header without data rows', async () => {
    const error = await inputError('a,b\n');
    expect(error.message).toMatch(/no data rows/);
    expect(error.line).toBe(2);
  });

  it('only blank lines', async () => {
    expect((await inputError('\n\n')).message).toMatch(/no header/);
  });

  it('duplicate column names, on line 1', async () => {
    const error = await inputError('a,b,a\n1,2,3\n');
    expect(error.line).toBe(1);
    expect(error.message).toBe('column name "a" appears twice (columns 1 and 3)');
  });

  it('names that repeat once trimmed are duplicates too', async () => {
    expect((await inputError('a, a\n1,2\n')).line).toBe(1);
  });

  it('an empty column name, on line 1', async () => {
    const error = await inputError('a,,c\n1,2,3\n');
    expect(error.line).toBe(1);
    expect(error.message).toBe('column 2 has no name in the header');
  });
});

describe('readCsv: type overrides', () => {
  const csv = 'n,code,mixed\n1.5,0,1\n2.5,1,2\n3.25,1,x\n4.5,0,\n';

  it('inferred types without overrides', async () => {
    const table = await readText(csv);
    expect(table.columns.map((c) => [c.column.type, c.inferredType, c.coercedToMissing])).toEqual([
      ['numeric', 'numeric', 0],
      ['categorical', 'categorical', 0],
      ['categorical', 'categorical', 0],
    ]);
  });

  it('a numeric column forced categorical keeps every value as a category', async () => {
    const table = await readText(csv, { typeOverrides: { n: 'categorical' } });
    const n = table.columns[0];
    expect(n).toMatchObject({ inferredType: 'numeric', coercedToMissing: 0, column: { type: 'categorical' } });
    expect(cells(columnNamed(table, 'n'))).toEqual(['1.5', '2.5', '3.25', '4.5']);
  });

  it('categorical columns forced numeric; text that is no number becomes missing and is counted', async () => {
    const table = await readText(csv, { typeOverrides: { code: 'numeric', mixed: 'numeric' } });
    expect(table.columns[1]).toMatchObject({ inferredType: 'categorical', coercedToMissing: 0, column: { type: 'numeric' } });
    expect(values(columnNamed(table, 'code'))).toEqual([0, 1, 1, 0]);
    expect(table.columns[2]).toMatchObject({ inferredType: 'categorical', coercedToMissing: 1, column: { type: 'numeric' } });
    expect(values(columnNamed(table, 'mixed'))).toEqual([1, 2, NaN, NaN]);
  });

  it('overrides for columns the file does not have are ignored', async () => {
    const table = await readText(csv, { typeOverrides: { absent: 'numeric' } });
    expect(table.columns.map((c) => c.column.type)).toEqual(['numeric', 'categorical', 'categorical']);
  });
});

describe('readCsv: long numeric columns that turn out to hold text', () => {
  it.each([5000, CHUNK_ROWS + 10])('%i distinct numbers, a missing cell, then a text value: categorical, every row kept', async (n) => {
    const lines = Array.from({ length: n }, (_, i) => `${i + 0.5},${i % 3}`);
    lines[7] = 'NA,1';
    const table = await readText(`v,k\n${lines.join('\n')}\nhello,2\n`, {}, 1 << 16);
    const v = columnNamed(table, 'v');
    expect(table.rows).toBe(n + 1);
    expect(v.type).toBe('categorical');
    const texts = cells(v);
    expect(texts.length).toBe(n + 1);
    expect(texts.slice(0, 9)).toEqual(['0.5', '1.5', '2.5', '3.5', '4.5', '5.5', '6.5', null, '8.5']);
    expect(texts[n - 1]).toBe(`${n - 0.5}`);
    expect(texts[n]).toBe('hello');
    expect(new Set(texts).size).toBe(n + 1); // n - 1 numbers, the missing cell and "hello"
  });
});

describe('readCsv: cancel and progress', () => {
  it('an aborted signal cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(readText(fixtureBytes('ok_missing_tokens.csv'), { signal: controller.signal }))).toBeInstanceOf(CancelledError);
  });

  it('aborting while reading cancels', async () => {
    const controller = new AbortController();
    const reading = readText(fixtureBytes('ok_missing_tokens.csv'), { signal: controller.signal, onProgress: () => controller.abort() }, 64);
    expect(await rejection(reading)).toBeInstanceOf(CancelledError);
  });

  it('progress: bytes and rows increase and end at the totals', async () => {
    const bytes = fixtureBytes('ok_missing_tokens.csv');
    const seen: ReadProgress[] = [];
    await readText(bytes, { totalBytes: bytes.length, onProgress: (p) => seen.push(p) }, 64);
    expect(seen.length).toBeGreaterThanOrEqual(Math.ceil(bytes.length / 64));
    for (let i = 1; i < seen.length; i++) {
      const [before, now] = [seen[i - 1] as ReadProgress, seen[i] as ReadProgress];
      expect(now.bytesRead).toBeGreaterThanOrEqual(before.bytesRead);
      expect(now.rows).toBeGreaterThanOrEqual(before.rows);
    }
    expect(seen[0]?.bytesRead).toBe(64);
    expect(seen.every((p) => p.totalBytes === bytes.length)).toBe(true);
    expect(seen.at(-1)).toEqual({ bytesRead: bytes.length, totalBytes: bytes.length, rows: 80 });
    expect(seen.at(-2)?.bytesRead).toBe(bytes.length);
    expect(seen.at(-2)?.rows).toBeLessThanOrEqual(80);
  });
});
