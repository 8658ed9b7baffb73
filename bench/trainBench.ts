import { browserTrain } from './browserTrain.ts';
import { mb, measure, measureRuns, nodeChild, out, RUNS } from './common.ts';
import { pythonHas } from './pandas.ts';
import { sklearnTrain } from './sklearn.ts';
import { median, printTable, type BenchRow } from './table.ts';
import { TRAIN_FEATURES, trainFile } from './trainData.ts';
import { printCpu, printProfiles, type CpuRow } from './trainProfile.ts';
import { backendLabel } from '../src/core/training/backendProbe.ts';

/** Training throughput: rows, epochs and batch sizes of the MLP rows (BENCH_TRAIN_* override them). */
const TRAIN_ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 100_000);
const TRAIN_EPOCHS = Number(process.env.BENCH_TRAIN_EPOCHS ?? 3);
const TRAIN_BATCH_SIZES = [200, 1000] as const;
const VALIDATION_ROWS = 10_000;
const WARM_UP_ROWS = 2000;
/** A Chromium backend whose warm-up says the full training would take longer than this trains on fewer rows. */
const TRAIN_BUDGET_MS = Number(process.env.BENCH_TRAIN_BUDGET_S ?? 60) * 1000;
/** Steps timed part by part (and again per kernel) for the profile of each WebAssembly backend (BENCH_PROFILE_STEPS). */
const PROFILE_STEPS = Number(process.env.BENCH_PROFILE_STEPS ?? 100);

interface TrainRun {
  backend: string;
  trainMs: number;
  samplesPerSecond: number;
  losses: number[];
  peakRssMb: number;
  cpuMs: number;
  threads?: number;
}

export async function trainSection(): Promise<void> {
  const train = await trainFile(`${out}train-${TRAIN_ROWS}x${TRAIN_FEATURES}.f32`, TRAIN_ROWS, 1);
  const validation = await trainFile(`${out}validation-${VALIDATION_ROWS}x${TRAIN_FEATURES}.f32`, VALIDATION_ROWS, 2);
  const k = (v: number): string => `${(v / 1000).toFixed(1)}k samples/s`;
  const size = (rows: number, batchSize: number): string => `${rows.toLocaleString('en-US')} × ${TRAIN_FEATURES}, batch ${batchSize}, ${TRAIN_EPOCHS} epochs`;
  const sklearnHere = pythonHas('sklearn');
  console.log(
    `training benchmark: MLP ${TRAIN_FEATURES}-64-64-1 (ReLU, Adam lr 1e-3, L2 1e-4), binary target, ${TRAIN_ROWS.toLocaleString('en-US')} synthetic rows (${train.path}), ` +
      `${TRAIN_EPOCHS} epochs, every epoch run; ${RUNS} runs each, each in a fresh process or page after a warm-up epoch on ${WARM_UP_ROWS.toLocaleString('en-US')} rows`,
  );
  const browser = await measure('train: Chromium worker, every backend and batch size', () => browserTrain({ train, validation, batchSizes: TRAIN_BATCH_SIZES, epochs: TRAIN_EPOCHS, runs: RUNS, warmUpRows: WARM_UP_ROWS, budgetMs: TRAIN_BUDGET_MS, profileSteps: PROFILE_STEPS }));
  const rows: BenchRow[] = [];
  const cpu: CpuRow[] = [];
  const losses: string[] = [];
  const lossText = (values: number[]): string => values.map((v) => v.toFixed(4)).join(', ');
  let reduced = false;
  for (const batchSize of TRAIN_BATCH_SIZES) {
    const sklearn = sklearnHere ? await measure(`train batch ${batchSize}: scikit-learn, ${RUNS} runs`, () => sklearnTrain(train, batchSize, TRAIN_EPOCHS, RUNS)) : null;
    const sklearnMs = sklearn ? median(sklearn.seconds) * 1000 : undefined;
    const sklearnRate = sklearnMs === undefined ? undefined : (TRAIN_ROWS * TRAIN_EPOCHS) / (sklearnMs / 1000);
    const versus = (rate: number): Pick<BenchRow, 'reference' | 'ratio'> =>
      sklearnRate === undefined ? { reference: 'scikit-learn not installed (/usr/bin/python3)' } : { reference: `scikit-learn ${k(sklearnRate)}`, ratio: `${(rate / sklearnRate).toFixed(rate / sklearnRate < 0.1 ? 3 : 2)}× scikit-learn` };
    if (sklearn && sklearnMs !== undefined && sklearnRate !== undefined) {
      rows.push({ measured: 'scikit-learn MLPClassifier.fit (reference)', size: size(TRAIN_ROWS, batchSize), medianMs: sklearnMs, throughput: k(sklearnRate), peakMemory: mb([sklearn.peakRssMb]) });
      cpu.push({ measured: 'scikit-learn', batchSize, wallMs: sklearn.seconds.map((v) => v * 1000), cpuMs: sklearn.cpuSeconds.map((v) => v * 1000) });
      losses.push(`  batch ${batchSize}: scikit-learn ${lossText(sklearn.losses)} (with the L2 term)`);
    }
    const measured: { label: string; rows: number; runs: TrainRun[]; failure?: string }[] = [];
    // Node wasm is the CLI: the fused step, and tfjs's step beside it.
    for (const [backend, step, label] of [['wasm', 'fused', 'Node wasm, fused step (the CLI)'], ['wasm', 'tfjs', 'Node wasm, tfjs step'], ['cpu', 'tfjs', 'Node cpu']] as const) {
      const runs = await measureRuns(`train batch ${batchSize}: ${label}`, RUNS, () =>
        nodeChild<TrainRun>('./trainNode.ts', backend, String(batchSize), String(TRAIN_EPOCHS), train.path, String(train.rows), validation.path, String(validation.rows), step),
      );
      measured.push({ label, rows: TRAIN_ROWS, runs });
    }
    for (const row of browser.rows.filter((r) => r.batchSize === batchSize)) {
      const note = row.backend === 'webgpu' && browser.adapter ? ` (${/swiftshader/i.test(browser.adapter) ? 'SwiftShader, software' : browser.adapter})` : '';
      const step = row.fused ? ', fused step' : row.backend.startsWith('wasm') ? ', tfjs step' : '';
      measured.push({ label: `Chromium worker ${backendLabel(row.backend, row.runs[0]?.threads)}${step}${note}`, rows: row.rows, runs: row.runs, ...(row.failure ? { failure: row.failure } : {}) });
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
      cpu.push({ measured: m.label, batchSize, wallMs: m.runs.map((r) => r.trainMs), cpuMs: m.runs.map((r) => r.cpuMs) });
      if (m.rows === TRAIN_ROWS) losses.push(`  batch ${batchSize}: ${m.label} ${lossText(m.runs[0]!.losses)}`);
    }
  }
  printTable(rows);
  console.log('\ntarget (issue 17): the default MLP in the page\'s worker at least 0.7× scikit-learn samples/s at batch 200 and 1.0× at batch 1,000.');
  console.log(
    `\nsamples/s = training rows × epochs / median time of the whole training (${TRAIN_EPOCHS} epochs: the loop's shuffle, batches and Adam steps, and its ` +
      `validation loss on ${VALIDATION_ROWS.toLocaleString('en-US')} other rows after each epoch); scikit-learn: rows × epochs / MLPClassifier.fit time (tol=0, no early stopping, no validation).`,
  );
  if (reduced) console.log(`* trained on the first rows only: the full ${TRAIN_ROWS.toLocaleString('en-US')} rows would take this backend more than ${TRAIN_BUDGET_MS / 1000} s a run (BENCH_TRAIN_BUDGET_S).`);
  console.log(`\ntraining loss after each epoch (the same rows, the same work):\n${losses.join('\n')}`);
  printCpu(cpu);
  printProfiles(browser.profiles);
  console.log('\nthe page\'s backend probe (src/ml/backends.ts), a fresh page per batch size: samples/s of each backend on its short training, and the choice');
  for (const { batchSize, probe } of browser.probes) {
    const rates = probe.timings.map((t) => `${backendLabel(t.backend, t.threads)} ${t.samplesPerSecond === null ? 'failed' : k(t.samplesPerSecond)}`).join(', ');
    console.log(`  batch ${batchSize}: ${rates}; chosen ${backendLabel(probe.chosen, probe.timings.find((t) => t.backend === probe.chosen)?.threads)}`);
  }
  console.log('\npeak memory: Node and scikit-learn = the process\'s max RSS; Chromium = rise in RSS of all its processes during the run (data, warm-up, training).');
}
