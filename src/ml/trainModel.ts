import { messages } from '../core/problems.ts';
import { balancedClassWeights } from '../core/training/classWeights.ts';
import { CLASS_WEIGHT_REGRESSION, isTreeFamily, trainConfigProblems, type HyperParameters, type TrainConfig } from '../core/training/config.ts';
import { imbalanceOf, type ImbalanceWarning } from '../core/training/imbalance.ts';
import type { PermutationImportance } from '../core/importance/permutation.ts';
import { preparedCard, type ModelArtifactsRecord, type ModelCard } from '../core/training/modelCard.ts';
import { fitPreprocessing, transform } from '../core/training/preprocess.ts';
import { Random } from '../core/training/random.ts';
import { halvingRungs, sampleParams, type Trial } from '../core/training/search.ts';
import { splitRows, batchPlaces } from '../core/training/split.ts';
import { seriesOf, type Table } from '../core/training/table.ts';
import { analyseTarget, MIN_TRAINING_ROWS, TrainingInputError, type Target } from '../core/training/task.ts';
import { ensembleToArtifacts } from '../core/trees/artifacts.ts';
import { isCancelled } from '../core/errors.ts';
import { calibrationFromOutputs, type Calibration } from '../core/estimation/index.ts';
import { saveArtifacts } from './artifacts.ts';
import { holdoutImportance } from './importance.ts';
import type { EpochReport, EvaluationPlots, StopReason } from '../core/training/history.ts';
import { bestValLoss, fitCandidate, releaseFit, stepName, type Fit, type FitData } from './candidates.ts';
import { evaluationPlots, scoreOutputs, type EvaluationReport } from './evaluate.ts';
import { toLayersModel, type TargetScale } from './layersModel.ts';
import { matricesFor, targetScale } from './matrices.ts';
import { disposeNetwork } from './network.ts';
import { isChunked, prepareStreamed, type ChunkedTable } from './prepareStreamed.ts';
import { ensembleScorer, latencyPer1000, layersScorer, type Scorer } from './scorer.ts';
import { checkLeafRows, treeData } from './treeRows.ts';
import { currentBackendLabel } from './wasmThreads.ts';

/** What `TrainedModel.backend` says of a tree ensemble. */
export const TREE_BACKEND = 'javascript';

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
  /** A classifier's isotonic calibration on its validation rows, for label-free estimates; null for regression. */
  calibration: Calibration | null;
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
  /** The rows in memory, or batches too large for it read from storage as training goes. */
  table: Table | ChunkedTable;
  config: TrainConfig;
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

export interface Prepared {
  target: Target;
  features: string[];
  data: FitData;
  holdoutX: Float32Array;
  holdoutRows: Uint32Array;
  validationX: Float32Array;
  validationRows: Uint32Array;
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
  const trees = isTreeFamily(config.params.family);
  if (trees) checkLeafRows(config.params, split.train.length);
  // Trees learn where a missing value goes; imputing it would hide that it was missing.
  const preprocessing = fitPreprocessing(table, features, split.train, config.topK, trees ? 'keep' : 'impute');
  // Trees fit the target as it is (a split does not care for its scale); a network learns it standardised.
  const scale = target.task === 'regression' && !trees ? targetScale(target, split.train) : null;
  const classWeights = config.params.classWeight === 'balanced' ? balancedClassWeights(Array.from(split.train, (row) => target.labels[row]!), target.classes!.length) : null;
  const width = preprocessing.width;
  const x = (rows: Uint32Array): Float32Array => transform(preprocessing, table, rows);
  const validationX = x(split.validation);
  // Validation rows carry the same weights: early stopping judges the loss that training lowers.
  const data: FitData = trees
    ? { kind: 'trees', train: treeData(x(split.train), width, target, split.train, classWeights), validation: treeData(validationX, width, target, split.validation, classWeights) }
    : { kind: 'network', train: matricesFor(x(split.train), width, target, split.train, scale, classWeights), validation: matricesFor(validationX, width, target, split.validation, scale, classWeights) };
  return {
    target,
    features,
    data,
    holdoutX: x(split.holdout),
    holdoutRows: split.holdout,
    validationX,
    validationRows: split.validation,
    scale,
    card: preparedCard(target, preprocessing, config.seed, table.batches.map((b) => b.id), classWeights),
    counts: { train: split.train.length, validation: split.validation.length, holdout: split.holdout.length, missingTarget: target.missingRows },
  };
}

interface Candidate {
  params: HyperParameters;
  fit: Fit;
}

const classCount = (p: Prepared): number => p.target.classes?.length ?? 1;

/** Random search or successive halving within the time budget; every trial listed, the best kept. */
async function search(p: Prepared, request: TrainRequest): Promise<{ best: Candidate; trials: Trial[] }> {
  const { config, signal, onProgress } = request;
  const random = new Random(config.seed + 1);
  const deadline = Date.now() + config.search.budgetMs;
  const configs = Array.from({ length: config.search.trials }, (_, i) => (i === 0 ? config.params : sampleParams(config.params, random)));
  const trials: Trial[] = configs.map((params, index) => ({ index, params, rung: 0, epochs: 0, valLoss: null, ms: 0, status: 'out of time', note: 'not started: the time budget ran out' }));
  const rungs = config.search.kind === 'halving' ? halvingRungs(configs.length, config.params.epochs) : [{ keep: configs.length, epochs: config.params.epochs }];
  const step = stepName(config.params.family);
  let alive = configs.map((_, i) => i);
  let best: Candidate | null = null;
  for (const [rung, { keep, epochs }] of rungs.entries()) {
    alive = alive.slice(0, keep);
    const results: { index: number; loss: number }[] = [];
    for (const index of alive) {
      if (Date.now() > deadline && best) break;
      const params = { ...configs[index]!, epochs };
      onProgress?.({ phase: 'training', message: `Trial ${index + 1} of ${configs.length}${rungs.length > 1 ? `, rung ${rung + 1} (${epochs} ${step.many})` : ''}`, trial: { index, of: configs.length }, trials });
      const started = performance.now();
      try {
        const fit = await fitCandidate(p.data, params, {
          task: p.target.task,
          classes: classCount(p),
          seed: config.seed,
          signal,
          deadline,
          onEpoch: (epoch) => onProgress?.({ phase: 'training', message: `Trial ${index + 1}: ${step.one.toLowerCase()} ${epoch.epoch}`, epoch, trial: { index, of: configs.length } }),
        });
        const loss = bestValLoss(fit);
        trials[index] = { index, params, rung, epochs: fit.outcome.history.length, valLoss: loss, ms: performance.now() - started, status: 'done', note: fit.outcome.stopReason };
        results.push({ index, loss });
        if (!best || loss < bestValLoss(best.fit)) {
          if (best) releaseFit(best.fit);
          best = { params, fit };
        } else releaseFit(fit);
      } catch (error) {
        if (isCancelled(error)) throw error;
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

/** The chosen candidate as what scores and what is saved: a tfjs model, or the tree ensemble itself. */
async function finished(p: Prepared, chosen: Candidate, card: ModelCard): Promise<{ scorer: Scorer; save: () => Promise<ModelArtifactsRecord> }> {
  const { fit } = chosen;
  if (fit.kind === 'trees') {
    const { ensemble } = fit.outcome;
    return { scorer: ensembleScorer(ensemble), save: () => Promise.resolve(ensembleToArtifacts(ensemble, card)) };
  }
  const model = toLayersModel(fit.outcome.net, chosen.params, p.card.preprocessing.width, p.scale);
  disposeNetwork(fit.outcome.net);
  return { scorer: layersScorer(model, p.card.preprocessing.width), save: () => saveArtifacts(model, card) };
}

/** A classifier's calibration on its validation rows (docs/statistics.md, label-free estimation); null for regression. */
async function validationCalibration(p: Prepared, card: ModelCard, scorer: Scorer): Promise<Calibration | null> {
  if (card.task === 'regression') return null;
  const outputs = await scorer.predict(p.validationX, p.validationRows.length);
  return { ...calibrationFromOutputs(card, outputs, Float64Array.from(p.validationRows, (row) => p.target.labels[row]!)), fittedOn: 'validation' };
}

/**
 * Trains on the table's rows as the configuration says: the target analysed, a seeded split, preprocessing
 * fitted on the training rows, one model or a search, the holdout scored, the model saved (tfjs's format
 * for a network, Relearn's tree format for gbdt and forest).
 */
export async function trainModel(request: TrainRequest): Promise<TrainedModel> {
  const { config, signal, onProgress } = request;
  onProgress?.({ phase: 'preparing', message: 'Preparing features' });
  const p = isChunked(request.table)
    ? await prepareStreamed(request.table, config, (done, of) => onProgress?.({ phase: 'preparing', message: `Preparing features: ${done} of ${of} columns read from storage` }))
    : prepare(request.table, config);
  let chosen: Candidate;
  let trials: Trial[] = [];
  if (config.search.kind === 'none') {
    const step = stepName(config.params.family);
    const fit = await fitCandidate(p.data, config.params, {
      task: p.target.task,
      classes: classCount(p),
      seed: config.seed,
      signal,
      onEpoch: (epoch) => onProgress?.({ phase: 'training', message: `${step.one} ${epoch.epoch} of ${epoch.epochs}`, epoch }),
      onRows: (done, total) => onProgress?.({ phase: 'training', message: 'Training', rows: { done, total } }),
    });
    chosen = { params: config.params, fit };
  } else {
    ({ best: chosen, trials } = await search(p, request));
  }
  const { outcome } = chosen.fit;
  const card: ModelCard = { ...p.card, params: chosen.params };
  const { scorer, save } = await finished(p, chosen, card);
  try {
    onProgress?.({ phase: 'evaluating', message: 'Scoring the holdout rows' });
    const outputs = await scorer.predict(p.holdoutX, p.holdoutRows.length);
    const labels = Float64Array.from(p.holdoutRows, (row) => p.target.labels[row]!);
    const evaluation = scoreOutputs(card, outputs, labels);
    onProgress?.({ phase: 'evaluating', message: 'Measuring which columns matter (permutation importance)' });
    const importance = await holdoutImportance(scorer, card, p.holdoutX, labels, signal);
    const calibration = await validationCalibration(p, card, scorer);
    const latencyMs = await latencyPer1000(scorer);
    onProgress?.({ phase: 'saving', message: 'Saving the model' });
    const artifacts = await save();
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
      calibration,
      history: outcome.history,
      bestEpoch: outcome.bestEpoch,
      stopReason: outcome.stopReason,
      trials,
      // Trees are fitted and scored in plain JavaScript (typed arrays), not on a TensorFlow.js backend.
      backend: chosen.fit.kind === 'trees' ? TREE_BACKEND : currentBackendLabel(),
      trainMs: outcome.trainMs,
      samplesPerSecond: outcome.samplesPerSecond,
      latencyMs,
      sizeBytes: artifacts.weightData.byteLength + JSON.stringify(artifacts.modelTopology).length,
    };
  } finally {
    scorer.dispose();
  }
}
