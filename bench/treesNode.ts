import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultParams, type HyperParameters } from '../src/core/training/config.ts';
import type { TreeData, TreeFitOptions, TreeFitOutcome } from '../src/core/trees/fit.ts';
import { fitGbdt } from '../src/core/trees/gbdt.ts';
import { PYTHON } from './pandas.ts';
import { median, printGrid } from './table.ts';
import { treesAccuracy } from './treesAccuracy.ts';

/**
 * Fit time of the tree families on a seeded 100,000 × 20 make_classification set beside scikit-learn's, in
 * this process (Node) and in Debian's python3, and holdout accuracy on real sets (treesAccuracy.ts).
 * usage: npx tsx bench/treesNode.ts [--family gbdt]... [--speed] [--accuracy] [--rows 100000] [--runs 3]
 * [--sklearn-threads 1|default]; without --speed or --accuracy, both. Wall and CPU milliseconds are both
 * printed: on a shared machine the CPU time is the fairer measure. scikit-learn's OpenMP threads are pinned
 * to one by default (OMP_NUM_THREADS=1; our fit is single-threaded); `default` leaves them to OpenMP.
 */

type Fit = (train: TreeData, validation: TreeData, options: TreeFitOptions) => Promise<TreeFitOutcome>;

/** One timed configuration: our settings and the scikit-learn mode of sklearnTrees.py it is set against. */
interface Mode {
  name: string;
  params: HyperParameters;
  sklearn: string;
}

/** A family is a row group: the forest adds its entry here beside gbdt. */
const FAMILIES: Record<string, { fit: Fit; modes: Mode[] }> = {
  gbdt: {
    fit: fitGbdt,
    modes: [
      { name: '100 iterations, no early stopping', params: { ...defaultParams('gbdt'), patience: 0 }, sklearn: 'plain' },
      { name: 'early stopping (ours: our validation rows; theirs: default auto, 10% split)', params: defaultParams('gbdt'), sklearn: 'default' },
    ],
  },
};

const { values } = parseArgs({
  options: { family: { type: 'string', multiple: true }, rows: { type: 'string' }, runs: { type: 'string' }, speed: { type: 'boolean' }, accuracy: { type: 'boolean' }, 'sklearn-threads': { type: 'string' } },
});
const both = !values.speed && !values.accuracy;
const threads = values['sklearn-threads'] === 'default' ? null : (values['sklearn-threads'] ?? '1');
const families = values.family ?? ['gbdt'];
const rows = Number(values.rows ?? 100_000);
const runs = Number(values.runs ?? 3);
const FEATURES = 20;
const VALIDATION = 20_000;
const script = fileURLToPath(new URL('./sklearnTrees.py', import.meta.url));
const dir = join(tmpdir(), `relearn-trees-${rows}`);

function read(path: string, n: number): TreeData {
  const data = new Float32Array(readFileSync(path).buffer.slice(0));
  return { rows: n, inputs: FEATURES, x: data.subarray(0, n * FEATURES), y: Float64Array.from(data.subarray(n * FEATURES)) };
}


interface Timing {
  wall: number[];
  cpu: number[];
  iterations: number;
}

function sklearnFit(family: string, mode: string): Timing {
  const env = threads ? { ...process.env, OMP_NUM_THREADS: threads } : process.env;
  const out = execFileSync(PYTHON, [script, 'fit', dir, String(rows), String(FEATURES), family, mode, String(runs)], { encoding: 'utf8', env });
  const result = JSON.parse(out) as { seconds: number[]; cpuSeconds: number[]; iterations: number | null };
  return { wall: result.seconds.map((s) => s * 1000), cpu: result.cpuSeconds.map((s) => s * 1000), iterations: result.iterations ?? 100 };
}

async function ourFit(fit: Fit, params: HyperParameters, train: TreeData, validation: TreeData): Promise<Timing> {
  const timing: Timing = { wall: [], cpu: [], iterations: 0 };
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const outcome = await fit(train, validation, { task: 'binary', classes: 2, params, seed: 0 });
    timing.wall.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    timing.cpu.push((used.user + used.system) / 1000);
    timing.iterations = outcome.history.length;
  }
  return timing;
}

const ms = (values: number[]): string => `${Math.round(median(values))}`;

async function speed(): Promise<void> {
  if (!existsSync(join(dir, 'train.bin'))) execFileSync(PYTHON, [script, 'data', dir, String(rows), String(FEATURES), String(VALIDATION)]);
  const train = read(join(dir, 'train.bin'), rows);
  const validation = read(join(dir, 'validation.bin'), VALIDATION);
  const cells: string[][] = [];
  for (const family of families) {
    const entry = FAMILIES[family];
    if (!entry) throw new Error(`no tree family "${family}": ${Object.keys(FAMILIES).join(', ')}`);
    const head = { ...train, rows: 2000, x: train.x.subarray(0, 2000 * FEATURES), y: train.y.subarray(0, 2000) };
    await entry.fit(head, head, { task: 'binary', classes: 2, params: { ...entry.modes[0]!.params, epochs: 5 }, seed: 0 });
    for (const mode of entry.modes) {
      const ours = await ourFit(entry.fit, mode.params, train, validation);
      const theirs = sklearnFit(family, mode.sklearn);
      cells.push([
        family,
        mode.name,
        `${rows} × ${FEATURES}`,
        `${ms(ours.wall)} / ${ms(ours.cpu)} (${ours.iterations} it.)`,
        `${ms(theirs.wall)} / ${ms(theirs.cpu)} (${theirs.iterations} it.)`,
        `${(median(ours.wall) / median(theirs.wall)).toFixed(2)} / ${(median(ours.cpu) / median(theirs.cpu)).toFixed(2)}`,
      ]);
    }
  }
  printGrid(['family', 'fit', 'rows', 'ours ms wall / CPU', `scikit-learn ms wall / CPU (${threads ? `${threads} thread` : 'default threads'})`, 'ratio wall / CPU'], cells);
  console.log(`\nmedian of ${runs} runs each, one process each side, on make_classification(random_state=0) rows; ours after a warm-up fit on 2,000 rows.`);
}

if (values.speed || both) await speed();
if (values.accuracy || both) await treesAccuracy(families);
