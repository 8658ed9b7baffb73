import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareVersions } from '../../../src/app/compare/compareVersions.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { exportModel, importModel, scoreBatch, scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { getArtifacts } from '../../../src/storage/queries/models.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig, quickTreeConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('versions of different families side by side', () => {
  it('an MLP champion against a gbdt challenger: same rows, paired tests, the gate; promotion works', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 200, 1)));
    const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 150, 2)));
    // The same batches and seed: the same split, so the gbdt's holdout rows are the MLP's too.
    const mlp = await trainAndRegister(db, { batchIds: [one.id, two.id], config: quickTrainConfig(8)() });
    await promoteByHand(db, mlp.version, 'first');
    const gbdt = await trainAndRegister(db, { batchIds: [one.id, two.id], config: quickTreeConfig('gbdt', 30)() });
    expect(gbdt.card.params.family).toBe('gbdt');
    expect(gbdt.training!.history.length).toBeGreaterThan(0);

    const result = await compareVersions(db, mlp.version, gbdt.version);
    expect(result.holdoutOf).toBe(gbdt.version);
    expect(result.rows).toBe(gbdt.training!.counts.holdout);
    // The gbdt side is its own holdout score; the MLP is scored on the same rows through the same scorer.
    expect(result.b.metrics).toEqual((await scoreVersionOnRows(db, gbdt.version, gbdt.lineage.holdout)).metrics);
    expect(result.b.metrics).toEqual(gbdt.metrics);
    expect(result.a.metrics).toEqual((await scoreVersionOnRows(db, mlp.version, gbdt.lineage.holdout)).metrics);
    expect(result.a.metrics).toEqual(mlp.metrics);
    expect(result.mcnemar).not.toBeNull();
    expect(result.bootstrap).not.toBeNull();
    expect(['promote', 'keep']).toContain(result.gate.decision);

    await promoteByHand(db, gbdt.version, 'trees win');
    const champion = await db.aliases.get('champion');
    expect(champion?.version).toBe(gbdt.version);
  });

  it('a gbdt or forest version scores a batch, downloads, and imports back as a version that predicts the same', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('multiclass', points('multiclass', 240, 3)));
    for (const family of ['gbdt', 'forest'] as const) {
      const trained = await trainAndRegister(db, { batchIds: [one.id], config: quickTreeConfig(family, 10)() });
      const scored = await scoreBatch(db, trained.version, one.id);
      expect(scored.rows).toBe(240);
      expect(scored.metrics).not.toBeNull();
      const files = await exportModel(db, trained.version);
      expect(JSON.parse(files.modelJson)).toMatchObject({ format: 'relearn-trees' });
      const imported = await importModel(db, files.modelJson, files.weights.slice(0), 'model.json');
      expect(imported.card).toEqual(trained.card);
      expect(imported.latencyMs).toBeGreaterThan(0);
      expect((await getArtifacts(db, imported.version)).modelTopology).toEqual((await getArtifacts(db, trained.version)).modelTopology);
      const again = await scoreBatch(db, imported.version, one.id);
      expect(again.csvParts).toEqual(scored.csvParts);
    }
  });

  it('an import whose trees do not fit their card is refused and stores nothing', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 4)));
    const trained = await trainAndRegister(db, { batchIds: [one.id], config: quickTreeConfig('forest', 3)() });
    const files = await exportModel(db, trained.version);
    const json = JSON.parse(files.modelJson) as { modelTopology: { inputs: number } };
    json.modelTopology.inputs += 1;
    const before = await db.models.count();
    await expect(importModel(db, JSON.stringify(json), files.weights.slice(0), 'model.json')).rejects.toThrow(/the trees read \d+ inputs but the card's preprocessing writes \d+/);
    expect(await db.models.count()).toBe(before);
  });
});
