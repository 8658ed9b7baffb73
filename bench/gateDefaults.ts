/**
 * How many promotions the gate's old default (any strictly positive gain, no significance) and today's
 * (the metric's minimum improvement and the paired bootstrap interval's lower bound of the gain above 0)
 * make when the whole loop runs: `relearn run`'s work (runOnDb) batch after batch on an in-memory
 * workspace, once per default. Scenarios: the demo's yearly weather batches under the demo's settings,
 * and scikit-learn's iris, wine, breast_cancer and digits shuffled (seeded) into a reference and four
 * later batches, every batch retraining (volume rule at 1 row) so the gate judges each one.
 * usage: npx tsx bench/gateDefaults.ts [--json]  (needs /usr/bin/python3 with scikit-learn for the datasets)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnDb } from '../src/cli/run.ts';
import { demoBatches, DEMO_TARGET } from '../src/core/demo.ts';
import { taskOf } from '../src/core/pipeline/runState.ts';
import { defaultGateSettings, type GateSettings, type PipelineSettings } from '../src/core/pipeline/settings.ts';
import { defaultValidationSettings } from '../src/core/validation.ts';
import { loadWorkspaceDir } from '../src/storage/directory.ts';
import { changePipelineSettings } from '../src/storage/commands/pipelineSettings.ts';
import { readWorkspace } from '../src/storage/queries/workspace.ts';
import { PYTHON } from './pandas.ts';

const MIN_ROWS = defaultValidationSettings.minRows;

const GATES: Record<'old' | 'new', GateSettings> = {
  old: { ...defaultGateSettings(), minImprovementMode: 'set', minImprovement: 0, relative: false, significance: 'none' },
  new: defaultGateSettings(),
};

interface Scenario {
  name: string;
  target: string;
  files: string[];
  /** Every batch retrains: the gate judges each one (the datasets do not drift). */
  everyBatch: boolean;
}

/** One gate's verdict on a retrained challenger. */
interface Judged {
  batch: string;
  /** Set when the run stopped before its gate (the decision fields are then empty). */
  failed?: string;
  version: number;
  decision: 'promote' | 'keep';
  metric: string;
  improvement: number | null;
  mcnemarP: number | null;
  interval: [number, number] | null;
}

// A seeded shuffle (mulberry32), so the batches are the same on every machine.
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A reference of a third of the rows and up to four later batches of the rest, after a seeded shuffle;
 * each batch keeps validation's 30 rows at least (iris and wine get three).
 */
function splitFile(file: string, dir: string, name: string, seed = 42): string[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
  const order = shuffled(rows, seed);
  const reference = Math.round(order.length / 3);
  const count = Math.min(4, Math.floor((order.length - reference) / MIN_ROWS));
  const size = Math.floor((order.length - reference) / count);
  const parts = [order.slice(0, reference), ...Array.from({ length: count }, (_, k) => order.slice(reference + k * size, reference + (k + 1) * size))];
  return parts.map((part, k) => {
    const out = path.join(dir, `${name}-${k === 0 ? 'reference' : `batch-${k}`}.csv`);
    writeFileSync(out, `${[header, ...part].join('\n')}\n`);
    return out;
  });
}

async function runLoop(scenario: Scenario, gate: GateSettings, work: string): Promise<Judged[]> {
  const dir = mkdtempSync(path.join(work, 'ws-'));
  const db = await loadWorkspaceDir(dir, { create: true });
  try {
    const stored = (await readWorkspace(db)).pipeline;
    const policy = scenario.everyBatch ? { ...stored.policy, volume: { enabled: true, rows: 1 } } : stored.policy;
    await changePipelineSettings(db, { ...stored, gate, policy } satisfies PipelineSettings);
    const judged: Judged[] = [];
    for (const [k, file] of scenario.files.entries()) {
      const { json } = await runOnDb(db, { workspace: dir, batch: file, target: k === 0 ? scenario.target : null, json: true, html: null });
      if (!json.run) continue;
      const run = (await db.runs.get(json.run.id))!;
      if (run.outcome === 'failed') {
        judged.push({ batch: path.basename(file), failed: run.reason ?? 'failed', version: 0, decision: 'keep', metric: '', improvement: null, mcnemarP: null, interval: null });
        continue;
      }
      const decision = taskOf(run, 'gate').output;
      const compare = taskOf(run, 'compare').output;
      // The first model is promoted with nothing to beat: only challengers against a champion count.
      if (!decision || !compare?.champion) continue;
      const bootstrap = compare.paired?.bootstrap ?? null;
      judged.push({
        batch: path.basename(file),
        version: compare.challenger.version,
        decision: decision.decision,
        metric: compare.metric.key,
        improvement: decision.improvement,
        mcnemarP: compare.paired?.mcnemar?.pValue ?? null,
        interval: bootstrap && [bootstrap.low, bootstrap.high],
      });
    }
    return judged;
  } finally {
    db.close();
  }
}

function scenarios(work: string): Scenario[] {
  const weather = readFileSync(fileURLToPath(new URL('../node_modules/vega-datasets/data/weather.csv', import.meta.url)), 'utf8');
  const demo = demoBatches(weather).map((b) => {
    const file = path.join(work, b.name);
    writeFileSync(file, b.csv);
    return file;
  });
  const list: Scenario[] = [{ name: 'demo (weather, yearly batches)', target: DEMO_TARGET, files: demo, everyBatch: false }];
  const data = path.join(work, 'data');
  mkdirSync(data, { recursive: true });
  try {
    execFileSync(PYTHON, [fileURLToPath(new URL('./accuracyData.py', import.meta.url)), data], { encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`gateDefaults: scikit-learn's datasets not written (${(error as Error).message.split('\n')[0]}); the demo only\n`);
    return list;
  }
  for (const name of ['iris', 'wine', 'breast_cancer', 'digits']) {
    const file = path.join(data, `${name}.csv`);
    list.push({ name, target: 'target', files: splitFile(file, data, name), everyBatch: true });
  }
  return list;
}

const num = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));

export async function gateDefaults(): Promise<{ scenario: string; gate: 'old' | 'new'; judged: Judged[] }[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'relearn-gate-'));
  try {
    const results = [];
    for (const scenario of scenarios(work)) {
      for (const gate of ['old', 'new'] as const) results.push({ scenario: scenario.name, gate, judged: await runLoop(scenario, GATES[gate], work) });
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await gateDefaults();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const { scenario, gate, judged } of results) {
      const gated = judged.filter((j) => !j.failed);
      const promoted = gated.filter((j) => j.decision === 'promote').length;
      process.stdout.write(`${scenario}, ${gate} default: ${promoted} of ${gated.length} challengers promoted\n`);
      for (const j of judged) {
        if (j.failed) {
          process.stdout.write(`  ${j.batch}: run failed before the gate: ${j.failed}\n`);
          continue;
        }
        process.stdout.write(`  ${j.batch} v${j.version}: ${j.decision.padEnd(7)} gain in ${j.metric} ${num(j.improvement)}, McNemar p ${num(j.mcnemarP)}, bootstrap 95% [${j.interval ? j.interval.map(num).join(', ') : 'n/a'}]\n`);
      }
    }
  }
}
