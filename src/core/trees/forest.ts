import type { HyperParameters, MaxFeatures } from '../training/config.ts';
import type { EpochReport } from '../training/history.ts';
import { Random } from '../training/random.ts';
import { TrainingInputError } from '../training/task.ts';
import { TrainingCancelled, yieldToEvents } from './cancel.ts';
import { binColumns, MAX_BINS, MISSING_BIN, type Binned } from './binning.ts';
import { leafOf, type Tree, type TreeEnsemble } from './ensemble.ts';
import { blocksOf, inMemory, type TrainingRows, type TreeData, type TreeFitOptions, type TreeFitOutcome } from './fit.ts';
import { ForestTreeGrower, type GrowerSetup } from './forestTree.ts';

/** Probabilities are clipped here in the log loss, as scikit-learn's log_loss does. */
const CLIP = 1e-15;

/** A forest's settings resolved to numbers, after checking them. */
export interface ForestRules {
  trees: number;
  maxFeatures: number;
  maxDepth: number;
  minSamplesLeaf: number;
  maxBins: number;
}

const isWhole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** scikit-learn's max_features: sqrt or log2 of the inputs, a share of them, or null (sqrt for a classifier, all for a regression); at least 1. */
export function featuresPerSplit(maxFeatures: MaxFeatures, inputs: number, classifier: boolean): number {
  const setting = maxFeatures ?? (classifier ? 'sqrt' : 1);
  const count = setting === 'sqrt' ? Math.sqrt(inputs) : setting === 'log2' ? Math.log2(inputs) : setting * inputs;
  return Math.min(inputs, Math.max(1, Math.floor(count)));
}

/** Checks the forest's parameters against the rows; every problem is a TrainingInputError naming it. */
export function forestRules(params: HyperParameters, train: TrainingRows, classifier: boolean): ForestRules {
  const { epochs, minSamplesLeaf = 1, maxDepth = null, maxFeatures = null, maxBins = MAX_BINS } = params;
  if (!isWhole(epochs, 1, 10_000)) throw new TrainingInputError(`a forest needs 1 to 10000 trees (epochs), not ${String(epochs)}`);
  if (!isWhole(minSamplesLeaf, 1, Number.MAX_SAFE_INTEGER)) throw new TrainingInputError(`the minimum rows per leaf must be a whole number of at least 1, not ${String(minSamplesLeaf)}`);
  if (maxDepth !== null && !isWhole(maxDepth, 1, 10_000)) throw new TrainingInputError(`the maximum depth must be a whole number of at least 1, or none, not ${String(maxDepth)}`);
  if (!(maxFeatures === null || maxFeatures === 'sqrt' || maxFeatures === 'log2' || (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures <= 1))) {
    throw new TrainingInputError(`features per split must be sqrt, log2, a share above 0 and at most 1, or the default, not ${String(maxFeatures)}`);
  }
  if (!isWhole(maxBins, 2, MAX_BINS)) throw new TrainingInputError(`bins per feature must be a whole number from 2 to ${MAX_BINS}, not ${String(maxBins)}`);
  if (train.rows < 2 * minSamplesLeaf) {
    throw new TrainingInputError(`too few training rows for at least ${minSamplesLeaf} per leaf: a split needs ${2 * minSamplesLeaf} rows and there are ${train.rows}. Lower the minimum rows per leaf or add rows`);
  }
  return { trees: epochs, maxFeatures: featuresPerSplit(maxFeatures, train.inputs, classifier), maxDepth: maxDepth ?? Infinity, minSamplesLeaf, maxBins };
}

function checkData(data: TrainingRows, inputs: number, what: string, classes: number): void {
  if (data.inputs !== inputs || (inMemory(data) && data.x.length !== data.rows * inputs) || data.y.length !== data.rows || (data.w && data.w.length !== data.rows)) {
    throw new TrainingInputError(`the ${what} rows do not have the shape of the training rows (${inputs} inputs per row, one target and weight each)`);
  }
  for (let i = 0; i < data.rows; i++) {
    const y = data.y[i]!;
    if (classes > 0 ? !isWhole(y, 0, classes - 1) : !Number.isFinite(y)) {
      throw new TrainingInputError(classes > 0 ? `${what} row ${i} has class ${y}, not one of the ${classes} classes` : `${what} row ${i} has target ${y}; a regression needs a number in every row`);
    }
    const w = data.w ? data.w[i]! : 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new TrainingInputError(`${what} row ${i} has weight ${w}; weights must be finite and not negative`);
  }
}

/** The classifier's training rows must hold two classes at least. */
function checkClasses(train: TrainingRows, classes: number): void {
  const seen = new Set<number>();
  for (let i = 0; i < train.rows && seen.size < 2; i++) if (!train.w || train.w[i]! > 0) seen.add(train.y[i]!);
  if (seen.size < 2) throw new TrainingInputError(`the training rows hold only one class of the target's ${classes}: a classifier needs rows of two classes at least`);
}

/** Bins the training rows and records each bin's lowest and highest value, for thresholds placed as scikit-learn places them. */
export async function growerSetup(train: TrainingRows, classes: number, rules: ForestRules, seed: number): Promise<GrowerSetup> {
  const { rows, inputs, y } = train;
  const { binned, ranges } = await binColumns(blocksOf(train), rows, inputs, seed, { maxBins: rules.maxBins, ranges: true });
  const { low: binLow, high: binHigh } = ranges!;
  return {
    binned,
    binLow,
    binHigh,
    classes,
    labels: classes > 0 ? Uint8Array.from(y) : new Uint8Array(0),
    target: classes > 0 ? new Float64Array(0) : y,
    maxFeatures: rules.maxFeatures,
    maxDepth: rules.maxDepth,
    minSamplesLeaf: rules.minSamplesLeaf,
  };
}

/** A seed of its own for tree t, so a tree's draws do not depend on the trees before it (splitmix32 of seed and t). */
export function treeSeed(seed: number, t: number): number {
  let z = (seed ^ Math.imul(t + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** Adds the tree's leaf values for every row to `sums` (rows × outputs); `known` gives the leaf of rows grown on (weight > 0). */
function addTree(tree: Tree, data: TreeData, outputs: number, sums: Float64Array, known?: { leaf: Int32Array; weight: Float64Array }): void {
  for (let i = 0; i < data.rows; i++) {
    const leaf = (known && known.weight[i]! > 0 ? known.leaf[i]! : leafOf(tree, data.x, i * data.inputs)) * outputs;
    for (let k = 0; k < outputs; k++) sums[i * outputs + k]! += tree.value[leaf + k]!;
  }
}

/**
 * addTree for training rows held as bin codes only: a row the tree did not grow on walks it with the
 * largest training value of its bin in place of its own. That is its own value's way wherever no
 * threshold falls inside its bin (always with at most maxBins distinct values); this only moves the
 * reported training loss, never the trees or the validation loss.
 */
function addTreeBinned(tree: Tree, binned: Binned, binHigh: Float32Array, outputs: number, sums: Float64Array, known: { leaf: Int32Array; weight: Float64Array }): void {
  const { rows, codes } = binned;
  for (let i = 0; i < rows; i++) {
    let node = 0;
    if (known.weight[i]! > 0) node = known.leaf[i]!;
    else {
      let f = tree.feature[0]!;
      while (f >= 0) {
        const code = codes[f * rows + i]!;
        const goesLeft = code === MISSING_BIN ? tree.missingLeft[node] === 1 : binHigh[f * (MISSING_BIN + 1) + code]! <= tree.threshold[node]!;
        node = goesLeft ? tree.left[node]! : tree.right[node]!;
        f = tree.feature[node]!;
      }
    }
    for (let k = 0; k < outputs; k++) sums[i * outputs + k]! += tree.value[node * outputs + k]!;
  }
}

/** Mean (row-weighted) log loss, or half squared error, of the mean of `trees` trees' outputs. */
function lossOf(data: TrainingRows, classes: number, outputs: number, sums: Float64Array, trees: number): number {
  let total = 0;
  for (let i = 0; i < data.rows; i++) {
    const y = data.y[i]!;
    let loss: number;
    if (classes === 0) loss = 0.5 * (sums[i]! / trees - y) ** 2;
    else {
      const p = classes === 2 ? (y === 1 ? sums[i]! : trees - sums[i]!) / trees : sums[i * outputs + y]! / trees;
      loss = -Math.log(Math.min(1 - CLIP, Math.max(CLIP, p)));
    }
    total += (data.w ? data.w[i]! : 1) * loss;
  }
  return total / data.rows;
}

/**
 * A random forest as scikit-learn's RandomForestClassifier/Regressor fits it (bootstrap rows as sample
 * weights, max_features per split, Gini or squared error, trees grown depth first until pure), on binned
 * features (exact with at most maxBins distinct values, quantile bins beyond). Each tree draws from its own
 * seeded stream. Reports after every tree; checks the signal and yields between trees.
 */
export async function fitForest(train: TrainingRows, validation: TreeData, options: TreeFitOptions): Promise<TreeFitOutcome> {
  const started = performance.now();
  const { task, params, seed, signal, onEpoch } = options;
  const classes = task === 'regression' ? 0 : options.classes;
  if (task !== 'regression' && !isWhole(classes, 2, 255)) throw new TrainingInputError(`a classifier needs 2 to 255 classes, not ${classes}`);
  if (train.rows < 1 || train.inputs < 1) throw new TrainingInputError(`a forest needs training rows and inputs; there are ${train.rows} rows of ${train.inputs} inputs`);
  checkData(train, train.inputs, 'training', classes);
  checkData(validation, train.inputs, 'validation', classes);
  if (classes > 0) checkClasses(train, classes);
  const rules = forestRules(params, train, classes > 0);
  const setup = await growerSetup(train, classes, rules, seed);
  const grower = new ForestTreeGrower(setup);
  const outputs = grower.outputs();
  const trainSums = new Float64Array(train.rows * outputs);
  const validationSums = new Float64Array(validation.rows * outputs);
  const counts = new Uint32Array(train.rows);
  const weight = new Float64Array(train.rows);
  const inBag = new Uint32Array(train.rows);
  const trees: Tree[] = [];
  const history: EpochReport[] = [];
  for (let t = 0; t < rules.trees; t++) {
    if (signal?.aborted) throw new TrainingCancelled();
    const random = new Random(treeSeed(seed, t));
    counts.fill(0);
    for (let i = 0; i < train.rows; i++) counts[random.int(0, train.rows - 1)]!++;
    let bagged = 0;
    for (let r = 0; r < train.rows; r++) {
      weight[r] = counts[r]! * (train.w ? train.w[r]! : 1);
      if (weight[r]! > 0) inBag[bagged++] = r;
    }
    const tree = grower.grow(inBag.subarray(0, bagged), weight, random);
    trees.push(tree);
    if (inMemory(train)) addTree(tree, train, outputs, trainSums, { leaf: grower.rowLeaf, weight });
    else addTreeBinned(tree, setup.binned, setup.binHigh, outputs, trainSums, { leaf: grower.rowLeaf, weight });
    addTree(tree, validation, outputs, validationSums);
    const elapsedMs = performance.now() - started;
    const report: EpochReport = {
      epoch: t + 1,
      epochs: rules.trees,
      loss: lossOf(train, classes, outputs, trainSums, t + 1),
      valLoss: lossOf(validation, classes, outputs, validationSums, t + 1),
      elapsedMs,
      etaMs: (elapsedMs / (t + 1)) * (rules.trees - t - 1),
      samplesPerSecond: (train.rows * (t + 1)) / (elapsedMs / 1000),
    };
    history.push(report);
    onEpoch?.(report);
    await yieldToEvents();
  }
  if (signal?.aborted) throw new TrainingCancelled();
  const trainMs = performance.now() - started;
  const ensemble: TreeEnsemble = { kind: 'forest', task, inputs: train.inputs, outputs, baseline: new Float32Array(outputs), trees };
  return { ensemble, history, bestEpoch: rules.trees, stopReason: 'epochs', trainMs, samplesPerSecond: (train.rows * rules.trees) / (trainMs / 1000) };
}
