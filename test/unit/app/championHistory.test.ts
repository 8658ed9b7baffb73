import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { championHistory } from '../../../src/app/training/championHistory.ts';
import { scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { freshDb } from '../helpers/storage.ts';
import { championScenario } from '../helpers/championScenario.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: RelearnDb[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
});

const rocAuc = (scored: { metrics: unknown }): number => (scored.metrics as { rocAuc: number }).rocAuc;

describe('champion history', () => {
  it('scores each labeled batch with the champion of its arrival time, with promotions as markers', async () => {
    const { db } = freshDb();
    open.push(db);
    const { first, second, third } = await championScenario(db);
    expect(await championVersion(db)).toBe(2);

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
