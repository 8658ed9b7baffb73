import type { HyperParameters } from '../training/config.ts';
import type { EpochReport, StopReason } from '../training/history.ts';
import type { Task } from '../training/task.ts';
import type { ColumnBlocks } from './binning.ts';
import type { TreeEnsemble } from './ensemble.ts';

/** Rows to fit on: x is rows × inputs (row-major, NaN = missing); y the class index or the target value. */
export interface TreeData {
  rows: number;
  inputs: number;
  x: Float32Array;
  y: Float64Array;
  /** Each row's weight (its class's weight); absent: every row weighs 1. */
  w?: Float32Array;
}

/**
 * Training rows too many to hold as one float matrix: their input columns are handed over a feature at a
 * time (read from storage by each call of `columns`), binned as they come; only the bin codes stay.
 */
export interface ColumnTreeData extends Omit<TreeData, 'x'> {
  columns: () => ColumnBlocks;
}

export type TrainingRows = TreeData | ColumnTreeData;

export const inMemory = (data: TrainingRows): data is TreeData => 'x' in data;

/** The input columns of training rows, as binning reads them: a matrix in memory is one block. */
export const blocksOf = (data: TrainingRows): ColumnBlocks => (inMemory(data) ? [{ offset: 0, width: data.inputs, values: data.x }] : data.columns());

export interface TreeFitOptions {
  task: Task;
  /** Classes of a classifier (2 for binary); 1 for regression. */
  classes: number;
  params: HyperParameters;
  seed: number;
  signal?: AbortSignal;
  /**
   * After each boosting iteration (gbdt) or tree (forest): `epoch` counts them, `loss` and `valLoss` are the
   * training and validation log loss (classification) or half squared error (regression) of the ensemble so far.
   */
  onEpoch?: (report: EpochReport) => void;
}

/** What a fit gives back: the ensemble (best iteration kept), its history, and why it stopped. */
export interface TreeFitOutcome {
  ensemble: TreeEnsemble;
  history: EpochReport[];
  bestEpoch: number;
  stopReason: StopReason;
  trainMs: number;
  samplesPerSecond: number;
}
