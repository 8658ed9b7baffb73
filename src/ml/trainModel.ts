import * as tf from '@tensorflow/tfjs';
import { messages } from '../core/problems.ts';
import { balancedClassWeights } from '../core/training/classWeights.ts';
import { CLASS_WEIGHT_REGRESSION, trainConfigProblems, type HyperParameters, type TrainConfig } from '../core/training/config.ts';
import { imbalanceOf, type ImbalanceWarning } from '../core/training/imbalance.ts';
import type { PermutationImportance } from '../core/importance/permutation.ts';
import { MODEL_CARD_VERSION, type ModelArtifactsRecord, type ModelCard } from '../core/training/modelCard.ts';
import { fitPreprocessing, transform } from '../core/training/preprocess.ts';
import { Random } from '../core/training/random.ts';
import { halvingRungs, sampleParams, type Trial } from '../core/training/search.ts';
import { splitRows, batchPlaces } from '../core/training/split.ts';
import { seriesOf, type Table } from '../core/training/table.ts';
import { analyseTarget, MIN_TRAINING_ROWS, TrainingInputError, type Target } from '../core/training/task.ts';
import { saveArtifacts } from './artifacts.ts';
import { holdoutImportance } from './importance.ts';
import type { EpochReport, EvaluationPlots, StopReason } from '../core/training/history.ts';
import { evaluationPlots, scoreOutputs, type EvaluationReport } from './evaluate.ts';
import { latencyPer1000, predictRows, toLayersModel, type TargetScale } from './layersModel.ts';
import { matricesFor, targetScale } from './matrices.ts';
import { disposeNetwork } from './network.ts';
import { TrainingCancelled, trainNetwork, type Matrices, type TrainOutcome } from './trainLoop.ts';

export type TrainPhase = 'preparing' | 'training' | 'evaluating' | 'saving';

export interface TrainProgress {
  phase: TrainPhase;
  message: string;
  /** The epoch just finished (of the current trial, when searching). */
  epoch?: EpochReport;
  rows?: { done: number; total: number };
  trial?: { index: number; of: number };
  trials?: Trial[];
}

export interface TrainedModel {
  card: ModelCard;
  artifacts: ModelArtifactsRecord;
  evaluation: EvaluationReport;
  /** A classifier that ignores a class on the holdout rows (imbalance.ts); null when it does not, and for regression. */
  imbalance: ImbalanceWarning | null;
  plots: EvaluationPlots;
  /** Permutation importance of each feature column on the holdout rows; null with fewer than two of them. */
  importance: PermutationImportance | null;
  targetReason: string;
  counts: { train: number; validation: number; holdout: number; missingTarget: number };
  /** Table rows of the holdout: the gate scores every later challenger on these too. */
  holdoutRows: Uint32Array;
  history: EpochReport[];
  bestEpoch: number;
  stopReason: StopReason;
  trials: Trial[];
  backend: string;
  trainMs: number;
  samplesPerSecond: number;
  latencyMs: number;
  sizeBytes: number;
}

export interface TrainRequest {
  table: Table;
  config: TrainConfig;
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

interface Prepared {
  target: Target;
  features: string[];
  train: Matrices;
  validation: Matrices;
  holdoutX: Float32Array;
  holdoutRows: Uint32Array;
  scale: TargetScale | null;
  card: Omit<ModelCard, 'params'>;
  counts: TrainedModel['counts'];
}

function prepare(table: Table, config: TrainConfig): Prepared {
  const problems = messages(trainConfigProblems(config));
  if (problems.length > 0) throw new TrainingInputError(problems.join('; '));
  const target = analyseTarget(seriesOf(table, config.target), table.rows, config.task);
  if (target.task === 'regression' && config.params.classWeight === 'balanced') throw new TrainingInputError(`"${target.name}" is a regression target; ${CLASS_WEIGHT_REGRESSION}`);
  const features = config.features ?? [...table.columns.keys()].filter((name) => name !== config.target);
  if (features.length === 0) throw new TrainingInputError(`there are no feature columns besides the target "${config.target}"`);
  const split = splitRows(target, config.shares, config.seed, batchPlaces(table.batches));
  if (split.train.length < MIN_TRAINING_ROWS) {
    throw new TrainingInputError(`only ${split.train.length} rows are left for training (at least ${MIN_TRAINING_ROWS} needed); add batches or lower the holdout and validation shares`);
  }
  const preprocessing = fitPreprocessing(table, features, split.train, config.topK);
  const scale = target.task === 'regression' ? targetScale(target, split.train) : null;
  const classWeights = config.params.classWeight === 'balanced' ? balancedClassWeights(Array.from(split.train, (row) => target.labels[row]!), target.classes!.length) : null;
  const width = preprocessing.width;
  // Validation rows carry the same weights: early stopping judges the loss that training lowers.
  const matrices = (rows: Uint32Array): Matrices => matricesFor(transform(preprocessing, table, rows), width, target, rows, scale, classWeights);
  return {
    target,
    features,
    train: matrices(split.train),
    validation: matrices(split.validation),
    holdoutX: transform(preprocessing, table, split.holdout),
    holdoutRows: split.holdout,
    scale,
    card: {
      formatVersion: MODEL_CARD_VERSION,
      task: target.task,
      target: target.name,
      classes: target.classes,
      preprocessing,
      seed: config.seed,
      trainingBatches: table.batches.map((b) => b.id),
      ...(classWeights ? { classWeights } : {}),
    },
    counts: { train: split.train.length, validation: split.validation.length, holdout: split.holdout.length, missingTarget: target.missingRows },
  };
}

interface Candidate {
  params: HyperParameters;
  outcome: TrainOutcome;
}

const bestValLoss = (o: TrainOutcome): number => o.history.find((h) => h.epoch === o.bestEpoch)?.valLoss ?? Infinity;

/** Random search or successive halving within the time budget; every trial listed, the best kept. */
async function search(p: Prepared, request: TrainRequest): Promise<{ best: Candidate; trials: Trial[] }> {
  const { config, signal, onProgress } = request;
  const random = new Random(config.seed + 1);
  const deadline = Date.now() + config.search.budgetMs;
  const configs = Array.from({ length: config.search.trials }, (_, i) => (i === 0 ? config.params : sampleParams(config.params, random)));
  const trials: Trial[] = configs.map((params, index) => ({ index, params, rung: 0, epochs: 0, valLoss: null, ms: 0, status: 'out of time', note: 'not started: the time budget ran out' }));
  const rungs = config.search.kind === 'halving' ? halvingRungs(configs.length, config.params.epochs) : [{ keep: configs.length, epochs: config.params.epochs }];
  let alive = configs.map((_, i) => i);
  let best: Candidate | null = null;
  for (const [rung, { keep, epochs }] of rungs.entries()) {
    alive = alive.slice(0, keep);
    const results: { index: number; loss: number }[] = [];
    for (const index of alive) {
      if (Date.now() > deadline && best) break;
      const params = { ...configs[index]!, epochs };
      onProgress?.({ phase: 'training', message: `Trial ${index + 1} of ${configs.length}${rungs.length > 1 ? `, rung ${rung + 1} (${epochs} epochs)` : ''}`, trial: { index, of: configs.length }, trials });
      const started = performance.now();
      try {
        const outcome = await trainNetwork(p.train, p.validation, { task: p.target.task, params, seed: config.seed, signal, deadline, onEpoch: (epoch) => onProgress?.({ phase: 'training', message: `Trial ${index + 1}: epoch ${epoch.epoch}`, epoch, trial: { index, of: configs.length } }) });
        const loss = bestValLoss(outcome);
        trials[index] = { index, params, rung, epochs: outcome.history.length, valLoss: loss, ms: performance.now() - started, status: 'done', note: outcome.stopReason };
        results.push({ index, loss });
        if (!best || loss < bestValLoss(best.outcome)) {
          if (best) disposeNetwork(best.outcome.net);
          best = { params, outcome };
        } else disposeNetwork(outcome.net);
      } catch (error) {
        if (error instanceof TrainingCancelled) throw error;
        trials[index] = { index, params, rung, epochs: 0, valLoss: null, ms: performance.now() - started, status: 'failed', note: error instanceof Error ? error.message : String(error) };
      }
    }
    results.sort((a, b) => a.loss - b.loss);
    const next = rungs[rung + 1];
    if (next) {
      for (const r of results.slice(next.keep)) trials[r.index] = { ...trials[r.index]!, status: 'pruned', note: `pruned after rung ${rung + 1}` };
      alive = results.map((r) => r.index);
    }
  }
  if (!best) throw new TrainingInputError('no trial of the search finished; raise the time budget or check the settings');
  return { best, trials };
}

/**
 * Trains on the table's rows as the configuration says: the target analysed, a seeded split, preprocessing
 * fitted on the training rows, one network or a search, the holdout scored, the model saved in tfjs format.
 */
export async function trainModel(request: TrainRequest): Promise<TrainedModel> {
  const { config, signal, onProgress } = request;
  onProgress?.({ phase: 'preparing', message: 'Preparing features' });
  const p = prepare(request.table, config);
  let chosen: Candidate;
  let trials: Trial[] = [];
  if (config.search.kind === 'none') {
    const outcome = await trainNetwork(p.train, p.validation, {
      task: p.target.task,
      params: config.params,
      seed: config.seed,
      signal,
      onEpoch: (epoch) => onProgress?.({ phase: 'training', message: `Epoch ${epoch.epoch} of ${epoch.epochs}`, epoch }),
      onRows: (done, total) => onProgress?.({ phase: 'training', message: 'Training', rows: { done, total } }),
    });
    chosen = { params: config.params, outcome };
  } else {
    ({ best: chosen, trials } = await search(p, request));
  }
  const { outcome } = chosen;
  const card: ModelCard = { ...p.card, params: chosen.params };
  const model = toLayersModel(outcome.net, chosen.params, p.card.preprocessing.width, p.scale);
  disposeNetwork(outcome.net);
  try {
    onProgress?.({ phase: 'evaluating', message: 'Scoring the holdout rows' });
    const outputs = await predictRows(model, p.holdoutX, p.holdoutRows.length, p.card.preprocessing.width);
    const labels = Float64Array.from(p.holdoutRows, (row) => p.target.labels[row]!);
    const evaluation = scoreOutputs(card, outputs, labels);
    onProgress?.({ phase: 'evaluating', message: 'Measuring which columns matter (permutation importance)' });
    const importance = await holdoutImportance(model, card, p.holdoutX, labels, signal);
    const latencyMs = await latencyPer1000(model, p.card.preprocessing.width);
    onProgress?.({ phase: 'saving', message: 'Saving the model' });
    const artifacts = await saveArtifacts(model, card);
    return {
      card,
      artifacts,
      evaluation,
      imbalance: imbalanceOf(evaluation.metrics, card.classes, 'holdout rows'),
      plots: evaluationPlots(evaluation, outputs, labels),
      importance,
      targetReason: p.target.reason,
      counts: p.counts,
      holdoutRows: p.holdoutRows,
      history: outcome.history,
      bestEpoch: outcome.bestEpoch,
      stopReason: outcome.stopReason,
      trials,
      backend: tf.getBackend(),
      trainMs: outcome.trainMs,
      samplesPerSecond: outcome.samplesPerSecond,
      latencyMs,
      sizeBytes: artifacts.weightData.byteLength + JSON.stringify(artifacts.modelTopology).length,
    };
  } finally {
    model.dispose();
  }
}
