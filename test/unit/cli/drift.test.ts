import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDifferences } from '../drift/reportJson.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { BAD_FIXTURES, csvFixture, fixturesRoot, repoRoot } from '../helpers/fixtures.ts';

const DRIFT_FIXTURES = path.join(fixturesRoot, 'stats', 'drift');
const CASES = readdirSync(DRIFT_FIXTURES);
const SMALL_REFERENCE = path.join(DRIFT_FIXTURES, 'small_mixed', 'reference.csv');
const files = (name: string): string[] => ['--reference', path.join(DRIFT_FIXTURES, name, 'reference.csv'), '--current', path.join(DRIFT_FIXTURES, name, 'current.csv')];
const expectedJson = (name: string): { columns: { name: string; decidedBy: string }[]; dataset: { driftedShare: number; drift: boolean } } =>
  JSON.parse(readFileSync(path.join(DRIFT_FIXTURES, name, 'expected.json'), 'utf8'));

/** Writes a reference and a current CSV into a fresh folder; gives the command-line arguments naming them. */
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function batches(referenceText: string, currentText: string): { args: string[]; current: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'relearn-drift-'));
  folders.push(dir);
  const reference = path.join(dir, 'reference.csv');
  const current = path.join(dir, 'current.csv');
  writeFileSync(reference, referenceText);
  writeFileSync(current, currentText);
  return { args: ['--reference', reference, '--current', current], current };
}

const rowsOf = (header: string, make: (i: number) => string, n = 40): string => `${header}\n${Array.from({ length: n }, (_, i) => make(i)).join('\n')}\n`;

describe('relearn drift --json matches the SciPy fixtures', () => {
  it('finds the fixture cases', () => expect(CASES.length).toBeGreaterThanOrEqual(6));

  it.each(CASES)('%s', async (name) => {
    const { code, stdout, stderr } = await runMain(['drift', ...files(name), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report: unknown = JSON.parse(stdout);
    expect(stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(fixtureDifferences(report, expectedJson(name))).toEqual([]);
  });
});

describe('relearn drift, the table', () => {
  it.each(CASES)('%s: every column and the dataset verdict', async (name) => {
    const expected = expectedJson(name);
    const { code, stdout, stderr } = await runMain(['drift', ...files(name)]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[3]?.split(/\s{2,}/)).toEqual(['column', 'type', 'decided by', 'value', 'threshold', 'p-value', 'drift', 'new categories']);
    for (const column of expected.columns) expect(lines.some((l) => l.startsWith(`${column.name} `))).toBe(true);
    const verdict = lines.find((l) => l.startsWith('dataset drift: '));
    expect(verdict).toMatch(new RegExp(`^dataset drift: ${expected.dataset.drift ? 'yes' : 'no'} — \\d+ of 8 checked columns drifted \\(.*%; drift when ≥ 50%\\)$`));
    expect(stdout).not.toMatch(/NaN|Infinity/);
  });

  it('a p-value test shows its statistic, threshold and p-value; new categories by name', async () => {
    const { stdout } = await runMain(['drift', ...files('small_mixed')]);
    const row = (name: string) => stdout.split('\n').find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/);
    expect(row('normal')).toEqual(['normal', 'numeric', 'KS test', 'D 0.2387', 'p < 0.05', '2.68e-7', 'yes']);
    expect(row('color')).toEqual(['color', 'categorical', 'chi-square test', 'χ² 63.54 (dof 3)', 'p < 0.05', '1.03e-13', 'yes', '4.8% of rows — purple']);
    expect(stdout).toMatch(/^dataset drift: yes — 4 of 8 checked columns drifted \(50%; drift when ≥ 50%\)$/m);
    const json = JSON.parse((await runMain(['drift', ...files('small_mixed'), '--json'])).stdout);
    const color = json.columns.find((c: { name: string }) => c.name === 'color');
    expect(color.newCategoryShare).toBeCloseTo(0.048, 3);
    expect(color.newCategoryShare * color.nCurrent).toBeCloseTo(Math.round(color.newCategoryShare * color.nCurrent), 9);
  });

  it('a distance shows its value and threshold, and no p-value', async () => {
    const { stdout } = await runMain(['drift', ...files('asymptotic_path')]);
    const normal = stdout.split('\n').find((l) => l.startsWith('normal '))?.split(/\s{2,}/);
    expect(normal).toEqual(['normal', 'numeric', 'normalised Wasserstein', '0.02384', '≥ 0.1', 'no']);
  });
});

describe('relearn drift options', () => {
  it('--target reports label drift and leaves the column out of the dataset share', async () => {
    const json = JSON.parse((await runMain(['drift', ...files('small_mixed'), '--target', 'color', '--json'])).stdout);
    expect(json.dataset).toEqual({ driftedShare: 3 / 7, drift: false });
    const { stdout } = await runMain(['drift', ...files('small_mixed'), '--target', 'color']);
    expect(stdout).toMatch(/^color \(target\) +categorical/m);
    expect(stdout).toMatch(/^dataset drift: no — 3 of 7 checked columns drifted/m);
    expect(stdout).toMatch(/^label drift \(target "color"\): yes, by the chi-square test \(not counted in the dataset share\)$/m);
  });

  it('--correction bonferroni adjusts the p-values of the tested columns', async () => {
    const json = JSON.parse((await runMain(['drift', ...files('small_mixed'), '--correction', 'bonferroni', '--json'])).stdout);
    for (const column of json.columns) {
      const p = column.ks?.pValue ?? column.chi2.pValue;
      expect(column.adjustedPValue).toBeCloseTo(Math.min(1, p * 8), 12);
    }
    const { stdout } = await runMain(['drift', ...files('small_mixed'), '--correction', 'bonferroni']);
    expect(stdout).toMatch(/p-values corrected by Bonferroni$/m);
    expect(stdout).toMatch(/\(adjusted \S+\)/);
  });

  it('--statistic psi --threshold 0.2 decides every column by PSI', async () => {
    const json = JSON.parse((await runMain(['drift', ...files('small_mixed'), '--statistic', 'psi', '--threshold', '0.2', '--json'])).stdout);
    expect(json.columns.map((c: { decidedBy: string }) => c.decidedBy)).toEqual(Array(8).fill('psi'));
    expect(json.columns.map((c: { drift: boolean; psi: number }) => c.drift)).toEqual(json.columns.map((c: { psi: number }) => c.psi >= 0.2));
  });

  it('--alpha and --drift-share change the verdicts', async () => {
    const strict = JSON.parse((await runMain(['drift', ...files('small_mixed'), '--alpha', '0.001', '--drift-share', '0.25', '--json'])).stdout);
    expect(strict.columns.filter((c: { drift: boolean }) => c.drift).map((c: { name: string }) => c.name)).toEqual(['normal', 'color', 'flag']);
    expect(strict.dataset).toEqual({ driftedShare: 3 / 8, drift: true });
  });

  it('exits 0 whether or not the dataset drifted; --fail-on-drift exits 3 on drift only', async () => {
    expect(expectedJson('small_mixed').dataset.drift).toBe(true);
    expect(expectedJson('no_drift').dataset.drift).toBe(false);
    expect((await runMain(['drift', ...files('small_mixed')])).code).toBe(0);
    expect((await runMain(['drift', ...files('small_mixed'), '--fail-on-drift', '--json'])).code).toBe(3);
    expect((await runMain(['drift', ...files('no_drift'), '--fail-on-drift'])).code).toBe(0);
  });
});

describe('relearn drift on awkward input', () => {
  it('columns in only one file are listed as missing or extra, not compared', async () => {
    const { args } = batches(
      rowsOf('a,b,c', (i) => `${i * 1.5},${i % 3},x${i % 4}`),
      rowsOf('a,c,d', (i) => `${i * 1.5 + 2},x${i % 4},${i}`),
    );
    const json = JSON.parse((await runMain(['drift', ...args, '--json'])).stdout);
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['a', 'c']);
    expect(json.dataset.missingColumns).toEqual(['b']);
    expect(json.dataset.extraColumns).toEqual(['d']);
    const { code, stdout } = await runMain(['drift', ...args]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^missing from the current batch \(not compared\): b$/m);
    expect(stdout).toMatch(/^extra in the current batch \(not compared\): d$/m);
  });

  it('a column with no values in the current batch is named with the reason', async () => {
    const { args } = batches(
      rowsOf('a,b', (i) => `${i * 1.5},${i}`),
      rowsOf('a,b', (i) => `${i * 1.5},NA`),
    );
    const { stdout } = await runMain(['drift', ...args]);
    expect(stdout).toMatch(/^b +numeric +not compared +—$/m);
    expect(stdout).toMatch(/^not compared: b — no values in the current batch \(every cell is missing\)$/m);
  });

  it('cells that do not fit the reference type are counted and warned about (on stderr under --json)', async () => {
    const { args, current } = batches(
      rowsOf('a', (i) => `${i * 1.5}`),
      rowsOf('a', (i) => (i % 10 === 0 ? 'oops' : `${i * 1.5}`)),
    );
    const warning = `warning: column "a" of ${current}: 4 cells are not a number, unlike the reference's numeric column, and counted as missing (unfit)`;
    const table = await runMain(['drift', ...args]);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(warning);
    const json = await runMain(['drift', ...args, '--json']);
    expect(json.stderr).toBe(`${warning}\n`);
    expect(JSON.parse(json.stdout).columns[0]).toMatchObject({ nCurrent: 36, missingCurrent: 4 });
  });

  it('the current file is read with the reference types: a 3-value integer column stays numeric, a bad date is unfit', async () => {
    const day = (i: number) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`;
    const { args, current } = batches(
      rowsOf('n,d', (i) => `${i},${day(i)}`),
      rowsOf('n,d', (i) => `${i % 3},${i === 0 ? '2024-02-30' : day(i)}`),
    );
    const json = await runMain(['drift', ...args, '--json']);
    expect(json.stderr).toBe(`warning: column "d" of ${current}: 1 cell is not a date, unlike the reference's datetime column, and counted as missing (unfit)\n`);
    expect(JSON.parse(json.stdout).columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ['n', 'numeric'],
      ['d', 'datetime'],
    ]);
  });

  it('a statistic that overflows is named with what it means, never a bare NaN', async () => {
    const { args } = batches(
      'x\n1.7e308\n-1.7e308\n-1.6e308\n-1.5e308\n-1.4e308\n-1.3e308\n-1.2e308\n',
      'x\n1.7e308\n1.6e308\n1.5e308\n1.4e308\n1.3e308\n1.2e308\n1.1e308\n',
    );
    const { stdout } = await runMain(['drift', ...args, '--statistic', 'wasserstein', '--threshold', '0.1']);
    expect(stdout).toMatch(/^x +numeric +normalised Wasserstein +not finite +≥ 0\.1 +no$/m);
    expect(stdout).toMatch(/^warning: column "x": wasserstein is NaN, not a finite number .*verdict is unreliable$/m);
    expect(stdout).toMatch(/^warning: column "x": the reference's standard deviation overflows double precision/m);
    const json = await runMain(['drift', ...args, '--json']);
    expect(JSON.parse(json.stdout).columns[0].wasserstein).toBeNull();
    expect(json.stderr).toMatch(/wasserstein is NaN/);
  });

  it.each(BAD_FIXTURES)('%s as the current batch: exit 1, "error: FILE…" on stderr', async (name) => {
    const file = csvFixture(name);
    const { code, stdout, stderr } = await runMain(['drift', '--reference', SMALL_REFERENCE, '--current', file, '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)?: \\S`));
  });

  it('a broken reference, a missing file: exit 1 with the file, line and reason', async () => {
    const ragged = csvFixture('bad_ragged.csv');
    expect(await runMain(['drift', '--reference', ragged, '--current', ragged])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${ragged}:52: expected 3 fields as in the header, found 2\n`,
    });
    const missing = path.join(repoRoot, 'no-such-file.csv');
    expect(await runMain(['drift', '--reference', SMALL_REFERENCE, '--current', missing])).toEqual({ code: 1, stdout: '', stderr: `error: ${missing}: no such file\n` });
  });
});

describe('relearn drift usage errors exit 2', () => {
  it.each([
    [['--alpha', '2'], 'error: alpha must be between 0 and 1 (exclusive), not 2'],
    [['--alpha', 'abc'], 'error: --alpha takes a finite number, not "abc"'],
    [['--drift-share', '0'], 'error: the drift share must be above 0 and at most 1, not 0'],
    [['--correction', 'holm'], 'error: unknown correction "holm"'],
    [['--statistic', 'mmd', '--threshold', '0.1'], 'error: global pin: unknown statistic "mmd"'],
    [['--statistic', 'psi'], 'error: --statistic and --threshold go together'],
    [['--statistic', 'ks', '--threshold', '5'], 'error: global pin: the p-value threshold of the KS test must be between 0 and 1'],
    [['--bogus'], "error: Unknown option '--bogus'"],
  ])('%j', async (extra, first) => {
    const { code, stdout, stderr } = await runMain(['drift', ...files('small_mixed'), ...extra]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(first)).toBe(true);
    expect(stderr).toMatch(/usage: relearn <command>/);
  });

  it('both files are required', async () => {
    const { code, stderr } = await runMain(['drift', '--reference', 'a.csv']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('error: drift needs --current FILE');
  });

  it('a --target that is not a column of the reference', async () => {
    const { code, stdout, stderr } = await runMain(['drift', ...files('small_mixed'), '--target', 'nope']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`error: --target "nope" is not a column of ${SMALL_REFERENCE}\n`);
  });

  it('the usage documents drift, its exit codes and --fail-on-drift', async () => {
    const { stdout } = await runMain(['--help']);
    expect(stdout).toMatch(/^ {2}drift --reference FILE --current FILE \[options\]$/m);
    expect(stdout).toMatch(/--fail-on-drift +exit with status 3 when the dataset drifted/);
    expect(stdout).toMatch(/Exit status: 0 done \(drift found or not, unless --fail-on-drift[;)]/);
  });
});

describe('bin/relearn.js drift', () => {
  it('exits with the drift status a scheduler branches on', () => {
    const relearn = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), 'drift', ...args], { cwd: repoRoot, encoding: 'utf8' });
    const drifted = relearn(...files('small_mixed'), '--fail-on-drift');
    expect(drifted.status).toBe(3);
    expect(drifted.stdout).toMatch(/^dataset drift: yes/m);
    expect(relearn(...files('small_mixed')).status).toBe(0);
  });
});
