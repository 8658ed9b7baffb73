import * as tf from '@tensorflow/tfjs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import { buildTable } from '../../../src/core/training/table.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { loadScorer } from '../../../src/ml/scorer.ts';
import { predictTable, scoreOutputs } from '../../../src/ml/evaluate.ts';
import { TrainingCancelled } from '../../../src/ml/trainLoop.ts';
import { loadColumns } from '../../../src/storage/queries/batches.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { getArtifacts, getModel, listModels } from '../../../src/storage/queries/models.ts';
import { exportModel, importModel, scoreBatch } from '../../../src/app/training/score.ts';
import { trainAndRegister, trainingTable } from '../../../src/app/training/train.ts';
import { rejection } from '../helpers/csv.ts';
import { dbPerTest, snapshot, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = quickTrainConfig(15);

/** Two stored batches of the binary problem, 120 and 90 rows, with an extra categorical column. */
async function twoBatches(db: RelearnDb): Promise<[BatchMeta, BatchMeta]> {
  const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 120, 1), { colour: true }));
  const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 90, 2), { colour: true }));
  return [one, two];
}

describe('trainAndRegister', () => {
  it('registers version 1 then 2, with lineage, an event each, and metrics equal to re-scoring the holdout rows', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const phases = new Set<string>();
    // Asked in the reverse order: batches are taken in arrival order.
    const first = await trainAndRegister(db, { batchIds: [two.id, one.id], config: config() }, { onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['preparing', 'training', 'evaluating', 'saving']);
    const second = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config({ seed: 7 }) });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect((await listModels(db)).map((m) => m.version)).toEqual([2, 1]);

    expect(first).toMatchObject({ formatVersion: 1, source: 'trained', card: { task: 'binary', target: 'target', classes: ['no', 'yes'] } });
    expect(first.card.preprocessing.features.map((f) => f.name)).toEqual(['x1', 'x2', 'colour']);
    expect(first.lineage.batches).toEqual([
      { id: one.id, name: 'one.csv', rows: 120 },
      { id: two.id, name: 'two.csv', rows: 90 },
    ]);
    expect(first.training).toMatchObject({ backend: 'cpu', stopReason: 'epochs', trials: [] });
    const { counts } = first.training!;
    expect(counts.train + counts.validation + counts.holdout).toBe(210);
    expect(counts.missingTarget).toBe(0);
    expect(Math.abs(counts.holdout - 42)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.validation - 21)).toBeLessThanOrEqual(1);
    expect(first.training!.history).toHaveLength(15);

    for (const model of [first, second]) {
      const holdout = model.lineage.holdout;
      // The newest labelled rows: 42 holdout rows fit in half of the newest batch (90 rows).
      expect(holdout.map((h) => h.batchId)).toEqual([two.id]);
      expect(holdout.reduce((n, h) => n + h.rows.length, 0)).toBe(model.training!.counts.holdout);
      for (const part of holdout) {
        const rows = Array.from(part.rows);
        const batchRows = part.batchId === one.id ? 120 : 90;
        expect(rows.every((r) => Number.isInteger(r) && r >= 0 && r < batchRows)).toBe(true);
        expect(rows).toEqual([...new Set(rows)].sort((a, b) => a - b));
      }
    }
    expect(second.lineage.holdout).not.toEqual(first.lineage.holdout);

    // Re-score each version's holdout rows from what is stored: the stored artifacts, the stored batches.
    for (const model of [first, second]) {
      const artifacts = await getArtifacts(db, model.version);
      expect(artifacts.card).toEqual(model.card);
      const metas = [one, two];
      const batches = await Promise.all(metas.map(async (m) => ({ id: m.id, name: m.name, columns: await loadColumns(db, m) })));
      const table = buildTable(batches, ['target', 'x1', 'x2', 'colour']);
      const rows = model.lineage.holdout.flatMap((h) => Array.from(h.rows, (r) => r + table.batches.find((b) => b.id === h.batchId)!.start));
      const loaded = await loadScorer(artifacts);
      const { outputs } = await predictTable(loaded, model.card, table, rows);
      loaded.dispose();
      const target = table.columns.get('target')!;
      if (target.type !== 'categorical') throw new Error('target should be categorical');
      const labels = rows.map((r) => model.card.classes!.indexOf(target.dictionary[target.codes[r]!]!));
      expect(scoreOutputs(model.card, outputs, labels).metrics).toEqual(model.metrics);
    }
    expect((first.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.85);

    const events = (await db.events.orderBy('seq').toArray()).filter((e) => e.kind.startsWith('model.'));
    expect(events.map((e) => [e.kind, (e.details as { version: number }).version])).toEqual([
      ['model.trained', 1],
      ['model.trained', 2],
    ]);
    expect(events[0]!.details).toEqual({ version: 1, runId: null, reason: 'trained by hand in Models', metrics: first.metrics, batches: [one.id, two.id] });
    expect(events[0]!.summary).toMatch(/^Version 1 trained: MLP binary on "target" from 2 batches, holdout ROC AUC \d\.\d{2,3}$/);
    expect(events[0]!.at).toBe(first.createdAt);
  });

  it('a cancelled training registers nothing: no model, no artifacts, no event', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const before = await snapshot(db);
    const controller = new AbortController();
    const error = await rejection(
      trainAndRegister(
        db,
        { batchIds: [one.id, two.id], config: config({ params: { ...config().params, epochs: 10_000 } }) },
        { signal: controller.signal, onProgress: (p) => p.epoch?.epoch === 2 && controller.abort() },
      ),
    );
    expect(error).toBeInstanceOf(TrainingCancelled);
    expect(await db.models.count()).toBe(0);
    expect(await db.modelArtifacts.count()).toBe(0);
    expect(await snapshot(db)).toEqual(before);
  });

  it('bad input registers nothing and says what to change', async () => {
    const db = newDb();
    const [one] = await twoBatches(db);
    const before = await snapshot(db);
    const error = await rejection(trainAndRegister(db, { batchIds: [one.id], config: config({ shares: { holdout: 0.5, validation: 0.45 } }) }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toBe('holdout and validation together must leave at least 10% of the rows for training');
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('trainingTable', () => {
  it('takes the features every chosen batch has, in arrival order', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 30, 1)));
    const two = await stored(db, 'two.csv', pointsCsv('binary', points('binary', 20, 2), { colour: true }));
    const { table, metas } = await trainingTable(db, [two.id, one.id], config());
    expect(metas.map((m) => m.name)).toEqual(['one.csv', 'two.csv']);
    expect([...table.columns.keys()]).toEqual(['target', 'x1', 'x2']);
    expect(table.batches).toEqual([
      { id: one.id, start: 0, rows: 30 },
      { id: two.id, start: 30, rows: 20 },
    ]);
  });

  it('refuses no batch, a batch no longer stored, a batch without the target', async () => {
    const db = newDb();
    const one = await stored(db, 'one.csv', pointsCsv('binary', points('binary', 30, 1)));
    const other = await stored(db, 'other.csv', pointsCsv('binary', points('binary', 30, 3), { target: 'label' }));
    const message = async (ids: string[]) => {
      const error = await rejection(trainingTable(db, ids, config()));
      expect(error).toBeInstanceOf(TrainingInputError);
      return (error as Error).message;
    };
    expect(await message([])).toBe('choose at least one batch to train on');
    expect(await message([one.id, 'f'.repeat(64)])).toBe('batch ffffffffffff… is no longer stored');
    expect(await message([one.id, other.id])).toBe('batch "other.csv" has no column "target" to use as the target');
  });
});

describe('scoreBatch, exportModel, importModel', () => {
  it('scores a stored batch: predictions CSV with the batch`s columns, prediction and a probability per class; metrics where the target is known', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const model = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config() });
    const scored = await scoreBatch(db, model.version, one.id);
    expect(scored).toMatchObject({ fileName: 'one-predictions-v1.csv', rows: 120, labelledRows: 120 });
    const rows = Papa.parse<string[]>(scored.csvParts.join(''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['x1', 'x2', 'colour', 'target', 'prediction', 'probability_no', 'probability_yes']);
    expect(rows).toHaveLength(121);
    for (const row of rows.slice(1)) {
      const [no, yes] = [Number(row[5]), Number(row[6])];
      expect(no + yes).toBeCloseTo(1, 6);
      expect(row[4]).toBe(yes > no ? 'yes' : 'no');
    }
    // The metrics are those of the CSV's own predictions against the batch's target.
    const correct = rows.slice(1).filter((r) => r[4] === r[3]).length;
    expect(scored.metrics).toMatchObject({ accuracy: correct / 120 });

    // A batch without the target: predictions only.
    const unlabelled = await stored(db, 'new.csv', pointsCsv('binary', points('binary', 25, 9), { colour: true }).replace(/,(yes|no)$/gm, '').replace(',target', ''));
    const blind = await scoreBatch(db, model.version, unlabelled.id);
    expect(blind).toMatchObject({ fileName: 'new-predictions-v1.csv', rows: 25, metrics: null, labelledRows: 0 });
    expect(blind.csvParts[0]).toBe('x1,x2,colour,prediction,probability_no,probability_yes\r\n');
  });

  it('rows whose class the model never saw are left out of the metrics, not of the predictions', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const model = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config() });
    const csv = pointsCsv('binary', points('binary', 30, 4), { colour: true })
      .split('\n')
      .map((line, i) => (i > 0 && i <= 5 ? line.replace(/(yes|no)$/, 'maybe') : line))
      .join('\n');
    const odd = await stored(db, 'odd.csv', csv);
    const scored = await scoreBatch(db, model.version, odd.id);
    expect(scored).toMatchObject({ rows: 30, labelledRows: 25 });
    expect(scored.metrics).not.toBeNull();
  });

  it('refuses a batch without a feature the version needs, naming it', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const model = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config() });
    const bare = await stored(db, 'bare.csv', pointsCsv('binary', points('binary', 20, 5)));
    const error = await rejection(scoreBatch(db, model.version, bare.id));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect((error as Error).message).toBe('batch "bare.csv" lacks "colour", which version 1 needs');
  });

  it('an exported model imports as a new version (source "imported") that predicts the same', async () => {
    const db = newDb();
    const [one, two] = await twoBatches(db);
    const trained = await trainAndRegister(db, { batchIds: [one.id, two.id], config: config() });
    const files = await exportModel(db, trained.version);
    const imported = await importModel(db, files.modelJson, files.weights.slice(0), 'model.json');
    expect(imported).toMatchObject({ version: 2, source: 'imported', card: trained.card, metrics: null, training: null, lineage: { batches: [], holdout: [] } });
    expect(imported.sizeBytes).toBe(trained.sizeBytes);
    expect(await getModel(db, 2)).toEqual(imported);
    const event = (await db.events.orderBy('seq').toArray()).at(-1)!;
    expect(event).toMatchObject({ kind: 'model.imported', summary: 'Version 2 imported from "model.json": binary on "target"', details: { version: 2, metrics: null, batches: [] } });
    const a = await scoreBatch(db, 1, two.id);
    const b = await scoreBatch(db, 2, two.id);
    expect(b.csvParts).toEqual(a.csvParts);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.fileName).toBe('two-predictions-v2.csv');
  });

  it('importing files that do not fit stores nothing', async () => {
    const db = newDb();
    const [one] = await twoBatches(db);
    await trainAndRegister(db, { batchIds: [one.id], config: config() });
    const files = await exportModel(db, 1);
    const before = await snapshot(db);
    await expect(importModel(db, files.modelJson, files.weights.slice(0, 8), 'model.json')).rejects.toThrow(/weights\.bin has 8 bytes/);
    await expect(importModel(db, '{}', files.weights, 'model.json')).rejects.toThrow(/not a tfjs layers model/);
    expect(await snapshot(db)).toEqual(before);
  });
});
