import { describe, expect, it } from 'vitest';
import type { Column } from '../../../src/core/columns.ts';
import { defaultParams, defaultTrainConfig, type Family, type TrainConfig } from '../../../src/core/training/config.ts';
import { fitPreprocessing, transform } from '../../../src/core/training/preprocess.ts';
import { Random } from '../../../src/core/training/random.ts';
import { batchPlaces, splitRows } from '../../../src/core/training/split.ts';
import { epochWindows, rowsByChunk, tableChunks } from '../../../src/core/training/streamOrder.ts';
import { buildTable, seriesOf, type Series, type Table } from '../../../src/core/training/table.ts';
import { analyseTarget } from '../../../src/core/training/task.ts';
import { prepareStreamed, SHUFFLE_BUFFER_CHUNKS, type ChunkedTable } from '../../../src/ml/prepareStreamed.ts';
import { PREPARE_CHUNKS } from '../../../src/ml/streamedColumns.ts';
import { isStreamed, type Matrices } from '../../../src/ml/trainLoop.ts';

const CHUNK = 40;

/** A batch of `rows` rows: two numeric columns (one with missing values), a categorical one with its own dictionary and missing cells, a 3-class target. */
function batch(rows: number, seed: number, dictionary: string[]): { id: string; name: string; columns: Column[] } {
  const random = new Random(seed);
  const chunks = <T extends Float64Array | Int32Array>(make: (n: number) => T, value: () => number): T[] => {
    const out: T[] = [];
    for (let at = 0; at < rows; at += CHUNK) {
      const chunk = make(Math.min(CHUNK, rows - at));
      for (let i = 0; i < chunk.length; i++) chunk[i] = value();
      out.push(chunk);
    }
    return out;
  };
  return {
    id: `batch-${seed}`,
    name: `b${seed}.csv`,
    columns: [
      { name: 'gappy', type: 'numeric', chunks: chunks((n) => new Float64Array(n), () => (random.float() < 0.15 ? NaN : random.float() * 100 - 50)) },
      { name: 'whole', type: 'numeric', chunks: chunks((n) => new Float64Array(n), () => Math.round(random.float() * 10) - (random.float() < 0.05 ? 0 : 0.5)) },
      { name: 'colour', type: 'categorical', dictionary, chunks: chunks((n) => new Int32Array(n), () => (random.float() < 0.1 ? -1 : random.int(0, dictionary.length - 1))) },
      { name: 'target', type: 'categorical', dictionary: ['a', 'b', 'c'], chunks: chunks((n) => new Int32Array(n), () => (random.float() < 0.03 ? -1 : random.int(0, 2))) },
    ],
  };
}

const names = ['gappy', 'whole', 'colour', 'target'];
// Two batches whose dictionaries differ in order and in texts, several chunks each, the last ones short.
const batches = [batch(530, 1, ['red', 'green', 'blue', 'grey']), batch(310, 2, ['blue', 'cyan', 'red'])];
const whole = buildTable(batches, names);

/** The batches as stored chunks, held in memory: what chunkedTable gives over IndexedDB. */
const chunked: ChunkedTable = {
  rows: whole.rows,
  batches: whole.batches,
  chunks: tableChunks(whole.batches, CHUNK),
  column: async (name) => seriesOf(whole, name),
  read: async (indices, wanted) => {
    const places = batches.flatMap((b) => b.columns[0]!.chunks.map((_, chunk) => ({ b, chunk })));
    return indices.map((c): Table => {
      const { b, chunk } = places[c]!;
      const columns = new Map(
        wanted.map((name): [string, Series] => {
          const column = b.columns.find((k) => k.name === name)!;
          return [name, column.type === 'numeric' ? { name, type: 'numeric', values: column.chunks[chunk]! } : { name, type: 'categorical', dictionary: column.dictionary, codes: column.chunks[chunk]! }];
        }),
      );
      return { rows: b.columns[0]!.chunks[chunk]!.length, columns, batches: [] };
    });
  },
};

const config = (family: Family): TrainConfig => ({ ...defaultTrainConfig('target', family), features: ['gappy', 'whole', 'colour'], topK: 2, seed: 11, params: { ...defaultParams(family), epochs: 1 } });

describe('preparing features from stored chunks', () => {
  it('holds more chunks than one read, in both batches', () => {
    expect(chunked.chunks.length).toBeGreaterThan(2 * PREPARE_CHUNKS);
    expect(chunked.chunks.length).toBe(14 + 8);
  });

  for (const family of ['mlp', 'gbdt'] as const) {
    it(`${family}: read a few chunks at a time, the same preprocessing, validation and holdout inputs as from the whole columns`, async () => {
      const prepared = await prepareStreamed(chunked, config(family));
      const target = analyseTarget(seriesOf(whole, 'target'), whole.rows);
      const split = splitRows(target, config(family).shares, 11, batchPlaces(whole.batches));
      const pre = fitPreprocessing(whole, ['gappy', 'whole', 'colour'], split.train, 2, family === 'gbdt' ? 'keep' : 'impute');
      expect(pre.features[0]).toMatchObject({ kind: 'numeric', missingIndicator: family === 'mlp' });
      expect(prepared.card.preprocessing).toEqual(pre);
      expect(prepared.validationX).toEqual(transform(pre, whole, split.validation));
      expect(prepared.holdoutX).toEqual(transform(pre, whole, split.holdout));
      expect(prepared.validationRows).toEqual(split.validation);
      expect(prepared.holdoutRows).toEqual(split.holdout);
    });
  }

  it('a streamed epoch gives the rows of each seeded read in its shuffled order, each as transformed from the whole columns', async () => {
    const prepared = await prepareStreamed(chunked, config('mlp'));
    const train = prepared.data.kind === 'network' ? prepared.data.train : null;
    if (!train || !isStreamed(train)) throw new Error('expected streamed training rows');
    const target = analyseTarget(seriesOf(whole, 'target'), whole.rows);
    const split = splitRows(target, config('mlp').shares, 11, batchPlaces(whole.batches));
    const pre = prepared.card.preprocessing;
    const windows = epochWindows(rowsByChunk(chunked.chunks, split.train), SHUFFLE_BUFFER_CHUNKS, new Random(5));
    const parts: Matrices[] = [];
    for await (const part of train.epoch(new Random(5))) parts.push(part);
    expect(parts).toHaveLength(windows.length);
    parts.forEach((part, i) => {
      expect(part.x).toEqual(transform(pre, whole, windows[i]!.rows));
      expect(Array.from({ length: part.rows }, (_, r) => part.y.subarray(r * 3, r * 3 + 3).indexOf(1))).toEqual(Array.from(windows[i]!.rows, (row) => target.labels[row]));
    });
  });
});
