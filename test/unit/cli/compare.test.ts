import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCompareArgs, type CompareJson as PrintedJson } from '../../../src/cli/compare.ts';
import { DEFAULT_MIN_IMPROVEMENT_TEXT, defaultGateSettings, defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const SEATTLE_ROWS = 1461;
/** "date" differs in every row: left out, as a person would. */
const WEATHER = ['--data', SEATTLE, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind'];
const TEMP_MAX = ['--data', SEATTLE, '--target', 'temp_max', '--features', 'precipitation,temp_min,wind,weather'];
const JSON_KEYS = ['primaryMetric', 'champion', 'challenger', 'improvement', 'mcnemar', 'bootstrapCI', 'decision', 'checks', 'trainedOnRows', 'imbalance'];
const MULTICLASS_METRICS = ['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted', 'rocAucOvrMacro', 'logLoss', 'confusionMatrix'];
/** Fewer resamples where the interval itself is not the point: the 2-core machine thanks you. */
const QUICK = ['--resamples', '200'];

/** The printed JSON, its metrics by key (these tests know the task). */
type Metrics = Record<'accuracy' | 'f1Macro' | 'rocAuc' | 'logLoss' | 'rmse' | 'mae' | 'r2', number> & { confusionMatrix: number[][] };
type CompareJson = Omit<PrintedJson, 'champion' | 'challenger'> & { champion: Metrics; challenger: Metrics };

const root = mkdtempSync(path.join(tmpdir(), 'relearn-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newPath = (name: string): string => path.join(root, `${name}-${++fresh}`);

function writeCsv(name: string, text: string): string {
  const file = newPath(name);
  writeFileSync(file, text);
  return file;
}

/** Seattle weather with only the rows `keep` accepts and the given columns. */
function seattleWith(keep: (cells: Record<string, string>) => boolean, columns?: string[]): string {
  const [header, ...lines] = readFileSync(SEATTLE, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const out = columns ?? names;
  const body = lines.flatMap((line) => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j]!, v]));
    return keep(cells) ? [out.map((n) => cells[n] ?? '').join(',')] : [];
  });
  return writeCsv('seattle.csv', `${out.join(',')}\n${body.join('\n')}\n`);
}

async function train(args: string[]): Promise<string> {
  const out = newPath('model');
  const result = await runMain(['train', ...args, '--out', out, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

async function compare(champion: string, challenger: string, data: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runMain(['compare', '--champion', champion, '--challenger', challenger, '--data', data, ...extra]);
}

async function compareJson(champion: string, challenger: string, data: string, ...extra: string[]): Promise<CompareJson> {
  const { code, stdout, stderr } = await compare(champion, challenger, data, '--json', ...extra);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as CompareJson;
}

/** The `prediction` column `relearn predict` writes for a model on a file. */
async function predictions(model: string, data: string): Promise<string[]> {
  const out = newPath('predictions.csv');
  const result = await runMain(['predict', '--model', model, '--data', data, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  const parsed = Papa.parse<string[]>(readFileSync(out, 'utf8').trimEnd());
  const [header, ...rows] = parsed.data;
  const at = header!.indexOf('prediction');
  return rows.map((r) => r[at]!);
}

/** scipy's exact binomial test, when /usr/bin/python3 has scipy (the golden generators' interpreter). */
function scipyBinomtest(k: number, n: number): number | null {
  const run = spawnSync('/usr/bin/python3', ['-c', `from scipy.stats import binomtest; print(repr(binomtest(${k}, ${n}, 0.5).pvalue))`], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : null;
}
const hasScipy = scipyBinomtest(1, 2) !== null;

let weatherA = '';
let weatherB = '';
let tempA = '';
let tempB = '';
let weatherAB: CompareJson;

beforeAll(async () => {
  // Different networks and epochs, the same data: two models that disagree on many rows.
  weatherA = await train([...WEATHER, '--epochs', '4']);
  weatherB = await train([...WEATHER, '--epochs', '12', '--model', 'linear']);
  tempA = await train([...TEMP_MAX, '--epochs', '4']);
  tempB = await train([...TEMP_MAX, '--epochs', '10', '--model', 'linear']);
  weatherAB = await compareJson(weatherA, weatherB, SEATTLE);
}, 180_000);

describe('relearn compare --json', () => {
  it('prints exactly the documented shape, and the metrics evaluate prints for each model', async () => {
    const { code, stdout, stderr } = await compare(weatherA, weatherB, SEATTLE, '--json');
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as CompareJson;
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
    expect(json).toEqual(weatherAB);
    expect(Object.keys(json)).toEqual(JSON_KEYS);
    expect(json.primaryMetric).toBe('f1Macro');
    expect(Object.keys(json.champion)).toEqual(MULTICLASS_METRICS);
    expect(Object.keys(json.challenger)).toEqual(MULTICLASS_METRICS);
    expect(Object.keys(json.mcnemar!)).toEqual(['b', 'c', 'pValue']);
    expect(json.bootstrapCI).toHaveLength(2);
    expect(json.bootstrapCI![0]).toBeLessThanOrEqual(json.bootstrapCI![1]);
    expect(['promote', 'keep']).toContain(json.decision);
    for (const check of json.checks) expect(Object.keys(check)).toEqual(['name', 'value', 'threshold', 'pass', 'gating']);
    // The default gate: the minimum improvement and the bootstrap gate; McNemar is shown, not gating.
    expect(json.checks.map((c) => [c.name, c.gating])).toEqual([
      ['F1 (macro): challenger − champion (higher is better)', true],
      [`McNemar (champion right only: ${json.mcnemar!.b}, challenger right only: ${json.mcnemar!.c})`, false],
      ['bootstrap 95% interval of F1 (macro): challenger − champion', true],
    ]);
    // Every row of the file has its target: the metrics are evaluate's, on the whole file.
    for (const [model, metrics, imbalance] of [[weatherA, json.champion, json.imbalance.champion], [weatherB, json.challenger, json.imbalance.challenger]] as const) {
      const evaluated = await runMain(['evaluate', '--model', model, '--data', SEATTLE, '--json']);
      expect(JSON.parse(evaluated.stdout)).toEqual({ rows: SEATTLE_ROWS, metrics, trainedOnRows: SEATTLE_ROWS, imbalance });
    }
    // Signed so that positive is better; the default decision follows it and the interval (0.01 absolute, lower bound above 0).
    expect(json.improvement).toBeCloseTo(json.challenger.f1Macro - json.champion.f1Macro, 12);
    expect(json.checks[0]!.threshold).toBe('≥ +0.0100');
    expect(json.decision).toBe(json.improvement! >= 0.01 && json.bootstrapCI![0] > 0 ? 'promote' : 'keep');
    // Only warnings reach stderr under --json.
    for (const line of stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^warning: /);
  });

  it("McNemar's b and c are a recount of the two models' relearn predict outputs", async () => {
    const actual = (Papa.parse<string[]>(readFileSync(SEATTLE, 'utf8').trimEnd()).data.slice(1)).map((r) => r[5]!);
    const [a, b] = [await predictions(weatherA, SEATTLE), await predictions(weatherB, SEATTLE)];
    expect(a).toHaveLength(SEATTLE_ROWS);
    let championOnly = 0;
    let challengerOnly = 0;
    actual.forEach((truth, i) => {
      if (a[i] === truth && b[i] !== truth) championOnly++;
      if (a[i] !== truth && b[i] === truth) challengerOnly++;
    });
    expect(championOnly + challengerOnly).toBeGreaterThan(0);
    expect(weatherAB.mcnemar).toMatchObject({ b: championOnly, c: challengerOnly });
    // Swapped roles swap b and c, and the p-value is the same.
    const swapped = await compareJson(weatherB, weatherA, SEATTLE, ...QUICK);
    expect(swapped.mcnemar).toEqual({ b: challengerOnly, c: championOnly, pValue: weatherAB.mcnemar!.pValue });
    expect(swapped.improvement).toBeCloseTo(-weatherAB.improvement!, 12);
  });

  it.skipIf(!hasScipy)("McNemar's p-value is scipy.stats.binomtest(min(b, c), b + c, 0.5) within 1e-9 relative", () => {
    const { b, c, pValue } = weatherAB.mcnemar!;
    const expected = scipyBinomtest(Math.min(b, c), b + c)!;
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(pValue - expected)).toBeLessThanOrEqual(1e-9 * expected);
  });

  it('the bootstrap interval is the same for the same seed and differs for another', async () => {
    const explicit = await compareJson(weatherA, weatherB, SEATTLE, '--seed', '42', '--resamples', '1000');
    expect(explicit.bootstrapCI).toEqual(weatherAB.bootstrapCI);
    const seven = await compareJson(weatherA, weatherB, SEATTLE, '--seed', '7', ...QUICK);
    const sevenAgain = await compareJson(weatherA, weatherB, SEATTLE, '--seed', '7', ...QUICK);
    const eight = await compareJson(weatherA, weatherB, SEATTLE, '--seed', '8', ...QUICK);
    expect(sevenAgain.bootstrapCI).toEqual(seven.bootstrapCI);
    expect(eight.bootstrapCI).not.toEqual(seven.bootstrapCI);
    // The seed moves only the interval.
    expect({ ...eight, bootstrapCI: null, checks: null }).toEqual({ ...seven, bootstrapCI: null, checks: null });
    // And the interval holds the observed difference.
    const observed = weatherAB.challenger.f1Macro - weatherAB.champion.f1Macro;
    expect(weatherAB.bootstrapCI![0]).toBeLessThanOrEqual(observed);
    expect(weatherAB.bootstrapCI![1]).toBeGreaterThanOrEqual(observed);
  });

  it('a model compared with itself: no discordant rows, p = 1, improvement 0, and a tie keeps the champion', async () => {
    const json = await compareJson(weatherA, weatherA, SEATTLE, ...QUICK);
    expect(json.mcnemar).toEqual({ b: 0, c: 0, pValue: 1 });
    expect(json.improvement).toBe(0);
    expect(json.bootstrapCI).toEqual([0, 0]);
    expect(json.decision).toBe('keep');
    expect(json.champion).toEqual(json.challenger);
    expect(json.checks[0]).toMatchObject({ name: 'F1 (macro): challenger − champion (higher is better)', pass: false });
    const regression = await compareJson(tempA, path.join(tempA, 'model.json'), SEATTLE, ...QUICK);
    expect(regression).toMatchObject({ primaryMetric: 'rmse', improvement: 0, mcnemar: null, bootstrapCI: [0, 0], decision: 'keep' });
  });

  it('regression: no McNemar, rmse by default, improvement signed so that a lower error is positive', async () => {
    const json = await compareJson(tempA, tempB, SEATTLE);
    expect(Object.keys(json)).toEqual(JSON_KEYS);
    expect(json.primaryMetric).toBe('rmse');
    expect(Object.keys(json.champion)).toEqual(['rmse', 'mae', 'r2']);
    expect(json.mcnemar).toBeNull();
    expect(json.improvement).toBeCloseTo(json.champion.rmse - json.challenger.rmse, 12);
    expect(json.bootstrapCI![0]).toBeLessThanOrEqual(json.challenger.rmse - json.champion.rmse);
    expect(json.bootstrapCI![1]).toBeGreaterThanOrEqual(json.challenger.rmse - json.champion.rmse);
    expect(json.checks.map((c) => [c.name, c.gating])).toEqual([
      ['RMSE: challenger − champion (lower is better)', true],
      ['bootstrap 95% interval of RMSE: challenger − champion', true],
    ]);
    // An error metric's default minimum is 1% of the champion's value, a fall; the interval is raw challenger − champion.
    expect(json.checks[0]!.threshold).toMatch(/^≤ −[\d.]+ \(1\.0000% of the champion\)$/);
    const [low, high] = json.checks[1]!.value.slice(1, -1).split(', ').map((v) => Number(v.replace('−', '-').replace('±', '')));
    expect(low).toBeCloseTo(json.bootstrapCI![0], 3);
    expect(high).toBeCloseTo(json.bootstrapCI![1], 3);
    const mae = await compareJson(tempA, tempB, SEATTLE, '--metric', 'mae', ...QUICK);
    expect(mae.primaryMetric).toBe('mae');
    expect(mae.improvement).toBeCloseTo(json.champion.mae - json.challenger.mae, 12);
    const r2 = await compareJson(tempA, tempB, SEATTLE, '--metric', 'r2', ...QUICK);
    expect(r2.improvement).toBeCloseTo(json.challenger.r2 - json.champion.r2, 12);
  });
});

describe('relearn compare: binary', () => {
  it('judges by rocAuc, and McNemar counts rows by the predicted class relearn predict writes', async () => {
    const rainy = seattleWith(() => true);
    writeFileSync(rainy, readFileSync(rainy, 'utf8').replace(/,(drizzle|fog|snow|sun)$/gm, ',dry'));
    const args = ['--data', rainy, ...WEATHER.slice(2)];
    const champion = await train([...args, '--epochs', '2', '--model', 'linear']);
    const challenger = await train([...args, '--epochs', '6']);
    const json = await compareJson(champion, challenger, rainy, ...QUICK);
    expect(json.primaryMetric).toBe('rocAuc');
    expect(Object.keys(json.champion)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'confusionMatrix']);
    const actual = Papa.parse<string[]>(readFileSync(rainy, 'utf8').trimEnd()).data.slice(1).map((r) => r[5]!);
    const [a, b] = [await predictions(champion, rainy), await predictions(challenger, rainy)];
    const b0 = actual.filter((t, i) => a[i] === t && b[i] !== t).length;
    const c0 = actual.filter((t, i) => a[i] !== t && b[i] === t).length;
    expect(json.mcnemar).toMatchObject({ b: b0, c: c0 });
    expect(json.improvement).toBeCloseTo(json.challenger.rocAuc - json.champion.rocAuc, 12);
    // The text names the positive class of precision, recall and F1; --json keeps the keys.
    const { stdout } = await compare(champion, challenger, rainy, ...QUICK);
    for (const name of ['precision', 'recall', 'f1']) expect(stdout).toMatch(new RegExp(`^ {4}${name} \\(rain\\) +[\\d.]+ +[\\d.]+ +[+−±][\\d.e-]+ \\((better|worse|same)\\)$`, 'm'));
  });
});

describe('relearn compare: the gate', () => {
  it('promotes the better model, keeps the worse, and --fail-on-keep exits 3 only on keep', async () => {
    const [better, worse] = weatherAB.improvement! > 0 ? [weatherB, weatherA] : [weatherA, weatherB];
    expect((await compareJson(worse, better, SEATTLE, ...QUICK)).decision).toBe('promote');
    expect((await compareJson(better, worse, SEATTLE, ...QUICK)).decision).toBe('keep');
    expect((await compare(worse, better, SEATTLE, '--fail-on-keep', ...QUICK)).code).toBe(0);
    const kept = await compare(better, worse, SEATTLE, '--fail-on-keep', '--json', ...QUICK);
    expect(kept.code).toBe(3);
    expect(JSON.parse(kept.stdout).decision).toBe('keep');
    expect((await compare(weatherA, weatherA, SEATTLE, '--fail-on-keep', ...QUICK)).code).toBe(3);
  });

  it('passes the gate options through: minimum improvement, significance, floor, latency and size budgets', async () => {
    const [better, worse] = weatherAB.improvement! > 0 ? [weatherB, weatherA] : [weatherA, weatherB];
    const gain = Math.abs(weatherAB.improvement!);
    const tooMuch = await compareJson(worse, better, SEATTLE, '--min-improvement', String(gain * 2), ...QUICK);
    expect(tooMuch.decision).toBe('keep');
    expect(tooMuch.checks[0]!.pass).toBe(false);
    const relative = await compareJson(worse, better, SEATTLE, '--min-improvement', '0.01', '--relative', ...QUICK);
    expect(relative.checks[0]!.threshold).toMatch(/% of the champion/);
    const significant = await compareJson(worse, better, SEATTLE, '--significance', 'mcnemar', '--alpha', '0.01', ...QUICK);
    expect(significant.checks[1]).toMatchObject({ name: `McNemar (champion right only: ${significant.mcnemar!.b}, challenger right only: ${significant.mcnemar!.c})`, threshold: 'p < 0.01 with the challenger ahead' });
    expect(significant.checks[1]!.pass).toBe(significant.mcnemar!.c > significant.mcnemar!.b && significant.mcnemar!.pValue < 0.01);
    const sla = await compareJson(worse, better, SEATTLE, '--floor', '0.99', '--latency-budget', '100000', '--size-budget', '1', ...QUICK);
    expect(sla.decision).toBe('keep');
    expect(sla.checks.slice(3).map((c) => [c.name, c.pass])).toEqual([
      ['F1 (macro) floor', false],
      ['latency per 1,000 rows', true],
      ['model size', false],
    ]);
    expect(sla.checks[4]!.value).toMatch(/^\d+\.\d ms$/);
    expect(sla.checks[5]!.value).toMatch(/^[\d,]+ bytes$/);
  });

  it('--metric picks the metric the gate judges by, with its direction', async () => {
    const json = await compareJson(weatherA, weatherB, SEATTLE, '--metric', 'logLoss', ...QUICK);
    expect(json.primaryMetric).toBe('logLoss');
    expect(json.improvement).toBeCloseTo(json.champion.logLoss - json.challenger.logLoss, 12);
    expect(json.checks[0]!.name).toBe('Log loss: challenger − champion (lower is better)');
    const accuracy = await compareJson(weatherA, weatherB, SEATTLE, '--metric', 'accuracy', ...QUICK);
    expect(accuracy.improvement).toBeCloseTo(accuracy.challenger.accuracy - accuracy.champion.accuracy, 12);
  });
});

describe('relearn compare: the table', () => {
  it('shows the metrics side by side with differences, McNemar, the interval, each check and the decision', async () => {
    const { code, stdout, stderr } = await compare(weatherA, weatherB, SEATTLE, '--significance', 'bootstrap', ...QUICK);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^champion: {3}.+ \(multiclass on "weather", mlp, [\d,]+ bytes\)$/m);
    expect(stdout).toMatch(/^challenger: .+ \(multiclass on "weather", linear, [\d,]+ bytes\)$/m);
    expect(stdout).toContain(`(${SEATTLE_ROWS} rows, ${SEATTLE_ROWS} rows compared)`);
    expect(stdout).toMatch(/^ {4}metric +champion +challenger +challenger − champion$/m);
    expect(stdout).toMatch(/^ {2}\* f1Macro +[\d.]+ +[\d.]+ +[+−±][\d.e-]+ \((better|worse|same)\)$/m);
    expect(stdout).toMatch(/^ {4}logLoss +[\d.]+ +[\d.]+ +[+−±][\d.e-]+ \((better|worse|same)\)$/m);
    expect(stdout).not.toContain('confusionMatrix');
    const { b, c } = weatherAB.mcnemar!;
    expect(stdout).toContain(`McNemar (exact): champion right only ${b}, challenger right only ${c}, p = `);
    expect(stdout).toMatch(/^bootstrap 95% interval of challenger − champion \(f1Macro\): \[.+, .+\] \(200 resamples, seed 42\)$/m);
    expect(stdout).toContain("gate (minimum improvement 0.01, the metric's default; significance: bootstrap):");
    expect(stdout).toMatch(/^ {2}(PASS|FAIL) {2}F1 \(macro\): challenger − champion \(higher is better\): [\d.]+ vs [\d.]+: [+−±][\d.e-]+ \((better|worse|same)\) \(needs ≥ \+0\.0100\)$/m);
    expect(stdout).toMatch(/^ {2}(PASS|FAIL) \(shown, not gating\) {2}McNemar \(champion right only: \d+, challenger right only: \d+\): p = .+$/m);
    expect(stdout).toMatch(/^ {2}(PASS|FAIL) {2}bootstrap 95% interval of F1 \(macro\): challenger − champion: \[.+, .+\] \(needs entirely above 0 \(the challenger better\)\)$/m);
    expect(stdout).toMatch(/^decision: (promote|keep) — .+$/m);
    expect(stdout).toMatch(/^warning: (champion|challenger) metrics: class "(drizzle|fog|rain|snow|sun)"/m);
  });
});

describe('relearn compare: bad input exits 1', () => {
  it('refuses models with different targets, naming both', async () => {
    const { code, stdout, stderr } = await compare(weatherA, tempA, SEATTLE);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${tempA}: predicts "temp_max" but the champion (${weatherA}) predicts "weather": both models must predict the same target\n`);
  });

  it('refuses models with different tasks on the same target, naming both', async () => {
    const text = `x,z,y\n${Array.from({ length: 300 }, (_, i) => `${(i % 3) + ((i * 7) % 10) / 20},${(i * 13) % 17},${i % 3}`).join('\n')}\n`;
    const data = writeCsv('levels.csv', text);
    const args = ['--data', data, '--target', 'y', '--epochs', '2'];
    const regression = await train([...args, '--task', 'regression']);
    const classification = await train([...args, '--task', 'classification']);
    const { code, stderr } = await compare(regression, classification, data);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: ${classification}: is a multiclass model but the champion (${regression}) is a regression model: both models must have the same task\n`);
  });

  it('refuses classifiers that know different classes, naming them', async () => {
    const noSnow = seattleWith((cells) => cells.weather !== 'snow');
    const model = await train(['--data', noSnow, ...WEATHER.slice(2), '--epochs', '2']);
    const { code, stderr } = await compare(weatherA, model, SEATTLE);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: ${model}: knows other classes of "weather" than the champion (${weatherA}): only the champion knows "snow"; the metrics of models with different classes are not comparable\n`);
  });

  it('names a feature column the file lacks and the target when it is missing', async () => {
    const noWind = seattleWith(() => true, ['date', 'precipitation', 'temp_max', 'temp_min', 'weather']);
    const missing = await compare(weatherA, weatherB, noWind);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: ${noWind}: lacks the feature column "wind", which both models need\n`);
    const noTarget = seattleWith(() => true, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind']);
    const untargeted = await compare(weatherA, weatherB, noTarget);
    expect(untargeted.code).toBe(1);
    expect(untargeted.stderr).toBe(`error: ${noTarget}: lacks the target column "weather", which the predictions are scored against\n`);
  });

  it('compares only rows whose target is known, and says how many were left out', async () => {
    // Every tenth row loses its weather.
    const sparse = seattleWith(() => true);
    const lines = readFileSync(sparse, 'utf8').trimEnd().split('\n');
    const blanked = lines.map((line, n) => (n > 0 && n % 10 === 0 ? line.replace(/,[a-z]+$/, ',') : line));
    writeFileSync(sparse, `${blanked.join('\n')}\n`);
    const i = Math.floor(SEATTLE_ROWS / 10);
    const { code, stdout, stderr } = await compare(weatherA, weatherB, sparse, '--json', ...QUICK);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as CompareJson;
    expect(json.champion.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(SEATTLE_ROWS - i);
    expect(stderr).toContain(`warning: ${i} rows of ${sparse} have no value in "weather" and were not compared\n`);
  });

  it('refuses a --metric the models do not have, and a missing model directory', async () => {
    const wrong = await compare(tempA, tempB, SEATTLE, '--metric', 'accuracy');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`error: ${tempB}: --metric accuracy does not apply to regression models; theirs are rmse, mae, r2\n`);
    const nowhere = newPath('nowhere');
    const missing = await compare(weatherA, nowhere, SEATTLE);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: ${nowhere}: no such directory\n`);
  });
});

describe('relearn compare: bad usage exits 2', () => {
  it.each([
    [['--challenger', 'b', '--data', 'd.csv'], 'compare needs --champion DIR'],
    [['--champion', 'a', '--data', 'd.csv'], 'compare needs --challenger DIR'],
    [['--champion', 'a', '--challenger', 'b'], 'compare needs --data FILE'],
    [['--metric', 'auc'], '--metric takes one of accuracy, f1, f1Macro, f1Weighted, precision, precisionMacro, precisionWeighted, recall, recallMacro, recallWeighted, rocAuc, rocAucOvrMacro, r2, logLoss, rmse, mae, not "auc"'],
    [['--significance', 'ttest'], '--significance takes none, mcnemar or bootstrap, not "ttest"'],
    [['--alpha', '2'], '--alpha must be above 0 and below 1'],
    [['--alpha', 'x'], '--alpha takes a finite number, not "x"'],
    [['--min-improvement=-0.1'], '--min-improvement must be 0 or more'],
    [['--min-improvement', '2', '--relative'], "with --relative, --min-improvement is a share of the champion's value: at most 1 (100%)"],
    [['--relative'], "--relative needs --min-improvement X (the share of the champion's value)"],
    [['--floor', ''], '--floor takes a finite number, not ""'],
    [['--latency-budget', '0'], '--latency-budget must be above 0 milliseconds'],
    [['--size-budget', '1.5'], '--size-budget takes a whole number from 1 to 9007199254740991, not "1.5"'],
    [['--seed=-1'], '--seed takes a whole number from 0 to 2147483647, not "-1"'],
    [['--resamples', '0'], '--resamples takes a whole number from 1 to 100000, not "0"'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j', async (args, message) => {
    const base = ['--champion', 'a', '--challenger', 'b', '--data', 'd.csv'];
    const given = args.some((a) => a === '--champion' || a === '--challenger' || a === '--data') ? args : [...base, ...args];
    const { code, stdout, stderr } = await runMain(['compare', ...given]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${message}`);
    expect(stderr).toContain('usage: relearn <command> [options]');
  });

  it('is listed in the usage text', async () => {
    const { stdout } = await runMain(['--help']);
    expect(stdout).toContain('compare --champion DIR --challenger DIR --data FILE [options]');
    expect(stdout).toContain('--fail-on-keep');
  });

  it("takes the gate's defaults from the one source the pipeline and the policy form read, and says them in --help", async () => {
    const parsed = parseCompareArgs(['--champion', 'a', '--challenger', 'b', '--data', 'd.csv']);
    expect('options' in parsed && parsed.options.gate).toEqual(defaultGateSettings());
    expect(defaultPipelineSettings().gate).toEqual(defaultGateSettings());
    const set = parseCompareArgs(['--champion', 'a', '--challenger', 'b', '--data', 'd.csv', '--min-improvement', '0', '--significance', 'none']);
    expect('options' in set && set.options.gate).toMatchObject({ minImprovementMode: 'set', minImprovement: 0, relative: false, significance: 'none' });
    const { stdout } = await runMain(['--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(`(default, the metric's: ${DEFAULT_MIN_IMPROVEMENT_TEXT})`);
    expect(DEFAULT_MIN_IMPROVEMENT_TEXT).toBe("0.01 absolute on accuracy, F1, precision, recall, ROC AUC and R²; 1% of the champion's value on RMSE, MAE and log loss");
    expect(stdout).toMatch(/gate requires \(default bootstrap\)/);
  });
});

describe('relearn compare: rows the models trained on', () => {
  /** A copy of a model directory whose card lacks the training batches' hashes, as models saved before they were kept. */
  function withoutHashes(dir: string): string {
    const copy = newPath('old-model');
    mkdirSync(copy);
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as { userDefinedMetadata: { relearn: Record<string, unknown> } };
    expect(json.userDefinedMetadata.relearn.trainingBatches).toHaveLength(1);
    delete json.userDefinedMetadata.relearn.trainingBatches;
    writeFileSync(path.join(copy, 'model.json'), JSON.stringify(json));
    copyFileSync(path.join(dir, 'weights.bin'), path.join(copy, 'weights.bin'));
    return copy;
  }

  it('the file both trained on (same sha256): every compared row counts, in --json and as a warning', async () => {
    expect(weatherAB.trainedOnRows).toEqual({ champion: SEATTLE_ROWS, challenger: SEATTLE_ROWS });
    const { stderr } = await compare(weatherA, weatherB, SEATTLE, '--json', ...QUICK);
    for (const role of ['champion', 'challenger']) {
      expect(stderr).toContain(`warning: ${SEATTLE_ROWS} of ${SEATTLE_ROWS} rows were in the ${role}'s training data (${SEATTLE} is one of the files it trained on, by sha256): its metrics there are flattered\n`);
    }
  });

  it('a model trained on another file counts 0 of them; the text says both counts', async () => {
    const older = await train(['--data', seattleWith((cells) => cells.date! < '2014-01-01'), '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', '--epochs', '3']);
    const { code, stdout, stderr } = await compare(older, weatherA, SEATTLE, ...QUICK);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`\ntrained-on rows: champion 0, challenger ${SEATTLE_ROWS} (of the ${SEATTLE_ROWS} compared)\n`);
    expect(stdout).toContain(`warning: ${SEATTLE_ROWS} of ${SEATTLE_ROWS} rows were in the challenger's training data`);
    expect(stdout).not.toContain("in the champion's training data");
    expect((await compareJson(older, weatherA, SEATTLE, ...QUICK)).trainedOnRows).toEqual({ champion: 0, challenger: SEATTLE_ROWS });
  });

  it('an old model card without the hashes: unknown (null), never guessed', async () => {
    const old = withoutHashes(weatherA);
    const json = await compareJson(old, weatherB, SEATTLE, ...QUICK);
    expect(json.trainedOnRows).toEqual({ champion: null, challenger: SEATTLE_ROWS });
    const { stdout } = await compare(old, weatherB, SEATTLE, ...QUICK);
    expect(stdout).toContain(`\ntrained-on rows: champion unknown (this model records no training batches), challenger ${SEATTLE_ROWS} (of the ${SEATTLE_ROWS} compared)\n`);
    expect(stdout).toContain(`warning: rows of ${SEATTLE} in the champion's training data: unknown (this model records no training batches)\n`);
    const evaluated = await runMain(['evaluate', '--model', old, '--data', SEATTLE, '--json']);
    expect(JSON.parse(evaluated.stdout).trainedOnRows).toBeNull();
  });
});
