import { rmSync, statSync } from 'node:fs';
import { browserIngest } from './browserIngest.ts';
import { storageLine } from './freshProfile.ts';
import { inChildProcess, mb, measure, measureRuns, out, RUNS } from './common.ts';
import { numericCsv } from './generate.ts';
import { pandasReadCsv, pythonHas } from './pandas.ts';
import { median, printTable, type BenchRow } from './table.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** BENCH_BIG=1 adds the larger-than-comfortable upload: 5,000,000 × 20 (about 1.9 GB), one run, under /tmp/heavy.lock. */
const BIG = process.env.BENCH_BIG === '1';
const BIG_ROWS = 5_000_000;

export async function ingestSection(): Promise<void> {
  const file = await measure('ingest: writing the CSV (once)', () => numericCsv(`${out}numeric-${ROWS}x21.csv`, ROWS, 21));
  const bytes = statSync(file).size;
  const size = `${ROWS.toLocaleString('en-US')} × 21, ${(bytes / 1e6).toFixed(0)} MB`;
  const rate = (ms: number): string => `${(ROWS / (ms / 1000) / 1e3).toFixed(0)}k rows/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

  console.log(`ingest benchmark: ${file} (${size}), ${RUNS} runs each`);
  const pandas = pythonHas('pandas') ? await measureRuns('ingest: pandas.read_csv', RUNS, () => pandasReadCsv(file)) : [];
  const pandasMs = pandas.length ? median(pandas.map((p) => p.ms)) : undefined;
  const versusPandas = (ms: number): Pick<BenchRow, 'reference' | 'ratio'> =>
    pandasMs === undefined
      ? { reference: 'pandas not installed (/usr/bin/python3)' }
      : { reference: `pandas.read_csv ${(pandasMs / 1000).toFixed(2)} s`, ratio: `${(pandasMs / ms).toFixed(2)}× pandas throughput` };

  type NodeRun = { readers: number; readMs: number; totalMs: number; peakRssMb: number };
  const nodeOne = await measureRuns('ingest: Node CSV → columns, one reader', RUNS, () => inChildProcess<NodeRun>('./nodeIngest.ts', file, 'one'));
  const node = await measureRuns('ingest: Node CSV → columns + quality report, the CLI\'s threads', RUNS, () => inChildProcess<NodeRun>('./nodeIngest.ts', file, 'threads'));
  const browser = await measure(`ingest: Chromium worker upload, ${RUNS} runs`, () => browserIngest(file, RUNS));

  const rows: BenchRow[] = [];
  if (pandas.length) rows.push({ measured: 'pandas.read_csv (reference)', size, medianMs: pandasMs as number, throughput: rate(pandasMs as number), peakMemory: mb(pandas.map((p) => p.peakRssMb)) });
  for (const [label, runs] of [
    ['Node: CSV → columns, one reader', nodeOne.map((n) => ({ ms: n.readMs, mem: n.peakRssMb }))],
    [`Node: CSV → columns, ${node.map((n) => n.readers).join('/')} threads (the CLI)`, node.map((n) => ({ ms: n.readMs, mem: n.peakRssMb }))],
    ['Node: CSV → columns + quality report (the CLI)', node.map((n) => ({ ms: n.totalMs, mem: n.peakRssMb }))],
    ['Chromium worker: CSV → columns', browser.map((b) => ({ ms: b.readMs, mem: b.peakRssMb }))],
    ['Chromium worker: whole upload (+ report, IndexedDB)', browser.map((b) => ({ ms: b.totalMs, mem: b.peakRssMb }))],
  ] as const) {
    const ms = median(runs.map((r) => r.ms));
    rows.push({ measured: label, size, medianMs: ms, throughput: rate(ms), peakMemory: mb(runs.map((r) => r.mem)), ...versusPandas(ms) });
  }
  printTable(rows);
  const step = (pick: (b: (typeof browser)[number]) => number): string => `${(median(browser.map(pick)) / 1000).toFixed(2)} s`;
  console.log(`\nChromium: ${browser.map((b) => b.readers).join(', ')} readers (workers parsing at once) in the runs; ${storageLine()}`);
  console.log(`\nChromium upload by step (medians): read ${step((b) => b.readMs)}, quality report ${step((b) => b.profileMs)}, validation ${step((b) => b.validateMs)}, IndexedDB write ${step((b) => b.storeMs)}`);
  if (BIG) await bigUpload();
  console.log('\npeak memory: Node and pandas = the process\'s max RSS; Chromium = rise in RSS of all its processes during the upload.');
}

/**
 * One upload of a 5,000,000 × 20 CSV through the page, beside one pandas.read_csv of it. The file is
 * written for the run and deleted after it, whatever happens (run the bench under `flock /tmp/heavy.lock`).
 */
async function bigUpload(): Promise<void> {
  const path = `${out}numeric-${BIG_ROWS}x20.csv`;
  try {
    const file = await measure('ingest: writing the 5,000,000 × 20 CSV', () => numericCsv(path, BIG_ROWS, 20));
    const bytes = statSync(file).size;
    const size = `${BIG_ROWS.toLocaleString('en-US')} × 20, ${(bytes / 1e6).toFixed(0)} MB`;
    const rate = (ms: number): string => `${(BIG_ROWS / (ms / 1000) / 1e3).toFixed(0)}k rows/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    const pandas = pythonHas('pandas') ? await measure('ingest: pandas.read_csv, 5,000,000 × 20', () => pandasReadCsv(file)) : undefined;
    const [browser] = await measure('ingest: Chromium worker upload, 5,000,000 × 20', () => browserIngest(file, 1));
    const run = browser as Awaited<ReturnType<typeof browserIngest>>[number];
    const versus = (ms: number): Pick<BenchRow, 'reference' | 'ratio'> =>
      pandas ? { reference: `pandas.read_csv ${(pandas.ms / 1000).toFixed(2)} s`, ratio: `${(pandas.ms / ms).toFixed(2)}× pandas throughput` } : {};
    console.log('\nlarge upload (BENCH_BIG=1), one run:');
    const rows: BenchRow[] = [];
    if (pandas) rows.push({ measured: 'pandas.read_csv (reference)', size, medianMs: pandas.ms, throughput: rate(pandas.ms), peakMemory: `${pandas.peakRssMb.toFixed(0)} MB` });
    rows.push({ measured: 'Chromium worker: CSV → columns', size, medianMs: run.readMs, throughput: rate(run.readMs), peakMemory: `${run.peakRssMb.toFixed(0)} MB`, ...versus(run.readMs) });
    rows.push({ measured: 'Chromium worker: whole upload (+ report, IndexedDB)', size, medianMs: run.totalMs, throughput: rate(run.totalMs), peakMemory: `${run.peakRssMb.toFixed(0)} MB`, ...versus(run.totalMs) });
    printTable(rows);
    console.log(`readers: ${run.readers}; steps: read ${(run.readMs / 1000).toFixed(2)} s, quality report ${(run.profileMs / 1000).toFixed(2)} s, validation ${(run.validateMs / 1000).toFixed(2)} s, IndexedDB write ${(run.storeMs / 1000).toFixed(2)} s`);
  } finally {
    rmSync(path, { force: true });
    rmSync(`${path}.part`, { force: true });
  }
}
