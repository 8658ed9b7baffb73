import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedClassWeights } from '../../../src/core/training/classWeights.ts';
import { defaultParams, defaultTrainConfig, type TrainConfig } from '../../../src/core/training/config.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { taskOf } from '../../../src/core/pipeline/runState.ts';
import { compareVersions } from '../../../src/app/compare/compareVersions.ts';
import { Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { getModel } from '../../../src/storage/queries/models.ts';
import { dbPerTest, snapshot, stored } from '../helpers/storage.ts';
import { rareYesCsv } from '../helpers/training.ts';

const newDb = dbPerTest();

beforeAll(async () => {
  await tf.setBackend('cpu');
});


const config = (classWeight: 'none' | 'balanced'): TrainConfig => ({
  ...defaultTrainConfig('target'),
  params: { ...defaultParams('linear'), learningRate: 0.01, batchSize: 64, epochs: 30, patience: 0, classWeight },
});

describe('class imbalance in a trained version', () => {
  it('unweighted, the version predicts "no" almost always and carries the warning; balanced weights find "yes", stored with their numbers', async () => {
    const db = newDb();
    const batch = await stored(db, 'rare.csv', rareYesCsv());
    const plain = await trainAndRegister(db, { batchIds: [batch.id], config: config('none') });
    expect(plain.imbalance?.dominant?.label).toBe('no');
    expect(plain.imbalance?.message).toMatch(/^predicts "no" for (9[5-9]|100)\.\d% of holdout rows \("no" is 9\d\.\d% of them\); recall of "yes" is 0\.0\d$/);
    expect(plain.perClass![1]!.recall).toBeLessThan(0.1);
    expect(plain.card.classWeights).toBeUndefined();

    const weighted = await trainAndRegister(db, { batchIds: [batch.id], config: config('balanced') });
    expect(weighted.card.params.classWeight).toBe('balanced');
    const stored2 = await getModel(db, weighted.version);
    expect(stored2.imbalance).toBeNull();
    expect(stored2.perClass![1]!.recall).toBeGreaterThan(0.5);
    // The weights are scikit-learn's over the training rows: they weigh both classes to n / 2.
    const [no, yes] = stored2.card.classWeights!;
    expect(yes! / no!).toBeGreaterThan(10);
    const train = stored2.training!.counts.train;
    const yesRows = Math.round(train / (2 * yes!));
    expect(stored2.card.classWeights).toEqual(balancedClassWeights([...Array<number>(train - yesRows).fill(0), ...Array<number>(yesRows).fill(1)], 2));
  }, 60_000);

  it('the comparison scores the warning on the shared rows, for each side', async () => {
    const db = newDb();
    const batch = await stored(db, 'rare.csv', rareYesCsv());
    const plain = await trainAndRegister(db, { batchIds: [batch.id], config: config('none') });
    const weighted = await trainAndRegister(db, { batchIds: [batch.id], config: config('balanced') });
    const result = await compareVersions(db, plain.version, weighted.version);
    expect(result.a.imbalance?.message).toMatch(/^predicts "no" for \d+\.\d% of the shared rows .*recall of "yes" is 0\.0\d$/);
    expect(result.b.imbalance).toBeNull();
  }, 60_000);

  it('a pipeline run trains with the policy\'s class weights; evaluate and the gate\'s comparison carry the warning', async () => {
    const db = newDb();
    const scheduler = new Scheduler(db, 1);
    const pipeline = (await readWorkspace(db)).pipeline;
    await changePipelineSettings(db, { ...pipeline, autoRun: false, params: config('none').params });
    await changeWorkspace(db, { target: 'target' });
    await stored(db, 'rare.csv', rareYesCsv());
    const first = await scheduler.runManual();
    expect(first.state).toBe('success');
    const evaluated = taskOf(first, 'evaluate').output!;
    expect(evaluated.imbalance?.dominant?.label).toBe('no');
    expect(taskOf(first, 'evaluate').log.map((l) => l.message)).toContain(`class imbalance: ${evaluated.imbalance!.message}`);
    expect(taskOf(first, 'compare').output!.challenger.imbalance?.message).toMatch(/^predicts "no" for \d+\.\d% of the gate's rows/);

    await changePipelineSettings(db, { ...(await readWorkspace(db)).pipeline, params: config('balanced').params });
    const second = await scheduler.runManual();
    const version = taskOf(second, 'train').output!.version;
    expect((await getModel(db, version)).card.params.classWeight).toBe('balanced');
    const compared = taskOf(second, 'compare').output!;
    expect(compared.challenger.imbalance).toBeNull();
    expect(compared.champion?.imbalance?.dominant?.label).toBe('no');
  }, 120_000);

  it('a version stored before the check (no imbalance field, no classWeight) reads as it was', async () => {
    const db = newDb();
    const batch = await stored(db, 'rare.csv', rareYesCsv());
    const model = await trainAndRegister(db, { batchIds: [batch.id], config: config('none') });
    // The record as written before the check: no imbalance field, no classWeight in the params.
    const old = structuredClone(model);
    delete old.imbalance;
    delete old.card.params.classWeight;
    await db.models.put(old);
    const read = await getModel(db, model.version);
    expect('imbalance' in read).toBe(false);
    expect(read.card.params.classWeight).toBeUndefined();
  }, 60_000);

  it('balanced weights on a regression are refused with the reason, and nothing is stored', async () => {
    const db = newDb();
    const batch = await stored(db, 'numbers.csv', 'x,target\n' + Array.from({ length: 60 }, (_, i) => `${i},${i * 2.5}`).join('\n'));
    const before = await snapshot(db);
    const job = { batchIds: [batch.id], config: { ...config('balanced'), target: 'target' } };
    await expect(trainAndRegister(db, job)).rejects.toThrow(new TrainingInputError('"target" is a regression target; class weights apply to classification only: set them to none to train a regression'));
    expect(await snapshot(db)).toEqual(before);
  });
});
