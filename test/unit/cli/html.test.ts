import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../../../src/cli/run.ts';
import { demoBatches } from '../../../src/core/demo.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

// `--html FILE` on drift, compare and run: the same report the page downloads, written whole or not at all.

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const WEATHER = readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');
const EVIL = '<script>x</script>';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-html-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newPath = (name: string): string => path.join(root, `${++fresh}-${name}`);

function write(name: string, text: string): string {
  const file = newPath(name);
  writeFileSync(file, text);
  return file;
}

/** No script, nothing fetched, no link out. */
function expectSelfContained(html: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script|https?:|["'(]\/\//i);
}

/** The folder holds only what the test put there and the report: no temporary file left beside it. */
const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.'));

describe('relearn drift --html', () => {
  const rows = (shift: number): string => `"${EVIL}",steady,label\n${Array.from({ length: 60 }, (_, i) => `${i + shift},${i % 7},${i % 3 === 0 ? 'yes' : 'no'}`).join('\n')}\n`;
  const reference = write('reference.csv', rows(0));
  const current = write('current & co.csv', rows(500));

  it('writes the report beside the usual output: batches named, verdict, every column escaped', async () => {
    const html = newPath('drift.html');
    const { code, stdout, stderr } = await runMain(['drift', '--reference', reference, '--current', current, '--target', 'label', '--html', html]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('dataset drift: yes');
    const text = readFileSync(html, 'utf8');
    expectSelfContained(text);
    expect(text).toContain(`<title>Drift report: ${path.basename(current).replace('&', '&amp;')}</title>`);
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(text).toContain('Dataset drift: 1 of 2 feature columns drifted (50%), at or above the 50% threshold.');
    expect(text).toMatch(/<svg class="overlay"/);
    expect(leftovers(root)).toEqual([]);
  });

  it('a --html in a missing folder is refused before any work, naming it; --html without a name is bad usage', async () => {
    const html = path.join(root, 'no-such-folder', 'drift.html');
    const missing = await runMain(['drift', '--reference', reference, '--current', current, '--html', html]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: ${html}: cannot be written (its directory does not exist); nothing was done\n`);
    expect(missing.stdout).toBe('');
    const folder = await runMain(['drift', '--reference', reference, '--current', current, '--html', root]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('is a directory; --html takes the path of the HTML report to write');
    const empty = await runMain(['drift', '--reference', reference, '--current', current, '--html', ' ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--html needs a file name');
  });
});

describe('relearn compare --html', () => {
  it('writes both models side by side, the paired tests, the gate and the parameters that differ', { timeout: 120_000 }, async () => {
    const train = async (...extra: string[]): Promise<string> => {
      const out = newPath('model');
      const result = await runMain(['train', '--data', SEATTLE, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', '--out', out, '--json', ...extra]);
      expect(result.code, result.stderr).toBe(0);
      return out;
    };
    const champion = await train('--epochs', '3', '--model', 'linear');
    const challenger = await train('--epochs', '8', '--model', 'linear');
    const html = newPath('compare.html');
    const { code, stdout, stderr } = await runMain(['compare', '--champion', champion, '--challenger', challenger, '--data', SEATTLE, '--resamples', '200', '--json', '--html', html]);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { decision: string; mcnemar: { b: number; c: number } };
    const text = readFileSync(html, 'utf8');
    expectSelfContained(text);
    expect(text).toContain('<title>Comparison: Champion against Challenger</title>');
    expect(text).toContain(`the champion (${champion}) right only on ${json.mcnemar.b.toLocaleString('en-US')} rows, the challenger (${challenger}) right only on ${json.mcnemar.c.toLocaleString('en-US')}`);
    expect(text).toContain(json.decision === 'promote' ? 'would promote' : 'would keep the champion');
    expect(text).toMatch(/Epochs \(trees, iterations\)<\/th><td>3<\/td><td>8<\/td><td><span class="badge badge-warn">differs/);
    expect(text).toContain('Per class side by side');
  });
});

describe('relearn run --html', () => {
  it('writes the run: its DAG in the tasks’ states, the trigger, the gate and the lineage', { timeout: 180_000 }, async () => {
    const dir = newPath('ws');
    const db = memoryDb();
    await changePipelineSettings(db, { ...defaultPipelineSettings(), params: { ...defaultParams('mlp'), epochs: 3 } });
    await saveWorkspaceDir(db, dir, { createdBy: 'test', modelJson: () => '{}' });
    db.close();
    const [first] = demoBatches(WEATHER);
    const folder = newPath('batch');
    mkdirSync(folder);
    const batch = path.join(folder, first!.name);
    writeFileSync(batch, first!.csv);
    const html = newPath('run.html');
    const { code, stdout, stderr } = await runMain(['run', '--workspace', dir, '--batch', batch, '--target', 'weather', '--json', '--html', html]);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as RunJson;
    const text = readFileSync(html, 'utf8');
    expectSelfContained(text);
    expect(text).toContain('<title>Pipeline run 1</title>');
    expect(text).toContain(json.run!.id);
    expect(text).toContain(`>promoted<`);
    for (const task of json.run!.tasks) expect(text).toContain(`data-task="${task.id}" data-state="${task.state}"`);
    expect(text).toContain(first!.name);
    expect(text).toContain('Gate checks');
  });

  it('a --html in a missing folder is refused before the batch is added: the workspace is not created', async () => {
    const dir = newPath('ws-untouched');
    const batch = write('batch.csv', demoBatches(WEATHER)[0]!.csv);
    const { code, stderr } = await runMain(['run', '--workspace', dir, '--batch', batch, '--target', 'weather', '--html', path.join(root, 'none', 'run.html')]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot be written (its directory does not exist); nothing was done');
    expect(existsSync(dir)).toBe(false);
  });
});
