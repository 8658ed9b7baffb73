import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ingestBatch } from '../src/app/ingest/ingest.ts';
import { STREAM_VALUES } from '../src/app/training/chunkedTable.ts';
import { trainAndRegister } from '../src/app/training/train.ts';
import { defaultParams, defaultTrainConfig } from '../src/core/training/config.ts';
import { RelearnDb } from '../src/storage/db.ts';

// One gbdt training on a stored N × 20 batch (target f20) in this process, through trainAndRegister as the
// page's worker runs it, on fake-indexeddb: `memory` holds the batch as one table (today's path below
// STREAM_VALUES values), `chunked` reads it from storage a column at a time. Prints one JSON line: the
// training's time and its peak resident memory above the process at rest with the batch stored.
// usage: node --expose-gc --import tsx bench/treesLarge.ts CSV memory|chunked [iterations]

const [csv, mode, iterations = '10'] = process.argv.slice(2);
if (!csv || (mode !== 'memory' && mode !== 'chunked')) throw new Error('usage: treesLarge.ts CSV memory|chunked [iterations]');

/** Resident memory now and its high-water mark since the last reset (Linux: /proc/self/status), in MB. */
const memory = (): { rss: number; peak: number } => {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};
const settle = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
  // Resets VmHWM to the current resident size.
  writeFileSync('/proc/self/clear_refs', '5');
};

const db = new RelearnDb('trees-large', { indexedDB: new IDBFactory(), IDBKeyRange });
const outcome = await ingestBatch(db, createReadStream(csv, { highWaterMark: 1 << 20 }), { name: 'large.csv', size: statSync(csv).size });
if (outcome.status !== 'stored') throw new Error(`the batch was not stored: ${outcome.status}`);
const config = { ...defaultTrainConfig('f20', 'gbdt'), task: 'regression' as const, params: { ...defaultParams('gbdt'), epochs: Number(iterations), patience: 0 } };
settle();
const rest = memory().rss;
const started = performance.now();
const model = await trainAndRegister(db, { batchIds: [outcome.batch.id], config }, mode === 'chunked' ? { streamValues: 1 } : { streamValues: STREAM_VALUES * 1000 });
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ rows: outcome.batch.rows, mode, ms, fitMs: model.training!.trainMs, peakMb: memory().peak - rest, restMb: rest, r2: (model.metrics as { r2?: number }).r2 ?? null })}\n`,
);
