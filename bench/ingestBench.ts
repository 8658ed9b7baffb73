import { statSync } from 'node:fs';
import { browserIngest } from './browserIngest.ts';
import { inChildProcess, mb, measure, measureRuns, out, RUNS } from './common.ts';
import { numericCsv } from './generate.ts';
import { pandasReadCsv, pythonHas } from './pandas.ts';
import { median, printTable, type BenchRow } from './table.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

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

  const node = await measureRuns('ingest: Node CSV → columns + quality report', RUNS, () => inChildProcess<{ readMs: number; totalMs: number; peakRssMb: number }>('./nodeIngest.ts', file));
  const browser = await measure(`ingest: Chromium worker upload, ${RUNS} runs`, () => browserIngest(file, RUNS));

  const rows: BenchRow[] = [];
  if (pandas.length) rows.push({ measured: 'pandas.read_csv (reference)', size, medianMs: pandasMs as number, throughput: rate(pandasMs as number), peakMemory: mb(pandas.map((p) => p.peakRssMb)) });
  for (const [label, runs] of [
    ['Node: CSV → columns', node.map((n) => ({ ms: n.readMs, mem: n.peakRssMb }))],
    ['Node: CSV → columns + quality report', node.map((n) => ({ ms: n.totalMs, mem: n.peakRssMb }))],
    ['Chromium worker: CSV → columns', browser.map((b) => ({ ms: b.readMs, mem: b.peakRssMb }))],
    ['Chromium worker: whole upload (+ report, IndexedDB)', browser.map((b) => ({ ms: b.totalMs, mem: b.peakRssMb }))],
  ] as const) {
    const ms = median(runs.map((r) => r.ms));
    rows.push({ measured: label, size, medianMs: ms, throughput: rate(ms), peakMemory: mb(runs.map((r) => r.mem)), ...versusPandas(ms) });
  }
  printTable(rows);
  const step = (pick: (b: (typeof browser)[number]) => number): string => `${(median(browser.map(pick)) / 1000).toFixed(2)} s`;
  console.log(`\nChromium upload by step (medians): read ${step((b) => b.readMs)}, quality report ${step((b) => b.profileMs)}, validation ${step((b) => b.validateMs)}, IndexedDB write ${step((b) => b.storeMs)}`);
  console.log('\npeak memory: Node and pandas = the process\'s max RSS; Chromium = rise in RSS of all its processes during the upload.');
}
