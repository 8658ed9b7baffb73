import './tfjsSetup.ts';
import * as Comlink from 'comlink';
import { exclusiveQueue } from '../src/core/exclusive.ts';
import type { TaskId } from '../src/core/pipeline/dag.ts';
import type { ReplayStep } from '../src/core/pipeline/replay.ts';
import type { RerunInputs } from '../src/core/pipeline/runState.ts';
import type { PipelineSettings } from '../src/core/pipeline/settings.ts';
import type { TriggerPolicy } from '../src/core/pipeline/policy.ts';
import { RelearnDb, type RunRecord } from '../src/storage/db.ts';
import { replayStoredBatches } from '../src/app/pipeline/replay.ts';
import { Scheduler, type ManualRun } from '../src/app/pipeline/scheduler.ts';
import { readerCount } from '../src/app/training/readerPool.ts';
import { chooseBackend } from '../src/app/training/train.ts';
import { isTreeFamily } from '../src/core/training/config.ts';
import { savePipelineSettings } from '../src/app/workspace/settings.ts';
import { streamReaders } from './streamReaders.ts';

const db = new RelearnDb();
// The backend is chosen (measured, the first time at a batch size, then read from the stored probe) only when a
// network is trained or scored, not when the page opens: the tree families run in plain JavaScript, so a
// gradient-boosting pipeline never waits for the probe.
// A run's streamed epoch is read by reader workers, as a training the Models page starts (train.worker.ts).
const scheduler = new Scheduler(
  db,
  1000,
  async (families, batchSize) => {
    if (families.every(isTreeFamily)) return;
    await chooseBackend(db, batchSize);
  },
  { reader: streamReaders(readerCount(navigator.hardwareConcurrency)) },
);

/** One thing at a time: the scheduler's checks and runs share the training backend. */
const exclusive = exclusiveQueue();

const api = {
  /**
   * Called once this tab holds the scheduler lock: fails interrupted runs, catches up the schedule,
   * checks new batches. `onRun` hears the number of each run this worker executes, and null after it.
   */
  start(onRun: (run: number | null) => void): Promise<void> {
    scheduler.onRunChange = onRun;
    return exclusive(() => scheduler.start());
  },

  /** New batches arrived (or settings changed): evaluate the policy for each batch not yet decided. */
  checkArrivals(): Promise<RunRecord[]> {
    return exclusive(() => scheduler.processArrivals());
  },

  runNow(request: ManualRun): Promise<RunRecord> {
    if (scheduler.running) return Promise.reject(new Error(`run ${scheduler.running.number} is still going; wait for it to finish or cancel it`));
    return exclusive(() => scheduler.runManual(request));
  },

  answerApproval(runId: string, approved: boolean, reason: string): Promise<RunRecord> {
    return exclusive(() => scheduler.answerApproval(runId, approved, reason));
  },

  rerunFrom(runId: string, taskId: TaskId, inputs: RerunInputs): Promise<RunRecord> {
    return exclusive(() => scheduler.rerunFrom(runId, taskId, inputs));
  },

  /** The champion changed by hand: it checks the stored batches (prediction drift). */
  championChecks(): Promise<void> {
    return exclusive(() => scheduler.championChecks());
  },

  cancelRun(): void {
    scheduler.cancel();
  },

  resume(): Promise<void> {
    return scheduler.resume();
  },

  saveSettings(settings: PipelineSettings): Promise<void> {
    return savePipelineSettings(db, settings);
  },

  /** Policy replay: the stored batches in arrival order through a policy, nothing trained. */
  replay(policy: TriggerPolicy): Promise<ReplayStep[]> {
    return replayStoredBatches(db, policy);
  },
};

export type PipelineApi = typeof api;
Comlink.expose(api);
