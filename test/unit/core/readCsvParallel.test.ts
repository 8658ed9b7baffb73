import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseRange, type RangeResult } from '../../../src/core/csv/csvRange.ts';
import { readCsvParallel, type RandomAccessBytes, type RangeRunner, type ReadPath } from '../../../src/core/csv/readCsvParallel.ts';
import { COLUMN_TYPES } from '../../../src/core/schema.ts';
import { chunked, readText, utf8, values } from '../helpers/csv.ts';
import { BAD_FIXTURES, fixtureBytes, OK_FIXTURES } from '../helpers/fixtures.ts';
import { memoryFile, readParallel } from '../helpers/parallelCsv.ts';
import { readOutcome as outcome } from '../helpers/tableSummary.ts';
import { randomTable, serialise } from '../helpers/randomTables.ts';
import { underLoad } from '../helpers/underLoad.ts';


/** Both readers on the same bytes, with the same type overrides; returns the paths the parallel one took. */
async function expectSame(bytes: Uint8Array, parts: number, typeOverrides: Record<string, (typeof COLUMN_TYPES)[number]> = {}, pieceSize = 4096): Promise<ReadPath[]> {
  const paths: ReadPath[] = [];
  const single = await outcome(readText(bytes, { typeOverrides }, pieceSize));
  expect(await outcome(readParallel(bytes, parts, { typeOverrides }, paths, pieceSize))).toEqual(single);
  return paths;
}

/** Cells that make typing hard: integers, floats, missing tokens, texts, dates, quotes and line breaks. */
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }).map(String) },
  { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('', 'NA', 'n/a', ' None ', 'NaN', '1.50', '2024-01-31', '2024-02-30', 'x', 'a"b', ' 7 ', '0x10') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', ',', '"', '\n', '\r\n', ';', 'é', '😀'), { minLength: 1, maxLength: 5 }).map((p) => p.join('')) },
);
const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 40 }),
    header: fc.constant(Array.from({ length: width }, (_, i) => `c${i}`)),
    newline: fc.constantFrom('\n', '\r\n'),
    delimiter: fc.constantFrom(',', ';', '\t'),
    bom: fc.boolean(),
    trailing: fc.constantFrom('', '\n', '\n\n'),
  }),
);
const quote = (c: string, delimiter: string): string => (/["\r\n]/.test(c) || c.includes(delimiter) ? `"${c.replaceAll('"', '""')}"` : c);
const render = (t: { rows: string[][]; header: string[]; newline: string; delimiter: string; bom: boolean; trailing: string }): Uint8Array => {
  const lines = [t.header, ...t.rows].map((r) => r.map((c) => quote(c, t.delimiter)).join(t.delimiter));
  const text = lines.join(t.newline) + t.trailing;
  return Uint8Array.from([...(t.bom ? [0xef, 0xbb, 0xbf] : []), ...utf8(text)]);
};

describe('readCsvParallel reads exactly what readCsv reads', () => {
  it('random tables (quotes, quoted line breaks, missing values, BOM, CRLF), cut into 2 to 7 ranges', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 2, max: 7 }), fc.constantFrom(7, 4096), async (t, parts, piece) => {
        await expectSame(render(t), parts, {}, piece);
      }),
      { numRuns: 200 },
    );
  }, underLoad(30_000));

  it('quote-free text (cut from the bytes, numbers read without strings): odd line breaks, BOMs, non-ASCII, tiny pieces', async () => {
    const plain = fc.oneof(
      cell.filter((c) => !/[",;\t\r\n]/.test(c)),
      fc.constantFrom('é', '😀', '\uFEFF1', 'x y', '1e5', '-0', '.5', '5.', '+3', '00012', '99.99999999999999', '1e23', ' 4', 'Infinity'),
    );
    const text = fc
      .record({
        width: fc.integer({ min: 1, max: 3 }),
        cells: fc.array(plain, { minLength: 1, maxLength: 90 }),
        newline: fc.constantFrom('\n', '\r\n', '\r'),
        stray: fc.constantFrom('', '\r', '\n'),
        bom: fc.boolean(),
      })
      .map(({ width, cells, newline, stray, bom }) => {
        const lines = [Array.from({ length: width }, (_, i) => `c${i}`).join(',')];
        for (let i = 0; i + width <= cells.length; i += width) lines.push(cells.slice(i, i + width).join(','));
        const body = lines.join(newline) + newline;
        // A line break of another kind inside a cell is text for Papa; it must be for the byte reader too.
        const withStray = stray && stray !== newline && !newline.includes(stray) ? body.replace('c0', `c${stray}0`) : body;
        return Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...utf8(withStray)]);
      });
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 2, max: 6 }), fc.constantFrom(1, 2, 5, 4096), async (bytes, parts, piece) => {
        await expectSame(bytes, parts, {}, piece);
      }),
      { numRuns: 200 },
    );
  });

  // 200 runs are about 6.5 s of CPU: a read costs about 10 ms however small its table (each part's column
  // writers start with a whole chunk). Split into shorter tests, fast-check would repeat its runs 0-49 and
  // lose the larger values of its later runs, so the timeout grows with the machine's load instead.
  it('random tables written by Papa.unparse, read with type overrides', async () => {
    const override = fc.dictionary(fc.constantFrom('c0', 'c1', 'c2', 'c3'), fc.constantFrom(...COLUMN_TYPES));
    await fc.assert(
      fc.asyncProperty(randomTable, fc.integer({ min: 2, max: 5 }), override, async (t, parts, typeOverrides) => {
        const renamed = { ...t, header: t.header.map((_, i) => `c${i}`) };
        await expectSame(utf8(serialise(renamed)), parts, typeOverrides);
      }),
      { numRuns: 200 },
    );
  }, underLoad(30_000));

  it('broken files give the one reader\'s message and line, arbitrary text too', async () => {
    for (const name of [...BAD_FIXTURES, ...OK_FIXTURES]) {
      const bytes = fixtureBytes(name);
      for (const parts of [2, 3, 8]) await expectSame(bytes, parts);
    }
    const text = fc.array(fc.constantFrom('a', '1', ',', '"', '\n', '\r\n', ' ', '2.5', 'NA', '\0', ';'), { maxLength: 80 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 2, max: 6 }), async (t, parts) => {
        await expectSame(utf8(t), parts);
      }),
      { numRuns: 300 },
    );
  });
});

describe('progress', () => {
  it('the ranges\' reports come at most once per 100 ms together, and the last says all is read', async () => {
    const text = `a,b\n${Array.from({ length: 3000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`;
    const bytes = utf8(text);
    const reports: number[] = [];
    // Each range reports every 512 bytes it reads, all within a few milliseconds.
    const runRange: RangeRunner = (job, onProgress) => parseRange(chunked(bytes.slice(job.start, job.end), 512), job, onProgress);
    // The clock stands still while the file is read: only the first report, then the last, come.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const table = await readCsvParallel(memoryFile(bytes), { parts: 3, minBytes: 0, runRange }, { onProgress: (p) => void reports.push(p.bytesRead) });
      expect(table.rows).toBe(3000);
    } finally {
      vi.useRealTimers();
    }
    expect(bytes.length / 512).toBeGreaterThan(30);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toBeLessThan(bytes.length);
    expect(reports[1]).toBe(bytes.length);
  });
});

describe('where the file is cut', () => {
  const rows = (n: number, row: (i: number) => string): string => Array.from({ length: n }, (_, i) => row(i)).join('\n');

  it('a cut that would land inside a quoted field with line breaks moves past it', async () => {
    const note = `"${'line\n'.repeat(400)}end"`;
    const text = `id,note\n${rows(50, (i) => `${i},short`)}\n50,${note}\n${rows(50, (i) => `${i + 51},"a ""b""\nc"`)}\n`;
    const paths = await expectSame(utf8(text), 2);
    expect(paths).toEqual([{ readers: 2 }]);
  });

  it('a quoted field longer than the cut\'s window, across the cut, sends the file to one reader', async () => {
    const note = `"${'line\n'.repeat(30_000)}end"`;
    const text = `id,note\n${rows(50, (i) => `${i},short`)}\n50,${note}\n${rows(50, (i) => `${i + 51},x`)}\n`;
    const paths = await expectSame(utf8(text), 2, {}, 65_536);
    expect(paths).toEqual([{ readers: 1, reason: 'MissingQuotes in the range' }]);
  });

  it('quoted fields with line breaks away from the cuts are read in parallel', async () => {
    const text = `id,note\n${rows(400, (i) => `${i},"x${i}\ny, ""z"""`)}\n`;
    const paths = await expectSame(utf8(text), 4);
    expect(paths).toEqual([{ readers: 4 }]);
    const table = await readParallel(utf8(text), 4);
    expect(values(table.columns[1]!.column).slice(0, 2)).toEqual(['x0\ny, "z"', 'x1\ny, "z"']);
  });

  it('a later range turns an integer column into floats, or numbers into text', async () => {
    const ints = rows(3000, (i) => `${i % 4},${i},${i % 3}`);
    const later = rows(3000, (i) => `${i % 4},${i + 0.5},${i === 2999 ? 'text' : i % 3}`);
    const paths = await expectSame(utf8(`a,b,c\n${ints}\n${later}\n`), 2);
    expect(paths).toEqual([{ readers: 2 }]);
    const table = await readParallel(utf8(`a,b,c\n${ints}\n${later}\n`), 2);
    expect(table.columns.map((c) => c.inferredType)).toEqual(['categorical', 'numeric', 'categorical']);
  });

  it('over 4096 distinct numbers before the first text: earlier numbers are written back as numbers', async () => {
    const text = `v,w\n${rows(6000, (i) => `${i}.50,${i % 5000}.0`)}\n${rows(2000, (i) => (i === 1999 ? 'x,y' : `${i}.25,1`))}\n`;
    const paths = await expectSame(utf8(text), 3);
    expect(paths).toEqual([{ readers: 3 }]);
  });

  it('text early, then a range of over 4096 distinct numbers: one reader, same table', async () => {
    const text = `v\nx\n${rows(30_000, (i) => `${i}.50`)}\n`;
    const paths = await expectSame(utf8(text), 3);
    expect(paths).toEqual([{ readers: 1, reason: 'part 2 no longer holds the texts of its numbers' }]);
  });
});

describe('the digest beside the ranges', () => {
  const text = `a,b\n${Array.from({ length: 2000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`;
  /** A file whose digest is made elsewhere and settles only when `settle` is called. */
  const slowDigest = (): { file: RandomAccessBytes; settle: (digest: Error | string) => void } => {
    let settle: (digest: Error | string) => void = () => undefined;
    const digest = new Promise<string>((resolve, reject) => (settle = (d) => (typeof d === 'string' ? resolve(d) : reject(d))));
    return { file: { ...memoryFile(utf8(text)), sha256: () => digest }, settle };
  };
  const results: RangeResult[] = [];
  const runRange: RangeRunner = async (job, onProgress) => {
    const result = await parseRange(chunked(utf8(text).slice(job.start, job.end), 4096), job, onProgress);
    results.push(result);
    return result;
  };

  it('the ranges are merged before the digest is done; the table carries the digest', async () => {
    const { file, settle } = slowDigest();
    results.length = 0;
    const reading = readCsvParallel(file, { parts: 3, minBytes: 0, runRange });
    // Merging lets go of each part's columns as it goes: all are let go while the digest is still out.
    await vi.waitFor(() => {
      expect(results).toHaveLength(3);
      expect(results.flatMap((r) => (r.ok ? r.columns.map((c) => c.rows) : [-1]))).toEqual([0, 0, 0, 0, 0, 0]);
    });
    settle('ab'.repeat(32));
    const table = await reading;
    expect(table.sha256).toBe('ab'.repeat(32));
    const single = await readText(utf8(text));
    expect(await outcome(Promise.resolve({ ...table, sha256: single.sha256 }))).toEqual(await outcome(Promise.resolve(single)));
  });

  it('a digest that fails fails the read, after the ranges', async () => {
    const file = { ...memoryFile(utf8(text)), sha256: () => Promise.reject(new Error('the file could not be read')) };
    await expect(readCsvParallel(file, { parts: 2, minBytes: 0, runRange })).rejects.toThrow('the file could not be read');
  });
});
