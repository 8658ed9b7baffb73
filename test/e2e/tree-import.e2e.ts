import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, type PageSession } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const WEATHER = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv');

describe('a gbdt model trained by the CLI, imported in the page', () => {
  let session: PageSession;
  let models: ModelsPage;
  const dir = mkdtempSync(path.join(tmpdir(), 'relearn-tree-import-'));
  const out = path.join(dir, 'gbdt');
  beforeAll(async () => {
    // The demo's batches are this file's rows; the model reads the columns they have.
    const trained = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'relearn.js'), 'train', '--data', WEATHER, '--target', 'weather', '--features', 'precipitation,temp_max,temp_min,wind', '--model', 'gbdt', '--epochs', '20', '--out', out, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(trained.status, trained.stderr).toBe(0);
    session = await newPage();
    models = new ModelsPage(session.page);
    await models.openDemo();
  });
  afterAll(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => expect(session.errors).toEqual([]));

  test('imports as version 1, listed as gradient boosting, and scores a labelled batch with its metrics', async () => {
    expect(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'))).toMatchObject({ format: 'relearn-trees' });
    await models.importModel(path.join(out, 'model.json'), path.join(out, 'weights.bin'));
    await models.statusWith('Registered as version 1').waitFor();
    await expect.poll(() => models.versionCount()).toBe(1);
    const row = (await models.versionRows().first().textContent()) ?? '';
    expect(row).toContain('imported');
    expect(row).toContain('gradient boosting');
    const result = await models.score('5. new-york-2015.csv');
    expect(await models.scoreStatus(result).textContent()).toMatch(/^Version 1 scored 365 rows of new-york-2015\.csv; 365 have “weather”/);
    expect(Number((await models.metrics('Metrics on new-york-2015.csv')).Accuracy)).toBeGreaterThan(0.3);
  });

  test('a tree model whose weights do not fit its trees is refused, and nothing is registered', async () => {
    await models.importModel(path.join(out, 'model.json'), path.join(out, 'model.json'));
    expect(await models.alertWith('Not imported').textContent()).toMatch(/^Not imported: weights\.bin has \d+ bytes; model\.json describes \d+ bytes\. Nothing was registered\.$/);
    expect(await models.storedModelCount()).toBe(1);
  });
});
