import * as Comlink from 'comlink';
import type { TrainApi } from '../../workers/train.worker.ts';
import type { VersionComparison } from '../app/compare/compareVersions.ts';
import type { ChampionHistory, ChampionMarker, ChampionPoint } from '../app/training/championHistory.ts';
import type { ScoredBatch } from '../app/training/score.ts';
import type { CanaryScoring } from '../app/training/shadow.ts';
import type { TrainJob } from '../app/training/train.ts';
import type { BackendProbe } from '../core/training/backendProbe.ts';
import type { EpochReport } from '../core/training/history.ts';
import type { TrainProgress } from '../ml/trainModel.ts';
import type { ModelRecord } from '../storage/db.ts';
import { takeInterruptedJobs, withJobNote } from './interruptedJobs.ts';

export type { CanaryScoring, ScoredBatch, TrainJob, VersionComparison };
export type { ChampionHistory, ChampionMarker, ChampionPoint };

/** What the Models page shows about the training under way (or the last one). */
export type TrainingState =
  | { status: 'idle' }
  | { status: 'running'; job: TrainJob; progress: TrainProgress; epochs: EpochReport[]; backend: string | null; backendReason: string | null; startedAt: number; cancelling: boolean }
  | { status: 'done'; model: ModelRecord }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

let remote: Comlink.Remote<TrainApi> | null = null;
let state: TrainingState = { status: 'idle' };
const listeners = new Set<() => void>();

function trainWorker(): Comlink.Remote<TrainApi> {
  remote ??= Comlink.wrap<TrainApi>(new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }));
  return remote;
}

function setState(next: TrainingState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const trainingState = (): TrainingState => state;

export function subscribeTraining(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a training under way notes (see interruptedJobs.ts): the last epoch finished. */
interface TrainingNote {
  epoch: number | null;
}

// A training cut off by a closed or reloaded page says so once, in the next page to open.
void takeInterruptedJobs<TrainingNote>('training').then(([note]) => {
  if (!note || state.status !== 'idle') return;
  const where = note.epoch ? ` after epoch ${note.epoch}` : '';
  setState({ status: 'failed', message: `interrupted${where}: the page was closed or reloaded while the model was training` });
});

/** Starts training in the worker; progress and the result arrive through the state. One at a time. */
export async function startTraining(job: TrainJob): Promise<void> {
  if (state.status === 'running') return;
  const startedAt = Date.now();
  setState({ status: 'running', job, progress: { phase: 'preparing', message: 'Starting' }, epochs: [], backend: null, backendReason: null, startedAt, cancelling: false });
  let open = true;
  const onProgress = (p: TrainProgress & { backend?: string; backendReason?: string }): void => {
    if (!open || state.status !== 'running') return;
    // A cancel sent while the job still waited in the worker's queue found nothing to abort: send it again.
    if (state.cancelling) void trainWorker().cancel();
    const epochs = p.epoch ? [...(p.trial && p.epoch.epoch === 1 ? [] : state.epochs), p.epoch] : state.epochs;
    setState({ ...state, progress: p, epochs, backend: p.backend ?? state.backend, backendReason: p.backendReason ?? state.backendReason });
  };
  try {
    const model = await withJobNote<TrainingNote, ModelRecord>('training', { epoch: null }, (note) => {
      const noted = (p: Parameters<typeof onProgress>[0]): void => {
        if (p.epoch) note({ epoch: p.epoch.epoch });
        onProgress(p);
      };
      return trainWorker().train(job, Comlink.proxy(noted));
    });
    open = false;
    setState({ status: 'done', model });
  } catch (error) {
    open = false;
    const cancelled = error instanceof Error && error.name === 'TrainingCancelled';
    setState(cancelled ? { status: 'cancelled' } : { status: 'failed', message: messageOf(error) });
  }
}

export function cancelTraining(): void {
  if (state.status !== 'running') return;
  setState({ ...state, cancelling: true });
  void trainWorker().cancel();
}

export function dismissTraining(): void {
  if (state.status !== 'running') setState({ status: 'idle' });
}

export const scoreBatch = (version: number, batchId: string): Promise<ScoredBatch> => trainWorker().score(version, batchId);
export const compareVersions = (a: number, b: number): Promise<VersionComparison> => trainWorker().compare(a, b);
export const scoreCanary = (batchId: string, champion: number, challenger: number, keyColumn: string, share: number): Promise<CanaryScoring> =>
  trainWorker().canary(batchId, champion, challenger, keyColumn, share);
export const rollbackTo = (version: number, reason: string): Promise<void> => trainWorker().rollback(version, reason);
export const promoteVersion = (version: number, reason: string): Promise<void> => trainWorker().promote(version, reason);
export const makeChallenger = (version: number): Promise<void> => trainWorker().setChallenger(version);
export const exportModelFiles = (version: number): Promise<{ modelJson: string; weights: ArrayBuffer }> => trainWorker().exportModel(version);

export async function importModelFiles(modelJson: File, weights: File): Promise<ModelRecord> {
  const buffer = await weights.arrayBuffer();
  return trainWorker().importModel(await modelJson.text(), Comlink.transfer(buffer, [buffer]), modelJson.name);
}

export const probeBackends = (): Promise<BackendProbe> => trainWorker().probe();
export const availableBackends = (): Promise<{ available: string[]; current: string }> => trainWorker().backends();
export const setBackendOverride = (backend: string | null): Promise<void> => trainWorker().setOverride(backend);

/** The champion's metric across labeled batches with its promotions and rollbacks (scores every batch: seconds). */
export const loadChampionHistory = (): Promise<ChampionHistory> => trainWorker().championHistory();
