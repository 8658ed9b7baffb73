import type { BatchMeta } from '../../core/batch.ts';
import { isCancelled } from '../../core/errors.ts';
import { breakerTrips, evaluatePolicy } from '../../core/pipeline/policy.ts';
import { executeRun, resolveApproval } from '../../core/pipeline/runner.ts';
import { clearFrom, markInterrupted, taskOf, type RerunInputs, type RunTrigger } from '../../core/pipeline/runState.ts';
import { rerunBatches, rerunProblem, rerunStatement } from '../../core/pipeline/rerunInputs.ts';
import type { TaskId } from '../../core/pipeline/dag.ts';
import type { PipelineSettings } from '../../core/pipeline/settings.ts';
import type { Family } from '../../core/training/config.ts';
import { hasTargetColumn, trainableBatches } from '../../core/training/trainable.ts';
import { listBatches } from '../../storage/queries/batches.ts';
import type { RelearnDb, RunRecord } from '../../storage/db.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { consecutiveFailures, getRun, lastResumedAt } from '../../storage/queries/runs.ts';
import { createRun, failInterruptedRuns, saveRun } from '../../storage/commands/runs.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import type { EventDetails, EventOf } from '../../core/events.ts';
import { checkChampionOnBatches } from '../drift/championChecks.ts';
import { shadowScore } from '../training/shadow.ts';
import { checkNewChampion } from './autoRollback.ts';
import { pipelineExecutors, type Streaming } from './executors.ts';
import { policyInputs } from './policyInputs.ts';

export class PipelineBusyError extends Error {
  override name = 'PipelineBusyError';
}

export interface ManualRun {
  batchIds?: string[];
  settings?: Partial<PipelineSettings>;
  reason?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A backend set-up shorter than this (the stored choice, read again) is not shown as part of a run. */
const SHOWN_SETUP_MS = 50;

/**
 * Runs the pipeline for one workspace: evaluates the trigger policy for each new batch (every
 * decision, fired or held back, becomes an event with its reason), executes runs one at a time, trips
 * the circuit breaker, and answers approvals, re-runs and cancels. The page runs one per browser
 * (Web Lock); the CLI runs one per command.
 */
export class Scheduler {
  private current: { run: RunRecord; controller: AbortController } | null = null;
  /** Taken synchronously by every call that may run the pipeline, before its first await: one at a time. */
  private claimed = false;
  /** Told the number of the run this scheduler executes when it starts, and null when it stops. */
  onRunChange: (run: number | null) => void = () => undefined;

  constructor(
    private readonly db: RelearnDb,
    private readonly retryDelayMs = 1000,
    /**
     * Called before any model is trained or scored, with the families of the models about to be used and, for a
     * training, its batch size (the page picks the training backend there, not on open, only when a network is
     * among them, and measured at that batch size: which backend wins depends on it).
     */
    private readonly beforeModelWork: (families: readonly Family[], batchSize?: number) => Promise<void> = async () => undefined,
    /** How a run's training streams from storage: the page's reader workers, and a lower limit than STREAM_VALUES (tests). */
    private readonly streaming: Streaming = {},
  ) {}

  get running(): RunRecord | null {
    return this.current?.run ?? null;
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.claimed) throw new PipelineBusyError(this.current ? `run ${this.current.run.number} is still going; wait for it to finish or cancel it` : 'the pipeline is busy; try again when it is done');
    this.claimed = true;
    try {
      return await work();
    } finally {
      this.claimed = false;
    }
  }

  /** On start: runs left open by a closed tab fail with that reason; then the schedule rule gets its one catch-up check. */
  start(): Promise<void> {
    return this.exclusive(async () => {
      await failInterruptedRuns(this.db);
      const workspace = await readWorkspace(this.db);
      if (workspace.pipeline.autoRun && workspace.pipeline.policy.schedule.enabled) await this.decide(null, 'page opened');
      await this.arrivals();
    });
  }

  /** Batches without a policy decision yet, oldest first, each evaluated as it arrived. */
  processArrivals(): Promise<RunRecord[]> {
    return this.exclusive(() => this.arrivals());
  }

  private async arrivals(): Promise<RunRecord[]> {
    // The champion's checks come first, automatic runs or not: the performance rule may read them.
    await this.checkChampion();
    const workspace = await readWorkspace(this.db);
    if (!workspace.pipeline.autoRun) return [];
    const decided = new Set((await this.db.events.where('kind').anyOf('policy.fired', 'policy.suppressed').toArray()).map((e) => e.batchId));
    const runs: RunRecord[] = [];
    for (const batch of await listBatches(this.db)) {
      if (decided.has(batch.id)) continue;
      // A batch is judged once its drift report is in (the reference has none); until then it waits.
      if (batch.id !== workspace.referenceBatchId && !(await this.db.driftReports.get(batch.id))) continue;
      try {
        if (await this.db.aliases.get('champion')) {
          await this.beforeModelWork(await this.servingFamilies());
          await checkNewChampion(this.db, batch);
          await shadowScore(this.db, batch);
        }
        const run = await this.decide(batch, 'batch arrived');
        if (run) runs.push(run);
      } catch (error) {
        // One batch that cannot be judged must not hold back the ones after it: record why, go on.
        if (error instanceof PipelineBusyError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        await this.db.events.add({ at: Date.now(), kind: 'policy.suppressed', actor: 'auto', batchId: batch.id, summary: `No retraining for "${batch.name}": the policy could not be evaluated (${message})`, details: { error: message } });
        await this.db.events.add({ at: Date.now(), kind: 'alert', actor: 'auto', batchId: batch.id, summary: `The trigger policy failed on "${batch.name}": ${message}` });
      }
    }
    return runs;
  }

  private async decide(batch: BatchMeta | null, occasion: string): Promise<RunRecord | null> {
    const workspace = await readWorkspace(this.db);
    const target = workspace.schema.target;
    const at = Date.now();
    // A decision not to retrain is an event of its own; one to retrain is stored with its run (createRun).
    const suppressed = async (summary: string, details: EventDetails['policy.suppressed']): Promise<void> => {
      await this.db.events.add({ at, kind: 'policy.suppressed', actor: 'auto', batchId: batch?.id, summary, details });
    };
    // Without a target nothing is decided yet: the batch is judged once a target is chosen.
    if (!target) return null;
    if (batch && !hasTargetColumn(batch, target)) {
      await suppressed(`No retraining for "${batch.name}": it has no target column "${target}"`, { occasion });
      return null;
    }
    // One decision waits for a person at a time: new runs would pile up candidates behind it.
    const waiting = await this.db.runs.where('state').equals('awaiting_approval').first();
    if (waiting) {
      await suppressed(`No retraining${batch ? ` for "${batch.name}"` : ''}: held back while run ${waiting.number} awaits approval`, { occasion, waiting: waiting.id });
      return null;
    }
    const decision = evaluatePolicy(workspace.pipeline.policy, await policyInputs(this.db, batch, at));
    if (!decision.fire) {
      // Batches where nothing fired are recorded too; the page opening with nothing due is not.
      if (batch || decision.suppressedBy) await suppressed(`No retraining${batch ? ` for "${batch.name}"` : ''}: ${decision.reason}`, { occasion, decision });
      return null;
    }
    const trigger: RunTrigger = { kind: decision.kind!, reason: decision.reason };
    const newest = batch ?? (await listBatches(this.db)).at(-1) ?? null;
    const fired: EventOf<'policy.fired'> = { at, kind: 'policy.fired', actor: 'auto', batchId: batch?.id, summary: `Retraining${batch ? ` for "${batch.name}"` : ''} (${decision.kind}): ${decision.reason}`, details: { occasion, decision } };
    return this.startRun(trigger, newest?.id ?? null, await this.trainingBatches(target, newest), workspace.pipeline, fired);
  }

  /** Every trainable stored batch (trainableBatches) up to the given one, in arrival order. */
  private async trainingBatches(target: string, upTo: BatchMeta | null): Promise<string[]> {
    const batches = (await listBatches(this.db)).filter((b) => !upTo || b.arrivedAt <= upTo.arrivedAt);
    return trainableBatches(batches, target).map((b) => b.id);
  }

  /** "Run now": a manual run on the chosen batches (default: every labeled batch) with the stored settings, overridable. */
  runManual(request: ManualRun = {}): Promise<RunRecord> {
    return this.exclusive(() => this.manual(request));
  }

  private async manual(request: ManualRun): Promise<RunRecord> {
    const workspace = await readWorkspace(this.db);
    const target = workspace.schema.target;
    if (!target) throw new Error('choose the target column in Data before running the pipeline');
    const batchIds = request.batchIds ?? (await this.trainingBatches(target, null));
    if (batchIds.length === 0) throw new Error(`no stored batch has values of the target column "${target}" and passed validation`);
    const settings = { ...workspace.pipeline, ...request.settings };
    return this.startRun({ kind: 'manual', reason: request.reason ?? 'started by hand' }, batchIds.at(-1) ?? null, batchIds, settings);
  }

  private async startRun(trigger: RunTrigger, batchId: string | null, batchIds: string[], settings: PipelineSettings, decision?: EventOf<'policy.fired'>): Promise<RunRecord> {
    const workspace = await readWorkspace(this.db);
    const run = await createRun(this.db, trigger, batchId, { target: workspace.schema.target ?? '', batchIds, settings }, decision);
    return this.execute(run);
  }

  private async execute(run: RunRecord): Promise<RunRecord> {
    const setupStart = Date.now();
    await this.beforeModelWork([run.config.settings.params.family, ...(await this.servingFamilies())], run.config.settings.params.batchSize);
    const setupEnd = Date.now();
    // Measuring the backends takes seconds on a device's first training: the run's time shows it apart from the tasks'.
    if (setupEnd - setupStart >= SHOWN_SETUP_MS) run.backendSetup = { startedAt: setupStart, endedAt: setupEnd };
    const controller = new AbortController();
    this.current = { run, controller };
    this.onRunChange(run.number);
    try {
      await executeRun(run, pipelineExecutors(this.db, { streaming: this.streaming }), { save: (r) => saveRun(this.db, r as RunRecord), now: Date.now, sleep, signal: controller.signal, retryDelayMs: this.retryDelayMs });
    } catch (error) {
      if (error instanceof StorageFullError) {
        // The run's own record could not be saved: fail it with that reason (a smaller write may still fit).
        markInterrupted(run, `failed: ${error.message}`, Date.now());
        await saveRun(this.db, run).catch(() => undefined);
        throw error;
      }
      if (!isCancelled(error)) throw error;
      markInterrupted(run, 'cancelled by the user', Date.now());
      await saveRun(this.db, run);
    } finally {
      this.current = null;
      this.onRunChange(null);
    }
    await this.finished(run);
    // A promotion makes every batch's champion check stale: the new champion checks them now.
    await this.checkChampion();
    return run;
  }

  /**
   * The champion's check of every batch that has none by it (prediction drift). A failure is an alert, never
   * a failed step: the batches are still judged, and the check is tried again on the next arrival.
   */
  /** The families of the champion and the challenger, the versions a run or an arrival scores. */
  private async servingFamilies(): Promise<Family[]> {
    const aliases = await this.db.aliases.toArray();
    const models = await this.db.models.bulkGet(aliases.map((a) => a.version));
    return models.flatMap((m) => (m ? [m.card.params.family] : []));
  }

  private async checkChampion(): Promise<void> {
    try {
      await checkChampionOnBatches(this.db, async () => this.beforeModelWork(await this.servingFamilies()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.events.add({ at: Date.now(), kind: 'alert', actor: 'auto', summary: `The champion could not check the stored batches: ${message}` }).catch(() => undefined);
    }
  }

  /** For a page whose champion changed by hand: the new champion checks the batches (see checkChampionOnBatches). */
  championChecks(): Promise<void> {
    return this.exclusive(() => this.checkChampion());
  }

  private async finished(run: RunRecord): Promise<void> {
    if (run.state === 'awaiting_approval') {
      await this.db.events.add({ at: Date.now(), kind: 'run.approval', actor: 'auto', batchId: run.batchId ?? undefined, summary: `Run ${run.number} waits for approval: ${taskOf(run, 'gate').output?.reason ?? ''}`, details: { runId: run.id } });
      return;
    }
    await this.db.events.add({ at: Date.now(), kind: 'run.finished', actor: 'auto', batchId: run.batchId ?? undefined, summary: `Run ${run.number} ${run.outcome}${run.reason ? `: ${run.reason}` : ''}`, details: { runId: run.id, outcome: run.outcome } });
    if (run.state !== 'failed') return;
    const workspace = await readWorkspace(this.db);
    const failures = await consecutiveFailures(this.db, await lastResumedAt(this.db));
    if (!workspace.pipeline.paused && breakerTrips(workspace.pipeline.policy, failures)) {
      const reason = `${failures} runs failed in a row (circuit breaker at ${workspace.pipeline.policy.circuitBreaker})`;
      await this.db.transaction('rw', this.db.workspace, this.db.events, async () => {
        await this.db.workspace.put({ ...workspace, pipeline: { ...workspace.pipeline, paused: { reason, at: Date.now() } } });
        await this.db.events.add({ at: Date.now(), kind: 'pipeline.paused', actor: 'auto', summary: `Automatic runs paused: ${reason}. Resume them in Pipeline.`, details: { failures } });
      });
    }
  }

  /** A person's answer to a run waiting at the gate; the run then goes on to promote or reject. */
  answerApproval(runId: string, approved: boolean, reason: string): Promise<RunRecord> {
    if (!reason.trim()) return Promise.reject(new Error('say why: approving or rejecting needs a reason'));
    return this.exclusive(async () => {
      const run = await getRun(this.db, runId);
      resolveApproval(run, approved, reason.trim(), 'a person', Date.now());
      await saveRun(this.db, run);
      return this.execute(run);
    });
  }

  /**
   * Clears a failed task and everything below it into a new pass (Airflow's Clear: each task keeps its
   * earlier tries), then runs them with the upstream outputs kept. `inputs` picks the batches: the run's
   * snapshot (default), or those stored now that a new run would pick; the choice is recorded in the run.
   */
  rerunFrom(runId: string, taskId: TaskId, inputs: RerunInputs = 'snapshot'): Promise<RunRecord> {
    return this.exclusive(async () => {
      const run = await getRun(this.db, runId);
      if (run.state !== 'failed') throw new Error(`run ${run.number} did not fail; only a failed run is re-run`);
      if (taskOf(run, taskId).state !== 'failed' && taskOf(run, taskId).state !== 'upstream_failed') throw new Error(`task ${taskId} of run ${run.number} did not fail`);
      const batches = rerunBatches(run, trainableBatches(await listBatches(this.db), run.config.target));
      const problem = rerunProblem(inputs, batches);
      if (problem) throw new Error(`run ${run.number} cannot be re-run on the current batches: ${problem}`);
      clearFrom(run, taskId, Date.now(), { inputs, batchIds: inputs === 'current' ? batches.current : batches.snapshot, statement: rerunStatement(inputs, batches) });
      await saveRun(this.db, run);
      return this.execute(run);
    });
  }

  cancel(): void {
    this.current?.controller.abort();
  }

  async resume(): Promise<void> {
    const workspace = await readWorkspace(this.db);
    if (!workspace.pipeline.paused) return;
    await this.db.transaction('rw', this.db.workspace, this.db.events, async () => {
      await this.db.workspace.put({ ...workspace, pipeline: { ...workspace.pipeline, paused: null } });
      await this.db.events.add({ at: Date.now(), kind: 'pipeline.resumed', actor: 'user', summary: 'Automatic runs resumed' });
    });
  }
}
