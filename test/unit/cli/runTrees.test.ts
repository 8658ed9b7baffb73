import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../../../src/cli/run.ts';
import { nodeMl } from '../../../src/cli/tfNode.ts';
import { demoBatches } from '../../../src/core/demo.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const WEATHER = readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');
const BATCHES = Object.fromEntries(demoBatches(WEATHER).map((b) => [b.name, b.csv]));

const root = mkdtempSync(path.join(tmpdir(), 'relearn-run-trees-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeBatch(name: string): string {
  const dir = path.join(root, `batch-${name}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, name), BATCHES[name]!);
  return path.join(dir, name);
}

async function run(dir: string, batch: string, ...extra: string[]): Promise<RunJson> {
  const result = await runMain(['run', '--workspace', dir, '--batch', batch, '--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunJson;
}

describe('relearn run with a policy that trains gbdt', () => {
  it('trains, gates and promotes tree versions; the workspace stores them in the tree format', async () => {
    const dir = path.join(root, 'ws');
    const setup = memoryDb();
    const settings = defaultPipelineSettings();
    await changePipelineSettings(setup, { ...settings, policy: { ...settings.policy, volume: { enabled: true, rows: 1 } }, params: { ...defaultParams('gbdt'), epochs: 20, minSamplesLeaf: 5 } });
    await saveWorkspaceDir(setup, dir, { createdBy: 'test', modelJson: () => '{}' });
    setup.close();

    const first = await run(dir, writeBatch('seattle-2012.csv'), '--target', 'weather');
    expect(first.run).toMatchObject({ outcome: 'promoted' });
    const second = await run(dir, writeBatch('seattle-2013.csv'));
    expect(second.decision.fired).toBe(true);
    expect(second.run?.tasks.find((t) => t.id === 'gate')?.state).toBe('success');

    const db = await loadWorkspaceDir(dir);
    try {
      const models = await db.models.toArray();
      expect(models.length).toBeGreaterThanOrEqual(2);
      expect(models.every((m) => m.card.params.family === 'gbdt' && m.training?.backend === 'javascript')).toBe(true);
      const ml = await nodeMl();
      for (const m of models) {
        const json = readFileSync(path.join(dir, 'models', `v${m.version}`, 'model.json'), 'utf8');
        expect(JSON.parse(json)).toMatchObject({ format: 'relearn-trees' });
        const weights = readFileSync(path.join(dir, 'models', `v${m.version}`, 'weights.bin'));
        const artifacts = ml.parseModelFiles(json, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer);
        expect(artifacts.card).toEqual(m.card);
      }
    } finally {
      db.close();
    }
  });
});
