import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserIngest } from './browserIngest.ts';
import { driftCsvPair, numericCsv } from './generate.ts';
import { pandasReadCsv, pythonHas } from './pandas.ts';
import { scipyDrift, type DriftNumbers } from './scipy.ts';
import { median, printTable, type BenchRow } from './table.ts';

// npm run bench: every row is a median of RUNS runs; reference rows are measured in the same run.
// BENCH_ONLY=ingest or BENCH_ONLY=drift runs one section; both run by default.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECTIONS = ['ingest', 'drift'] as const;
const out = fileURLToPath(new URL('./out/', import.meta.url));
const mb = (values: number[]): string => `${Math.max(...values).toFixed(0)} MB`;
const fileMb = (file: string): string => `${(statSync(file).size / 1e6).toFixed(0)} MB`;

/** Runs a bench script in a fresh Node process (so its peak memory is its own) and parses its JSON line. */
const inChildProcess = <T>(script: string, ...args: string[]): T =>
  JSON.parse(execFileSync('npx', ['tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8' })) as T;

async function ingestSection(): Promise<void> {
  const file = await numericCsv(`${out}numeric-${ROWS}x21.csv`, ROWS, 21);
  const bytes = statSync(file).size;
  const size = `${ROWS.toLocaleString('en-US')} × 21, ${(bytes / 1e6).toFixed(0)} MB`;
  const rate = (ms: number): string => `${(ROWS / (ms / 1000) / 1e3).toFixed(0)}k rows/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

  console.log(`ingest benchmark: ${file} (${size}), ${RUNS} runs each`);
  const pandas = pythonHas('pandas') ? Array.from({ length: RUNS }, () => pandasReadCsv(file)) : [];
  const pandasMs = pandas.length ? median(pandas.map((p) => p.ms)) : undefined;
  const versusPandas = (ms: number): Pick<BenchRow, 'reference' | 'ratio'> =>
    pandasMs === undefined
      ? { reference: 'pandas not installed (/usr/bin/python3)' }
      : { reference: `pandas.read_csv ${(pandasMs / 1000).toFixed(2)} s`, ratio: `${(pandasMs / ms).toFixed(2)}× pandas throughput` };

  const node = Array.from({ length: RUNS }, () => inChildProcess<{ readMs: number; totalMs: number; peakRssMb: number }>('./nodeIngest.ts', file));
  const browser = await browserIngest(file, RUNS);

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

/** Drift shapes: the same 20 million values a side, long and narrow, then short and wide. */
const DRIFT_SHAPES = [
  [1_000_000, 20],
  [100_000, 200],
] as const;

interface DriftRun {
  coldMs: number;
  warmMs: number;
  peakRssMb: number;
}

/** The signature bench/browserDrift.ts exports once the Chromium worker measurement is written. */
type BrowserDrift = (referenceCsv: string, currentCsv: string, runs: number) => Promise<DriftRun[]>;

// The Chromium worker rows come from bench/browserDrift.ts, which another change adds; until it
// exists the section says so instead of failing.
async function loadBrowserDrift(): Promise<BrowserDrift | null> {
  const file = new URL('./browserDrift.ts', import.meta.url);
  if (!existsSync(file)) return null;
  return ((await import(file.href)) as { browserDrift: BrowserDrift }).browserDrift;
}

/** Relative difference; 0 when equal (p-values that underflow to 0 on both sides included). */
const relative = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** How far Node's numbers are from SciPy's on the benchmark data, against the STATS.md tolerances. */
function agreement(shape: string, node: DriftNumbers[], scipy: DriftNumbers[]): string {
  const byName = new Map(scipy.map((c) => [c.name, c]));
  let d = 0;
  let p = 0;
  let w = 0;
  let bothZero = 0;
  let within = true;
  for (const c of node) {
    const s = byName.get(c.name);
    if (!s) throw new Error(`SciPy reported no column "${c.name}"`);
    const dAbs = Math.abs(c.ksStatistic - s.ksStatistic);
    const pRel = relative(c.ksPValue, s.ksPValue);
    const wRel = relative(c.wasserstein, s.wasserstein);
    within &&= dAbs <= 1e-12 && (pRel <= 1e-6 || Math.abs(c.ksPValue - s.ksPValue) <= 1e-12) && wRel <= 1e-9;
    d = Math.max(d, dAbs);
    p = Math.max(p, pRel);
    w = Math.max(w, wRel);
    if (c.ksPValue === 0 && s.ksPValue === 0) bothZero++;
  }
  const e = (x: number): string => x.toExponential(1);
  return (
    `  ${shape}: KS D max |difference| ${e(d)}; KS p max relative difference ${e(p)} (${bothZero} of ${node.length} p-values underflow to 0 on both sides); ` +
    `Wasserstein / std max relative difference ${e(w)} — ${within ? 'within' : 'OUTSIDE'} the STATS.md tolerances`
  );
}

async function driftSection(): Promise<void> {
  const scipyHere = pythonHas('pandas', 'scipy');
  const browserDrift = await loadBrowserDrift();
  console.log(`drift benchmark: reference vs current batch, every column; ${RUNS} runs each; reading the CSV files is not timed`);
  const rows: BenchRow[] = [];
  const checks: string[] = [];
  for (const [n, columns] of DRIFT_SHAPES) {
    const pair = await driftCsvPair(out, n, columns);
    const shape = `${n.toLocaleString('en-US')} × ${columns}`;
    const size = `${shape} a side, ${fileMb(pair.reference)} + ${fileMb(pair.current)}`;
    const rate = (ms: number): string => `${((2 * n * columns) / (ms / 1000) / 1e6).toFixed(1)}M values/s`;
    const scipy = scipyHere ? scipyDrift(pair.reference, pair.current, RUNS) : null;
    const scipyMs = scipy ? median(scipy.seconds) * 1000 : undefined;
    const versusScipy = (ms: number): Pick<BenchRow, 'reference' | 'ratio'> =>
      scipyMs === undefined
        ? { reference: 'SciPy not installed (/usr/bin/python3)' }
        : { reference: `SciPy ${(scipyMs / 1000).toFixed(2)} s`, ratio: `${(ms / scipyMs).toFixed(2)}× SciPy time` };
    if (scipy && scipyMs !== undefined) {
      rows.push({ measured: 'SciPy: ks_2samp + wasserstein_distance (reference)', size, medianMs: scipyMs, throughput: rate(scipyMs), peakMemory: mb([scipy.peakRssMb]) });
    }
    const node = Array.from({ length: RUNS }, () => inChildProcess<DriftRun & { columns: DriftNumbers[] }>('./driftNode.ts', pair.reference, pair.current));
    const browser = browserDrift ? await browserDrift(pair.reference, pair.current, RUNS) : [];
    const measured: [string, DriftRun[]][] = [['Node', node]];
    if (browser.length) measured.push(['Chromium worker', browser]);
    for (const [where, runs] of measured) {
      for (const [what, pick] of [
        ['cold: profile both batches + report', (r: DriftRun) => r.coldMs],
        ['warm: reference profiles stored, profile current + report', (r: DriftRun) => r.warmMs],
      ] as const) {
        const ms = median(runs.map(pick));
        rows.push({ measured: `${where} ${what}`, size, medianMs: ms, throughput: rate(ms), peakMemory: mb(runs.map((r) => r.peakRssMb)), ...versusScipy(ms) });
      }
    }
    if (scipy && node[0]) checks.push(agreement(shape, node[0].columns, scipy.columns));
  }
  printTable(rows);
  if (!browserDrift) console.log('\nChromium worker rows: not yet measured');
  console.log('\ntarget: Node cold ≤ 0.2× SciPy time. SciPy times only ks_2samp + wasserstein_distance per column; Node computes KS, Wasserstein, PSI and Jensen-Shannon (and the chart overlay).');
  if (checks.length) console.log(`\nagreement with SciPy on this data (Node's first run):\n${checks.join('\n')}`);
  console.log('\npeak memory: the process\'s max RSS, with both batches loaded (pandas frames for SciPy, typed columns for Node).');
}

const only = process.env.BENCH_ONLY;
if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
  console.error(`BENCH_ONLY must be one of ${SECTIONS.join(', ')} (or unset for all), not "${only}"`);
  process.exit(2);
}
if (!only || only === 'ingest') await ingestSection();
if (!only) console.log('');
if (!only || only === 'drift') await driftSection();
