import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../../../src/cli/run.ts';
import { nodeMl } from '../../../src/cli/tfNode.ts';
import { demoBatches } from '../../../src/core/demo.ts';
import { TASK_IDS } from '../../../src/core/pipeline/dag.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { lockWorkspace } from '../../../src/storage/dirLock.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';
import { defaultParams } from '../../../src/core/training/config.ts';

const WEATHER = readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');
/** Seattle 2012 … 2015, then New York 2015: the demo's yearly batches. */
const BATCHES = Object.fromEntries(demoBatches(WEATHER).map((b) => [b.name, b.csv]));

const root = mkdtempSync(path.join(tmpdir(), 'relearn-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newPath = (name: string): string => path.join(root, `${++fresh}-${name}`);

function writeBatch(name: string, text = BATCHES[name]!): string {
  const dir = newPath('batch');
  mkdirSync(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A batch without one of its columns: the wrong schema for this workspace. */
const without = (csv: string, column: string): string => {
  const rows = csv.trimEnd().split('\n').map((l) => l.split(','));
  const drop = rows[0]!.indexOf(column);
  return `${rows.map((r) => r.filter((_, i) => i !== drop).join(',')).join('\n')}\n`;
};

const EPOCHS = 3;

/** An empty workspace whose pipeline trains an MLP for a few epochs only (tfjs files; the settings are the page's to change). */
async function fewEpochsWorkspace(): Promise<string> {
  const dir = newPath('ws');
  const db = memoryDb();
  const settings = defaultPipelineSettings();
  await changePipelineSettings(db, { ...settings, params: { ...defaultParams('mlp'), epochs: EPOCHS } });
  await saveWorkspaceDir(db, dir, { createdBy: 'test', modelJson: () => '{}' });
  db.close();
  return dir;
}

async function run(dir: string, batch: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string; json: RunJson }> {
  const result = await runMain(['run', '--workspace', dir, '--batch', batch, '--json', ...extra]);
  return { ...result, json: result.code === 0 || result.code === 4 ? (JSON.parse(result.stdout) as RunJson) : (null as unknown as RunJson) };
}

/** Every file of a directory with its bytes: "nothing changed" comparisons. */
const contents = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(path.join(dir, p)).toString('base64');
    }
  };
  walk('');
  return out;
};

function expectShape(json: RunJson): void {
  expect(Object.keys(json)).toEqual(['batch', 'decision', 'run', 'champion']);
  expect(Object.keys(json.batch)).toEqual(['id', 'name', 'rows', 'validation', 'drift']);
  if (json.batch.drift) expect(Object.keys(json.batch.drift)).toEqual(['drift', 'driftedColumns', 'checkedColumns', 'driftedShare', 'driftShare', 'drifted', 'excluded', 'importantDrift']);
  expect(Object.keys(json.decision)).toEqual(['fired', 'kind', 'reason']);
  if (json.run) {
    expect(Object.keys(json.run)).toEqual(['id', 'trigger', 'tasks', 'outcome', 'reason']);
    expect(Object.keys(json.run.trigger)).toEqual(['kind', 'reason']);
    expect(json.run.tasks.map((t) => t.id)).toEqual([...TASK_IDS]);
    for (const task of json.run.tasks) {
      expect(Object.keys(task)).toEqual(['id', 'state', 'tries', 'ms']);
      if (task.ms !== null) expect(task.ms).toBeGreaterThanOrEqual(0);
    }
  }
  if (json.champion) expect(Object.keys(json.champion)).toEqual(['version', 'metrics']);
}

describe('relearn run: a workspace through the seasons', () => {
  let dir: string;
  let first: RunJson;
  beforeAll(async () => {
    dir = await fewEpochsWorkspace();
  });

  it('the first batch sets the target, trains version 1 and promotes it (policy: first)', async () => {
    const { code, stdout, stderr, json } = await run(dir, writeBatch('seattle-2012.csv'), '--target', 'weather');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
    expectShape(json);
    expect(json.batch).toMatchObject({ name: 'seattle-2012.csv', rows: 366, validation: null, drift: null });
    expect(json.decision).toEqual({ fired: true, kind: 'first', reason: 'no champion yet: this batch trains the first version' });
    expect(json.run).toMatchObject({ id: 'run-1', trigger: { kind: 'first', reason: json.decision.reason }, outcome: 'promoted', reason: null });
    const states = Object.fromEntries(json.run!.tasks.map((t) => [t.id, t.state]));
    expect(states).toEqual({
      check_trigger: 'success',
      validate_data: 'success',
      prepare_features: 'success',
      train: 'success',
      evaluate: 'success',
      compare: 'success',
      gate: 'success',
      register: 'success',
      shadow: 'skipped',
      promote: 'success',
      reject: 'skipped',
      notify: 'success',
    });
    expect(json.champion?.version).toBe(1);
    expect(json.champion?.metrics).toMatchObject({ accuracy: expect.any(Number), f1Macro: expect.any(Number) });
    first = json;
  });

  it('the second Seattle year: the decision follows the stored drift report, and says why', async () => {
    const { code, json } = await run(dir, writeBatch('seattle-2013.csv'));
    expect(code).toBe(0);
    expectShape(json);
    expect(json.batch.validation).not.toBeNull();
    const db = await loadWorkspaceDir(dir);
    try {
      const report = (await db.driftReports.get(json.batch.id))!;
      expect(report).toBeDefined();
      const dataset = report.report.dataset;
      expect(json.batch.drift).toMatchObject({ drift: dataset.drift, driftedColumns: dataset.driftedColumns, checkedColumns: dataset.checkedColumns, driftedShare: dataset.driftedShare });
      // The champion exists and only the drift rule is on: drift decides, and the reason quotes the report's share.
      const share = `${Math.round(dataset.driftedShare! * 1000) / 10}% of columns drifted`;
      expect(json.decision.fired).toBe(dataset.drift);
      expect(json.decision.reason).toContain(dataset.drift ? `dataset drift found: ${share}` : `dataset drift not found: ${share}`);
      if (dataset.drift) expect(json.run).toMatchObject({ trigger: { kind: 'drift', reason: json.decision.reason } });
      else expect(json.run).toBeNull();
      const event = (await db.events.where('batchId').equals(json.batch.id).toArray()).find((e) => e.kind === (dataset.drift ? 'policy.fired' : 'policy.suppressed'));
      expect(event?.summary).toContain(json.decision.reason);
    } finally {
      db.close();
    }
  });

  it('New York arrives: drift fires and a run starts with trigger kind drift', async () => {
    const { code, json } = await run(dir, writeBatch('new-york-2015.csv'));
    expect(code).toBe(0);
    expectShape(json);
    expect(json.batch.validation).toBe('warn');
    expect(json.batch.drift?.drift).toBe(true);
    expect(json.batch.drift?.drifted).toContain('location');
    // Every column drifted: all of the judging champion's positive importance is in drifted columns.
    expect(json.batch.drift?.importantDrift).toMatchObject({ share: 1, note: expect.stringMatching(/^100% of version \d+'s importance is in drifted columns: /) });
    expect(json.decision).toMatchObject({ fired: true, kind: 'drift' });
    expect(json.decision.reason).toMatch(/^drift: dataset drift found: /);
    expect(json.run?.trigger.kind).toBe('drift');
    expect(['promoted', 'rejected']).toContain(json.run?.outcome);
    expect(json.run?.tasks.find((t) => t.id === 'train')).toMatchObject({ state: 'success', tries: 1 });
    expect(json.champion!.version).toBeGreaterThanOrEqual(first.champion!.version);
  });

  it('a batch with the wrong schema: validation fails, the run fails with an alert, exit status 4', async () => {
    const { code, stderr, json } = await run(dir, writeBatch('new-york-no-wind.csv', without(BATCHES['new-york-2015.csv']!, 'wind')));
    expect(stderr).toBe('');
    expect(code).toBe(4);
    expectShape(json);
    expect(json.batch.validation).toBe('fail');
    expect(json.run?.outcome).toBe('failed');
    expect(json.run?.reason).toMatch(/^validate_data failed: batch "new-york-no-wind.csv" failed validation: missing columns wind/);
    expect(json.run?.tasks.find((t) => t.id === 'validate_data')?.state).toBe('failed');
    expect(json.run?.tasks.find((t) => t.id === 'train')?.state).toBe('upstream_failed');
    expect(json.run?.tasks.find((t) => t.id === 'notify')?.state).toBe('success');
    const db = await loadWorkspaceDir(dir);
    try {
      const alert = (await db.events.where('kind').equals('alert').toArray()).at(-1);
      expect(alert).toMatchObject({ batchId: json.batch.id, details: { runId: json.run!.id } });
      expect(alert?.summary).toMatch(/stopped: validate_data: batch "new-york-no-wind.csv" failed validation/);
    } finally {
      db.close();
    }
  });

  it('the workspace reloads with its batches, runs, events and models (standard tfjs files)', async () => {
    const db = await loadWorkspaceDir(dir);
    try {
      expect((await db.batches.toArray()).map((b) => b.name).sort()).toEqual(['new-york-2015.csv', 'new-york-no-wind.csv', 'seattle-2012.csv', 'seattle-2013.csv']);
      const runs = await db.runs.orderBy('number').toArray();
      expect(runs[0]).toMatchObject({ id: 'run-1', outcome: 'promoted', trigger: { kind: 'first' } });
      expect(runs.at(-1)).toMatchObject({ outcome: 'failed' });
      const kinds = new Set((await db.events.toArray()).map((e) => e.kind));
      for (const kind of ['batch.arrived', 'schema.changed', 'drift.detected', 'policy.fired', 'run.started', 'run.finished', 'model.trained', 'model.promoted', 'alert'] as const) expect(kinds).toContain(kind);
      expect((await readWorkspace(db)).schema.target).toBe('weather');
      expect((await readWorkspace(db)).pipeline.params.epochs).toBe(EPOCHS);
      const champion = (await db.aliases.get('champion'))!.version;
      expect((await db.models.get(champion))?.stage).toBe('production');
      const models = await db.models.toArray();
      expect(models.every((m) => m.training?.backend === 'wasm' && m.card.params.epochs === EPOCHS)).toBe(true);
      const ml = await nodeMl();
      for (const m of models) {
        const weights = readFileSync(path.join(dir, 'models', `v${m.version}`, 'weights.bin'));
        const artifacts = ml.parseModelFiles(readFileSync(path.join(dir, 'models', `v${m.version}`, 'model.json'), 'utf8'), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer);
        expect(artifacts.card).toEqual(m.card);
      }
    } finally {
      db.close();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('the same file again is refused: already in the workspace, nothing changed', async () => {
    const before = contents(dir);
    const { code, stdout, stderr } = await run(dir, writeBatch('seattle-2012.csv'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: .*seattle-2012\.csv: already in the workspace: the same bytes arrived as batch "seattle-2012.csv" on .*; nothing was changed\n$/);
    expect(contents(dir)).toEqual(before);
  });

  it('human output of a later batch: the drift line and the decision, run or not', async () => {
    const { code, stdout, stderr } = await runMain(['run', '--workspace', dir, '--batch', writeBatch('seattle-2014.csv')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^batch: seattle-2014\.csv — 365 rows, 7 columns; validation passed(?: with warnings)?; id [0-9a-f]{12}…$/);
    // The date column (a datetime, one value per row) is left out of the share by default.
    expect(lines[1]).toMatch(/^drift: (?:dataset drift|no dataset drift) — \d of 5 columns drifted .*; left out: date \(datetime\)$/);
    // Weighed by the champion that judged the batch, trained with permutation importance.
    expect(lines[2]).toMatch(/^drift that matters: \d+(\.\d)?% of version \d+'s importance is in drifted columns/);
    expect(lines[3]).toMatch(/^decision: (?:retrain \(drift\)|no run) — .+/);
    if (lines[3]!.startsWith('decision: retrain')) {
      expect(lines[4]).toMatch(/^run-\d+ \(drift\):$/);
      for (const id of TASK_IDS) expect(lines.some((l) => new RegExp(`^  ${id} +(?:success|skipped)(?: +\\d+(?:\\.\\d+)? m?s)?$`).test(l))).toBe(true);
      expect(lines).toContainEqual(expect.stringMatching(/^outcome: (?:promoted|rejected)$/));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^champion: version \d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}f1Macro +\d/));
    expect(lines.at(-1)).toBe(`saved: ${dir}`);
    expect(stdout).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('a second run while one holds the workspace is refused, and the workspace is untouched', async () => {
    const before = contents(dir);
    const lock = lockWorkspace(dir, 'relearn run');
    try {
      const { code, stderr } = await run(dir, writeBatch('seattle-2015.csv'));
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^error: another relearn run is using ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(relearn run, pid ${process.pid} on .*\\); run again when it has finished\\n$`));
    } finally {
      lock.release();
    }
    expect(contents(dir)).toEqual(before);
  });
});

describe('relearn run: human output', () => {
  it('the target, the batch, the decision, each task with its state and time, the outcome, the champion', async () => {
    const dir = await fewEpochsWorkspace();
    const { code, stdout, stderr } = await runMain(['run', '--workspace', dir, '--batch', writeBatch('seattle-2012.csv'), '--target', 'weather']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'target: "weather" (set for this workspace)',
      expect.stringMatching(/^batch: seattle-2012\.csv — 366 rows, 7 columns; the reference batch; id [0-9a-f]{12}…$/),
      'decision: retrain (first) — no champion yet: this batch trains the first version',
      'run-1 (first):',
    ]);
    const tasks = lines.slice(4, 4 + TASK_IDS.length);
    expect(tasks.map((l) => l.trim().split(/ +/)[0])).toEqual([...TASK_IDS]);
    for (const line of tasks) expect(line).toMatch(/^ {2}[a-z_]+ +(?:success|skipped)(?: +\d+(?:\.\d+)? m?s)?$/);
    expect(tasks.find((l) => l.includes('train ') && !l.includes('prepare'))).toMatch(/^ {2}train +success +\d/);
    expect(lines[4 + TASK_IDS.length]).toBe('outcome: promoted');
    expect(lines[5 + TASK_IDS.length]).toBe('champion: version 1');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}f1Macro +\d/));
    expect(lines.at(-1)).toBe(`saved: ${dir}`);
    expect(stdout).not.toMatch(/NaN|Infinity|undefined/);
  });
});

/** bin/relearn.js in its own process: exit status, stdout, stderr. */
function spawnRelearn(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('relearn run: two processes on one workspace', () => {
  it('the second is refused while the first holds the lock, and the workspace stays whole', { timeout: 120_000 }, async () => {
    const dir = newPath('ws');
    const all = demoBatches(WEATHER).filter((b) => b.name.startsWith('seattle'));
    // Four years in one batch: the first run trains long enough for the second to arrive meanwhile.
    const big = writeBatch('seattle-all.csv', `${all[0]!.csv.split('\n')[0]}\n${all.map((b) => b.csv.split('\n').slice(1).join('\n')).join('')}`);
    const small = writeBatch('new-york-2015.csv');
    const first = spawnRelearn(['run', '--workspace', dir, '--batch', big, '--target', 'weather', '--json']);
    for (let i = 0; i < 600 && !existsSync(`${dir}.lock`); i++) await new Promise((r) => setTimeout(r, 20));
    const second = await spawnRelearn(['run', '--workspace', dir, '--batch', small, '--target', 'weather', '--json']);
    const one = await first;
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    // Almost always refused; should the first have finished already, the second ran after it: never both at once.
    if (second.code === 1) expect(second.stderr).toMatch(/^error: another relearn run is using .*; run again when it has finished\n$/);
    else expect(second.code).toBe(0);
    const db = await loadWorkspaceDir(dir);
    try {
      expect((await db.batches.toArray()).map((b) => b.name).sort()).toEqual(second.code === 0 ? ['new-york-2015.csv', 'seattle-all.csv'] : ['seattle-all.csv']);
      expect(await db.runs.count()).toBe(second.code === 0 ? 2 : 1);
    } finally {
      db.close();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    expect(readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`))).toEqual([]);
  });
});

describe('relearn run: a gate that asks a person', () => {
  it('the run waits for approval: exit status 0, no champion yet, the gate awaiting_approval', async () => {
    const dir = newPath('ws');
    const db = memoryDb();
    const settings = defaultPipelineSettings();
    await changePipelineSettings(db, { ...settings, params: { ...defaultParams('mlp'), epochs: EPOCHS }, gate: { ...settings.gate, approval: 'manual' } });
    await saveWorkspaceDir(db, dir, { createdBy: 'test', modelJson: () => '{}' });
    db.close();
    const { code, json } = await run(dir, writeBatch('seattle-2012.csv'), '--target', 'weather');
    expect(code).toBe(0);
    expectShape(json);
    expect(json.run).toMatchObject({ outcome: 'awaiting_approval', reason: null });
    expect(json.run?.tasks.find((t) => t.id === 'gate')?.state).toBe('awaiting_approval');
    expect(json.champion).toBeNull();
    const loaded = await loadWorkspaceDir(dir);
    try {
      expect((await loaded.runs.get(json.run!.id))?.state).toBe('awaiting_approval');
      expect((await loaded.events.where('kind').equals('run.approval').count())).toBe(1);
    } finally {
      loaded.close();
    }
  });
});

describe('relearn run: refusals', () => {
  it('creates a missing workspace directory; the first batch needs a target', async () => {
    const dir = newPath('new-ws');
    const batch = writeBatch('seattle-2012.csv');
    let result = await run(dir, batch);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${dir}: the workspace has no target column yet; give it with --target COLUMN on this first run\n`);
    expect(existsSync(dir) || existsSync(`${dir}.lock`)).toBe(false);

    result = await run(dir, batch, '--target', 'nonesuch');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${batch}: no column "nonesuch" for --target; the columns are location, date, precipitation, temp_max, temp_min, wind, weather\n`);
    expect(existsSync(dir)).toBe(false);

    result = await run(dir, batch, '--target', 'weather');
    expect(result.code).toBe(0);
    expect(result.json.run?.outcome).toBe('promoted');
    expect(readdirSync(dir)).toContain('manifest.json');
  });

  it('a target other than the workspace’s is refused', async () => {
    const dir = await fewEpochsWorkspace();
    expect((await run(dir, writeBatch('seattle-2012.csv'), '--target', 'weather')).code).toBe(0);
    const { code, stderr } = await run(dir, writeBatch('seattle-2013.csv'), '--target', 'wind');
    expect(code).toBe(1);
    expect(stderr).toMatch(/the workspace's target column is "weather", not "wind"; leave out --target/);
  });

  it('a file that is not CSV is refused with its line, and nothing is saved', async () => {
    const dir = await fewEpochsWorkspace();
    const before = contents(dir);
    const file = writeBatch('binary.csv', 'a,b\n1,2\n\u0000\u0001\u0002,3\n');
    const { code, stderr } = await run(dir, file, '--target', 'b');
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: `));
    expect(contents(dir)).toEqual(before);
  });

  it('a directory that is not a workspace, or a file, is refused', async () => {
    const dir = newPath('other');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const batch = writeBatch('seattle-2012.csv');
    let result = await run(dir, batch, '--target', 'weather');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: not a Relearn workspace: ${dir} (it has no manifest.json and holds notes.txt; give a new or empty directory, or a workspace)\n`);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(existsSync(`${dir}.lock`)).toBe(false);

    const file = newPath('file');
    writeFileSync(file, 'x');
    result = await run(file, batch, '--target', 'weather');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${file}: is a file, not a workspace directory\n`);
    expect(statSync(file).size).toBe(1);
  });

  it('a missing batch file is bad input; missing options are bad usage', async () => {
    const dir = newPath('ws');
    let result = await runMain(['run', '--workspace', dir, '--batch', path.join(root, 'nope.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${path.join(root, 'nope.csv')}: no such file\n`);
    result = await runMain(['run', '--workspace', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: run needs --batch FILE\n/);
  });
});
