import type { BatchMeta } from '../../../src/core/batch.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { stored } from './storage.ts';
import { points, pointsCsv } from './training.ts';

const quick = { ...defaultParams('mlp'), hidden: [8], epochs: 3, batchSize: 32, learningRate: 0.05, patience: 0 };
const feeble = { ...quick, epochs: 1, learningRate: 1e-4 };
const csv = (rows: number, seed: number): string => pointsCsv('binary', points('binary', rows, seed));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Three labeled batches (binary target `target`): the first arrives before any champion (version 1 is
 * trained on it and promoted by the pipeline), the second while version 1 serves, the third after version 2
 * (trained by hand) is promoted by a person. Needs a tfjs backend set.
 */
export async function championScenario(db: RelearnDb): Promise<{ first: BatchMeta; second: BatchMeta; third: BatchMeta }> {
  const scheduler = new Scheduler(db, 1);
  await changePipelineSettings(db, { ...defaultPipelineSettings(), params: quick, policy: { ...defaultPipelineSettings().policy, drift: { enabled: false } }, rollback: { ...defaultPipelineSettings().rollback, enabled: false } });
  const first = await stored(db, 'first.csv', csv(300, 1));
  await changeWorkspace(db, { target: 'target' });
  await checkDueBatches(db);
  await scheduler.processArrivals();
  await scheduler.runManual({ settings: { ...(await readWorkspace(db)).pipeline, params: feeble } });
  await tick();
  const second = await stored(db, 'second.csv', csv(200, 5), { now: () => Date.now() });
  await tick();
  await promote(db, 2, { actor: 'user', reason: 'for the test' });
  await tick();
  const third = await stored(db, 'third.csv', csv(200, 7), { now: () => Date.now() });
  return { first, second, third };
}
