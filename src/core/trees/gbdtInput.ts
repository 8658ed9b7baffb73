import { TrainingInputError } from '../training/task.ts';
import type { TrainingRows, TreeData, TreeFitOptions } from './fit.ts';
import { MAX_BINS, type ColumnBlock } from './binning.ts';

/** gbdt's settings with scikit-learn's defaults filled in (HistGradientBoosting*). */
export interface GbdtSettings {
  maxIter: number;
  learningRate: number;
  l2: number;
  patience: number;
  maxLeafNodes: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  maxBins: number;
}

const whole = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;

/** The settings of a fit, or a TrainingInputError naming each impossible one. */
export function gbdtSettings(options: TreeFitOptions): GbdtSettings {
  const p = options.params;
  const settings: GbdtSettings = {
    maxIter: p.epochs,
    learningRate: p.learningRate,
    l2: p.l2,
    patience: p.patience,
    maxLeafNodes: p.maxLeafNodes ?? 31,
    maxDepth: p.maxDepth ?? null,
    minSamplesLeaf: p.minSamplesLeaf ?? 20,
    maxBins: p.maxBins ?? MAX_BINS,
  };
  const problems: string[] = [];
  if (!whole(settings.maxIter, 1)) problems.push(`boosting iterations (epochs) must be a whole number of at least 1, not ${settings.maxIter}`);
  if (!(settings.learningRate > 0)) problems.push(`the learning rate must be above 0, not ${settings.learningRate}`);
  if (!(settings.l2 >= 0)) problems.push(`L2 regularization must be 0 or more, not ${settings.l2}`);
  if (!whole(settings.patience, 0)) problems.push(`patience must be a whole number, 0 or more, not ${settings.patience}`);
  if (!whole(settings.maxLeafNodes, 2)) problems.push(`leaves per tree must be a whole number of at least 2, not ${settings.maxLeafNodes}`);
  if (settings.maxDepth !== null && !whole(settings.maxDepth, 1)) problems.push(`the maximum depth must be a whole number of at least 1 (or none), not ${settings.maxDepth}`);
  if (!whole(settings.minSamplesLeaf, 1)) problems.push(`rows per leaf must be a whole number of at least 1, not ${settings.minSamplesLeaf}`);
  if (!(whole(settings.maxBins, 2) && settings.maxBins <= MAX_BINS)) problems.push(`bins must be a whole number from 2 to ${MAX_BINS}, not ${settings.maxBins}`);
  if (problems.length > 0) throw new TrainingInputError(`gradient boosting cannot run: ${problems.join('; ')}`);
  return settings;
}

/** Rejects data the fit cannot learn from, with what to change. */
export function checkGbdtData(train: TrainingRows, validation: TreeData, options: TreeFitOptions, settings: GbdtSettings): void {
  const { task, classes } = options;
  if (train.inputs < 1) throw new TrainingInputError('gradient boosting needs at least one feature column');
  if (validation.inputs !== train.inputs) throw new TrainingInputError(`the validation rows have ${validation.inputs} features, the training rows ${train.inputs}`);
  const needed = 2 * settings.minSamplesLeaf;
  if (train.rows < needed) {
    throw new TrainingInputError(
      `gradient boosting with at least ${settings.minSamplesLeaf} rows per leaf needs ${needed} training rows or more to split at all; there are ${train.rows}. Lower the rows per leaf or add rows`,
    );
  }
  // The training rows' inputs are checked as they are binned (checkFinite), the validation rows' here.
  checkFinite({ offset: 0, width: validation.inputs, values: validation.x });
  for (const data of [train, validation]) {
    for (let i = 0; i < data.rows; i++) {
      if (!Number.isFinite(data.y[i]!)) throw new TrainingInputError('the target has a missing or infinite value in a row handed to gradient boosting; drop those rows first');
    }
  }
  if (task === 'regression') return;
  if (task === 'binary' && classes !== 2) throw new TrainingInputError(`a binary target has 2 classes, not ${classes}`);
  if (!(whole(classes, 2))) throw new TrainingInputError(`a classifier needs at least 2 classes, not ${classes}`);
  const seen = new Set<number>();
  for (let i = 0; i < train.rows && seen.size < 2; i++) seen.add(train.y[i]!);
  if (seen.size < 2) throw new TrainingInputError('the target has one class only in the training rows: there is nothing to tell apart. Pick another target or add rows of the other classes');
  for (const data of [train, validation]) {
    for (let i = 0; i < data.rows; i++) {
      const c = data.y[i]!;
      if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new TrainingInputError(`a class index ${c} is outside 0–${classes - 1}`);
    }
  }
}

/** Refuses a block of inputs holding an infinite value, naming the first (in row-major order). */
export function checkFinite(block: ColumnBlock): void {
  const { values, width, offset } = block;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (v === Infinity || v === -Infinity) throw new TrainingInputError(`feature ${offset + (j % width) + 1} has an infinite value in row ${Math.floor(j / width) + 1}; gradient boosting takes numbers and missing values only`);
  }
}
