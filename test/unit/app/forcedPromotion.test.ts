import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullGateDecision } from '../../../src/core/pipeline/gate.ts';
import { taskOf } from '../../../src/core/pipeline/runState.ts';
import { defaultGateSettings, defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams, defaultTrainConfig } from '../../../src/core/training/config.ts';
import { promoteByHand } from '../../../src/app/registry/byHand.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

const newDb = dbPerTest();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = { ...defaultTrainConfig('target'), params: { ...defaultParams('mlp'), hidden: [4], epochs: 2, batchSize: 32, patience: 0 } };

/** Version 1 the champion, version 2 trained by a run whose gate kept version 1 (a lower bound below 0). */
async function keptChallenger(db: RelearnDb): Promise<void> {
  const batch = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
  await trainAndRegister(db, { batchIds: [batch.id], config });
  await promote(db, 1, { actor: 'auto', reason: 'first model' });
  const run = await createRun(db, { kind: 'drift', reason: 'drift' }, batch.id, { target: 'target', batchIds: [batch.id], settings: defaultPipelineSettings() });
  await trainAndRegister(db, { batchIds: [batch.id], config: { ...config, seed: 7 } }, { runId: run.id });
  const gate = taskOf(run, 'gate');
  gate.state = 'success';
  gate.output = fullGateDecision({ metric: { key: 'rocAuc' }, champion: { value: 0.8 }, challenger: 0.85, bootstrap: { low: -0.004, high: 0.1, level: 0.95 } }, defaultGateSettings());
  await saveRun(db, run);
}

describe('promoting by hand past a failed gate', () => {
  it('records the promotion as forced, with the failed checks, in the event and its summary', async () => {
    const db = newDb();
    await keptChallenger(db);
    await promoteByHand(db, 2, 'the holdout is too small to show the gain');
    const event = (await db.events.where('kind').equals('model.promoted').toArray()).at(-1)!;
    expect(event).toMatchObject({
      actor: 'user',
      summary: 'Version 2 promoted to champion past a failed gate (bootstrap 95% lower bound of the gain in rocAuc -0.0040 (interval [-0.0040, 0.1000]), needs > 0); version 1 archived: the holdout is too small to show the gain',
      details: { version: 2, previous: 1, forced: true, failedChecks: [{ name: 'bootstrap 95% lower bound of the gain in rocAuc', value: '-0.0040 (interval [-0.0040, 0.1000])', threshold: '> 0' }] },
    });
  });

  it('a version no gate kept (trained by hand, no run) is promoted plainly', async () => {
    const db = newDb();
    const batch = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1)));
    await trainAndRegister(db, { batchIds: [batch.id], config });
    await promoteByHand(db, 1, 'first');
    const event = (await db.events.where('kind').equals('model.promoted').toArray()).at(-1)!;
    expect(event.summary).toBe('Version 1 promoted to champion: first');
    expect(event.details).not.toHaveProperty('forced');
  });
});
