import * as Comlink from 'comlink';
import type { PipelineApi } from '../../workers/pipeline.worker.ts';
import type { ManualRun } from '../app/pipeline/scheduler.ts';
import type { TaskId } from '../core/pipeline/dag.ts';
import type { TriggerPolicy } from '../core/pipeline/policy.ts';
import type { ReplayStep } from '../core/pipeline/replay.ts';
import type { RerunInputs } from '../core/pipeline/runState.ts';
import type { PipelineSettings } from '../core/pipeline/settings.ts';
import type { RunRecord } from '../storage/db.ts';
import { driftCheckState, subscribeDriftCheck } from './driftBridge.ts';
import { createStore } from './store.ts';
import { workerBridge } from './workerBridge.ts';

export type { ManualRun, ReplayStep };

/**
 * Which tab schedules: the one holding the Web Lock `relearn-scheduler` runs the pipeline worker;
 * the others wait for the lock (taking over when that tab closes) and show its runs read-only.
 */
export type SchedulerRole = 'starting' | 'scheduler' | 'viewer' | 'unsupported';

/** The scheduling tab: when it was opened and since when it schedules (this tab's, or the other's as it says). */
export interface SchedulingTab {
  openedAt: number;
  since: number;
}

export interface SchedulerState {
  role: SchedulerRole;
  /** Null while a viewer has not heard from the scheduling tab yet. */
  tab: SchedulingTab | null;
  /** The run this tab's pipeline worker executes now. */
  executing: number | null;
  /** Every run this tab's pipeline worker started executing since the page opened. */
  executed: number[];
  /** Why the scheduler's last start or check of new batches failed (a full disk, say); null once one succeeds. */
  problem: string | null;
}

/** What tabs tell each other: who schedules, and that batches were checked for drift in a tab that does not. */
type TabMessage = { kind: 'who' } | ({ kind: 'scheduler' } & SchedulingTab) | { kind: 'arrivals' };

const LOCK = 'relearn-scheduler';
const openedAt = Math.round(performance.timeOrigin);
const scheduler = createStore<SchedulerState>({ role: 'starting', tab: null, executing: null, executed: [], problem: null });
/** A viewer tab's worker (replays only) is ended when idle; the scheduling tab holds its worker for the tab's life. */
const pipeline = workerBridge<PipelineApi>({ start: () => new Worker(new URL('../../workers/pipeline.worker.ts', import.meta.url), { type: 'module', name: 'pipeline' }) });
let channel: BroadcastChannel | null = null;

function setState(next: Partial<SchedulerState>): void {
  scheduler.set({ ...scheduler.get(), ...next });
}

export const schedulerRole = (): SchedulerRole => scheduler.get().role;
export const schedulerState = scheduler.get;
export const subscribeSchedulerRole = scheduler.subscribe;

const post = (message: TabMessage): void => channel?.postMessage(message);

/** Runs a scheduler step; a failure is shown in the Pipeline section, and the lock stays held. */
async function schedulerStep(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
    setState({ problem: null });
  } catch (error) {
    setState({ problem: error instanceof Error ? error.message : String(error) });
  }
}

const judgeArrivals = (): Promise<void> => schedulerStep(() => pipeline.call((api) => api.checkArrivals()));

function onTabMessage(message: TabMessage): void {
  const state = scheduler.get();
  if (message.kind === 'who' && state.role === 'scheduler' && state.tab) post({ kind: 'scheduler', ...state.tab });
  if (message.kind === 'scheduler' && state.role !== 'scheduler') setState({ role: 'viewer', tab: { openedAt: message.openedAt, since: message.since } });
  if (message.kind === 'arrivals' && state.role === 'scheduler') void judgeArrivals();
}

/** New batches are judged once a drift sweep ends, in whichever tab it ran: here, or told to the scheduling tab. */
function judgeAfterDriftChecks(): void {
  let wasChecking = driftCheckState().status === 'checking';
  subscribeDriftCheck(() => {
    const checking = driftCheckState().status === 'checking';
    if (wasChecking && !checking) {
      if (schedulerRole() === 'scheduler') void judgeArrivals();
      else post({ kind: 'arrivals' });
    }
    wasChecking = checking;
  });
}

let started = false;

/** Joins the election once per page: this tab schedules now, or as soon as the scheduling tab goes away. */
export function startScheduling(): void {
  if (started) return;
  started = true;
  if (!('locks' in navigator)) {
    setState({ role: 'unsupported' });
    return;
  }
  if ('BroadcastChannel' in globalThis) {
    channel = new BroadcastChannel(LOCK);
    channel.onmessage = (event: MessageEvent<TabMessage>) => onTabMessage(event.data);
  }
  judgeAfterDriftChecks();
  void navigator.locks.query().then((locks) => {
    if (schedulerRole() === 'starting' && locks.held?.some((l) => l.name === LOCK)) setState({ role: 'viewer' });
  });
  post({ kind: 'who' });
  void navigator.locks.request(LOCK, async () => {
    const tab = { openedAt, since: Date.now() };
    setState({ role: 'scheduler', tab });
    post({ kind: 'scheduler', ...tab });
    // The worker keeps the schedule's timers and reports runs through `onRun`: it must outlive any idle spell.
    pipeline.hold();
    const onRun = (executing: number | null): void => {
      const { executed } = scheduler.get();
      setState({ executing, executed: executing === null || executed.includes(executing) ? executed : [...executed, executing] });
    };
    await schedulerStep(() => pipeline.call((api) => api.start(Comlink.proxy(onRun))));
    if (driftCheckState().status !== 'checking') await judgeArrivals();
    // Held until the tab closes; the lock then passes to a waiting tab.
    await new Promise<never>(() => undefined);
  });
}

/**
 * The champion changed by hand (promoted or rolled back): the scheduling tab's worker has it check the stored
 * batches; another tab tells the scheduling tab, whose check of arrivals does the same.
 */
export function requestChampionChecks(): void {
  if (schedulerRole() === 'scheduler') void schedulerStep(() => pipeline.call((api) => api.championChecks()));
  else post({ kind: 'arrivals' });
}

/** A call only the scheduling tab may make: its worker runs the pipeline. */
function asScheduler<T>(run: (api: Comlink.Remote<PipelineApi>) => Promise<T>): Promise<T> {
  if (schedulerRole() !== 'scheduler') return Promise.reject(new Error('another tab of this page runs the pipeline; use that tab, or close it and this one takes over'));
  return pipeline.call(run);
}

export const runNow = (request: ManualRun): Promise<RunRecord> => asScheduler((api) => api.runNow(request));
export const answerApproval = (runId: string, approved: boolean, reason: string): Promise<RunRecord> => asScheduler((api) => api.answerApproval(runId, approved, reason));
export const rerunFrom = (runId: string, taskId: TaskId, inputs: RerunInputs): Promise<RunRecord> => asScheduler((api) => api.rerunFrom(runId, taskId, inputs));
/**
 * Cancelling a run stays a call to the scheduler, not an ended worker: the run must be recorded as
 * cancelled (its tasks' states, its event), and a run may have been started by the scheduler itself.
 */
export const cancelRun = (): Promise<void> => asScheduler((api) => api.cancelRun());
export const resumeRuns = (): Promise<void> => pipeline.call((api) => api.resume());
export const savePipelineSettings = (settings: PipelineSettings): Promise<void> => pipeline.call((api) => api.saveSettings(settings));
/** Replay reads only: any tab may run it, in its own worker. */
export const replayPolicy = (policy: TriggerPolicy): Promise<ReplayStep[]> => pipeline.call((api) => api.replay(policy));
