import { readCsvFile } from '../src/cli/inputs.ts';
import { nodeMl } from '../src/cli/tfNode.ts';
import { defaultTrainConfig, FAMILIES, type Family } from '../src/core/training/config.ts';
import { buildTable } from '../src/core/training/table.ts';
import type { AccuracyDataset } from './accuracy.ts';
import { printGrid } from './table.ts';

interface FamilyScore {
  accuracy: number;
  f1Macro: number;
  trainMs: number;
  sizeBytes: number;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/**
 * Every family with its default settings through `trainModel` (the page's and the CLI's path: the same
 * split, preprocessing and early stopping), on each dataset and seed: what the pipeline's default is chosen from.
 */
export async function familySection(datasets: AccuracyDataset[], seeds: number[]): Promise<void> {
  const ml = await nodeMl();
  console.log(`model families with their defaults, holdout accuracy / macro F1, mean over seeds ${seeds.join(', ')} (Relearn's 70/10/20 split)`);
  const cells: string[][] = [];
  const wins = new Map<Family, number>(FAMILIES.map((f) => [f, 0]));
  for (const dataset of datasets) {
    const csv = await readCsvFile(dataset.file);
    const names = csv.columns.map((b) => b.column.name);
    const features = names.filter((n) => n !== dataset.target && !dataset.drop.includes(n));
    const table = buildTable([{ id: csv.sha256, name: dataset.file, columns: csv.columns.map((b) => b.column) }], [dataset.target, ...features]);
    const scores = new Map<Family, FamilyScore>();
    for (const family of FAMILIES) {
      const runs: FamilyScore[] = [];
      for (const seed of seeds) {
        console.log(`  ${dataset.name}: ${family}, seed ${seed}…`);
        const trained = await ml.trainModel({ table, config: { ...defaultTrainConfig(dataset.target, family), features, task: 'classification', seed } });
        if (trained.evaluation.task === 'regression') throw new Error(`${dataset.name}: trained a regression`);
        const m = trained.evaluation.metrics as { accuracy: number; f1Macro?: number; f1?: number };
        runs.push({ accuracy: m.accuracy, f1Macro: m.f1Macro ?? m.f1 ?? NaN, trainMs: trained.trainMs, sizeBytes: trained.sizeBytes });
      }
      scores.set(family, { accuracy: mean(runs.map((r) => r.accuracy)), f1Macro: mean(runs.map((r) => r.f1Macro)), trainMs: mean(runs.map((r) => r.trainMs)), sizeBytes: mean(runs.map((r) => r.sizeBytes)) });
    }
    const best = Math.max(...[...scores.values()].map((s) => s.accuracy));
    for (const [family, s] of scores) if (s.accuracy === best) wins.set(family, wins.get(family)! + 1);
    cells.push([
      dataset.name,
      ...FAMILIES.map((f) => {
        const s = scores.get(f)!;
        return `${pct(s.accuracy)} / ${s.f1Macro.toFixed(3)}, ${(s.trainMs / 1000).toFixed(2)} s, ${(s.sizeBytes / 1024).toFixed(0)} kB`;
      }),
    ]);
  }
  printGrid(['dataset', ...FAMILIES.map((f) => `${f}: accuracy / F1, fit, size`)], cells);
  console.log(`\nbest accuracy (ties count for each): ${FAMILIES.map((f) => `${f} ${wins.get(f)}`).join(', ')}`);
}
