import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { accuracyRuns, type AccuracyDataset, type AccuracyResult } from './accuracy.ts';
import { familySection } from './families.ts';
import { browserDrift, type BrowserDrift as DriftRun } from './browserDrift.ts';
import { browserIngest } from './browserIngest.ts';
import { browserTrain } from './browserTrain.ts';
import { driftCsvPair, numericCsv } from './generate.ts';
import { pandasReadCsv, PYTHON, pythonHas } from './pandas.ts';
import { scipyDrift, type DriftNumbers } from './scipy.ts';
import { sklearnTrain } from './sklearn.ts';
import { median, printGrid, printTable, type BenchRow } from './table.ts';
import { TRAIN_FEATURES, trainFile } from './trainData.ts';
import { treesSection } from './trees.ts';

// npm run bench: every row is a median of RUNS runs; reference rows are measured in the same run.
// BENCH_ONLY=ingest|drift|train|accuracy|trees|families runs one section; all run by default.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECTIONS = ['ingest', 'drift', 'train', 'accuracy', 'trees', 'families'] as const;
/** Training rows of the tree families' timing (BENCH_TREE_ROWS overrides it). */
const TREE_ROWS = Number(process.env.BENCH_TREE_ROWS ?? 100_000);
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

async function driftSection(): Promise<void> {
  const scipyHere = pythonHas('pandas', 'scipy');
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
    const browser = await browserDrift(pair.reference, pair.current, RUNS);
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
    if (scipy && node[0]) checks.push(agreement(shape, node[0].columns, scipy.columns));
  }
  printTable(rows);
  console.log('\ntarget: Node cold ≤ 0.2× SciPy time. SciPy times only ks_2samp + wasserstein_distance per column; Node computes KS, Wasserstein, PSI and Jensen-Shannon (and the chart overlay).');
  if (checks.length) console.log(`\nagreement with SciPy on this data (Node's first run):\n${checks.join('\n')}`);
  console.log('\npeak memory: the process\'s max RSS, with both batches loaded (pandas frames for SciPy, typed columns for Node).');
}

/** Training throughput: rows, epochs and batch sizes of the MLP rows (BENCH_TRAIN_* override them). */
const TRAIN_ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 100_000);
const TRAIN_EPOCHS = Number(process.env.BENCH_TRAIN_EPOCHS ?? 3);
const TRAIN_BATCH_SIZES = [200, 1000] as const;
const VALIDATION_ROWS = 10_000;
const WARM_UP_ROWS = 2000;
/** A Chromium backend whose warm-up says the full training would take longer than this trains on fewer rows. */
const TRAIN_BUDGET_MS = Number(process.env.BENCH_TRAIN_BUDGET_S ?? 60) * 1000;

interface TrainRun {
  backend: string;
  trainMs: number;
  samplesPerSecond: number;
  losses: number[];
  peakRssMb: number;
}

/** A bench script in a fresh Node process; its last stdout line is JSON. Its stderr (tfjs's banner) shows only when it fails. */
function nodeChild<T>(script: string, ...args: string[]): T {
  const run = spawnSync('npx', ['tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as T;
}

async function trainSection(): Promise<void> {
  const train = await trainFile(`${out}train-${TRAIN_ROWS}x${TRAIN_FEATURES}.f32`, TRAIN_ROWS, 1);
  const validation = await trainFile(`${out}validation-${VALIDATION_ROWS}x${TRAIN_FEATURES}.f32`, VALIDATION_ROWS, 2);
  const k = (v: number): string => `${(v / 1000).toFixed(1)}k samples/s`;
  const size = (rows: number, batchSize: number): string => `${rows.toLocaleString('en-US')} × ${TRAIN_FEATURES}, batch ${batchSize}, ${TRAIN_EPOCHS} epochs`;
  const sklearnHere = pythonHas('sklearn');
  console.log(
    `training benchmark: MLP ${TRAIN_FEATURES}-64-64-1 (ReLU, Adam lr 1e-3, L2 1e-4), binary target, ${TRAIN_ROWS.toLocaleString('en-US')} synthetic rows (${train.path}), ` +
      `${TRAIN_EPOCHS} epochs, every epoch run; ${RUNS} runs each, each in a fresh process or page after a warm-up epoch on ${WARM_UP_ROWS.toLocaleString('en-US')} rows`,
  );
  const browser = await browserTrain({ train, validation, batchSizes: TRAIN_BATCH_SIZES, epochs: TRAIN_EPOCHS, runs: RUNS, warmUpRows: WARM_UP_ROWS, budgetMs: TRAIN_BUDGET_MS });
  const rows: BenchRow[] = [];
  const losses: string[] = [];
  const lossText = (values: number[]): string => values.map((v) => v.toFixed(4)).join(', ');
  let reduced = false;
  for (const batchSize of TRAIN_BATCH_SIZES) {
    const sklearn = sklearnHere ? sklearnTrain(train, batchSize, TRAIN_EPOCHS, RUNS) : null;
    const sklearnMs = sklearn ? median(sklearn.seconds) * 1000 : undefined;
    const sklearnRate = sklearnMs === undefined ? undefined : (TRAIN_ROWS * TRAIN_EPOCHS) / (sklearnMs / 1000);
    const versus = (rate: number): Pick<BenchRow, 'reference' | 'ratio'> =>
      sklearnRate === undefined ? { reference: 'scikit-learn not installed (/usr/bin/python3)' } : { reference: `scikit-learn ${k(sklearnRate)}`, ratio: `${(rate / sklearnRate).toFixed(rate / sklearnRate < 0.1 ? 3 : 2)}× scikit-learn` };
    if (sklearn && sklearnMs !== undefined && sklearnRate !== undefined) {
      rows.push({ measured: 'scikit-learn MLPClassifier.fit (reference)', size: size(TRAIN_ROWS, batchSize), medianMs: sklearnMs, throughput: k(sklearnRate), peakMemory: mb([sklearn.peakRssMb]) });
      losses.push(`  batch ${batchSize}: scikit-learn ${lossText(sklearn.losses)} (with the L2 term)`);
    }
    const measured: { label: string; rows: number; runs: TrainRun[]; failure?: string }[] = [];
    for (const backend of ['wasm', 'cpu']) {
      const runs = Array.from({ length: RUNS }, () =>
        nodeChild<TrainRun>('./trainNode.ts', backend, String(batchSize), String(TRAIN_EPOCHS), train.path, String(train.rows), validation.path, String(validation.rows)),
      );
      measured.push({ label: `Node ${backend}`, rows: TRAIN_ROWS, runs });
    }
    for (const row of browser.rows.filter((r) => r.batchSize === batchSize)) {
      const note = row.backend === 'webgpu' && browser.adapter ? ` (${/swiftshader/i.test(browser.adapter) ? 'SwiftShader, software' : browser.adapter})` : '';
      measured.push({ label: `Chromium worker ${row.backend}${note}`, rows: row.rows, runs: row.runs, ...(row.failure ? { failure: row.failure } : {}) });
    }
    for (const m of measured) {
      if (m.failure || m.runs.length === 0) {
        rows.push({ measured: m.label, size: size(m.rows, batchSize), medianMs: NaN, throughput: m.failure ?? 'no result', peakMemory: '—' });
        continue;
      }
      const ms = median(m.runs.map((r) => r.trainMs));
      const rate = (m.rows * TRAIN_EPOCHS) / (ms / 1000);
      reduced ||= m.rows < TRAIN_ROWS;
      rows.push({ measured: m.label, size: `${size(m.rows, batchSize)}${m.rows < TRAIN_ROWS ? ' *' : ''}`, medianMs: ms, throughput: k(rate), peakMemory: mb(m.runs.map((r) => r.peakRssMb)), ...versus(rate) });
      if (m.rows === TRAIN_ROWS) losses.push(`  batch ${batchSize}: ${m.label} ${lossText(m.runs[0]!.losses)}`);
    }
  }
  printTable(rows);
  console.log('\ntarget: at least 0.25× scikit-learn samples/s at the same batch size.');
  console.log(
    `\nsamples/s = training rows × epochs / median time of the whole training (${TRAIN_EPOCHS} epochs: the loop's shuffle, batches and Adam steps, and its ` +
      `validation loss on ${VALIDATION_ROWS.toLocaleString('en-US')} other rows after each epoch); scikit-learn: rows × epochs / MLPClassifier.fit time (tol=0, no early stopping, no validation).`,
  );
  if (reduced) console.log(`* trained on the first rows only: the full ${TRAIN_ROWS.toLocaleString('en-US')} rows would take this backend more than ${TRAIN_BUDGET_MS / 1000} s a run (BENCH_TRAIN_BUDGET_S).`);
  console.log(`\ntraining loss after each epoch (the same rows, the same work):\n${losses.join('\n')}`);
  console.log('\npeak memory: Node and scikit-learn = the process\'s max RSS; Chromium = rise in RSS of all its processes during the run (data, warm-up, training).');
}

/** Real classification sets that ship here: scikit-learn's bundled ones (written as CSV by accuracyData.py) and vega-datasets'. */
const SKLEARN_DATA = ['iris', 'wine', 'breast_cancer', 'digits'] as const;
const ACCURACY_SEEDS = (process.env.BENCH_ACCURACY_SEEDS ?? '42,43,44,45,46').split(',').map(Number);

/** The real datasets (written once into bench/out/accuracy/), scikit-learn's only when it is installed. */
function accuracyDatasets(): AccuracyDataset[] {
  const dir = `${out}accuracy/`;
  const datasets: AccuracyDataset[] = [];
  if (pythonHas('sklearn')) {
    execFileSync(PYTHON, [fileURLToPath(new URL('./accuracyData.py', import.meta.url)), dir], { encoding: 'utf8' });
    for (const name of SKLEARN_DATA) datasets.push({ name: `${name} (scikit-learn)`, file: `${dir}${name}.csv`, target: 'target', drop: [] });
  }
  const weather = fileURLToPath(new URL('../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url));
  datasets.push({ name: 'seattle-weather (vega-datasets)', file: weather, target: 'weather', drop: ['date'] });
  return datasets;
}

async function accuracySection(): Promise<void> {
  const dir = `${out}accuracy/`;
  const sklearnHere = pythonHas('sklearn');
  const datasets = accuracyDatasets();
  console.log(
    `accuracy benchmark: the default MLP (64-64 ReLU, Adam lr 1e-3, L2 1e-4, batch 200, up to 100 epochs, early stopping after 5 epochs without a better validation loss), ` +
      `holdout accuracy, mean over ${ACCURACY_SEEDS.length} seeds (${ACCURACY_SEEDS.join(', ')}): each seed is Relearn's split (70/10/20, stratified), its initial weights and shuffles, and scikit-learn's random_state`,
  );
  const results = await accuracyRuns(datasets, ACCURACY_SEEDS, dir, sklearnHere);
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
  const cells: string[][] = [];
  const perSeed: string[] = [];
  let worst = 0;
  for (const dataset of datasets) {
    const runs = results.filter((r) => r.dataset === dataset);
    const first = runs[0] as AccuracyResult;
    const ours = mean(runs.map((r) => r.ours.accuracy));
    const sk = runs.every((r) => r.sklearn) ? runs.map((r) => r.sklearn!) : null;
    const skMean = sk ? mean(sk.map((s) => s.accuracy)) : null;
    if (skMean !== null) worst = Math.max(worst, (skMean - ours) * 100);
    cells.push([
      dataset.name,
      `${first.rows.train} / ${first.rows.validation} / ${first.rows.holdout}`,
      String(first.inputs),
      String(first.classes),
      pct(ours),
      skMean === null ? 'scikit-learn not installed' : pct(skMean),
      skMean === null ? '—' : signed((ours - skMean) * 100),
      sk ? pct(mean(sk.map((s) => s.plainAccuracy))) : '—',
      `${mean(runs.map((r) => r.ours.epochs)).toFixed(0)} / ${sk ? mean(sk.map((s) => s.epochs)).toFixed(0) : '—'}`,
    ]);
    perSeed.push(`  ${dataset.name}: ${runs.map((r) => `${pct(r.ours.accuracy)} vs ${r.sklearn ? pct(r.sklearn.accuracy) : '—'}`).join('; ')}`);
  }
  printGrid(
    ['dataset', 'rows train / validation / holdout', 'inputs', 'classes', 'Relearn (wasm)', 'scikit-learn, same early stopping', 'difference (points)', 'scikit-learn fit(), 100 epochs', 'epochs run (Relearn / scikit-learn)'],
    cells,
  );
  console.log(`\ntarget: within 2 points of scikit-learn (same early stopping). Largest shortfall here: ${worst.toFixed(1)} points.`);
  console.log(
    '\nRelearn: trainModel as the app and `relearn train` run it, holdout accuracy from its evaluation. scikit-learn: MLPClassifier with the same layers, activation, ' +
      'alpha, learning rate and batch size on the same rows, standardised and one-hot encoded by Relearn\'s fitted preprocessing; partial_fit one epoch at a time ' +
      'with Relearn\'s rule (validation log loss on the same validation rows, patience 5, the best epoch\'s weights kept). "fit(), 100 epochs": a plain fit, no early stopping.',
  );
  console.log(`\nper seed (Relearn vs scikit-learn, same early stopping):\n${perSeed.join('\n')}`);
}

const only = process.env.BENCH_ONLY;
if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
  console.error(`BENCH_ONLY must be one of ${SECTIONS.join(', ')} (or unset for all), not "${only}"`);
  process.exit(2);
}
if (!only || only === 'ingest') await ingestSection();
if (!only) console.log('');
if (!only || only === 'drift') await driftSection();
if (!only) console.log('');
if (!only || only === 'train') await trainSection();
if (!only) console.log('');
if (!only || only === 'accuracy') await accuracySection();
if (!only) console.log('');
if (!only || only === 'trees') await treesSection(out, RUNS, TREE_ROWS);
if (!only) console.log('');
if (!only || only === 'families') await familySection(accuracyDatasets(), ACCURACY_SEEDS);
