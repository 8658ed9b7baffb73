import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../../src/cli/inputs.ts';
import { featureColumns, parseTrainArgs } from '../../../src/cli/train.ts';
import { parseDriftArgs } from '../../../src/cli/drift.ts';
import { runMain } from '../helpers/cliOutput.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'relearn-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 40 rows: an id unique per row (new ids in the current batch), a number, a category and a label. */
function write(name: string, prefix: string, shift: number): string {
  const file = path.join(dir, name);
  const rows = Array.from({ length: 40 }, (_, i) => `${prefix}${i},${(i + shift) * 1.5},${'abc'[i % 3]},${i % 2}`);
  writeFileSync(file, `id,x,c,label\n${rows.join('\n')}\n`);
  return file;
}
const reference = write('reference.csv', 'r', 0);
const current = write('current.csv', 'n', 0);
const drift = (...flags: string[]) => runMain(['drift', '--reference', reference, '--current', current, ...flags]);

describe('relearn drift --include / --exclude', () => {
  it('leaves an id-like column out of the share by default: "excluded" with its reason and "drift": null', async () => {
    const { code, stdout, stderr } = await drift('--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(stdout);
    expect(json.columns[0]).toMatchObject({ name: 'id', excluded: 'id-like', drift: null, decidedBy: null });
    expect(json.columns[0].chi2).toBeUndefined();
    expect(json.dataset).toEqual({ driftedShare: 0, drift: false });
    const text = (await drift()).stdout;
    expect(text).toMatch(/^id +categorical +left out \(id-like\) +—$/m);
    expect(text).toMatch(/^left out of the dataset share: id — left out by default: id-like: .+ \(--include id puts it back\)$/m);
    expect(text).toMatch(/^dataset drift: no — 0 of 3 checked columns drifted/m);
  });

  it('--include puts it back (every id is new: it drifts), --exclude leaves another out', async () => {
    const json = JSON.parse((await drift('--include', 'id', '--exclude', 'x,c', '--json')).stdout);
    expect(json.columns.map((c: { name: string; excluded?: string; drift: boolean | null }) => [c.name, c.excluded ?? null, c.drift])).toEqual([
      ['id', null, true],
      ['x', 'user', null],
      ['c', 'user', null],
      ['label', null, false],
    ]);
    expect(json.columns[0].newCategoryShare).toBe(1);
    expect(json.dataset).toEqual({ driftedShare: 0.5, drift: true });
  });

  it('a datetime column put back in is compared as a number (epoch ms): KS on the dates, no new categories', async () => {
    const dated = (name: string, year: number): string => {
      const file = path.join(dir, name);
      const rows = Array.from({ length: 40 }, (_, i) => `${year}-01-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${i % 2}`);
      writeFileSync(file, `when,label\n${rows.join('\n')}\n`);
      return file;
    };
    const [older, newer] = [dated('dates-2023.csv', 2023), dated('dates-2024.csv', 2024)];
    const byDefault = JSON.parse((await runMain(['drift', '--reference', older, '--current', newer, '--json'])).stdout);
    expect(byDefault.columns[0]).toMatchObject({ name: 'when', excluded: 'datetime', drift: null });
    const { code, stdout } = await runMain(['drift', '--reference', older, '--current', newer, '--include', 'when', '--json']);
    expect(code).toBe(0);
    const when = JSON.parse(stdout).columns[0];
    // Every 2024 instant lies after every 2023 one: the KS statistic is 1.
    expect(when).toMatchObject({ name: 'when', decidedBy: 'ks', drift: true });
    expect(when.ks.statistic).toBe(1);
    expect(when.newCategoryShare).toBeUndefined();
  });

  it('a column the reference lacks is a usage error naming it (exit 2); a column in both flags too', async () => {
    expect(await drift('--exclude', 'x,nope')).toEqual({ code: 2, stdout: '', stderr: `error: --exclude "nope" is not a column of ${reference}; the columns are id, x, c, label\n` });
    expect(parseDriftArgs(['--reference', 'a', '--current', 'b', '--include', 'x', '--exclude', 'x'])).toEqual({ problems: ['"x" cannot be both in --include and in --exclude'] });
    expect(parseDriftArgs(['--reference', 'a', '--current', 'b', '--exclude', 'x,,y'])).toEqual({ problems: ['--exclude takes column names separated by commas, not "x,,y"'] });
  });
});

describe('relearn train --features / --include / --exclude', () => {
  const parsed = (...flags: string[]) => {
    const result = parseTrainArgs(['--data', reference, '--target', 'label', '--out', path.join(dir, 'model'), ...flags]);
    if (!('options' in result)) throw new Error(result.problems.join('; '));
    return result.options;
  };

  it('the default features leave the id-like column out, with its reason', async () => {
    const csv = await readCsvFile(reference);
    expect(featureColumns(csv, parsed())).toEqual({ features: ['x', 'c'], leftOut: [expect.stringMatching(/^id \(left out by default: id-like/)] });
    expect(featureColumns(csv, parsed('--include', 'id', '--exclude', 'c'))).toEqual({ features: ['id', 'x'], leftOut: ['c (left out by you)'] });
    expect(featureColumns(csv, parsed('--features', 'id,c'))).toEqual({ features: ['id', 'c'], leftOut: [] });
  });

  it('--features does not go with --include or --exclude; unknown names are refused by name', async () => {
    expect(parseTrainArgs(['--data', 'd', '--target', 't', '--out', 'o', '--features', 'a', '--exclude', 'b'])).toEqual({
      problems: ['--features names the columns exactly; it does not go with --include or --exclude'],
    });
    const { code, stderr } = await runMain(['train', '--data', reference, '--target', 'label', '--out', path.join(dir, 'm'), '--exclude', 'gusts']);
    expect({ code, stderr }).toEqual({ code: 1, stderr: `error: ${reference}: no column "gusts" for --exclude; the columns are id, x, c, label\n` });
  });
});
