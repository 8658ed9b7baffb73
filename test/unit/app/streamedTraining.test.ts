import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPreprocessing, transform } from '../../../src/core/training/preprocess.ts';
import { Random } from '../../../src/core/training/random.ts';
import { batchPlaces, splitRows } from '../../../src/core/training/split.ts';
import { seriesOf } from '../../../src/core/training/table.ts';
import { analyseTarget } from '../../../src/core/training/task.ts';
import { chunkedTable, STREAM_VALUES, streamedInputs, streamsTraining, type Reader, type StreamRead } from '../../../src/app/training/chunkedTable.ts';
import { readerPool } from '../../../src/app/training/readerPool.ts';
import { trainingTable } from '../../../src/app/training/train.ts';
import { prepareStreamed, type ChunkedTable } from '../../../src/ml/prepareStreamed.ts';
import { isStreamed, type Matrices } from '../../../src/ml/trainLoop.ts';
import { trainModel } from '../../../src/ml/trainModel.ts';
import { listBatches } from '../../../src/storage/queries/batches.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';
import { points, pointsCsv, quickTrainConfig } from '../helpers/training.ts';

const newDb = dbPerTest();
const config = quickTrainConfig(3)({ features: ['x1', 'x2', 'colour'], seed: 4 });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Stored batches (five unless given) of a three-class problem (each batch one stored chunk), read as a table and as chunks. */
async function batches(count = 5) {
  const db = newDb();
  for (let b = 0; b < count; b++) await stored(db, `b${b}.csv`, pointsCsv('multiclass', points('multiclass', 120, b + 1), { colour: true }));
  const metas = await listBatches(db);
  const { table } = await trainingTable(db, metas.map((m) => m.id), config);
  return { db, metas, table, chunked: await chunkedTable(db, metas) };
}

/** One streamed epoch of the source's training rows, as read with this seed. */
async function epochOf(source: ChunkedTable, seed: number): Promise<Matrices[]> {
  const prepared = await prepareStreamed(source, config);
  const train = prepared.data.kind === 'network' ? prepared.data.train : null;
  if (!train || !isStreamed(train)) throw new Error('expected streamed training rows');
  const parts: Matrices[] = [];
  for await (const part of train.epoch(new Random(seed))) parts.push(part);
  return parts;
}

const valuesOf = (parts: Matrices[]) => parts.map((m) => [m.rows, Array.from(m.x), Array.from(m.y)]);

/** Each row of the matrices as text, sorted: the same rows in any order give the same list. */
const rowKeys = (parts: Matrices[]): string[] =>
  parts.flatMap((m) => Array.from({ length: m.rows }, (_, r) => `${m.x.subarray(r * m.inputs, (r + 1) * m.inputs).join()}|${m.y.subarray(r * m.outputs, (r + 1) * m.outputs).join()}`)).sort();

describe('training streamed from stored chunks', () => {
  it('batches of more than STREAM_VALUES values (or the limit given) are read in chunks', async () => {
    const { metas } = await batches();
    const rows = metas.reduce((n, m) => n + m.rows, 0);
    const columns = Math.ceil(STREAM_VALUES / rows) + 1;
    expect(streamsTraining(metas, columns)).toBe(true);
    expect(streamsTraining(metas, 4)).toBe(false);
    expect(streamsTraining(metas, 4, rows * 4 - 1)).toBe(true);
    expect(streamsTraining(metas, 4, rows * 4)).toBe(false);
  });

  it('an epoch reads every training row once, as the in-memory path would make it, in a seeded order', async () => {
    const { table, chunked } = await batches();
    expect(chunked.chunks.map((c) => c.rows)).toEqual([120, 120, 120, 120, 120]);
    const prepared = await prepareStreamed(chunked, config);
    const train = prepared.data.kind === 'network' ? prepared.data.train : null;
    if (!train || !isStreamed(train)) throw new Error('expected streamed training rows');
    const epoch = async (seed: number): Promise<Matrices[]> => {
      const parts: Matrices[] = [];
      for await (const part of train.epoch(new Random(seed))) parts.push(part);
      return parts;
    };
    const first = await epoch(3);
    // Four chunks a read: 5 chunks are 2 reads.
    expect(first).toHaveLength(2);
    expect(first.reduce((n, m) => n + m.rows, 0)).toBe(prepared.counts.train);

    const target = analyseTarget(seriesOf(table, 'target'), table.rows, config.task);
    const split = splitRows(target, config.shares, config.seed, batchPlaces(table.batches));
    const pre = fitPreprocessing(table, ['x1', 'x2', 'colour'], split.train);
    expect(prepared.card.preprocessing).toEqual(pre);
    expect(prepared.holdoutX).toEqual(transform(pre, table, split.holdout));
    const y = new Float32Array(split.train.length * 3);
    split.train.forEach((row, i) => (y[i * 3 + target.labels[row]!] = 1));
    expect(rowKeys(first)).toEqual(rowKeys([{ rows: split.train.length, inputs: pre.width, outputs: 3, x: transform(pre, table, split.train), y }]));

    expect((await epoch(3)).map((m) => Array.from(m.x))).toEqual(first.map((m) => Array.from(m.x)));
    expect((await epoch(4)).map((m) => Array.from(m.x))).not.toEqual(first.map((m) => Array.from(m.x)));
  });

  it('trains a network on the chunks: the same split, preprocessing and holdout as in memory, and it learns', async () => {
    const { table, chunked } = await batches();
    const inMemory = await trainModel({ table, config });
    const said: string[] = [];
    const streamedModel = await trainModel({ table: chunked, config, onProgress: (p) => p.phase === 'preparing' && said.push(p.message) });
    // Each feature column read from storage is said as it is done: at 5M rows a batch this takes minutes.
    expect(said).toEqual(['Preparing features', ...[1, 2, 3].map((n) => `Preparing features: ${n} of 3 columns read from storage`)]);
    expect(streamedModel.card.preprocessing).toEqual(inMemory.card.preprocessing);
    expect(streamedModel.counts).toEqual(inMemory.counts);
    expect(streamedModel.holdoutRows).toEqual(inMemory.holdoutRows);
    expect(streamedModel.history).toHaveLength(3);
    expect((streamedModel.evaluation.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.8);
  });

  it('an epoch whose reads a reader makes (as the reader worker gets them: cloned) is the same, value for value, and so is the model', async () => {
    const { db, metas, chunked } = await batches();
    const asked: StreamRead[] = [];
    const viaReader = await chunkedTable(db, metas, (read) => {
      asked.push(read);
      return streamedInputs(db, structuredClone(read));
    });
    const here = await epochOf(chunked, 3);
    expect(asked).toHaveLength(0);
    const there = await epochOf(viaReader, 3);
    expect(asked.map((read) => read.chunks.length)).toEqual([4, 1]);
    expect(valuesOf(there)).toEqual(valuesOf(here));

    const [a, b] = [await trainModel({ table: chunked, config }), await trainModel({ table: viaReader, config })];
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    expect(b.evaluation.metrics).toEqual(a.evaluation.metrics);
  });

  it('two readers (each read to the one with fewer in flight, answers out of order) give the same epochs and model as one reader and as none', async () => {
    const { db, metas, chunked } = await batches(12);
    const made: string[] = [];
    // As a reader worker gets a read (cloned); `slow` answers after `quick` has answered a later read.
    const reader = (name: string, lateMs: number): Reader => async (read) => {
      made.push(name);
      const x = await streamedInputs(db, structuredClone(read));
      await new Promise((resolve) => setTimeout(resolve, lateMs));
      return x;
    };
    const one = await chunkedTable(db, metas, readerPool([reader('only', 0)]));
    const two = await chunkedTable(db, metas, readerPool([reader('slow', 30), reader('quick', 0)]));
    const none = await epochOf(chunked, 3);
    expect(none).toHaveLength(3);
    expect(valuesOf(await epochOf(one, 3))).toEqual(valuesOf(none));
    made.length = 0;
    expect(valuesOf(await epochOf(two, 3))).toEqual(valuesOf(none));
    // Three reads in flight at once: the first and third to `slow`, the second to `quick`.
    expect(made).toEqual(['slow', 'quick', 'slow']);

    const models = [await trainModel({ table: chunked, config }), await trainModel({ table: one, config }), await trainModel({ table: two, config })];
    for (const model of models.slice(1)) {
      expect(model.history.map((h) => h.loss)).toEqual(models[0]!.history.map((h) => h.loss));
      expect(model.evaluation.metrics).toEqual(models[0]!.evaluation.metrics);
    }
  });
});
