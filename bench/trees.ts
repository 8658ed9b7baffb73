import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserTrees, type BrowserTreesRun } from './browserTrees.ts';
import { PYTHON, pythonHas } from './pandas.ts';
import { median, printGrid } from './table.ts';

// BENCH_ONLY=trees: the tree families' fit and scoring times in the page's train worker beside scikit-learn's
// HistGradientBoostingClassifier and RandomForestClassifier(n_jobs=1, 100 trees) on the same rows, then the
// Node rows of bench/treesNode.ts (gbdt) and bench/forestNode.ts (forest), which print their own tables.

const FEATURES = 20;
/** sklearnTrees.py's validation rows, as bench/treesNode.ts writes them. */
const VALIDATION = 20_000;
const script = fileURLToPath(new URL('./sklearnTrees.py', import.meta.url));

interface SklearnFit {
  seconds: number[];
  cpuSeconds: number[];
  peakRssMb: number;
}

/** scikit-learn's fit of a family on the data, one process, its OpenMP threads pinned to one as our fit is single-threaded. */
const sklearnFit = (dir: string, rows: number, family: 'gbdt' | 'forest', runs: number): SklearnFit =>
  JSON.parse(execFileSync(PYTHON, [script, 'fit', dir, String(rows), String(FEATURES), family, 'plain', String(runs)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as SklearnFit;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Runs a bench script in its own Node process, its tables printed as it goes. */
function nodeScript(file: string, ...args: string[]): void {
  const run = spawnSync('npx', ['tsx', fileURLToPath(new URL(file, import.meta.url)), ...args], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${file} ${args.join(' ')} exited with ${run.status}`);
}

export async function treesSection(out: string, runs: number, rows: number): Promise<void> {
  if (!pythonHas('sklearn')) {
    console.log('tree benchmark: scikit-learn is not installed (/usr/bin/python3); its data and reference times need it');
    return;
  }
  const dir = `${out}trees-${rows}/`;
  if (!existsSync(`${dir}train.bin`)) execFileSync(PYTHON, [script, 'data', dir, String(rows), String(FEATURES), String(VALIDATION)]);
  console.log(
    `tree benchmark: make_classification(random_state=0), ${rows.toLocaleString('en-US')} × ${FEATURES} training rows, binary; scikit-learn's defaults on both sides ` +
      `(gbdt: 100 iterations, 31 leaves, learning rate 0.1, no early stopping; forest: 100 trees, sqrt features, fully grown); ${runs} runs each, the Chromium ones each in a fresh page`,
  );
  const page = await browserTrees({ train: { path: `${dir}train.bin`, rows }, validation: { path: `${dir}validation.bin`, rows: VALIDATION }, features: FEATURES }, runs);
  const cells: string[][] = [];
  const names = { gbdt: 'HistGradientBoostingClassifier', forest: 'RandomForestClassifier(n_jobs=1)' };
  for (const family of ['gbdt', 'forest'] as const) {
    const sk = sklearnFit(dir, rows, family, runs);
    const skWall = median(sk.seconds) * 1000;
    const skCpu = median(sk.cpuSeconds) * 1000;
    const ours: BrowserTreesRun[] = page[family];
    const wall = median(ours.map((r) => r.trainMs));
    const cpu = median(ours.map((r) => r.cpuMs));
    const first = ours[0]!;
    cells.push([`scikit-learn ${names[family]}.fit (reference)`, s(skWall), s(skCpu), '—', `${sk.peakRssMb.toFixed(0)} MB`, '—']);
    cells.push([`Chromium worker: ${family} fit`, s(wall), s(cpu), `${(wall / skWall).toFixed(2)} / ${(cpu / skCpu).toFixed(2)}`, `${Math.max(...ours.map((r) => r.peakRssMb)).toFixed(0)} MB`, `${first.steps} ${family === 'gbdt' ? 'iterations' : 'trees'}, validation accuracy ${(first.accuracy * 100).toFixed(1)}%`]);
    const scores = ours.flatMap((r) => r.scoreMs);
    const scoreCpu = ours.flatMap((r) => r.scoreCpuMs);
    cells.push([`Chromium worker: ${family} scores ${rows.toLocaleString('en-US')} rows`, s(median(scores)), s(median(scoreCpu)), '—', '—', `${first.trees} trees; target < 1 s`]);
  }
  printGrid(['measured', 'median wall', 'median CPU', 'ratio to scikit-learn, wall / CPU', 'peak memory', 'notes'], cells);
  console.log(
    '\ntargets: gbdt fit within 2× of HistGradientBoostingClassifier, forest fit within 2× of RandomForestClassifier(n_jobs=1), scoring 100,000 rows under 1 s in the page\'s worker. ' +
      'Chromium CPU = CPU time of all its processes over the step (the worker dominates); on a busy machine it is the fairer measure. The worker\'s fit time includes binning the features; ' +
      'its scoring is the tree scorer\'s predict on rows already encoded.',
  );
  console.log('\nNode, bench/treesNode.ts (gbdt):');
  nodeScript('./treesNode.ts', '--speed', '--family', 'gbdt', '--rows', String(rows), '--runs', String(runs));
  console.log('\nNode, bench/forestNode.ts (forest):');
  nodeScript('./forestNode.ts', 'speed');
}
