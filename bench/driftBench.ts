import { loadavg } from 'node:os';
import { browserDrift, type BrowserDrift as DriftRun } from './browserDrift.ts';
import { storageLine } from './freshProfile.ts';
import { fileMb, inChildProcess, mb, measure, measureRuns, out, RUNS } from './common.ts';
import { driftCsvPair } from './generate.ts';
import { pythonHas } from './pandas.ts';
import { scipyDrift, type DriftNumbers } from './scipy.ts';
import { median, printTable, type BenchRow } from './table.ts';

/** Drift shapes: the same 20 million values a side, long and narrow, then short and wide. */
const DRIFT_SHAPES = [
  [1_000_000, 20],
  [100_000, 200],
] as const;

/** Relative difference; 0 when equal (p-values that underflow to 0 on both sides included). */
const relative = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** How far Node's numbers are from SciPy's on the benchmark data, against the docs/statistics.md tolerances. */
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
    `Wasserstein / std max relative difference ${e(w)} — ${within ? 'within' : 'OUTSIDE'} the docs/statistics.md tolerances`
  );
}

export async function driftSection(): Promise<void> {
  const scipyHere = pythonHas('pandas', 'scipy');
  console.log(`drift benchmark: reference vs current batch, every column; ${RUNS} runs each; reading the CSV files is not timed`);
  const rows: BenchRow[] = [];
  const checks: string[] = [];
  const cpuLines: string[] = [];
  for (const [n, columns] of DRIFT_SHAPES) {
    const pair = await measure(`drift ${n} × ${columns}: writing the CSV pair (once)`, () => driftCsvPair(out, n, columns));
    const shape = `${n.toLocaleString('en-US')} × ${columns}`;
    const size = `${shape} a side, ${fileMb(pair.reference)} + ${fileMb(pair.current)}`;
    const rate = (ms: number): string => `${((2 * n * columns) / (ms / 1000) / 1e6).toFixed(1)}M values/s`;
    const scipy = scipyHere ? await measure(`drift ${shape}: SciPy, ${RUNS} runs`, () => scipyDrift(pair.reference, pair.current, RUNS)) : null;
    const scipyMs = scipy ? median(scipy.seconds) * 1000 : undefined;
    const versusScipy = (ms: number): Pick<BenchRow, 'reference' | 'ratio'> =>
      scipyMs === undefined
        ? { reference: 'SciPy not installed (/usr/bin/python3)' }
        : { reference: `SciPy ${(scipyMs / 1000).toFixed(2)} s`, ratio: `${(ms / scipyMs).toFixed(2)}× SciPy time` };
    if (scipy && scipyMs !== undefined) {
      rows.push({ measured: 'SciPy: ks_2samp + wasserstein_distance (reference)', size, medianMs: scipyMs, throughput: rate(scipyMs), peakMemory: mb([scipy.peakRssMb]) });
    }
    const node = await measureRuns(`drift ${shape}: Node`, RUNS, () => inChildProcess<DriftRun & { columns: DriftNumbers[] }>('./driftNode.ts', pair.reference, pair.current));
    const browser = await measure(`drift ${shape}: Chromium worker, ${RUNS} runs`, () => browserDrift(pair.reference, pair.current, RUNS));
    const measured: [string, DriftRun[]][] = [
      ['Node', node],
      ['Chromium worker', browser],
    ];
    for (const [where, runs] of measured) {
      for (const [what, pick] of [
        ['cold: profile both batches + report', (r: DriftRun) => r.coldMs],
        ['warm: reference profiles stored, profile current + report', (r: DriftRun) => r.warmMs],
      ] as const) {
        const ms = median(runs.map(pick));
        rows.push({ measured: `${where} ${what}`, size, medianMs: ms, throughput: rate(ms), peakMemory: mb(runs.map((r) => r.peakRssMb)), ...versusScipy(ms) });
      }
    }
    const coldMs = median(browser.map((r) => r.coldMs));
    const coldCpuMs = median(browser.map((r) => r.coldCpuMs));
    cpuLines.push(`  ${shape}: ${(coldCpuMs / 1000).toFixed(2)} s of CPU in ${(coldMs / 1000).toFixed(2)} s (median of ${browser.length})`);
    if (scipy && node[0]) checks.push(agreement(shape, node[0].columns, scipy.columns));
  }
  printTable(rows);
  console.log('\ntarget: Node cold ≤ 0.2× SciPy time. SciPy times only ks_2samp + wasserstein_distance per column; Node computes KS, Wasserstein, PSI and Jensen-Shannon (and the chart overlay).');
  console.log(`\nChromium: ${storageLine()}`);
  console.log(`\nChromium's CPU during the cold check (all its processes; load ${loadavg()[0]!.toFixed(1)} at the end):\n${cpuLines.join('\n')}`);
  if (checks.length) console.log(`\nagreement with SciPy on this data (Node's first run):\n${checks.join('\n')}`);
  console.log('\npeak memory: the process\'s max RSS, with both batches loaded (pandas frames for SciPy, typed columns for Node).');
}
