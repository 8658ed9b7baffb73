import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEstimateArgs, type EstimateJson } from '../../../src/cli/estimate.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const FEATURES = 'precipitation,temp_max,temp_min,wind';

const root = mkdtempSync(path.join(tmpdir(), 'relearn-estimate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const at = (name: string): string => path.join(root, name);

/**
 * Seattle weather rows `keep` takes by index (training: two rows in three; estimating: the third), with a
 * binary "wet" target beside "weather", minus `drop` columns. Not split by year: its later years are labelled
 * "sun" far more often, a shift in what the labels mean that no label-free estimate can see.
 */
function seattle(name: string, keep: (row: number) => boolean, drop: string[] = []): string {
  const [header, ...lines] = readFileSync(SEATTLE, 'utf8').trimEnd().split('\n');
  const names = [...header!.split(','), 'wet'];
  const columns = names.filter((n) => !drop.includes(n));
  const rows = lines.flatMap((line, i) => {
    const cells = line.split(',');
    const record: Record<string, string> = Object.fromEntries(cells.map((v, i) => [names[i]!, v]));
    record.wet = record.weather === 'rain' || record.weather === 'drizzle' ? 'yes' : 'no';
    return keep(i) ? [columns.map((n) => record[n]).join(',')] : [];
  });
  const file = at(name);
  writeFileSync(file, `${columns.join(',')}\n${rows.join('\n')}\n`);
  return file;
}

let train: string;
let later: string;
let unlabelled: string;
let binary: string;
let multiclass: string;
let regression: string;

async function trainModel(target: string, out: string, features = FEATURES): Promise<string> {
  const result = await runMain(['train', '--data', train, '--target', target, '--features', features, '--model', 'gbdt', '--epochs', '40', '--out', out, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

beforeAll(async () => {
  train = seattle('train.csv', (i) => i % 3 !== 0);
  later = seattle('later.csv', (i) => i % 3 === 0);
  unlabelled = seattle('unlabelled.csv', (i) => i % 3 === 0, ['wet', 'weather']);
  binary = await trainModel('wet', at('binary'));
  multiclass = await trainModel('weather', at('multiclass'));
  regression = await trainModel('temp_max', at('regression'), 'precipitation,temp_min,wind');
}, 240_000);

async function estimate(...args: string[]): Promise<EstimateJson> {
  const { code, stdout, stderr } = await runMain(['estimate', ...args, '--json']);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as EstimateJson;
}

describe('relearn estimate', () => {
  it('estimates a binary model on rows without labels: primary metric first, intervals within [0, 1], realised null', async () => {
    const json = await estimate('--model', binary, '--data', unlabelled);
    expect(Object.keys(json)).toEqual(['rows', 'estimated', 'interval', 'realised', 'realisedRows', 'positiveClass', 'calibration']);
    expect(json.rows).toBe(487);
    expect(Object.keys(json.estimated)).toEqual(['rocAuc', 'accuracy', 'precision', 'recall', 'f1']);
    expect(json.realised).toBeNull();
    expect(json.positiveClass).toBe('yes');
    expect(json.calibration.fittedOn).toBe('validation');
    for (const [key, range] of Object.entries(json.interval)) {
      const value = json.estimated[key as keyof typeof json.estimated]!;
      expect(range![0]).toBeLessThanOrEqual(value);
      expect(range![1]).toBeGreaterThanOrEqual(value);
      expect(range![0]).toBeGreaterThanOrEqual(0);
      expect(range![1]).toBeLessThanOrEqual(1);
    }
  });

  it('puts realised metrics beside the estimate when the file has the target, and the labels do not change the estimate', async () => {
    const blind = await estimate('--model', binary, '--data', unlabelled);
    const json = await estimate('--model', binary, '--data', later);
    expect(json.estimated).toEqual(blind.estimated);
    expect(json.realisedRows).toBe(487);
    expect(Object.keys(json.realised!)).toEqual(Object.keys(json.estimated));
    expect(Math.abs(json.estimated.accuracy! - json.realised!.accuracy!)).toBeLessThan(0.05);
  });

  it('names multiclass estimates as macro means and prints a table without --json', async () => {
    const json = await estimate('--model', multiclass, '--data', later);
    expect(Object.keys(json.estimated)).toEqual(['f1Macro', 'accuracy', 'precisionMacro', 'recallMacro', 'rocAucOvrMacro']);
    expect(json.positiveClass).toBeNull();
    const text = await runMain(['estimate', '--model', multiclass, '--data', later]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}f1Macro +\d/m);
    expect(text.stdout).toContain('calibration: isotonic, on');
  });

  it('refuses a regression model, a file missing columns and a model directory without calibration, each with a clear message', async () => {
    const numbers = await runMain(['estimate', '--model', regression, '--data', later]);
    expect(numbers.code).toBe(1);
    expect(numbers.stderr).toContain('label-free estimation is for classifiers: this model predicts "temp_max" as a number (regression)');

    const lacking = await runMain(['estimate', '--model', binary, '--data', seattle('no-wind.csv', (i) => i % 3 === 0, ['wind'])]);
    expect(lacking.code).toBe(1);
    expect(lacking.stderr).toMatch(/lacks the feature column "wind", which the model needs/);

    const modelJson = path.join(binary, 'model.json');
    const original = readFileSync(modelJson, 'utf8');
    const old = JSON.parse(original) as { userDefinedMetadata: Record<string, unknown> };
    delete old.userDefinedMetadata.relearnCalibration;
    try {
      writeFileSync(modelJson, JSON.stringify(old));
      const refused = await runMain(['estimate', '--model', binary, '--data', later]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/carries no calibration .* give --calibrate-on FILE/);
      const json = await estimate('--model', binary, '--data', unlabelled, '--calibrate-on', later);
      expect(json.calibration).toEqual({ fittedOn: 'labelled file', rows: 487 });
    } finally {
      writeFileSync(modelJson, original);
    }
  });

  it('says what is missing on the command line', () => {
    expect(parseEstimateArgs(['--model', 'm'])).toEqual({ problems: ['estimate needs --data FILE'] });
    expect(parseEstimateArgs([])).toEqual({ problems: ['estimate needs --model DIR', 'estimate needs --data FILE'] });
  });
});
