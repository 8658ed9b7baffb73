import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cliOutput.ts';
import { csvFixture, repoRoot } from '../helpers/fixtures.ts';
import { expectedInspect, type ExpectedColumn } from '../helpers/inspectExpectations.ts';

const OK = [
  ['ok_bom_semicolon.csv', ';'],
  ['ok_crlf_quoted.csv', ','],
  ['ok_formula_injection.csv', ','],
  ['ok_missing_tokens.csv', ','],
] as const;

const BAD = [
  ['bad_empty.csv', /^error: .*bad_empty\.csv: the file is empty$/],
  ['bad_binary.csv', /^error: .*bad_binary\.csv:2: binary data \(a NUL byte\), not a CSV text file$/],
  ['bad_ragged.csv', /^error: .*bad_ragged\.csv:52: expected 3 fields as in the header, found 2$/],
  ['bad_unclosed_quote.csv', /^error: .*bad_unclosed_quote\.csv:22: a quoted field is never closed$/],
] as const;

/** The expected column with its mean compared to 12 digits (summation order may differ). */
const approx = (c: ExpectedColumn) => (c.mean === undefined || c.std === undefined ? c : { ...c, mean: expect.closeTo(c.mean, 12), std: expect.closeTo(c.std, 12) });

describe('relearn inspect FILE --json', () => {
  it.each(OK)('%s: the report, as worked out from the raw text', async (name, delimiter) => {
    const file = csvFixture(name);
    const { code, stdout, stderr } = await runMain(['inspect', file, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    const expected = expectedInspect(name, delimiter);
    expect(Object.keys(report)).toEqual(['file', 'rows', 'delimiter', 'columns', 'warnings']);
    expect(report).toEqual({ file, rows: expected.rows, delimiter, columns: expected.columns.map(approx), warnings: expected.warnings });
    for (const column of report.columns) {
      const keys = ['name', 'type', 'missing', 'distinct', 'idLike', ...(column.type === 'numeric' ? ['min', 'max', 'mean', 'std'] : ['top'])];
      expect(Object.keys(column)).toEqual(keys);
    }
  });

  it('agrees with pandas on the numbers (values from pandas 1.5 read_csv/describe)', async () => {
    const report = async (name: string) => JSON.parse((await runMain(['inspect', csvFixture(name), '--json'])).stdout);
    const bom = await report('ok_bom_semicolon.csv');
    expect(bom.columns[0]).toMatchObject({ name: 'x', type: 'numeric', missing: 0, distinct: 40, idLike: false, min: 0.0678, max: 0.9921, mean: expect.closeTo(0.5632775, 12) });
    const missing = await report('ok_missing_tokens.csv');
    expect(missing.rows).toBe(80);
    expect(missing.columns[0]).toMatchObject({ name: 'x', type: 'numeric', missing: 53, distinct: 2, idLike: false, min: 1.5, max: 2.5, mean: expect.closeTo(2.0925925925925926, 12) });
    expect(missing.columns[1]).toMatchObject({ missing: 0, distinct: 77, min: 0.011, max: 0.995, mean: expect.closeTo(0.480925, 12) });
    expect(missing.warnings).toEqual(['column "x" is 66.3% missing']);
    // The sample standard deviation (n − 1, pandas' describe()), here from Python's statistics.stdev.
    expect(bom.columns[0].std).toBeCloseTo(0.24446320837704802, 12);
    expect(missing.columns[0].std).toBeCloseTo(0.5007117441325405, 12);
    expect(missing.columns[1].std).toBeCloseTo(0.297952964387572, 12);
    // A categorical column's most frequent values with their counts (collections.Counter.most_common).
    expect(missing.columns[2].top).toEqual([
      { value: '0', count: 41 },
      { value: '1', count: 39 },
    ]);
  });

  it('prints std beside the numeric summaries and the most frequent values of each categorical column', async () => {
    const { stdout } = await runMain(['inspect', csvFixture('ok_missing_tokens.csv')]);
    expect(stdout).toMatch(/^column +type +missing +distinct +min +max +mean +std$/m);
    expect(stdout).toMatch(/^y +numeric +0 +77 +0\.011 +0\.995 +0\.480925 +0\.297953$/m);
    expect(stdout).toMatch(/^most frequent values \(count\):\n {2}label: 0 41, 1 39$/m);
  });

  it('names datetime columns and id-like ones, with the reason', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'relearn-inspect-')), 'events.csv');
    const rows = Array.from({ length: 25 }, (_, i) => `E${i},2024-03-${String(i + 1).padStart(2, '0')}T08:00Z,${i % 3}`);
    writeFileSync(file, `id,when,n\n${rows.join('\n')}\n`);
    const report = JSON.parse((await runMain(['inspect', file, '--json'])).stdout);
    expect(report.columns.map((c: { name: string; type: string; idLike: boolean }) => [c.name, c.type, c.idLike])).toEqual([
      ['id', 'categorical', true],
      ['when', 'datetime', true],
      ['n', 'categorical', false],
    ]);
    expect(report.warnings).toEqual([
      'column "id" is id-like: 100% of its values are unique (an identifier or a timestamp?)',
      'column "when" is id-like: 100% of its values are unique (an identifier or a timestamp?)',
    ]);
  });

  it.each(BAD)('%s: exit 1 and one line on stderr', async (name, line) => {
    const file = csvFixture(name);
    const { code, stdout, stderr } = await runMain(['inspect', file, '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.startsWith(`error: ${file}:`)).toBe(true);
    expect(stderr.trimEnd()).toMatch(line);
  });
});

describe('relearn usage', () => {
  it('the table form names rows, columns and the delimiter', async () => {
    const file = csvFixture('ok_bom_semicolon.csv');
    const { code, stdout } = await runMain(['inspect', file]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${file}: 40 rows, 3 columns, semicolon-separated`);
    expect(lines[2]?.split(/\s+/)).toEqual(['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean', 'std']);
    expect(lines[3]?.split(/\s+/)).toEqual(['x', 'numeric', '0', '40', '0.0678', '0.9921', '0.563278', '0.244463']);
    expect(lines[4]?.split(/\s+/)).toEqual(['cat', 'categorical', '0', '3']);
  });

  it('an unknown command exits 2', async () => {
    const { code, stdout, stderr } = await runMain(['frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('error: unknown command "frobnicate"');
    expect(stderr).toMatch(/usage: relearn <command>/);
  });

  it.each([
    [['inspect'], 'error: inspect takes exactly one FILE'],
    [['inspect', 'a.csv', 'b.csv'], 'error: inspect takes exactly one FILE'],
    [['inspect', 'a.csv', '--bogus'], "error: Unknown option '--bogus'"],
  ])('bad usage %j exits 2', async (argv, first) => {
    const { code, stdout, stderr } = await runMain(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.slice(0, first.length)).toBe(first);
  });

  it('no command prints the usage and exits 2', async () => {
    const { code, stdout, stderr } = await runMain([]);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^usage: relearn <command>/);
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runMain(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: relearn <command> \[options\]/);
  });

  it('a file that cannot be read exits 1 with its reason', async () => {
    const missing = path.join(repoRoot, 'no-such-file.csv');
    expect(await runMain(['inspect', missing])).toEqual({ code: 1, stdout: '', stderr: `error: ${missing}: no such file\n` });
    const folder = path.join(repoRoot, 'src');
    expect(await runMain(['inspect', folder])).toEqual({ code: 1, stdout: '', stderr: `error: ${folder}: not a regular file\n` });
  });
});

describe('bin/relearn.js', () => {
  const relearn = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('inspects a file and exits with the CLI codes', async () => {
    const file = csvFixture('ok_crlf_quoted.csv');
    const ok = relearn('inspect', file, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(JSON.parse((await runMain(['inspect', file, '--json'])).stdout));

    const ragged = relearn('inspect', csvFixture('bad_ragged.csv'), '--json');
    expect(ragged.status).toBe(1);
    expect(ragged.stdout).toBe('');
    expect(ragged.stderr).toBe(`error: ${csvFixture('bad_ragged.csv')}:52: expected 3 fields as in the header, found 2\n`);

    expect(relearn('frobnicate').status).toBe(2);
  });
});
