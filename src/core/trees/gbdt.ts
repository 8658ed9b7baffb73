import type { EpochReport, StopReason } from '../training/history.ts';
import { applyBins, binColumns, MISSING_BIN, type BinMapper, type Binned } from './binning.ts';
import { TrainingCancelled, yieldToEvents } from './cancel.ts';
import type { Tree, TreeEnsemble } from './ensemble.ts';
import { blocksOf, type TrainingRows, type TreeData, type TreeFitOptions, type TreeFitOutcome } from './fit.ts';
import { checkFinite, checkGbdtData, gbdtSettings } from './gbdtInput.ts';
import { Grower, type BinnedTree } from './grower.ts';
import { lossOf } from './loss.ts';

/** scikit-learn's tol for early stopping on the loss. */
const TOL = 1e-7;

/** The tree on raw inputs: a split after bin b keeps edges[b]; a split after the last non-missing bin (all values left, missing right) keeps +∞. */
function toTree(grown: BinnedTree, mapper: BinMapper): Tree {
  const n = grown.feature.length;
  const tree: Tree = {
    feature: Int32Array.from(grown.feature),
    threshold: new Float32Array(n),
    missingLeft: Uint8Array.from(grown.missingLeft, (m) => (m ? 1 : 0)),
    left: Int32Array.from(grown.left),
    right: Int32Array.from(grown.right),
    value: Float32Array.from(grown.value),
  };
  for (let node = 0; node < n; node++) {
    const f = grown.feature[node]!;
    if (f < 0) continue;
    const edges = mapper.edges[f]!;
    tree.threshold[node] = grown.bin[node]! < edges.length ? edges[grown.bin[node]!]! : Infinity;
  }
  return tree;
}

/** Adds a tree's leaf values for binned rows to raw (rows long), as predict_binned does. */
function addBinned(tree: BinnedTree, data: Binned, raw: Float64Array): void {
  const { rows, codes } = data;
  for (let i = 0; i < rows; i++) {
    let node = 0;
    let f = tree.feature[0]!;
    while (f >= 0) {
      const code = codes[f * rows + i]!;
      node = (code === MISSING_BIN ? tree.missingLeft[node] : code <= tree.bin[node]!) ? tree.left[node]! : tree.right[node]!;
      f = tree.feature[node]!;
    }
    raw[i]! += tree.value[node]!;
  }
}

/**
 * scikit-learn's _should_stop on the validation losses (the baseline's first): stop when none of the last
 * `patience` iterations beat the loss `patience` + 1 places back by more than tol.
 */
function shouldStop(losses: number[], patience: number): boolean {
  if (patience === 0 || losses.length < patience + 1) return false;
  const reference = losses[losses.length - patience - 1]! - TOL;
  return !losses.slice(-patience).some((l) => l < reference);
}

/**
 * Histogram gradient boosting as scikit-learn 1.2's HistGradientBoostingClassifier/Regressor fits it (see
 * loss.ts, split.ts, grower.ts), with early stopping on the given validation rows instead of an internal
 * split. scikit-learn keeps every tree it built, the `patience` non-improving ones included; we keep the
 * trees up to the iteration with the lowest validation loss, as our MLP keeps its best epoch. With patience
 * 0 (never stop early) every tree is kept, which is scikit-learn's early_stopping=False.
 * Deterministic for a seed: only the binning's subsample of more than 200,000 rows draws from it.
 */
export async function fitGbdt(train: TrainingRows, validation: TreeData, options: TreeFitOptions): Promise<TreeFitOutcome> {
  const settings = gbdtSettings(options);
  checkGbdtData(train, validation, options, settings);
  const { signal, task } = options;
  const started = performance.now();
  // The training columns are binned as they come (from storage, for rows too many to hold as floats).
  const { mapper, binned: trainBins } = await binColumns(blocksOf(train), train.rows, train.inputs, options.seed, { maxBins: settings.maxBins, check: checkFinite });
  const validationBins = applyBins(mapper, validation.x, validation.rows);
  const hasMissing = new Uint8Array(train.inputs);
  for (let f = 0; f < train.inputs; f++) hasMissing[f] = trainBins.codes.subarray(f * train.rows, (f + 1) * train.rows).includes(MISSING_BIN) ? 1 : 0;
  const loss = lossOf(task, options.classes, train.w !== undefined);
  const outputs = loss.outputs;
  const grower = new Grower(trainBins, {
    inputs: train.inputs,
    bins: trainBins.bins,
    hasMissing,
    minSamplesLeaf: settings.minSamplesLeaf,
    l2: settings.l2,
    constantHessian: loss.constantHessian,
    maxLeafNodes: settings.maxLeafNodes,
    maxDepth: settings.maxDepth,
    learningRate: settings.learningRate,
  });
  const baseline = loss.baseline(train.y, train.w);
  const raw = new Float64Array(outputs * train.rows);
  const rawValidation = new Float64Array(outputs * validation.rows);
  for (let k = 0; k < outputs; k++) {
    raw.fill(baseline[k]!, k * train.rows, (k + 1) * train.rows);
    rawValidation.fill(baseline[k]!, k * validation.rows, (k + 1) * validation.rows);
  }
  const grad = new Float32Array(outputs * train.rows);
  const hess = new Float32Array(outputs * train.rows);
  // With no validation rows, early stopping watches the training loss (scikit-learn's validation_fraction=None).
  const watched = (trainLoss: number, valLoss: number): number => (validation.rows > 0 ? valLoss : trainLoss);
  // Each pass fills the next iteration's gradients and gives the loss of the trees so far.
  let trainLoss = loss.gradients(raw, train.y, train.w, grad, hess);
  const losses = [watched(trainLoss, loss.mean(rawValidation, validation.y, validation.w))];
  const trees: Tree[] = [];
  const history: EpochReport[] = [];
  let best = { loss: Infinity, iteration: 0 };
  let stopReason: StopReason = 'epochs';
  for (let iteration = 1; iteration <= settings.maxIter; iteration++) {
    for (let k = 0; k < outputs; k++) {
      // Before every tree: a worker's Cancel arrives as a message, read only when the fit yields.
      await yieldToEvents();
      if (signal?.aborted) throw new TrainingCancelled();
      const column = (a: Float32Array): Float32Array => a.subarray(k * train.rows, (k + 1) * train.rows);
      const grown = grower.grow(column(grad), column(hess), raw.subarray(k * train.rows, (k + 1) * train.rows));
      addBinned(grown, validationBins, rawValidation.subarray(k * validation.rows, (k + 1) * validation.rows));
      trees.push(toTree(grown, mapper));
    }
    trainLoss = loss.gradients(raw, train.y, train.w, grad, hess);
    const valLoss = validation.rows > 0 ? loss.mean(rawValidation, validation.y, validation.w) : trainLoss;
    const elapsedMs = performance.now() - started;
    const report: EpochReport = {
      epoch: iteration,
      epochs: settings.maxIter,
      loss: trainLoss,
      valLoss,
      elapsedMs,
      etaMs: (elapsedMs / iteration) * (settings.maxIter - iteration),
      samplesPerSecond: (train.rows * iteration) / (elapsedMs / 1000),
    };
    history.push(report);
    options.onEpoch?.(report);
    losses.push(watched(trainLoss, valLoss));
    if (valLoss < best.loss) best = { loss: valLoss, iteration };
    if (shouldStop(losses, settings.patience)) {
      stopReason = 'early stopping';
      break;
    }
  }
  const kept = settings.patience === 0 ? history.length : best.iteration;
  const ensemble: TreeEnsemble = { kind: 'gbdt', task, inputs: train.inputs, outputs, baseline: Float32Array.from(baseline), trees: trees.slice(0, kept * outputs) };
  const trainMs = performance.now() - started;
  return { ensemble, history, bestEpoch: kept, stopReason, trainMs, samplesPerSecond: (train.rows * history.length) / (trainMs / 1000) };
}
