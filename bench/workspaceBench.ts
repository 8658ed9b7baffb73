import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestBatch } from '../src/app/ingest/ingest.ts';
import { fileChunks, fileSize, nodeSha256 } from '../src/cli/nodeFiles.ts';
import { nodeMl } from '../src/cli/tfNode.ts';
import { loadWorkspaceDir, saveWorkspaceDir } from '../src/storage/directory.ts';
import { measure, measureRuns, out, RUNS } from './common.ts';
import { numericCsv } from './generate.ts';
import { median, printGrid } from './table.ts';

/**
 * `relearn run` on a workspace that already holds 1, 30 and 100 batches: the run's time and peak memory
 * should depend on the new batch, the reference and the rows it trains on, not on how many batches the
 * workspace stores. BENCH_WORKSPACE_ROWS sets the rows of every batch (default 50,000 × 10 numeric columns).
 */
const ROWS = Number(process.env.BENCH_WORKSPACE_ROWS ?? 50_000);
const COLUMNS = 10;
const STORED = [1, 30, 100] as const;
const relearn = fileURLToPath(new URL('../bin/relearn.js', import.meta.url));
const dir = path.join(out, 'workspace');

const batchCsv = (i: number): Promise<string> => numericCsv(path.join(dir, `batch-${ROWS}-${i}.csv`), ROWS, COLUMNS, { seed: 1000 + i });

/** `relearn run` in a fresh process under /usr/bin/time: wall seconds and peak resident memory. */
function timedRun(workspace: string, batch: string, target: string | null): { seconds: number; peakMb: number } {
  const args = ['-f', '%e %M', process.execPath, relearn, 'run', '--workspace', workspace, '--batch', batch, '--json', ...(target ? ['--target', target] : [])];
  const run = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`relearn run exited with ${run.status}:\n${run.stderr}`);
  const [seconds, kb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024 };
}

/** A workspace of `stored` batches: the first through `relearn run` (reference and first model), the rest ingested and judged. */
async function buildWorkspace(stored: number): Promise<string> {
  const workspace = path.join(dir, `judged-${ROWS}-${stored}`);
  if (existsSync(path.join(workspace, 'manifest.json'))) return workspace;
  rmSync(workspace, { recursive: true, force: true });
  timedRun(workspace, await batchCsv(0), 'f0');
  const db = await loadWorkspaceDir(workspace);
  try {
    const ml = await nodeMl();
    for (let i = 1; i < stored; i++) {
      const file = await batchCsv(i);
      await ingestBatch(db, fileChunks(file), { name: path.basename(file), size: fileSize(file) }, { hasher: nodeSha256() });
    }
    // Every stored batch checked and judged, as `relearn run` leaves it (drawn alike, so no drift and no training).
    const { runArrivals } = await import('../src/app/pipeline/arrival.ts');
    await runArrivals(db, (await db.batches.orderBy('arrivedAt').last())!.id);
    await saveWorkspaceDir(db, workspace, { modelJson: (artifacts) => ml.modelFiles(artifacts).modelJson, createdBy: 'relearn bench (workspace)' });
  } finally {
    db.close();
  }
  return workspace;
}

export async function workspaceSection(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  console.log(`workspace benchmark: \`relearn run\` with one new ${ROWS.toLocaleString('en-US')} × ${COLUMNS} batch on a workspace that stores 1, 30 and 100 such batches; ${RUNS} runs each, a fresh copy of the workspace per run, process start included`);
  const fresh = await batchCsv(999);
  const cells: string[][] = [];
  for (const stored of STORED) {
    const workspace = await measure(`workspace: building one with ${stored} stored batches (once)`, () => buildWorkspace(stored));
    const copy = `${workspace}-run`;
    const runs = await measureRuns(`workspace: relearn run on ${stored} stored batches`, RUNS, () => {
      rmSync(copy, { recursive: true, force: true });
      cpSync(workspace, copy, { recursive: true });
      return timedRun(copy, fresh, null);
    });
    rmSync(copy, { recursive: true, force: true });
    cells.push([`${stored}`, `${median(runs.map((r) => r.seconds)).toFixed(2)} s`, `${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB`]);
  }
  printGrid(['stored batches', 'relearn run (median)', 'peak RSS (max)'], cells);
}
