import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/core/events.ts';
import { fullGateDecision } from '../../../src/core/pipeline/gate.ts';
import { taskOf } from '../../../src/core/pipeline/runState.ts';
import { defaultGateSettings, defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import type { TrainConfig } from '../../../src/core/training/config.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const good: TrainConfig = quickTrainConfig(15)();
// One epoch at a tiny learning rate: a model no better than its random start.
const feeble: TrainConfig = { ...good, params: { ...good.params, epochs: 1, learningRate: 1e-4 } };

async function batches(db: RelearnDb): Promise<string[]> {
  const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 300, 1)));
  const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 200, 2)));
  return [one.id, two.id];
}

const lastPromotion = async (db: RelearnDb): Promise<EventOf<'model.promoted'>> => (await db.events.where('kind').equals('model.promoted').toArray()).at(-1) as EventOf<'model.promoted'>;

describe('promoting by hand past a failed gate', () => {
  it('judges the version against the champion with the workspace gate: a real gain is promoted plainly, a worse one is marked forced', async () => {
    const db = newDb();
    const batchIds = await batches(db);
    await trainAndRegister(db, { batchIds, config: feeble });
    await promoteByHand(db, 1, 'first');
    expect((await lastPromotion(db)).details).not.toHaveProperty('forced');

    await trainAndRegister(db, { batchIds, config: good });
    await promoteByHand(db, 2, 'trained properly');
    const plain = await lastPromotion(db);
    expect(plain.summary).toBe('Version 2 promoted to champion; version 1 archived: trained properly');
    expect(plain.details).not.toHaveProperty('forced');

    await trainAndRegister(db, { batchIds, config: { ...feeble, seed: 7 } });
    await promoteByHand(db, 3, 'a person insists');
    const forced = await lastPromotion(db);
    expect(forced.details).toMatchObject({ version: 3, previous: 2, forced: true });
    const names = forced.details.failedChecks!.map((c) => c.name);
    expect(names[0]).toBe('ROC AUC: challenger − champion (higher is better)');
    expect(forced.summary).toMatch(/^Version 3 promoted to champion past a failed gate \(ROC AUC: challenger − champion \(higher is better\) .+, needs ≥ \+0\.0100.*\); version 2 archived: a person insists$/);
    expect(forced.actor).toBe('user');
  });

  it('with no champion to compare with, a version whose run gate kept it (a floor) is marked forced', async () => {
    const db = newDb();
    const batchIds = await batches(db);
    const run = await createRun(db, { kind: 'first', reason: 'first model' }, batchIds[1]!, { target: 'target', batchIds, settings: defaultPipelineSettings() });
    await trainAndRegister(db, { batchIds, config: good }, { runId: run.id });
    const gate = taskOf(run, 'gate');
    gate.state = 'success';
    gate.output = fullGateDecision({ metric: { key: 'rocAuc' }, champion: null, challenger: 0.9 }, { ...defaultGateSettings(), floor: 0.99 });
    await saveRun(db, run);
    await promoteByHand(db, 1, 'the floor was too strict');
    const event = await lastPromotion(db);
    expect(event.summary).toBe('Version 1 promoted to champion past a failed gate (ROC AUC floor 0.9000, needs ≥ 0.9900): the floor was too strict');
    expect(event.details).toMatchObject({ forced: true, failedChecks: [{ name: 'ROC AUC floor', value: '0.9000', threshold: '≥ 0.9900' }] });
  });
});
