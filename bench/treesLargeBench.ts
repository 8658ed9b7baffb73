import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure, out } from './common.ts';
import { numericCsv } from './generate.ts';
import { printGrid } from './table.ts';

// BENCH_ONLY=treescale: a gbdt training (10 iterations, target f20) on a stored N × 20 batch, each size and
// path in a Node process of its own (bench/treesLarge.ts): the batch held as one table, or read from storage
// a column at a time as batches over 60,000,000 values are. BENCH_SCALE_5M=1 adds 5,000,000 rows (chunked
// only; about 2 GB of CSV, run under /tmp/heavy.lock, deleted afterwards).

const BIG = 5_000_000;
const SIZES = [100_000, 1_000_000, ...(process.env.BENCH_SCALE_5M === '1' ? [BIG] : [])];

interface LargeRun {
  rows: number;
  mode: 'memory' | 'chunked';
  ms: number;
  fitMs: number;
  peakMb: number;
}

function runOne(csv: string, mode: LargeRun['mode']): LargeRun {
  const script = fileURLToPath(new URL('./treesLarge.ts', import.meta.url));
  // No flock here: the 5M run goes under an outer `flock /tmp/heavy.lock`, which a child's would wait on for ever.
  const command = ['node', '--expose-gc', '--import', 'tsx', script, csv, mode];
  // Large buffers mapped on their own, so memory freed after the upload is given back and the peak is the training's.
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '0' };
  const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`treesLarge.ts ${mode} exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as LargeRun;
}

export async function treesLargeSection(): Promise<void> {
  console.log('tree scale benchmark: one gbdt training (10 iterations, regression on f20) of a stored N × 20 batch through trainAndRegister in Node (fake-indexeddb), one run each');
  const cells: string[][] = [];
  for (const rows of SIZES) {
    const csv = await measure(`treescale ${rows}: writing the CSV (once)`, () => numericCsv(`${out}trees-large-${rows}x21.csv`, rows, 21, { seed: 3 }));
    try {
      for (const mode of rows >= BIG ? (['chunked'] as const) : (['memory', 'chunked'] as const)) {
        const run = await measure(`treescale ${rows}: gbdt, ${mode}`, () => runOne(csv, mode));
        cells.push([rows.toLocaleString('en-US'), mode === 'memory' ? 'one table in memory' : 'a column at a time from storage', `${(run.ms / 1000).toFixed(1)} s`, `${(run.fitMs / 1000).toFixed(1)} s`, `${run.peakMb.toFixed(0)} MB`]);
      }
    } finally {
      if (rows >= BIG) rmSync(csv, { force: true });
    }
  }
  printGrid(['rows', 'batch read as', 'training call', 'gbdt fit', 'peak'], cells);
  console.log('\npeak: the rise of the process\'s resident memory during the training call, over the process at rest with the batch stored. The training call adds reading, preparing, scoring the holdout and saving to the fit.');
}
