import './tfjsSetup.ts';
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { exclusiveQueue } from '../src/core/exclusive.ts';
import { backendLabel, type BackendProbe } from '../src/core/training/backendProbe.ts';
import { isTreeFamily, type HyperParameters } from '../src/core/training/config.ts';
import type { Task } from '../src/core/training/task.ts';
import { predictEnsemble, type TreeEnsemble } from '../src/core/trees/ensemble.ts';
import type { TreeData } from '../src/core/trees/fit.ts';
import { fitForest } from '../src/core/trees/forest.ts';
import { fitGbdt } from '../src/core/trees/gbdt.ts';
import { availableBackends, probeBackends } from '../src/ml/backends.ts';
import { profileSteps, type StepProfile } from '../src/ml/stepProfile.ts';
import { backendThreads, currentBackendLabel } from '../src/ml/wasmThreads.ts';
import { disposeNetwork } from '../src/ml/network.ts';
import { trainNetwork, type Matrices } from '../src/ml/trainLoop.ts';
import { fusedStepApplies } from '../src/ml/trainStep.ts';
import { ensembleScorer } from '../src/ml/scorer.ts';
import type { TrainProgress } from '../src/ml/trainModel.ts';
import { RelearnDb, type ModelRecord } from '../src/storage/db.ts';
import { challengerByHand, promoteByHand, rollbackByHand } from '../src/app/registry/byHand.ts';
import { measureBackends, overrideBackend } from '../src/app/training/backend.ts';
import { compareVersions, type VersionComparison } from '../src/app/compare/compareVersions.ts';
import { scoreOnSameRows, type SameRows, type SameRowsProgress } from '../src/app/compare/sameRows.ts';
import { scoreCanary, type CanaryScoring } from '../src/app/training/shadow.ts';
import { exportModel, importModel, scoreBatch, type ScoredBatch } from '../src/app/training/score.ts';
import { championHistory, type ChampionHistory } from '../src/app/training/championHistory.ts';
import type { ScoringProgress } from '../src/app/training/batchScores.ts';
import { chooseBackend, trainAndRegister, trainingBackend, type TrainJob } from '../src/app/training/train.ts';
import { readerCount } from '../src/app/training/readerPool.ts';
import { streamReaders } from './streamReaders.ts';

/** What bench/browserTrees.ts reads back of a fit: its own time, the iterations or trees built and kept. */
interface BenchTreesResult {
  trainMs: number;
  /** Boosting iterations or trees run (history length). */
  steps: number;
  /** Trees in the ensemble kept. */
  trees: number;
  /** On the validation rows: a check that the model learnt what the reference's did. */
  accuracy: number;
}

const db = new RelearnDb();
/** The last ensemble benchTrees fitted, for benchScore. */
let benchEnsemble: TreeEnsemble | null = null;
/** One job at a time: training, scoring and probing all hold the backend. */
const exclusive = exclusiveQueue();
/** Where there are two cores, a streamed epoch's reads (IndexedDB, gather, transform) are made in reader workers while this thread trains. */
const reader = streamReaders(readerCount(navigator.hardwareConcurrency));

const api = {
  /** The backends that start here, the one in use, and each as a person reads it (`wasm, 2 threads`). */
  async backends(): Promise<{ available: string[]; current: string; labels: Record<string, string> }> {
    return exclusive(async () => {
      // Finding the available backends switches to each in turn; the one in use is put back after.
      const current = tf.getBackend();
      const available = await availableBackends();
      if (current) await tf.setBackend(current);
      return { available, current, labels: Object.fromEntries(available.map((name) => [name, backendLabel(name, backendThreads(name))])) };
    });
  },

  /** Measures every backend again and stores the result (the choice used from now on unless overridden). */
  async probe(): Promise<BackendProbe> {
    return exclusive(() => measureBackends(db));
  },

  /**
   * For `npm run bench` (bench/browserTrain.ts): trains on the given rows on one backend with the training
   * loop the app uses and returns the loop's own timing. Nothing is stored; the next job sets its backend again.
   */
  async benchTrain(backend: string, train: Matrices, validation: Matrices, task: Task, params: HyperParameters, seed: number, fusedStep = true): Promise<{ backend: string; threads: number; step: 'fused' | 'tfjs'; trainMs: number; samplesPerSecond: number; losses: number[] }> {
    return exclusive(async () => {
      if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
      await tf.ready();
      const step = fusedStep && fusedStepApplies(params) ? 'fused' : 'tfjs';
      const outcome = await trainNetwork(train, validation, { task, params, seed, fusedStep });
      disposeNetwork(outcome.net);
      return { backend: tf.getBackend(), threads: backendThreads(tf.getBackend()), step, trainMs: outcome.trainMs, samplesPerSecond: outcome.samplesPerSecond, losses: outcome.history.map((h) => h.loss) };
    });
  },

  /** For `npm run bench` (bench/browserTrain.ts): the probe a training at this batch size runs; nothing is stored. */
  async benchProbe(batchSize: number): Promise<BackendProbe> {
    return exclusive(() => probeBackends(undefined, batchSize));
  },

  /** For `npm run bench` (bench/browserTrain.ts): where a training step's time goes on one backend, per part and per kernel. */
  async benchProfile(backend: string, train: Matrices, params: HyperParameters, steps: number): Promise<StepProfile> {
    return exclusive(async () => {
      if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
      await tf.ready();
      return profileSteps(train, params, steps);
    });
  },

  /**
   * For `npm run bench` (bench/browserTrees.ts): fits a tree family on the given rows with the fitter the app
   * uses and keeps the ensemble for benchScore. Nothing is stored.
   */
  async benchTrees(family: 'gbdt' | 'forest', train: Matrices, validation: Matrices, params: HyperParameters, seed: number): Promise<BenchTreesResult> {
    return exclusive(async () => {
      const asTrees = (m: Matrices): TreeData => ({ rows: m.rows, inputs: m.inputs, x: m.x, y: Float64Array.from(m.y) });
      const fit = family === 'gbdt' ? fitGbdt : fitForest;
      const outcome = await fit(asTrees(train), asTrees(validation), { task: 'binary', classes: 2, params, seed });
      benchEnsemble = outcome.ensemble;
      const scores = predictEnsemble(outcome.ensemble, validation.x, validation.rows);
      let correct = 0;
      for (let i = 0; i < validation.rows; i++) correct += (scores[i]! > 0.5 ? 1 : 0) === validation.y[i] ? 1 : 0;
      return { trainMs: outcome.trainMs, steps: outcome.history.length, trees: outcome.ensemble.trees.length, accuracy: correct / validation.rows };
    });
  },

  /** For `npm run bench`: milliseconds to score `rows` rows with the ensemble benchTrees kept, as a tree version's scorer does. */
  async benchScore(x: Float32Array, rows: number): Promise<number> {
    return exclusive(async () => {
      if (!benchEnsemble) throw new Error('fit a tree ensemble with benchTrees first');
      const started = performance.now();
      await ensembleScorer(benchEnsemble).predict(x, rows);
      return performance.now() - started;
    });
  },

  async setOverride(backend: string | null): Promise<void> {
    await overrideBackend(db, backend);
  },

  /**
   * Trains and registers a version (record, artifacts and event in one transaction). The page cancels
   * by ending this worker (src/bridge/trainBridge.ts): the transaction never commits, nothing is registered.
   * Batches of more than `streamValues` values (STREAM_VALUES unless given) stream from storage.
   */
  async train(job: TrainJob, onProgress: (progress: TrainProgress & { backend?: string; backendReason?: string }) => void, streamValues?: number): Promise<ModelRecord> {
    return exclusive(async () => {
      const trees = isTreeFamily(job.config.params.family);
      if (!trees) onProgress({ phase: 'preparing', message: 'Choosing the backend (the first training at a batch size measures each one)' });
      const { backend: chosen, reason } = await trainingBackend(db, job.config.params);
      const backend = trees ? chosen : currentBackendLabel();
      onProgress({ phase: 'preparing', message: `Loading batches; training on ${backend}`, backend, backendReason: reason });
      return trainAndRegister(db, job, { onProgress: (p) => onProgress({ ...p, backend }), reader, streamValues });
    });
  },

  async score(version: number, batchId: string): Promise<ScoredBatch> {
    return exclusive(async () => {
      await chooseBackend(db);
      return scoreBatch(db, version, batchId);
    });
  },

  /** Two versions on the same holdout rows: metrics, McNemar, bootstrap and the workspace's gate (b against a). */
  async compare(a: number, b: number): Promise<VersionComparison> {
    return exclusive(async () => {
      await chooseBackend(db);
      return compareVersions(db, a, b);
    });
  },

  /** Every version on the same current evaluation rows (the newest version's holdout), for the versions table. */
  async sameRows(onProgress: (progress: SameRowsProgress) => void): Promise<SameRows> {
    return exclusive(async () => {
      await chooseBackend(db);
      return scoreOnSameRows(db, onProgress);
    });
  },

  /** Canary batch scoring: `share` of the rows (by the key column's hash) scored by the challenger. */
  async canary(batchId: string, championVersion: number, challengerVersion: number, keyColumn: string, share: number): Promise<CanaryScoring> {
    return exclusive(async () => {
      await chooseBackend(db);
      return scoreCanary(db, batchId, championVersion, challengerVersion, keyColumn, share);
    });
  },

  /** A person restores an earlier version as champion, with the reason. */
  async rollback(version: number, reason: string): Promise<void> {
    await rollbackByHand(db, version, reason);
  },

  /** A person promotes a version to champion, with the reason. */
  async promote(version: number, reason: string): Promise<void> {
    await promoteByHand(db, version, reason);
  },

  async setChallenger(version: number): Promise<void> {
    await challengerByHand(db, version);
  },

  /**
   * The champion's primary metric on each labeled batch (the champion when it arrived), with promotions and
   * rollbacks. Stored scores are read without waiting for the backend; the missing ones are scored holding it.
   */
  async championHistory(onProgress?: (progress: ScoringProgress) => void): Promise<ChampionHistory> {
    return championHistory(db, {
      scoring: (work) =>
        exclusive(async () => {
          await chooseBackend(db);
          return work();
        }),
      ...(onProgress ? { onProgress } : {}),
    });
  },

  async exportModel(version: number): Promise<{ modelJson: string; weights: ArrayBuffer }> {
    const files = await exportModel(db, version);
    return Comlink.transfer(files, [files.weights]);
  },

  async importModel(modelJson: string, weights: ArrayBuffer, fileName: string): Promise<ModelRecord> {
    return exclusive(async () => {
      await chooseBackend(db);
      return importModel(db, modelJson, weights, fileName);
    });
  },
};

export type TrainApi = typeof api;
Comlink.expose(api);
