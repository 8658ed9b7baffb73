import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScaleRun, ScaleStep } from './browserScale.ts';
import { measure, out } from './common.ts';
import { driftCsvPair } from './generate.ts';
import { printGrid } from './table.ts';

/** Columns of every scale row: the issue's 5,000,000 × 20 batch and its smaller siblings. */
const COLUMNS = 20;
const BIG = 5_000_000;
/**
 * 100k and 1M rows by default; BENCH_SCALE_5M=1 adds 5M (about 1.9 GB of CSV a side, run under /tmp/heavy.lock).
 * BENCH_SCALE_ROWS (sizes, comma-separated) measures those instead: 2000000 is the smallest whose epoch streams.
 */
const SIZES = process.env.BENCH_SCALE_ROWS
  ? process.env.BENCH_SCALE_ROWS.split(',').map(Number)
  : [100_000, 1_000_000, ...(process.env.BENCH_SCALE_5M === '1' ? [BIG] : [])];

/**
 * One size in a fresh Node process (bench/scaleRow.ts), so a crash or the memory of one size stays its own.
 * The 5M row takes no lock itself: the whole bench runs under /tmp/heavy.lock then, and a second flock of
 * the same file from this child would wait for its own parent for ever.
 */
function runSize(reference: string, current: string): ScaleRun {
  const script = fileURLToPath(new URL('./scaleRow.ts', import.meta.url));
  // Its stderr passes through: each step's end is said as it comes (the 5M row runs for many minutes).
  const run = spawnSync('npx', ['tsx', script, reference, current], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`scale row exited with ${run.status} (its errors are above)`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as ScaleRun;
}

const seconds = (s: ScaleStep): string => (s.failure ? `failed: ${s.failure}` : `${(s.ms / 1000).toFixed(1)} s`);
const memory = (s: ScaleStep): string => (Number.isFinite(s.peakRssMb) ? `${s.topRssMb.toFixed(0)} MB (+${s.peakRssMb.toFixed(0)})` : '—');

/** How a step's time grew from one size to the next, against the growth in rows (1.0 per row: linear). */
function growth(sizes: number[], runs: ScaleRun[], pick: (r: ScaleRun) => ScaleStep): string {
  const parts: string[] = [];
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [pick(runs[i - 1]!), pick(runs[i]!)];
    if (a.failure || b.failure) continue;
    const rows = sizes[i]! / sizes[i - 1]!;
    parts.push(`×${rows} rows → ×${(b.ms / a.ms).toFixed(1)} time (${((b.ms / a.ms) / rows).toFixed(2)} per row)`);
  }
  return parts.join(', ') || 'no two sizes measured';
}

export async function scaleSection(): Promise<void> {
  console.log(`scale benchmark: a reference and a current batch of N × ${COLUMNS} uploaded through the page, the current one checked for drift, one epoch of the default MLP on both (target f19, wasm chosen by hand: no backend probe); one run each`);
  const runs: ScaleRun[] = [];
  for (const rows of SIZES) {
    const label = `${rows.toLocaleString('en-US')} × ${COLUMNS}`;
    const pair = await measure(`scale ${label}: writing the CSV pair (once)`, () => driftCsvPair(out, rows, COLUMNS));
    try {
      const run = await measure(`scale ${label}: upload, drift check, one epoch in Chromium`, () => runSize(pair.reference, pair.current));
      // Each size said as it ends: the 5M row can take long enough for the earlier ones to be wanted first.
      process.stderr.write(`  ${label}: ${JSON.stringify(run)}\n`);
      runs.push(run);
    } finally {
      // The 5M files are about 1.9 GB each: not left behind.
      if (rows >= BIG) for (const file of [pair.reference, pair.current, pair.current.replace(/\.csv$/, '-again.csv')]) rmSync(file, { force: true });
    }
  }
  printGrid(
    ['rows', 'upload (reference)', 'peak', 'drift check (cold)', 'peak', 'one epoch', 'training call', 'peak'],
    runs.map((r, i) => [SIZES[i]!.toLocaleString('en-US'), seconds(r.upload), memory(r.upload), seconds(r.drift), memory(r.drift), seconds(r.epoch), seconds(r.training), memory(r.training)]),
  );
  console.log('\npeak: the highest resident memory of every Chromium process together during the step, and (+) its rise over the step\'s start (the drift step includes uploading the current batch).');
  console.log(`storage: the page's quota (navigator.storage.estimate(), profile on disk) and its usage after training: ${runs.map((r, i) => `${SIZES[i]!.toLocaleString('en-US')}: quota ${(r.storage.quotaMb / 1024).toFixed(1)} GiB, used ${r.storage.usageMb.toFixed(0)} MB`).join('; ')}`);
  console.log(`one epoch trains on both batches' training rows (70%); from ${(60_000_000).toLocaleString('en-US')} values on, rows stream from IndexedDB in shuffled chunks; the training call adds reading, preparing, scoring the holdout and saving.`);
  console.log('how cost grows (linear is the goal):');
  for (const [name, pick] of [
    ['upload', (r: ScaleRun) => r.upload],
    ['drift check', (r: ScaleRun) => r.drift],
    ['one epoch', (r: ScaleRun) => r.epoch],
    ['training call', (r: ScaleRun) => r.training],
  ] as const) {
    console.log(`  ${name}: ${growth(SIZES, runs, pick)}`);
  }
}
