import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchMeta } from '../core/batch.ts';
import type { Exclusion } from '../core/columnChoices.ts';
import type { ColumnDrift } from '../core/drift/columnDrift.ts';
import { InputError } from '../core/errors.ts';
import { isEvent } from '../core/events.ts';
import { driftedColumns, importantDrift, type ChampionImportance } from '../core/importance/driftThatMatters.ts';
import type { Outcome, RunTrigger, TaskState, TriggerKind } from '../core/pipeline/runState.ts';
import type { HeadlineMetrics } from '../core/training/modelCard.ts';
import { hasTargetColumn } from '../core/training/trainable.ts';
import type { RelearnDb, RunRecord } from '../storage/db.ts';
import { lockWorkspace, type WorkspaceLock } from '../storage/dirLock.ts';
import { loadWorkspaceDir, saveWorkspaceDir } from '../storage/directory.ts';
import { statusWord } from '../app/ingest/arrivalEvents.ts';
import { ingestBatch } from '../app/ingest/ingest.ts';
import { champion } from '../storage/queries/registry.ts';
import { changeWorkspace } from '../app/workspace/schemaChanges.ts';
import { readWorkspace } from '../storage/queries/workspace.ts';
import { WorkspaceError } from '../storage/workspaceErrors.ts';
import type * as ArrivalModule from '../app/pipeline/arrival.ts';
import { FileError, metricLines, reportInputError } from './inputs.ts';
import { parallelFile } from './csvThreads.ts';
import { fileChunks, fileSize, nodeSha256 } from './nodeFiles.ts';
import { nodeMl } from './tfNode.ts';
import { checkOutputPath, HTML_TAKES, writeFileAtomically } from './outputFile.ts';
import { runReportHtml } from '../core/report/runReport.ts';

export interface RunOptions {
  workspace: string;
  batch: string;
  target: string | null;
  json: boolean;
  /** --html FILE: also write the run's shareable HTML report there; null: none. */
  html: string | null;
}

/** Exit status of `relearn run` when the pipeline ran and its run failed (validation, training, …). */
export const EXIT_RUN_FAILED = 4;

/** What `relearn run --json` prints. */
export interface RunJson {
  batch: {
    id: string;
    name: string;
    rows: number;
    /** Against the reference batch; null for the reference itself. */
    validation: 'pass' | 'warn' | 'fail' | null;
    /** The stored drift report's dataset verdict; null for the reference itself. */
    drift: {
      drift: boolean;
      driftedColumns: number;
      checkedColumns: number;
      driftedShare: number | null;
      driftShare: number;
      drifted: string[];
      /** Columns left out of the share (the workspace's choices; datetime and id-like by default), each with its reason. */
      excluded: { name: string; excluded: Exclusion }[];
      /**
       * Drift that matters: the share of the champion's positive permutation importance in the drifted columns,
       * the champion being the one that judged the batch; share null with the reason in `note`.
       */
      importantDrift: { share: number | null; columns: string[]; note: string };
    } | null;
  };
  /** The trigger policy's decision for this batch: whether a run started, by which rule, and why (or why not). */
  decision: { fired: boolean; kind: TriggerKind | null; reason: string };
  /** The run this batch started; null when the policy decided not to run. */
  run: {
    id: string;
    trigger: RunTrigger;
    tasks: { id: string; state: TaskState; tries: number; ms: number | null }[];
    outcome: Outcome | null;
    /** Why the run failed, in a sentence; null otherwise. */
    reason: string | null;
  } | null;
  /** The champion after the run; null when there is none. */
  champion: { version: number; metrics: HeadlineMetrics | null } | null;
}

const OPTIONS = {
  workspace: { type: 'string' },
  batch: { type: 'string' },
  target: { type: 'string' },
  json: { type: 'boolean', default: false },
  html: { type: 'string' },
} as const;

export function parseRunArgs(args: string[]): { options: RunOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.workspace) problems.push('run needs --workspace DIR');
  if (!values.batch) problems.push('run needs --batch FILE');
  if (values.target !== undefined && values.target.trim() === '') problems.push('--target needs a column name');
  if (values.html !== undefined && values.html.trim() === '') problems.push('--html needs a file name');
  if (problems.length > 0 || !values.workspace || !values.batch) return { problems };
  return { options: { workspace: values.workspace, batch: values.batch, target: values.target ?? null, json: values.json, html: values.html ?? null } };
}

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** While a run holds the lock, Ctrl-C or a TERM signal removes it before the process ends (nothing is saved). */
function releaseOnSignal(lock: WorkspaceLock): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      lock.release();
      process.stderr.write(`relearn run: stopped by ${signal}; the workspace was left as it was\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.removeListener(signal, handler));
}

/**
 * `relearn run`: adds the batch to the workspace (created when missing), checks drift, lets the trigger policy
 * decide and runs the pipeline, then saves the workspace. Exit status 0 when the pipeline did its work
 * (promoted, rejected, skipped, awaiting approval, or no run), 4 when the run failed, 1 for bad input.
 */
export async function runRun(options: RunOptions): Promise<number> {
  let lock: WorkspaceLock;
  try {
    fileSize(options.batch);
    if (options.html !== null) checkOutputPath(options.html, HTML_TAKES);
  } catch (error) {
    if (error instanceof InputError) return reportInputError(new FileError(options.batch, error.message));
    return reportInputError(error);
  }
  try {
    lock = lockWorkspace(options.workspace, 'relearn run');
  } catch (error) {
    return reportWorkspaceError(error);
  }
  const stopReleasing = releaseOnSignal(lock);
  try {
    const db = await loadWorkspaceDir(options.workspace, { create: true });
    try {
      const result = await runOnDb(db, options);
      const ml = await nodeMl();
      await saveWorkspaceDir(db, options.workspace, { modelJson: (artifacts) => ml.modelFiles(artifacts).modelJson, createdBy: `relearn ${VERSION} (relearn run)` });
      if (options.html !== null) writeRunReport(options.html, result);
      process.stdout.write(options.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${formatRun(result, path.resolve(options.workspace))}\n`);
      return result.json.run?.outcome === 'failed' ? EXIT_RUN_FAILED : 0;
    } finally {
      db.close();
    }
  } catch (error) {
    return reportWorkspaceError(error);
  } finally {
    stopReleasing();
    lock.release();
  }
}

/**
 * Writes the run's HTML report after the workspace is saved; a batch that started no run has no run
 * to report on, which stderr says (the file is not written, the exit status stays the run's).
 */
function writeRunReport(file: string, result: RunResult): void {
  if (!result.record) {
    process.stderr.write(`relearn run: no run started for this batch, so ${file} was not written\n`);
    return;
  }
  const html = runReportHtml({ run: result.record, target: result.record.config.target, batchName: result.batch.name, generatedAt: Date.now() });
  writeFileAtomically(file, [html], HTML_TAKES);
}

/** A WorkspaceError (or a FileError) as one line on stderr: exit status 1. */
export function reportWorkspaceError(error: unknown): number {
  if (error instanceof WorkspaceError) {
    process.stderr.write(`error: ${error.describe()}\n`);
    return 1;
  }
  return reportInputError(error);
}

interface RunResult {
  json: RunJson;
  /** The run this batch started, as stored; null when the policy decided not to run. */
  record: RunRecord | null;
  batch: BatchMeta;
  targetSet: string | null;
  otherRuns: RunRecord[];
  alerts: string[];
}

/** Sets the target on first use; refuses a --target that differs from the workspace's. */
async function settleTarget(db: RelearnDb, options: RunOptions): Promise<string | null> {
  const workspace = await readWorkspace(db);
  const current = workspace.schema.target;
  if (options.target === null) {
    if (current === null) throw new FileError(options.workspace, 'the workspace has no target column yet; give it with --target COLUMN on this first run');
    return null;
  }
  if (current === options.target) return null;
  if (current !== null) {
    throw new FileError(options.workspace, `the workspace's target column is "${current}", not "${options.target}"; leave out --target, or change the target in the page (it re-validates and re-checks every batch)`);
  }
  await changeWorkspace(db, { target: options.target });
  return options.target;
}

async function ingest(db: RelearnDb, file: string): Promise<BatchMeta> {
  let outcome;
  try {
    const size = fileSize(file);
    outcome = await ingestBatch(db, fileChunks(file), { name: path.basename(file), size }, { hasher: nodeSha256(), parallel: parallelFile(file, size) });
  } catch (error) {
    if (error instanceof InputError) throw new FileError(file, error.message, error.line);
    throw error;
  }
  if (outcome.status === 'duplicate') {
    throw new FileError(file, `already in the workspace: the same bytes arrived as batch "${outcome.batch.name}" on ${new Date(outcome.batch.arrivedAt).toISOString()}; nothing was changed`);
  }
  return outcome.batch;
}

/** The work of `relearn run` on a loaded database; the caller saves it. */
export async function runOnDb(db: RelearnDb, options: RunOptions): Promise<RunResult> {
  const targetSet = await settleTarget(db, options);
  const batch = await ingest(db, options.batch);
  const target = (await readWorkspace(db)).schema.target!;
  if (targetSet !== null && !hasTargetColumn(batch, target)) {
    throw new FileError(options.batch, `no column "${target}" for --target; the columns are ${batch.columns.map((c) => c.name).join(', ')}`);
  }
  // Training and scoring run on TensorFlow.js's wasm backend, set before the scheduler's modules load tfjs.
  await nodeMl();
  const { runArrivals } = (await import('../app/pipeline/arrival.ts')) as typeof ArrivalModule;
  const judge = await champion(db);
  const { run, otherRuns, alerts } = await runArrivals(db, batch.id);
  const workspace = await readWorkspace(db);
  const policyEvents = (await db.events.where('batchId').equals(batch.id).toArray()).filter((e) => isEvent(e, 'policy.fired', 'policy.suppressed'));
  const event = policyEvents.at(-1);
  const decision = event && 'decision' in event.details ? event.details.decision : undefined;
  const report = await db.driftReports.get(batch.id);
  const current = await champion(db);
  const dataset = report?.report.dataset;
  const json: RunJson = {
    batch: {
      id: batch.id,
      name: batch.name,
      rows: batch.rows,
      validation: batch.validation?.status ?? null,
      drift: dataset
        ? {
            drift: dataset.drift,
            driftedColumns: dataset.driftedColumns,
            checkedColumns: dataset.checkedColumns,
            driftedShare: dataset.driftedShare,
            driftShare: dataset.driftShare,
            drifted: report.report.columns.filter((c) => c.role === 'feature' && c.drift).map((c) => c.name),
            excluded: report.report.columns.flatMap((c) => (c.excluded ? [{ name: c.name, excluded: c.excluded }] : [])),
            importantDrift: importantDriftJson(judge && { version: judge.version, importance: judge.importance }, report.report.columns),
          }
        : null,
    },
    decision: event
      ? { fired: event.kind === 'policy.fired', kind: decision?.kind ?? null, reason: decision?.reason ?? event.summary }
      : { fired: false, kind: null, reason: workspace.pipeline.autoRun ? 'the batch was not judged: it has no drift report' : "automatic runs are off in the workspace's pipeline settings" },
    run: run && {
      id: run.id,
      trigger: { kind: run.trigger.kind, reason: run.trigger.reason },
      tasks: run.tasks.map((t) => ({ id: t.id, state: t.state, tries: t.tries, ms: t.startedAt !== null && t.endedAt !== null ? t.endedAt - t.startedAt : null })),
      outcome: run.outcome,
      reason: run.reason,
    },
    champion: current && { version: current.version, metrics: current.metrics },
  };
  return { json, record: run, batch, targetSet, otherRuns, alerts };
}

function importantDriftJson(judge: ChampionImportance, columns: ColumnDrift[]): { share: number | null; columns: string[]; note: string } {
  const result = importantDrift(judge, driftedColumns(columns));
  return { share: result.share, columns: result.columns.map((c) => c.column), note: result.note };
}

const ms = (v: number | null): string => (v === null ? '' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(2)} s`);
const pct = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 1000) / 10}%`);

/** The human summary: the batch, drift, the decision, each task with its state and time, the outcome, the champion. */
export function formatRun(result: RunResult, workspace: string): string {
  const { json, batch } = result;
  const lines: string[] = [];
  if (result.targetSet) lines.push(`target: "${result.targetSet}" (set for this workspace)`);
  const validation = json.batch.validation ? `validation ${statusWord[json.batch.validation]}` : 'the reference batch';
  lines.push(`batch: ${batch.name} — ${batch.rows} rows, ${batch.columns.length} columns; ${validation}; id ${batch.id.slice(0, 12)}…`);
  const drift = json.batch.drift;
  if (drift) {
    const names = drift.drifted.length ? `: ${drift.drifted.join(', ')}` : '';
    const left = drift.excluded.length ? `; left out: ${drift.excluded.map((c) => `${c.name} (${c.excluded})`).join(', ')}` : '';
    lines.push(`drift: ${drift.drift ? 'dataset drift' : 'no dataset drift'} — ${drift.driftedColumns} of ${drift.checkedColumns} columns drifted (${pct(drift.driftedShare)}; drift when ≥ ${pct(drift.driftShare)})${names}${left}`);
    lines.push(`drift that matters: ${drift.importantDrift.note}`);
  }
  lines.push(`decision: ${json.decision.fired ? `retrain (${json.decision.kind})` : 'no run'} — ${json.decision.reason}`);
  for (const other of result.otherRuns) lines.push(`also ran: ${other.id} (${other.trigger.kind}) for an earlier batch that had not been judged: ${other.outcome ?? other.state}`);
  if (json.run) {
    lines.push(`${json.run.id} (${json.run.trigger.kind}):`);
    const width = Math.max(...json.run.tasks.map((t) => t.id.length));
    const stateWidth = Math.max(...json.run.tasks.map((t) => t.state.length));
    for (const t of json.run.tasks) lines.push(`  ${t.id.padEnd(width)}  ${t.state.padEnd(stateWidth)}  ${ms(t.ms)}${t.tries > 1 ? ` (${t.tries} tries)` : ''}`.trimEnd());
    lines.push(`outcome: ${json.run.outcome ?? 'unfinished'}${json.run.reason ? ` — ${json.run.reason}` : ''}`);
  }
  for (const alert of result.alerts) lines.push(`alert: ${alert}`);
  if (json.champion) {
    lines.push(`champion: version ${json.champion.version}`);
    if (json.champion.metrics) lines.push(...metricLines(json.champion.metrics, null));
  } else lines.push('champion: none yet');
  lines.push(`saved: ${workspace}`);
  return lines.join('\n');
}
