import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvFile } from '../src/cli/inputs.ts';
import { nodeMl } from '../src/cli/tfNode.ts';
import { defaultTrainConfig, type HyperParameters } from '../src/core/training/config.ts';
import { fitPreprocessing, transform } from '../src/core/training/preprocess.ts';
import { splitRows } from '../src/core/training/split.ts';
import { buildTable, seriesOf } from '../src/core/training/table.ts';
import { analyseTarget } from '../src/core/training/task.ts';
import { PYTHON } from './pandas.ts';

export interface AccuracyDataset {
  name: string;
  file: string;
  target: string;
  /** Columns that are not features (a date, say). */
  drop: string[];
}

/** What scikit-learn is given: Relearn's split of the rows, standardised and encoded by Relearn's fitted preprocessing. */
interface SklearnCase {
  name: string;
  seed: number;
  classes: string[];
  width: number;
  params: HyperParameters;
  train: { x: number[]; y: number[] };
  validation: { x: number[]; y: number[] };
  holdout: { x: number[]; y: number[] };
}

interface SklearnResult {
  accuracy: number;
  epochs: number;
  bestEpoch: number;
  plainAccuracy: number;
}

export interface AccuracyResult {
  dataset: AccuracyDataset;
  seed: number;
  rows: { train: number; validation: number; holdout: number };
  inputs: number;
  classes: number;
  ours: { accuracy: number; epochs: number; bestEpoch: number; backend: string };
  sklearn: SklearnResult | null;
}

const sklearnScript = fileURLToPath(new URL('./sklearnAccuracy.py', import.meta.url));

const sameRows = (a: Uint32Array, b: Uint32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Trains the page's default MLP with `trainModel` (the app's whole path: target, seeded stratified split,
 * preprocessing fitted on the training rows, early stopping on the validation rows, holdout metrics) on
 * the `wasm` backend, then hands scikit-learn the very same rows and features through a JSON file.
 */
export async function accuracyRuns(datasets: AccuracyDataset[], seeds: number[], dir: string, withSklearn: boolean): Promise<AccuracyResult[]> {
  const ml = await nodeMl();
  const results: AccuracyResult[] = [];
  const cases: SklearnCase[] = [];
  for (const dataset of datasets) {
    const csv = await readCsvFile(dataset.file);
    const names = csv.columns.map((b) => b.column.name);
    const features = names.filter((n) => n !== dataset.target && !dataset.drop.includes(n));
    const table = buildTable([{ id: csv.sha256, name: dataset.file, columns: csv.columns.map((b) => b.column) }], [dataset.target, ...features]);
    for (const seed of seeds) {
      const config = { ...defaultTrainConfig(dataset.target, 'mlp'), features, task: 'classification' as const, seed };
      const trained = await ml.trainModel({ table, config });
      if (trained.evaluation.task === 'regression') throw new Error(`${dataset.name}: trained a regression`);
      // The same split and preprocessing again, from the same functions and seed, for scikit-learn.
      const target = analyseTarget(seriesOf(table, dataset.target), table.rows, config.task);
      const split = splitRows(target, config.shares, seed);
      if (!sameRows(split.holdout, trained.holdoutRows)) throw new Error(`${dataset.name}: the bench's split differs from trainModel's`);
      const pre = fitPreprocessing(table, features, split.train, config.topK);
      const part = (rows: Uint32Array): { x: number[]; y: number[] } => ({ x: Array.from(transform(pre, table, rows)), y: Array.from(rows, (r) => target.labels[r]!) });
      cases.push({ name: dataset.name, seed, classes: target.classes!, width: pre.width, params: config.params, train: part(split.train), validation: part(split.validation), holdout: part(split.holdout) });
      results.push({
        dataset,
        seed,
        rows: { train: split.train.length, validation: split.validation.length, holdout: split.holdout.length },
        inputs: pre.width,
        classes: target.classes!.length,
        ours: { accuracy: trained.evaluation.metrics.accuracy, epochs: trained.history.length, bestEpoch: trained.bestEpoch, backend: trained.backend },
        sklearn: null,
      });
    }
  }
  if (withSklearn) {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}sklearn-cases.json`;
    writeFileSync(file, JSON.stringify(cases));
    const sklearn = JSON.parse(execFileSync(PYTHON, [sklearnScript, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as SklearnResult[];
    sklearn.forEach((s, i) => (results[i]!.sklearn = s));
  }
  return results;
}
