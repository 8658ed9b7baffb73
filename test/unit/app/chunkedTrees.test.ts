import { describe, expect, it } from 'vitest';
import { fitPreprocessing, transform } from '../../../src/core/training/preprocess.ts';
import { batchPlaces, splitRows } from '../../../src/core/training/split.ts';
import { seriesOf } from '../../../src/core/training/table.ts';
import { analyseTarget } from '../../../src/core/training/task.ts';
import { blocksOf, inMemory } from '../../../src/core/trees/fit.ts';
import { chunkedTable } from '../../../src/app/training/chunkedTable.ts';
import { scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { trainAndRegister, trainingTable } from '../../../src/app/training/train.ts';
import { prepareStreamed } from '../../../src/ml/prepareStreamed.ts';
import { getArtifacts } from '../../../src/storage/queries/models.ts';
import { listBatches } from '../../../src/storage/queries/batches.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTreeConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
const features = ['x1', 'x2', 'colour'];

/** Four stored batches of a three-class problem with a categorical column (one-hot: several inputs from one stored column). */
async function stock(): Promise<RelearnDb> {
  const db = newDb();
  for (let b = 0; b < 4; b++) await stored(db, `b${b}.csv`, pointsCsv('multiclass', points('multiclass', 150, b + 1), { colour: true }));
  return db;
}

describe('tree families on batches read from storage a column at a time', () => {
  it('prepare the same split, preprocessing and inputs as the in-memory path, never holding the training matrix', async () => {
    const db = await stock();
    const metas = await listBatches(db);
    const config = quickTreeConfig('gbdt', 5)({ features, seed: 3 }, { classWeight: 'balanced' });
    const { table } = await trainingTable(db, metas.map((m) => m.id), config);
    const prepared = await prepareStreamed(await chunkedTable(db, metas), config);
    if (prepared.data.kind !== 'trees') throw new Error('expected tree data');
    const { train, validation } = prepared.data;
    expect(inMemory(train)).toBe(false);

    const target = analyseTarget(seriesOf(table, 'target'), table.rows, config.task);
    const split = splitRows(target, config.shares, config.seed, batchPlaces(table.batches));
    const pre = fitPreprocessing(table, features, split.train, config.topK, 'keep');
    expect(prepared.card.preprocessing).toEqual(pre);
    expect(pre.width).toBe(6);
    expect(prepared.holdoutRows).toEqual(split.holdout);
    expect(prepared.holdoutX).toEqual(transform(pre, table, split.holdout));
    expect(validation.x).toEqual(transform(pre, table, split.validation));
    // The blocks, one stored column each, put back together are the in-memory training matrix.
    const x = transform(pre, table, split.train);
    const rebuilt = new Float32Array(x.length);
    const widths: number[] = [];
    for await (const block of blocksOf(train)) {
      widths.push(block.width);
      for (let r = 0; r < train.rows; r++) rebuilt.set(block.values.subarray(r * block.width, (r + 1) * block.width), r * pre.width + block.offset);
    }
    expect(widths).toEqual([1, 1, 4]);
    expect(rebuilt).toEqual(x);
    expect(train.y).toEqual(Float64Array.from(split.train, (r) => target.labels[r]!));
    expect(train.w).toBeDefined();
  });

  it.each(['gbdt', 'forest'] as const)('train %s to the same model, history and holdout metrics when the stream limit is lowered', async (family) => {
    const db = await stock();
    const batchIds = (await listBatches(db)).map((m) => m.id);
    const config = quickTreeConfig(family, 6)({ features, seed: 5 }, family === 'forest' ? { maxDepth: 6 } : {});
    const whole = await trainAndRegister(db, { batchIds, config });
    const chunked = await trainAndRegister(db, { batchIds, config }, { streamValues: 1 });
    expect(chunked.card).toEqual(whole.card);
    expect(chunked.training!.counts).toEqual(whole.training!.counts);
    expect(chunked.lineage).toEqual(whole.lineage);
    expect(chunked.metrics).toEqual(whole.metrics);
    expect(chunked.calibration).toEqual(whole.calibration);
    expect(chunked.importance).toEqual(whole.importance);
    const [a, b] = [await getArtifacts(db, whole.version), await getArtifacts(db, chunked.version)];
    expect(new Uint8Array(b.weightData)).toEqual(new Uint8Array(a.weightData));
    const history = (r: typeof whole) => r.training!.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss }));
    // A forest's out-of-bag training rows walk the trees by bin when their values are not held (forest.ts).
    if (family === 'gbdt') expect(history(chunked)).toEqual(history(whole));
    else expect(chunked.training!.history.map((h) => h.valLoss)).toEqual(whole.training!.history.map((h) => h.valLoss));
    expect((whole.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.8);
  });

  it('a search on columns read from storage scores every trial and picks as in memory', async () => {
    const db = await stock();
    const batchIds = (await listBatches(db)).map((m) => m.id);
    const config = quickTreeConfig('gbdt', 4)({ features, seed: 2, search: { kind: 'random', trials: 3, budgetMs: 600_000 } });
    const whole = await trainAndRegister(db, { batchIds, config });
    const chunked = await trainAndRegister(db, { batchIds, config }, { streamValues: 1 });
    const trials = (r: typeof whole) => r.training!.trials.map((t) => ({ params: t.params, valLoss: t.valLoss, status: t.status }));
    expect(trials(chunked)).toEqual(trials(whole));
    expect(trials(whole).every((t) => t.status === 'done')).toBe(true);
    expect(chunked.card.params).toEqual(whole.card.params);
  });

  it('scores stored rows a chunk at a time, in the order given', async () => {
    const db = await stock();
    const batchIds = (await listBatches(db)).map((m) => m.id);
    const model = await trainAndRegister(db, { batchIds, config: quickTreeConfig('gbdt', 4)({ features, seed: 5 }) });
    const holdout = model.lineage.holdout;
    const scored = await scoreVersionOnRows(db, model.version, holdout);
    expect(scored.metrics).toEqual(model.metrics);
    const reversed = await scoreVersionOnRows(db, model.version, holdout.map((part) => ({ ...part, rows: part.rows.slice().reverse() })));
    const rows = holdout.reduce((n, p) => n + p.rows.length, 0);
    const k = 3;
    let at = 0;
    for (const part of holdout) {
      for (let i = 0; i < part.rows.length; i++) {
        const j = at + part.rows.length - 1 - i;
        expect(Array.from(reversed.outputs.subarray(j * k, j * k + k))).toEqual(Array.from(scored.outputs.subarray((at + i) * k, (at + i) * k + k)));
      }
      at += part.rows.length;
    }
    expect(at).toBe(rows);
  });
});
