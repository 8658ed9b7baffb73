import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyInputs, sinceTraining } from '../../../src/app/pipeline/policyInputs.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { savePipelineSettings } from '../../../src/app/workspace/settings.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = quickTrainConfig(2);

describe('what the trigger policy sees', () => {
  it('counts the rows the last model has not trained on, also those that arrived before it was trained', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
    expect(await sinceTraining(db)).toEqual({ lastTrainingAt: null, rowsSinceTraining: 120 });
    // Three batches arrive at once (as the demo's do), then a model is trained on the first only.
    await stored(db, 'two.csv', pointsCsv('binary', points('binary', 90, 2)));
    await stored(db, 'three.csv', pointsCsv('binary', points('binary', 70, 3)));
    const v1 = await trainAndRegister(db, { batchIds: [one.id], config: config() });
    expect(await sinceTraining(db)).toEqual({ lastTrainingAt: v1.createdAt, rowsSinceTraining: 160 });
    // A model trained on every batch has seen them all.
    const all = (await db.batches.toArray()).map((b) => b.id);
    const v2 = await trainAndRegister(db, { batchIds: all, config: config() });
    expect(await sinceTraining(db)).toEqual({ lastTrainingAt: v2.createdAt, rowsSinceTraining: 0 });
  });

  it('says why the champion was not scored: the rule is off, no champion, or a batch without the target', async () => {
    const db = newDb();
    await changeWorkspace(db, { target: 'target' });
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
    expect(await policyInputs(db, one)).toMatchObject({ championMetric: null, championUnscored: 'the rule is off: the champion was not scored' });
    const settings = defaultPipelineSettings();
    await savePipelineSettings(db, { ...settings, policy: { ...settings.policy, performance: { enabled: true, floor: 0.7 } } });
    expect(await policyInputs(db, one)).toMatchObject({ championMetric: null, championUnscored: 'no champion to score' });
    const v1 = await trainAndRegister(db, { batchIds: [one.id], config: config() });
    await promoteByHand(db, v1.version, 'the first model');
    const scored = await policyInputs(db, one);
    expect(scored.championMetric).toMatchObject({ key: 'rocAuc', higherIsBetter: true });
    expect(scored.championUnscored).toBeUndefined();
    const unlabeled = await stored(db, 'unlabeled.csv', 'x1,x2\n1,2\n3,4\n');
    expect(await policyInputs(db, unlabeled)).toMatchObject({ championMetric: null, championUnscored: 'the new batch is not labeled: it has no "target" column' });
  });
});
