import * as Comlink from 'comlink';
import type { TrainApi } from '../../workers/train.worker.ts';
import type { VersionComparison } from '../app/compare/compareVersions.ts';
import type { SameRows, SameRowsProgress } from '../app/compare/sameRows.ts';
import type { ScoringProgress } from '../app/training/batchScores.ts';
import type { ChampionHistory, ChampionMarker, ChampionPoint } from '../app/training/championHistory.ts';
import type { ScoredBatch } from '../app/training/score.ts';
import type { CanaryScoring } from '../app/training/shadow.ts';
import type { TrainJob } from '../app/training/train.ts';
import type { BackendProbe } from '../core/training/backendProbe.ts';
import type { EpochReport } from '../core/training/history.ts';
import { isCancelled } from '../core/errors.ts';
import type { TrainProgress } from '../ml/trainModel.ts';
import type { ModelRecord } from '../storage/db.ts';
import { takeInterruptedJobs, withJobNote } from './interruptedJobs.ts';
import { requestChampionChecks } from './pipelineBridge.ts';
import { pacedStore } from './store.ts';
import { workerBridge } from './workerBridge.ts';

export type { CanaryScoring, SameRows, SameRowsProgress, ScoredBatch, TrainJob, VersionComparison };
export type { ChampionHistory, ChampionMarker, ChampionPoint, ScoringProgress };

/** What the Models page shows about the training under way (or the last one). */
export type TrainingState =
  | { status: 'idle' }
  | { status: 'running'; job: TrainJob; progress: TrainProgress; epochs: EpochReport[]; backend: string | null; backendReason: string | null; startedAt: number; cancelling: boolean }
  | { status: 'done'; model: ModelRecord }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

const trainer = workerBridge<TrainApi>({ start: () => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }) });
/**
 * At most one draw of the training's progress per this many ms. Epochs of a small model end several
 * times a second, and each draw (the facts, the curve, the page's layout and paint) competed for the
 * page's core with the training worker on a two-core machine; four draws a second still read as live.
 */
const PROGRESS_DRAW_MS = 250;

const training = pacedStore<TrainingState>({ status: 'idle' }, PROGRESS_DRAW_MS);
/** A change of status (started, cancelling, ended) is drawn at once; progress within a training at most every PROGRESS_DRAW_MS. */
const setState = training.set;
/** Aborted to cancel the training under way: its worker is ended, and with it the uncommitted registration. */
let cancel: AbortController | null = null;

export const trainingState = training.get;
export const subscribeTraining = training.subscribe;

/** Calls that only read (or store a result whole, where storing it twice is harmless): sent again if a cancelled training ends the worker under them. */
const read = <T>(run: (api: Comlink.Remote<TrainApi>) => Promise<T>): Promise<T> => trainer.call(run, { restartable: true });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a training under way notes (see interruptedJobs.ts): the last epoch finished. */
interface TrainingNote {
  epoch: number | null;
}

// A training cut off by a closed or reloaded page says so once, in the next page to open.
void takeInterruptedJobs<TrainingNote>('training').then(([note]) => {
  if (!note || training.latest().status !== 'idle') return;
  const where = note.epoch ? ` after epoch ${note.epoch}` : '';
  setState({ status: 'failed', message: `interrupted${where}: the page was closed or reloaded while the model was training` });
});

/**
 * Values (rows × columns) from which training streams its rows from storage, when set in this browser
 * (tests lower it to drive small batches through that path and its reader worker); else the worker's limit.
 */
export const STREAM_FROM_KEY = 'relearn.streamTrainingFromValues';

function streamFrom(): number | undefined {
  const value = Number(localStorage.getItem(STREAM_FROM_KEY) ?? NaN);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Starts training in the worker; progress and the result arrive through the state. One at a time. */
export async function startTraining(job: TrainJob): Promise<void> {
  if (training.latest().status === 'running') return;
  const startedAt = Date.now();
  setState({ status: 'running', job, progress: { phase: 'preparing', message: 'Starting' }, epochs: [], backend: null, backendReason: null, startedAt, cancelling: false });
  const controller = new AbortController();
  cancel = controller;
  let open = true;
  const onProgress = (p: TrainProgress & { backend?: string; backendReason?: string }): void => {
    const state = training.latest();
    if (!open || state.status !== 'running') return;
    const epochs = p.epoch ? [...(p.trial && p.epoch.epoch === 1 ? [] : state.epochs), p.epoch] : state.epochs;
    training.setSoon({ ...state, progress: p, epochs, backend: p.backend ?? state.backend, backendReason: p.backendReason ?? state.backendReason });
  };
  try {
    const model = await withJobNote<TrainingNote, ModelRecord>('training', { epoch: null }, (note) => {
      const noted = (p: Parameters<typeof onProgress>[0]): void => {
        if (p.epoch) note({ epoch: p.epoch.epoch });
        onProgress(p);
      };
      return trainer.call((api) => api.train(job, Comlink.proxy(noted), streamFrom()), { signal: controller.signal });
    });
    open = false;
    setState({ status: 'done', model });
  } catch (error) {
    open = false;
    setState(isCancelled(error) ? { status: 'cancelled' } : { status: 'failed', message: messageOf(error) });
  } finally {
    if (cancel === controller) cancel = null;
  }
}

export function cancelTraining(): void {
  const state = training.latest();
  if (state.status !== 'running') return;
  setState({ ...state, cancelling: true });
  // Once the holdout is being scored the version is about to be registered, and ending the worker could
  // come after its transaction commits: the training finishes, as a cancel this late always did.
  if (state.progress.phase === 'preparing' || state.progress.phase === 'training') cancel?.abort();
}

export function dismissTraining(): void {
  if (training.latest().status !== 'running') setState({ status: 'idle' });
}

export const scoreBatch = (version: number, batchId: string): Promise<ScoredBatch> => read((api) => api.score(version, batchId));
export const compareVersions = (a: number, b: number): Promise<VersionComparison> => read((api) => api.compare(a, b));
/** Scores every version on the same current evaluation rows in the train worker (one version after another, with progress). */
export const scoreOnSameRows = (onProgress: (progress: SameRowsProgress) => void): Promise<SameRows> => read((api) => api.sameRows(Comlink.proxy(onProgress)));

export const scoreCanary = (batchId: string, champion: number, challenger: number, keyColumn: string, share: number): Promise<CanaryScoring> =>
  read((api) => api.canary(batchId, champion, challenger, keyColumn, share));
// A new champion checks the stored batches (prediction drift) in the pipeline worker, which holds the models' scoring.
export const rollbackTo = (version: number, reason: string): Promise<void> => trainer.call((api) => api.rollback(version, reason)).then(requestChampionChecks);
export const promoteVersion = (version: number, reason: string): Promise<void> => trainer.call((api) => api.promote(version, reason)).then(requestChampionChecks);
export const makeChallenger = (version: number): Promise<void> => trainer.call((api) => api.setChallenger(version));
export const exportModelFiles = (version: number): Promise<{ modelJson: string; weights: ArrayBuffer }> => read((api) => api.exportModel(version));

export async function importModelFiles(modelJson: File, weights: File): Promise<ModelRecord> {
  const buffer = await weights.arrayBuffer();
  const text = await modelJson.text();
  return trainer.call((api) => api.importModel(text, Comlink.transfer(buffer, [buffer]), modelJson.name));
}

export const probeBackends = (): Promise<BackendProbe> => read((api) => api.probe());
export const availableBackends = (): Promise<{ available: string[]; current: string; labels: Record<string, string> }> => read((api) => api.backends());
export const setBackendOverride = (backend: string | null): Promise<void> => trainer.call((api) => api.setOverride(backend));

/** The champion's metric across labeled batches with its promotions and rollbacks (scores the batches not scored before: seconds). */
export const loadChampionHistory = (onProgress: (progress: ScoringProgress) => void): Promise<ChampionHistory> => read((api) => api.championHistory(Comlink.proxy(onProgress)));
