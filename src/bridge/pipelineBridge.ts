import * as Comlink from 'comlink';
import type { PipelineApi } from '../../workers/pipeline.worker.ts';
import type { ManualRun } from '../../workers/pipeline/scheduler.ts';
import type { TaskId } from '../core/pipeline/dag.ts';
import type { TriggerPolicy } from '../core/pipeline/policy.ts';
import type { ReplayStep } from '../core/pipeline/replay.ts';
import type { PipelineSettings } from '../core/pipeline/settings.ts';
import type { RunRecord } from '../storage/db.ts';
import { driftCheckState, subscribeDriftCheck } from './driftBridge.ts';

export type { ManualRun, ReplayStep };

/**
 * Which tab schedules: the one holding the Web Lock `relearn-scheduler` runs the pipeline worker;
 * the others wait for the lock (taking over when that tab closes) and show its runs read-only.
 */
export type SchedulerRole = 'starting' | 'scheduler' | 'viewer' | 'unsupported';

const LOCK = 'relearn-scheduler';
let role: SchedulerRole = 'starting';
let remote: Comlink.Remote<PipelineApi> | null = null;
const listeners = new Set<() => void>();

function pipelineWorker(): Comlink.Remote<PipelineApi> {
  remote ??= Comlink.wrap<PipelineApi>(new Worker(new URL('../../workers/pipeline.worker.ts', import.meta.url), { type: 'module', name: 'pipeline' }));
  return remote;
}

function setRole(next: SchedulerRole): void {
  role = next;
  for (const listener of listeners) listener();
}

export const schedulerRole = (): SchedulerRole => role;

export function subscribeSchedulerRole(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let started = false;

/** Joins the election once per page: this tab schedules now, or as soon as the scheduling tab goes away. */
export function startScheduling(): void {
  if (started) return;
  started = true;
  if (!('locks' in navigator)) {
    setRole('unsupported');
    return;
  }
  void navigator.locks.query().then((state) => {
    if (role === 'starting' && state.held?.some((l) => l.name === LOCK)) setRole('viewer');
  });
  void navigator.locks.request(LOCK, async () => {
    setRole('scheduler');
    await pipelineWorker().start();
    // New batches are judged once the drift worker has checked them.
    let wasChecking = driftCheckState().status === 'checking';
    subscribeDriftCheck(() => {
      const checking = driftCheckState().status === 'checking';
      if (wasChecking && !checking) void pipelineWorker().checkArrivals();
      wasChecking = checking;
    });
    if (!wasChecking) await pipelineWorker().checkArrivals();
    // Held until the tab closes; the lock then passes to a waiting tab.
    await new Promise<never>(() => undefined);
  });
}

function asScheduler(): Comlink.Remote<PipelineApi> {
  if (role !== 'scheduler') throw new Error('another tab of this page runs the pipeline; use that tab, or close it and this one takes over');
  return pipelineWorker();
}

export const runNow = (request: ManualRun): Promise<RunRecord> => asScheduler().runNow(request);
export const answerApproval = (runId: string, approved: boolean, reason: string): Promise<RunRecord> => asScheduler().answerApproval(runId, approved, reason);
export const rerunFrom = (runId: string, taskId: TaskId): Promise<RunRecord> => asScheduler().rerunFrom(runId, taskId);
export const cancelRun = (): Promise<void> => asScheduler().cancelRun();
export const resumeRuns = (): Promise<void> => pipelineWorker().resume();
export const savePipelineSettings = (settings: PipelineSettings): Promise<void> => pipelineWorker().saveSettings(settings);
/** Replay reads only: any tab may run it, in its own worker. */
export const replayPolicy = (policy: TriggerPolicy): Promise<ReplayStep[]> => pipelineWorker().replay(policy);
