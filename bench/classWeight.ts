/**
 * The effect of class weights (`classWeight: 'balanced'`) on minority-class recall, accuracy and macro F1,
 * on real datasets: scikit-learn's bundled classification sets (fairly balanced), breast_cancer with its
 * malignant class subsampled to 5% of the rows (seeded), and Seattle's weather (snow, drizzle and fog are
 * rare). Each case trains the page's default MLP and the linear model with `trainModel` (the app's path)
 * without and with balanced weights, seeds as below, and hands scikit-learn's LogisticRegression (none
 * and class_weight='balanced') the same split and features.
 *
 * usage: npx tsx bench/classWeight.ts [OUT_DIR]   (OUT_DIR default bench/out/; needs /usr/bin/python3 with
 * scikit-learn for the CSV files and the reference: `node scripts/ensure-python.mjs`)
 * BENCH_CLASS_WEIGHT_SEEDS=42,43 picks the seeds (default 42 to 46); about a minute and a half on 2 cores.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvFile } from '../src/cli/inputs.ts';
import { nodeMl } from '../src/cli/tfNode.ts';
import type { ClassScore } from '../src/core/metrics/index.ts';
import type { ClassWeight } from '../src/core/training/classWeights.ts';
import { defaultTrainConfig, type Family } from '../src/core/training/config.ts';
import { fitPreprocessing, transform } from '../src/core/training/preprocess.ts';
import { Random } from '../src/core/training/random.ts';
import { splitRows } from '../src/core/training/split.ts';
import { buildTable, seriesOf, type Table } from '../src/core/training/table.ts';
import { analyseTarget } from '../src/core/training/task.ts';
import { pythonHas, PYTHON } from './pandas.ts';

interface Dataset {
  name: string;
  file: string;
  target: string;
  drop: string[];
}

interface Scores {
  accuracy: number;
  f1Macro: number;
  recall: number[];
  warned?: boolean;
}

const SEEDS = (process.env.BENCH_CLASS_WEIGHT_SEEDS ?? '42,43,44,45,46').split(',').map(Number);
const IMBALANCED = ['breast_cancer, malignant 5%', 'seattle-weather'];
const MINORITY_SHARE = 0.05;
const out = process.argv[2] ?? 'bench/out/';
const dir = `${out}class-weight/`;

/** breast_cancer with the malignant rows subsampled so that they are 5% of the file, seeded. */
function imbalancedBreastCancer(source: string, file: string): void {
  const [header, ...lines] = readFileSync(source, 'utf8').trim().split(/\r?\n/);
  const label = (line: string): string => line.slice(line.lastIndexOf(',') + 1);
  const benign = lines.filter((l) => label(l) === 'benign');
  const malignant = lines.filter((l) => label(l) === 'malignant');
  const keep = Math.round((benign.length * MINORITY_SHARE) / (1 - MINORITY_SHARE));
  const order = new Random(7).shuffle(Int32Array.from(malignant.keys()));
  const kept = new Set(Array.from(order.subarray(0, keep)));
  const rows = lines.filter((l) => label(l) === 'benign' || kept.has(malignant.indexOf(l)));
  writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
}

/** sklearn's macro F1 (labels present in the truth or the predictions). */
const macroF1 = (perClass: readonly ClassScore[]): number => {
  const used = perClass.filter((s) => s.support > 0 || s.predicted > 0);
  return used.reduce((sum, s) => sum + s.f1, 0) / used.length;
};

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

async function main(): Promise<void> {
  if (!pythonHas('sklearn')) throw new Error('needs /usr/bin/python3 with scikit-learn: run node scripts/ensure-python.mjs');
  mkdirSync(dir, { recursive: true });
  execFileSync(PYTHON, [fileURLToPath(new URL('./accuracyData.py', import.meta.url)), dir], { encoding: 'utf8' });
  imbalancedBreastCancer(`${dir}breast_cancer.csv`, `${dir}breast_cancer_5pct.csv`);
  const datasets: Dataset[] = [
    ...['iris', 'wine', 'breast_cancer', 'digits'].map((name) => ({ name, file: `${dir}${name}.csv`, target: 'target', drop: [] })),
    { name: 'breast_cancer, malignant 5%', file: `${dir}breast_cancer_5pct.csv`, target: 'target', drop: [] },
    { name: 'seattle-weather', file: fileURLToPath(new URL('../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url)), target: 'weather', drop: ['date'] },
  ];
  const ml = await nodeMl();
  const lines: string[] = [];
  const cases: object[] = [];
  const ours: { dataset: string; family: Family; weight: ClassWeight; seed: number; minority: string; scores: Scores }[] = [];
  const minorityOf: Record<string, { index: number; label: string; train: number; holdout: number }> = {};
  for (const dataset of datasets) {
    const csv = await readCsvFile(dataset.file);
    const features = csv.columns.map((b) => b.column.name).filter((n) => n !== dataset.target && !dataset.drop.includes(n));
    const table: Table = buildTable([{ id: csv.sha256, name: dataset.file, columns: csv.columns.map((b) => b.column) }], [dataset.target, ...features]);
    const target = analyseTarget(seriesOf(table, dataset.target), table.rows, 'classification');
    for (const seed of SEEDS) {
      const base = { ...defaultTrainConfig(dataset.target, 'mlp'), features, task: 'classification' as const, seed };
      const split = splitRows(target, base.shares, seed);
      const counts = new Array<number>(target.classes!.length).fill(0);
      for (const r of split.train) counts[target.labels[r]!]!++;
      const minority = counts.indexOf(Math.min(...counts));
      const holdoutMinority = Array.from(split.holdout).filter((r) => target.labels[r] === minority).length;
      minorityOf[dataset.name] = { index: minority, label: target.classes![minority]!, train: counts[minority]!, holdout: holdoutMinority };
      for (const family of ['mlp', 'linear'] as const) {
        for (const weight of ['none', 'balanced'] as const) {
          const defaults = defaultTrainConfig(dataset.target, family);
          const config = { ...base, params: { ...defaults.params, classWeight: weight } };
          const trained = await ml.trainModel({ table, config });
          if (trained.evaluation.task === 'regression') throw new Error('trained a regression');
          const perClass = trained.evaluation.perClass;
          ours.push({ dataset: dataset.name, family, weight, seed, minority: target.classes![minority]!, scores: { accuracy: trained.evaluation.metrics.accuracy, f1Macro: macroF1(perClass), recall: perClass.map((s) => s.recall), warned: trained.imbalance !== null } });
        }
      }
      const pre = fitPreprocessing(table, features, split.train, base.topK);
      const part = (rows: Uint32Array): { x: number[]; y: number[] } => ({ x: Array.from(transform(pre, table, rows)), y: Array.from(rows, (r) => target.labels[r]!) });
      cases.push({ dataset: dataset.name, seed, classes: target.classes, width: pre.width, train: part(split.train), holdout: part(split.holdout) });
    }
  }
  const casesFile = `${dir}cases.json`;
  writeFileSync(casesFile, JSON.stringify(cases));
  const sklearn = JSON.parse(execFileSync(PYTHON, [fileURLToPath(new URL('./sklearnClassWeight.py', import.meta.url)), casesFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Record<ClassWeight, Scores>[];

  const f = (v: number): string => v.toFixed(3);
  lines.push(`class weights: holdout scores, mean over seeds ${SEEDS.join(', ')} (Relearn's 70/10/20 stratified split; the default MLP 64-64 and the linear model, up to 50 epochs with early stopping).`);
  lines.push('minority = the class with the fewest training rows; "warned" = runs whose version got the class-imbalance warning.');
  lines.push('');
  lines.push(['dataset (minority: train / holdout rows)', 'model', 'weights', 'minority recall', 'accuracy', 'macro F1', 'warned'].join(' | '));
  for (const dataset of datasets) {
    const m = minorityOf[dataset.name]!;
    const name = `${dataset.name} ("${m.label}": ${m.train} / ${m.holdout})`;
    for (const family of ['mlp', 'linear'] as const) {
      for (const weight of ['none', 'balanced'] as const) {
        const runs = ours.filter((r) => r.dataset === dataset.name && r.family === family && r.weight === weight);
        const minority = runs.map((r) => r.scores.recall[m.index]!);
        lines.push([name, family === 'mlp' ? 'Relearn MLP' : 'Relearn linear', weight, f(mean(minority)), f(mean(runs.map((r) => r.scores.accuracy))), f(mean(runs.map((r) => r.scores.f1Macro))), `${runs.filter((r) => r.scores.warned).length}/${runs.length}`].join(' | '));
      }
    }
    const mine = sklearn.filter((_, i) => (cases[i] as { dataset: string }).dataset === dataset.name);
    for (const weight of ['none', 'balanced'] as const) {
      const s = mine.map((r) => r[weight]);
      lines.push([name, 'sklearn LogisticRegression', weight, f(mean(s.map((r) => r.recall[m.index]!))), f(mean(s.map((r) => r.accuracy))), f(mean(s.map((r) => r.f1Macro))), '—'].join(' | '));
    }
  }
  lines.push('');
  lines.push('recall of every class on the imbalanced sets (mean over the seeds):');
  for (const dataset of datasets.filter((d) => IMBALANCED.includes(d.name))) {
    const classes = (cases.find((c) => (c as { dataset: string }).dataset === dataset.name) as { classes: string[] }).classes;
    for (const family of ['mlp', 'linear'] as const) {
      for (const weight of ['none', 'balanced'] as const) {
        const runs = ours.filter((r) => r.dataset === dataset.name && r.family === family && r.weight === weight);
        lines.push(`  ${dataset.name}, Relearn ${family}, ${weight}: ${classes.map((c, k) => `${c} ${f(mean(runs.map((r) => r.scores.recall[k]!)))}`).join(', ')}`);
      }
    }
    const mine = sklearn.filter((_, i) => (cases[i] as { dataset: string }).dataset === dataset.name);
    for (const weight of ['none', 'balanced'] as const) lines.push(`  ${dataset.name}, sklearn LogisticRegression, ${weight}: ${classes.map((c, k) => `${c} ${f(mean(mine.map((r) => r[weight].recall[k]!)))}`).join(', ')}`);
  }
  console.log(lines.join('\n'));
}

await main();
