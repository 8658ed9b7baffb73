import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const SEATTLE = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const root = mkdtempSync(path.join(tmpdir(), 'relearn-prediction-drift-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const at = (name: string): string => path.join(root, name);

interface ColumnJson {
  name: string;
  type: string;
  decidedBy: string | null;
  drift: boolean | null;
  chi2?: { statistic: number; pValue: number };
  ks?: { statistic: number; pValue: number };
}

let classifier = '';
let regressor = '';
const files = { reference: at('2012.csv'), current: at('2015.csv'), lacking: at('lacking.csv') };

beforeAll(async () => {
  // The first year as the reference, the last as the current batch: the weather's labels shift between them.
  const [header, ...rows] = readFileSync(SEATTLE, 'utf8').trim().split('\n');
  writeFileSync(files.reference, `${header}\n${rows.slice(0, 366).join('\n')}\n`);
  writeFileSync(files.current, `${header}\n${rows.slice(-365).join('\n')}\n`);
  writeFileSync(files.lacking, `date,precipitation,temp_max\n${rows.slice(0, 20).map((r) => r.split(',').slice(0, 3).join(',')).join('\n')}\n`);
  classifier = at('weather-model');
  regressor = at('temp-model');
  const trained = [
    await runMain(['train', '--data', files.reference, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', '--model', 'gbdt', '--epochs', '20', '--out', classifier]),
    await runMain(['train', '--data', files.reference, '--target', 'temp_max', '--features', 'precipitation,temp_min,wind', '--model', 'gbdt', '--epochs', '20', '--out', regressor]),
  ];
  for (const t of trained) expect(t.code, t.stderr).toBe(0);
});

/** The `prediction` column of `relearn predict` on both files, compared by `relearn drift` as any column: the reference for prediction drift. */
async function predictionColumnDrift(model: string): Promise<ColumnJson> {
  const outs = [at(`${path.basename(model)}-ref.csv`), at(`${path.basename(model)}-cur.csv`)];
  for (const [data, out] of [[files.reference, outs[0]!], [files.current, outs[1]!]] as const) expect((await runMain(['predict', '--model', model, '--data', data, '--out', out])).code).toBe(0);
  const { stdout } = await runMain(['drift', '--reference', outs[0]!, '--current', outs[1]!, '--json']);
  return (JSON.parse(stdout) as { columns: ColumnJson[] }).columns.find((c) => c.name === 'prediction')!;
}

describe('relearn drift --model: prediction drift', () => {
  it('adds the classifier’s predicted class, decided by chi-square as the predicted column itself would be, beside the unchanged report', async () => {
    const plain = await runMain(['drift', '--reference', files.reference, '--current', files.current, '--json']);
    const { code, stdout, stderr } = await runMain(['drift', '--reference', files.reference, '--current', files.current, '--json', '--model', classifier]);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { columns: unknown[]; dataset: unknown; predictionDrift: ColumnJson & { model: string } };
    // The report itself (and its dataset share) is exactly what it is without --model.
    const { predictionDrift, ...rest } = json;
    expect(rest).toEqual(JSON.parse(plain.stdout));
    expect(predictionDrift).toMatchObject({ model: classifier, name: 'predicted weather', type: 'categorical', nReference: 366, nCurrent: 365, decidedBy: 'chi2' });
    const direct = await predictionColumnDrift(classifier);
    expect(direct.decidedBy).toBe('chi2');
    expect(predictionDrift.chi2).toEqual(direct.chi2);
    expect(predictionDrift.drift).toBe(direct.drift);
  });

  it('adds a regression’s predicted value by KS, and says it in the text beside the dataset verdict', async () => {
    const { code, stdout } = await runMain(['drift', '--reference', files.reference, '--current', files.current, '--json', '--model', regressor]);
    expect(code).toBe(0);
    const prediction = (JSON.parse(stdout) as { predictionDrift: ColumnJson }).predictionDrift;
    expect(prediction).toMatchObject({ name: 'predicted temp_max', type: 'numeric', decidedBy: 'ks' });
    const direct = await predictionColumnDrift(regressor);
    // predict writes each value to seven significant digits, as 32-bit outputs hold: the same sample.
    expect(prediction.ks).toEqual(direct.ks);
    const text = await runMain(['drift', '--reference', files.reference, '--current', files.current, '--target', 'weather', '--model', regressor]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const label = lines.findIndex((l) => l.startsWith('label drift (target "weather")'));
    expect(lines[label + 1]).toMatch(new RegExp(`^prediction drift \\(model ${regressor.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, "predicted temp_max"\\): (yes|no), by the KS test: D [0-9.e-]+, p = [0-9.e-]+ \\(drift when p < 0.05; not counted in the dataset share\\)$`));
  });

  it('refuses a model directory that holds no model, and a file without a feature the model needs, naming them', async () => {
    const missing = await runMain(['drift', '--reference', files.reference, '--current', files.current, '--model', at('no-such-model')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no-such-model/);
    const lacking = await runMain(['drift', '--reference', files.reference, '--current', files.lacking, '--model', classifier]);
    expect(lacking.code).toBe(1);
    expect(lacking.stdout).toBe('');
    expect(lacking.stderr).toMatch(/lacking\.csv.*lacks the feature columns "temp_min", "wind", which the model needs/);
  });
});
