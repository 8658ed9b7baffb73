import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvFile } from '../src/cli/inputs.ts';
import { defaultParams, type HyperParameters } from '../src/core/training/config.ts';
import { DEFAULT_TOP_K, fitPreprocessing, transform } from '../src/core/training/preprocess.ts';
import { DEFAULT_SHARES, splitRows } from '../src/core/training/split.ts';
import { buildTable, seriesOf } from '../src/core/training/table.ts';
import { analyseTarget } from '../src/core/training/task.ts';
import { predictEnsemble } from '../src/core/trees/ensemble.ts';
import type { TreeData, TreeFitOptions, TreeFitOutcome } from '../src/core/trees/fit.ts';
import { fitGbdt } from '../src/core/trees/gbdt.ts';
import { PYTHON } from './pandas.ts';
import { printGrid } from './table.ts';

type Fit = (train: TreeData, validation: TreeData, options: TreeFitOptions) => Promise<TreeFitOutcome>;

/** Our runs of a family (each a column) and the scikit-learn results sklearnTrees.py's accuracy mode gives for it. */
const FAMILIES: Record<string, { fit: Fit; runs: { name: string; params: HyperParameters }[]; sklearn: { key: string; name: string }[] }> = {
  gbdt: {
    fit: fitGbdt,
    runs: [
      { name: 'ours, early stopping on the validation rows (default)', params: defaultParams('gbdt') },
      { name: 'ours, 100 iterations', params: { ...defaultParams('gbdt'), patience: 0 } },
    ],
    sklearn: [
      { key: 'stopped', name: 'scikit-learn, early stopping on the same validation rows' },
      { key: 'plain', name: 'scikit-learn default (early_stopping=False below 10,000 rows)' },
    ],
  },
};

const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits'];
const SEEDS = [42, 43, 44, 45, 46];

interface Case {
  dataset: string;
  seed: number;
  width: number;
  classes: number;
  train: { x: number[]; y: number[] };
  validation: { x: number[]; y: number[] };
  holdout: { x: number[]; y: number[] };
}

function accuracy(p: Float32Array, y: number[], classes: number): number {
  let right = 0;
  y.forEach((label, i) => {
    let best = 0;
    if (classes === 2) best = p[i]! > 0.5 ? 1 : 0;
    else for (let k = 1; k < classes; k++) if (p[i * classes + k]! > p[i * classes + best]!) best = k;
    if (best === label) right++;
  });
  return right / y.length;
}

/**
 * Holdout accuracy of each family on scikit-learn's bundled classification sets, with Relearn's split
 * (70/10/20, stratified, per seed) and Relearn's fitted preprocessing, handed to scikit-learn as the very
 * same matrices (the way bench/accuracy.ts does for the MLP).
 */
export async function treesAccuracy(families: string[]): Promise<void> {
  const dir = join(tmpdir(), 'relearn-trees-accuracy/');
  mkdirSync(dir, { recursive: true });
  execFileSync(PYTHON, [fileURLToPath(new URL('./accuracyData.py', import.meta.url)), dir], { encoding: 'utf8' });
  const cases: Case[] = [];
  for (const name of DATASETS) {
    const csv = await readCsvFile(`${dir}${name}.csv`);
    const names = csv.columns.map((b) => b.column.name);
    const features = names.filter((n) => n !== 'target');
    const table = buildTable([{ id: csv.sha256, name, columns: csv.columns.map((b) => b.column) }], names);
    const target = analyseTarget(seriesOf(table, 'target'), table.rows, 'classification');
    for (const seed of SEEDS) {
      const split = splitRows(target, DEFAULT_SHARES, seed);
      const pre = fitPreprocessing(table, features, split.train, DEFAULT_TOP_K);
      const part = (rows: Uint32Array): { x: number[]; y: number[] } => ({ x: Array.from(transform(pre, table, rows)), y: Array.from(rows, (r) => target.labels[r]!) });
      cases.push({ dataset: name, seed, width: pre.width, classes: target.classes!.length, train: part(split.train), validation: part(split.validation), holdout: part(split.holdout) });
    }
  }
  for (const family of families) {
    const entry = FAMILIES[family];
    if (!entry) throw new Error(`no tree family "${family}"`);
    const file = `${dir}cases.json`;
    writeFileSync(file, JSON.stringify(cases));
    const theirs = JSON.parse(execFileSync(PYTHON, [fileURLToPath(new URL('./sklearnTrees.py', import.meta.url)), 'accuracy', file, family], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        // One OpenMP thread: on a shared machine its default threads wait on each other for minutes.
        env: { ...process.env, OMP_NUM_THREADS: '1' },
      })) as Record<string, number>[];
    const cells: string[][] = [];
    for (const name of DATASETS) {
      const at = cases.flatMap((c, i) => (c.dataset === name ? [i] : []));
      const ours: number[][] = entry.runs.map(() => []);
      const iterations: number[] = [];
      for (const i of at) {
        const c = cases[i]!;
        const data = (p: { x: number[]; y: number[] }): TreeData => ({ rows: p.y.length, inputs: c.width, x: Float32Array.from(p.x), y: Float64Array.from(p.y) });
        for (const [r, run] of entry.runs.entries()) {
          const task = c.classes === 2 ? 'binary' : 'multiclass';
          const outcome = await entry.fit(data(c.train), data(c.validation), { task, classes: c.classes, params: run.params, seed: c.seed });
          const holdout = data(c.holdout);
          ours[r]!.push(accuracy(predictEnsemble(outcome.ensemble, holdout.x, holdout.rows), c.holdout.y, c.classes));
          if (r === 0) iterations.push(outcome.bestEpoch);
        }
      }
      const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
      const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
      const skMeans = entry.sklearn.map((s) => mean(at.map((i) => theirs[i]![s.key]!)));
      const oursMeans = ours.map(mean);
      cells.push([
        `${family}: ${name}`,
        ...oursMeans.map(pct),
        ...skMeans.map(pct),
        `${((oursMeans[0]! - skMeans[0]!) * 100).toFixed(1)} / ${((oursMeans[oursMeans.length - 1]! - skMeans[skMeans.length - 1]!) * 100).toFixed(1)}`,
        `${mean(iterations).toFixed(0)} / ${mean(at.map((i) => theirs[i]!.iterations!)).toFixed(0)}`,
      ]);
    }
    printGrid(['dataset', ...entry.runs.map((r) => r.name), ...entry.sklearn.map((s) => s.name), 'difference (points): first pair / last pair', 'iterations kept (ours) / run (theirs)'], cells);
    console.log(`\nholdout accuracy, mean over seeds ${SEEDS.join(', ')} (Relearn's 70/10/20 stratified split and preprocessing; the same matrices for both).`);
  }
}
