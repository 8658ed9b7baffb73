import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCsvFile } from '../src/cli/inputs.ts';
import { defaultTrainConfig, defaultParams } from '../src/core/training/config.ts';
import { fitPreprocessing, transform } from '../src/core/training/preprocess.ts';
import { splitRows } from '../src/core/training/split.ts';
import { buildTable, seriesOf } from '../src/core/training/table.ts';
import { analyseTarget } from '../src/core/training/task.ts';
import { predictEnsemble, type TreeEnsemble } from '../src/core/trees/ensemble.ts';
import type { TreeData } from '../src/core/trees/fit.ts';
import { fitForest } from '../src/core/trees/forest.ts';
import { PYTHON, pythonHas } from './pandas.ts';
import { printGrid } from './table.ts';
import { readTrainFile, TRAIN_FEATURES, trainFile } from './trainData.ts';

// The forest's bench: fit time on 100,000 × 20 rows against scikit-learn's RandomForestClassifier(n_jobs=1), 100 trees
// each, and holdout accuracy on scikit-learn's bundled sets with Relearn's split and encoding.
// usage: npx tsx bench/forestNode.ts [speed|accuracy]   (both by default; results also in bench/out/forest/)

const script = fileURLToPath(new URL('./sklearnForest.py', import.meta.url));
const TREES = 100;
const TRAIN_ROWS = 100_000;
const TEST_ROWS = 20_000;
const SEEDS = [42, 43, 44, 45, 46];

export interface ForestSpeed {
  fitMs: number;
  /** predictEnsemble on the 100,000 training rows. */
  scoreMs: number;
  accuracy: number;
  nodes: number;
  /** The trees' typed arrays. */
  modelBytes: number;
  peakRssMb: number;
  sklearn: { fitSeconds: number; scoreSeconds: number; accuracy: number; nodes: number; peakRssMb: number } | null;
}

const slice = (all: { x: Float32Array; y: Float32Array }, from: number, to: number): TreeData => ({
  rows: to - from,
  inputs: TRAIN_FEATURES,
  x: all.x.slice(from * TRAIN_FEATURES, to * TRAIN_FEATURES),
  y: Float64Array.from(all.y.subarray(from, to)),
});

const modelBytes = (model: TreeEnsemble): number =>
  model.trees.reduce((sum, t) => sum + t.feature.byteLength + t.threshold.byteLength + t.missingLeft.byteLength + t.left.byteLength + t.right.byteLength + t.value.byteLength, 0);

export async function forestSpeed(dir: string): Promise<ForestSpeed> {
  const file = await trainFile(`${dir}train-${TRAIN_ROWS + TEST_ROWS}.f32`, TRAIN_ROWS + TEST_ROWS, 7);
  const all = readTrainFile(file);
  const train = slice(all, 0, TRAIN_ROWS);
  const test = slice(all, TRAIN_ROWS, TRAIN_ROWS + TEST_ROWS);
  const { ensemble, trainMs } = await fitForest(train, test, { task: 'binary', classes: 2, params: { ...defaultParams('forest'), epochs: TREES }, seed: 1 });
  const started = performance.now();
  predictEnsemble(ensemble, train.x, train.rows);
  const scoreMs = performance.now() - started;
  const p = predictEnsemble(ensemble, test.x, test.rows);
  const accuracy = test.y.filter((y, i) => (p[i]! > 0.5 ? 1 : 0) === y).length / test.rows;
  const nodes = ensemble.trees.reduce((sum, t) => sum + t.feature.length, 0);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const args = [script, 'speed', file.path, String(file.rows), String(TRAIN_FEATURES), String(TRAIN_ROWS), String(TREES)];
  const sklearn = pythonHas('sklearn') ? (JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8' })) as ForestSpeed['sklearn']) : null;
  return { fitMs: trainMs, scoreMs, accuracy, nodes, modelBytes: modelBytes(ensemble), peakRssMb, sklearn };
}

export interface ForestAccuracy {
  name: string;
  rows: { train: number; holdout: number };
  inputs: number;
  classes: number;
  ours: number[];
  sklearn: number[] | null;
}

/** Relearn's forest and scikit-learn's on the same split rows, encoded by Relearn's fitted preprocessing (as bench/accuracy.ts hands them to scikit-learn). */
export async function forestAccuracy(dir: string): Promise<ForestAccuracy[]> {
  const withSklearn = pythonHas('sklearn');
  if (!withSklearn) return [];
  execFileSync(PYTHON, [fileURLToPath(new URL('./accuracyData.py', import.meta.url)), dir], { encoding: 'utf8' });
  const results: ForestAccuracy[] = [];
  const cases: unknown[] = [];
  for (const name of ['iris', 'wine', 'breast_cancer', 'digits']) {
    const csv = await readCsvFile(`${dir}${name}.csv`);
    const features = csv.columns.map((b) => b.column.name).filter((n) => n !== 'target');
    const table = buildTable([{ id: csv.sha256, name, columns: csv.columns.map((b) => b.column) }], ['target', ...features]);
    const result: ForestAccuracy = { name, rows: { train: 0, holdout: 0 }, inputs: 0, classes: 0, ours: [], sklearn: null };
    for (const seed of SEEDS) {
      const config = { ...defaultTrainConfig('target', 'forest'), features, task: 'classification' as const, seed };
      const target = analyseTarget(seriesOf(table, 'target'), table.rows, config.task);
      const split = splitRows(target, config.shares, seed);
      const pre = fitPreprocessing(table, features, split.train, config.topK);
      const part = (rows: Uint32Array): TreeData => ({ rows: rows.length, inputs: pre.width, x: transform(pre, table, rows), y: Float64Array.from(rows, (r) => target.labels[r]!) });
      const [train, validation, holdout] = [part(split.train), part(split.validation), part(split.holdout)];
      const classes = target.classes!.length;
      const task = classes === 2 ? 'binary' : 'multiclass';
      const { ensemble } = await fitForest(train, validation, { task, classes, params: config.params, seed });
      const p = predictEnsemble(ensemble, holdout.x, holdout.rows);
      let right = 0;
      for (let i = 0; i < holdout.rows; i++) {
        const row = classes === 2 ? [1 - p[i]!, p[i]!] : Array.from(p.subarray(i * classes, (i + 1) * classes));
        right += row.indexOf(Math.max(...row)) === holdout.y[i] ? 1 : 0;
      }
      result.ours.push(right / holdout.rows);
      Object.assign(result, { rows: { train: train.rows, holdout: holdout.rows }, inputs: pre.width, classes });
      cases.push({ name, seed, width: pre.width, train: { x: Array.from(train.x), y: Array.from(train.y) }, holdout: { x: Array.from(holdout.x), y: Array.from(holdout.y) } });
    }
    results.push(result);
  }
  const file = `${dir}sklearn-forest-cases.json`;
  writeFileSync(file, JSON.stringify(cases));
  const sklearn = JSON.parse(execFileSync(PYTHON, [script, 'accuracy', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { accuracy: number }[];
  results.forEach((r, d) => (r.sklearn = sklearn.slice(d * SEEDS.length, (d + 1) * SEEDS.length).map((s) => s.accuracy)));
  return results;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function printSpeed(s: ForestSpeed): void {
  const sk = s.sklearn;
  console.log(`forest fit: ${TREES} trees on ${TRAIN_ROWS.toLocaleString('en')} × ${TRAIN_FEATURES} rows (bench/trainData.ts, seed 7), defaults (bootstrap, sqrt features, fully grown); accuracy on ${TEST_ROWS.toLocaleString('en')} more rows`);
  printGrid(
    ['measured', 'Relearn (Node)', 'scikit-learn n_jobs=1', 'ratio'],
    [
      ['fit', `${(s.fitMs / 1000).toFixed(1)} s`, sk ? `${sk.fitSeconds.toFixed(1)} s` : 'not installed', sk ? `${(s.fitMs / 1000 / sk.fitSeconds).toFixed(2)}×` : '—'],
      ['score 100,000 rows', `${(s.scoreMs / 1000).toFixed(2)} s`, sk ? `${sk.scoreSeconds.toFixed(2)} s` : '—', sk ? `${(s.scoreMs / 1000 / sk.scoreSeconds).toFixed(2)}×` : '—'],
      ['holdout accuracy', pct(s.accuracy), sk ? pct(sk.accuracy) : '—', sk ? `${((s.accuracy - sk.accuracy) * 100).toFixed(1)} points` : '—'],
      ['nodes', s.nodes.toLocaleString('en'), sk ? sk.nodes.toLocaleString('en') : '—', '—'],
      ['model (typed arrays)', `${(s.modelBytes / 2 ** 20).toFixed(1)} MiB`, '—', '—'],
      ['peak RSS', `${s.peakRssMb.toFixed(0)} MB`, sk ? `${sk.peakRssMb.toFixed(0)} MB` : '—', '—'],
    ],
  );
  console.log('target: fit within 2× of scikit-learn (ratio ≤ 2), accuracy within 1 point.');
}

function printAccuracy(results: ForestAccuracy[]): void {
  if (results.length === 0) {
    console.log('forest accuracy: scikit-learn not installed');
    return;
  }
  console.log(`forest accuracy: ${TREES} trees, holdout accuracy, mean over seeds ${SEEDS.join(', ')} (Relearn's split 70/10/20 and encoding; scikit-learn's random_state = the seed)`);
  printGrid(
    ['dataset', 'rows train / holdout', 'inputs', 'classes', 'Relearn forest', 'scikit-learn RandomForest', 'difference (points)'],
    results.map((r) => [r.name, `${r.rows.train} / ${r.rows.holdout}`, String(r.inputs), String(r.classes), pct(mean(r.ours)), r.sklearn ? pct(mean(r.sklearn)) : '—', r.sklearn ? ((mean(r.ours) - mean(r.sklearn)) * 100).toFixed(1) : '—']),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const part = process.argv[2];
  const dir = fileURLToPath(new URL('./out/forest/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  if (part !== 'accuracy') {
    const speed = await forestSpeed(dir);
    writeFileSync(`${dir}speed.json`, JSON.stringify(speed, null, 2));
    printSpeed(speed);
  }
  if (part !== 'speed') {
    const accuracy = await forestAccuracy(dir);
    writeFileSync(`${dir}accuracy.json`, JSON.stringify(accuracy, null, 2));
    printAccuracy(accuracy);
  }
}
