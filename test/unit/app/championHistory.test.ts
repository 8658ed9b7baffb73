import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { Scheduler } from '../../../src/app/pipeline/scheduler.ts';
import { championHistory } from '../../../src/app/training/championHistory.ts';
import { scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { freshDb, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: RelearnDb[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
});

const quick = { ...defaultParams('mlp'), hidden: [8], epochs: 3, batchSize: 32, learningRate: 0.05, patience: 0 };
const feeble = { ...quick, epochs: 1, learningRate: 1e-4 };
const csv = (rows: number, seed: number): string => pointsCsv('binary', points('binary', rows, seed));
const rocAuc = (scored: { metrics: unknown }): number => (scored.metrics as { rocAuc: number }).rocAuc;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('champion history', () => {
  it('scores each labeled batch with the champion of its arrival time, with promotions as markers', async () => {
    const { db } = freshDb();
    open.push(db);
    const scheduler = new Scheduler(db, 1);
    await changePipelineSettings(db, { ...defaultPipelineSettings(), params: quick, policy: { ...defaultPipelineSettings().policy, drift: { enabled: false } }, rollback: { ...defaultPipelineSettings().rollback, enabled: false } });
    const first = await stored(db, 'first.csv', csv(300, 1));
    await changeWorkspace(db, { target: 'target' });
    await checkDueBatches(db);
    await scheduler.processArrivals();
    expect(await championVersion(db)).toBe(1);
    await scheduler.runManual({ settings: { ...(await readWorkspace(db)).pipeline, params: feeble } });
    await tick();
    const second = await stored(db, 'second.csv', csv(200, 5), { now: () => Date.now() });
    await tick();
    await promote(db, 2, { actor: 'user', reason: 'for the test' });
    await tick();
    const third = await stored(db, 'third.csv', csv(200, 7), { now: () => Date.now() });

    const history = await championHistory(db);
    expect(history.markers.map((m) => [m.kind, m.version, m.actor])).toEqual([
      ['model.promoted', 1, 'auto'],
      ['model.promoted', 2, 'user'],
    ]);
    expect(history.points.map((p) => [p.name, p.version, p.metricKey])).toEqual([
      ['first.csv', null, null],
      ['second.csv', 1, 'rocAuc'],
      ['third.csv', 2, 'rocAuc'],
    ]);
    const all = (id: string, n: number) => [{ batchId: id, rows: Uint32Array.from({ length: n }, (_, i) => i) }];
    expect(history.points[0]!.value).toBeNull();
    expect(history.points[0]!.firstChampion).toEqual({ version: 1, value: rocAuc(await scoreVersionOnRows(db, 1, all(first.id, first.rows))) });
    expect(history.points[1]!.firstChampion).toBeNull();
    expect(history.points[1]!.value).toBeCloseTo(rocAuc(await scoreVersionOnRows(db, 1, all(second.id, second.rows))), 10);
    expect(history.points[2]!.value).toBeCloseTo(rocAuc(await scoreVersionOnRows(db, 2, all(third.id, third.rows))), 10);
    expect(history.points.map((p) => p.batchId)).toEqual([first.id, second.id, third.id]);
  });

  it('is empty without batches or champions', async () => {
    const { db } = freshDb();
    open.push(db);
    expect(await championHistory(db)).toEqual({ points: [], markers: [] });
  });
});
