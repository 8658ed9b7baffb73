import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Column } from '../src/core/columns.ts';
import { defaultParams, defaultTrainConfig } from '../src/core/training/config.ts';
import { Random } from '../src/core/training/random.ts';
import { tableChunks } from '../src/core/training/streamOrder.ts';
import { buildTable, seriesOf, type Series } from '../src/core/training/table.ts';
import { prepareStreamed, type ChunkedTable } from '../src/ml/prepareStreamed.ts';
import { disposeNetwork } from '../src/ml/network.ts';
import { isStreamed, trainNetwork } from '../src/ml/trainLoop.ts';

// The streamed training path without storage: ROWS × 20 numeric columns (1% missing) held in memory as
// stored chunks of 131,072 rows, so the CPU cost of preparing features and of one streamed epoch (default
// MLP, wasm, target f19) shows on its own, whatever the row count. Says each phase's wall and CPU time on
// stderr. usage: npx tsx bench/scalePrepare.ts [ROWS]
const rows = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 131_072;
const names = Array.from({ length: 20 }, (_, j) => `f${j}`);
const random = new Random(5);
const stored = names.map((name, j): Column => {
  const chunks: Float64Array[] = [];
  for (let at = 0; at < rows; at += CHUNK) {
    const chunk = new Float64Array(Math.min(CHUNK, rows - at));
    for (let i = 0; i < chunk.length; i++) chunk[i] = j < 19 && random.float() < 0.01 ? NaN : random.float() * 10 + j;
    chunks.push(chunk);
  }
  return { name, type: 'numeric', chunks };
});
const batches = [{ id: 'b', start: 0, rows }];
const chunks = tableChunks(batches, CHUNK);
const source: ChunkedTable = {
  rows,
  batches,
  chunks,
  column: async (name) => seriesOf(buildTable([{ id: 'b', name: 'b', columns: stored.filter((c) => c.name === name) }], [name]), name),
  // A copy of each chunk, as IndexedDB hands over a new array each read.
  read: async (indices, wanted) =>
    indices.map((c) => ({
      rows: chunks[c]!.rows,
      columns: new Map(stored.filter((s) => wanted.includes(s.name)).map((s): [string, Series] => [s.name, { name: s.name, type: 'numeric', values: s.chunks[c]!.slice() as Float64Array }])),
      batches: [{ id: 'b', start: 0, rows: chunks[c]!.rows }],
    })),
};
await tf.setBackend('wasm');
const config = { ...defaultTrainConfig('f19'), features: names.slice(0, 19), params: { ...defaultParams('mlp'), epochs: 1, patience: 0 } };
let t = performance.now();
let cpu = process.cpuUsage();
const lap = (label: string): void => {
  const c = process.cpuUsage(cpu);
  process.stderr.write(`${label}: ${(performance.now() - t).toFixed(0)} ms, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
  t = performance.now();
  cpu = process.cpuUsage();
};
const prepared = await prepareStreamed(source, config, (done) => done === 1 && lap('target, split, first column'));
lap('prepared');
if (prepared.data.kind !== 'network' || !isStreamed(prepared.data.train)) throw new Error('expected streamed rows');
const outcome = await trainNetwork(prepared.data.train, prepared.data.validation, { task: prepared.target.task, params: config.params, seed: 1 });
lap(`one epoch (${prepared.counts.train} rows, loss ${outcome.history[0]!.loss.toFixed(6)})`);
let read = 0;
for await (const part of prepared.data.train.epoch(new Random(2))) read += part.rows;
lap(`reading the epoch only (${read} rows)`);
disposeNetwork(outcome.net);
process.stderr.write(`peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
