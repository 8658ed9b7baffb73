import { isTreeFamily, STEP_NAMES, type Family, type HyperParameters } from '../core/training/config.ts';
import type { EpochReport } from '../core/training/history.ts';
import type { Task } from '../core/training/task.ts';
import { fitForest } from '../core/trees/forest.ts';
import type { TrainingRows, TreeData, TreeFitOutcome } from '../core/trees/fit.ts';
import { fitGbdt } from '../core/trees/gbdt.ts';
import { disposeNetwork } from './network.ts';
import { trainNetwork, type Matrices, type StreamedMatrices, type TrainOutcome } from './trainLoop.ts';

/** What one family trains on: a network's matrices (targets scaled, one-hot), or trees' rows (targets as they are). */
export type FitData = { kind: 'network'; train: Matrices | StreamedMatrices; validation: Matrices } | { kind: 'trees'; train: TrainingRows; validation: TreeData };

/** One trained candidate: a network or a tree ensemble, with the history both report alike. */
export type Fit = { kind: 'network'; outcome: TrainOutcome } | { kind: 'trees'; outcome: TreeFitOutcome };

export interface FitOptions {
  task: Task;
  /** Classes of a classifier; 1 for regression. */
  classes: number;
  seed: number;
  signal?: AbortSignal;
  /** A search's time budget: a network stops starting epochs after it; a tree fit runs to its end. */
  deadline?: number;
  onEpoch?: (report: EpochReport) => void;
  onRows?: (done: number, total: number) => void;
}

/** What an epoch is called for a family in progress messages: "Epoch", "Iteration" (gbdt), "Tree" (forest). */
export function stepName(family: Family): { one: string; many: string } {
  const { one, many } = STEP_NAMES[family];
  return { one: one[0]!.toUpperCase() + one.slice(1), many };
}

/** Trains one candidate of the params' family on the prepared data. */
export async function fitCandidate(data: FitData, params: HyperParameters, options: FitOptions): Promise<Fit> {
  const { task, classes, seed, signal, onEpoch } = options;
  if (isTreeFamily(params.family)) {
    if (data.kind !== 'trees') throw new Error(`a ${params.family} model trains on tree data, not a network's matrices`);
    const fit = params.family === 'gbdt' ? fitGbdt : fitForest;
    return { kind: 'trees', outcome: await fit(data.train, data.validation, { task, classes, params, seed, signal, onEpoch }) };
  }
  if (data.kind !== 'network') throw new Error(`a ${params.family} model trains on a network's matrices, not tree data`);
  return { kind: 'network', outcome: await trainNetwork(data.train, data.validation, { task, params, seed, signal, deadline: options.deadline, onEpoch, onRows: options.onRows }) };
}

/** Frees a candidate the search did not keep (a network's tensors; trees hold none). */
export function releaseFit(fit: Fit): void {
  if (fit.kind === 'network') disposeNetwork(fit.outcome.net);
}

export const bestValLoss = (fit: Fit): number => fit.outcome.history.find((h) => h.epoch === fit.outcome.bestEpoch)?.valLoss ?? Infinity;
