/** One finished epoch, as the progress view and the stored model show it. */
export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number;
  elapsedMs: number;
  /** Time left if every later epoch runs (early stopping may end sooner). */
  etaMs: number;
  samplesPerSecond: number;
}

export type StopReason = 'epochs' | 'early stopping' | 'time budget';

/** What the Models page draws, kept small: ROC curves thinned to at most 200 points, 500 predicted-vs-actual pairs. */
export interface EvaluationPlots {
  roc?: { fpr: number[]; tpr: number[] };
  rocPerClass?: ({ fpr: number[]; tpr: number[] } | null)[];
  predictedVsActual?: { actual: number[]; predicted: number[] };
}
