import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { accuracyRuns, type AccuracyDataset, type AccuracyResult } from './accuracy.ts';
import { measure, out } from './common.ts';
import { PYTHON, pythonHas } from './pandas.ts';
import { printGrid } from './table.ts';

/** Real classification sets that ship here: scikit-learn's bundled ones (written as CSV by accuracyData.py) and vega-datasets'. */
const SKLEARN_DATA = ['iris', 'wine', 'breast_cancer', 'digits'] as const;
export const ACCURACY_SEEDS = (process.env.BENCH_ACCURACY_SEEDS ?? '42,43,44,45,46').split(',').map(Number);

/** The real datasets (written once into bench/out/accuracy/), scikit-learn's only when it is installed. */
export function accuracyDatasets(): AccuracyDataset[] {
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

export async function accuracySection(): Promise<void> {
  const dir = `${out}accuracy/`;
  const sklearnHere = pythonHas('sklearn');
  const datasets = accuracyDatasets();
  console.log(
    `accuracy benchmark: the default MLP (64-64 ReLU, Adam lr 1e-3, L2 1e-4, batch 200, up to 100 epochs, early stopping after 5 epochs without a better validation loss), ` +
      `holdout accuracy, mean over ${ACCURACY_SEEDS.length} seeds (${ACCURACY_SEEDS.join(', ')}): each seed is Relearn's split (70/10/20, stratified), its initial weights and shuffles, and scikit-learn's random_state`,
  );
  const results = await measure(`accuracy: ${datasets.length} datasets × ${ACCURACY_SEEDS.length} seeds`, () => accuracyRuns(datasets, ACCURACY_SEEDS, dir, sklearnHere));
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
