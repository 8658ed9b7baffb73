import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const SEATTLE_ROWS = 1461;
const WEATHER = ['--data', SEATTLE, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind'];
const TEMP_MAX = ['--data', SEATTLE, '--target', 'temp_max', '--features', 'precipitation,temp_min,wind,weather'];

const root = mkdtempSync(path.join(tmpdir(), 'relearn-trees-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newPath = (name: string): string => path.join(root, `${name}-${++fresh}`);

async function train(args: string[]): Promise<{ out: string; json: Record<string, unknown> }> {
  const out = newPath('model');
  const result = await runMain(['train', ...args, '--out', out, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return { out, json: JSON.parse(result.stdout) as Record<string, unknown> };
}

let gbdt = '';
let gbdtJson: Record<string, unknown>;

beforeAll(async () => {
  ({ out: gbdt, json: gbdtJson } = await train([...WEATHER, '--model', 'gbdt', '--epochs', '30']));
}, 120_000);

describe('relearn train --model gbdt | forest', () => {
  it('writes model.json in the tree format beside weights.bin; --json names the family', () => {
    expect(readdirSync(gbdt).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(path.join(gbdt, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'relearn-trees', formatVersion: 1, modelTopology: { kind: 'gbdt', task: 'multiclass', outputs: 5 }, weightsManifest: [{ paths: ['weights.bin'] }] });
    expect(json).toMatchObject({ userDefinedMetadata: { relearn: { params: { family: 'gbdt', epochs: 30 }, preprocessing: { missing: 'keep' } } } });
    expect(gbdtJson).toMatchObject({ task: 'multiclass', model: 'gbdt', backend: 'javascript', rows: SEATTLE_ROWS });
    expect((gbdtJson.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.7);
  });

  it('the summary says iterations or trees, and where it trained; progress lines too', async () => {
    const out = newPath('forest');
    const { code, stdout, stderr } = await runMain(['train', ...TEMP_MAX, '--model', 'forest', '--epochs', '12', '--max-features', 'sqrt', '--min-samples-leaf', '2', '--max-depth', '12', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^trained: random forest \(12 trees\) regression on "temp_max"/m);
    expect(stdout).toMatch(/^trees: 12 of 12, ran every tree; best tree 12/m);
    expect(stdout).toMatch(/^time: \d.* in JavaScript \([\d,]+ samples\/s\)$/m);
    expect(stderr).toMatch(/^tree {2}1\/12: loss \d+\.\d{4}, validation loss \d+\.\d{4}/m);
    const card = (JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as { userDefinedMetadata: { relearn: { params: object } } }).userDefinedMetadata.relearn;
    expect(card.params).toMatchObject({ family: 'forest', epochs: 12, maxFeatures: 'sqrt', minSamplesLeaf: 2, maxDepth: 12 });
  });

  it('evaluate and predict read the tree model; the predictions agree with evaluate', async () => {
    const evaluated = await runMain(['evaluate', '--model', gbdt, '--data', SEATTLE, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const json = JSON.parse(evaluated.stdout) as { rows: number; metrics: { accuracy: number; confusionMatrix: number[][] } };
    expect(json.rows).toBe(SEATTLE_ROWS);
    const out = newPath('predictions.csv');
    const predicted = await runMain(['predict', '--model', gbdt, '--data', SEATTLE, '--out', out]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const [header, ...rows] = Papa.parse<string[]>(readFileSync(out, 'utf8').trimEnd()).data;
    const at = header!.indexOf('prediction');
    const truth = header!.indexOf('weather');
    expect(header).toContain('probability_sun');
    const right = rows.filter((r) => r[at] === r[truth]).length;
    expect(right / rows.length).toBeCloseTo(json.metrics.accuracy, 10);
  });

  it('compare: an MLP champion against the gbdt challenger on the same rows', async () => {
    const { out: mlp } = await train([...WEATHER, '--epochs', '4']);
    const { code, stdout, stderr } = await runMain(['compare', '--champion', mlp, '--challenger', gbdt, '--data', SEATTLE, '--json', '--resamples', '200', '--latency-budget', '1000']);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { champion: { accuracy: number }; challenger: { accuracy: number }; mcnemar: unknown; decision: string; checks: { name: string }[] };
    expect(json.challenger.accuracy).toBeGreaterThan(0.7);
    expect(json.mcnemar).not.toBeNull();
    expect(['promote', 'keep']).toContain(json.decision);
    expect(json.checks.some((c) => /latency/.test(c.name))).toBe(true);
  });

  it('a tree model whose weights.bin does not fit its trees: exit 1 naming model.json', async () => {
    const broken = newPath('broken');
    const { out } = await train([...WEATHER, '--model', 'forest', '--epochs', '2']);
    const json = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as { modelTopology: { trees: { nodes: number }[] } };
    json.modelTopology.trees.pop();
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'model.json'), JSON.stringify(json));
    copyFileSync(path.join(out, 'weights.bin'), path.join(broken, 'weights.bin'));
    const { code, stderr } = await runMain(['evaluate', '--model', broken, '--data', SEATTLE]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/model\.json: the tree model's weights manifest does not describe its 1 trees/);
  });

  it('min_samples_leaf above half the training rows: exit 1, nothing written', async () => {
    const out = newPath('never');
    const { code, stderr } = await runMain(['train', ...WEATHER, '--model', 'gbdt', '--min-samples-leaf', '5000', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/too few rows for min_samples_leaf: \d+ training rows cannot be split into two leaves of at least 5000 rows each/);
    expect(() => readdirSync(out)).toThrow();
  });
});
