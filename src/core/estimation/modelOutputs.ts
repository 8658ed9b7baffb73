/**
 * Label-free estimation from a Relearn model's raw outputs (what a `Scorer` returns: binary rows × 1, the
 * probability of classes[1]; multiclass rows × K), with the refusals a person reads: a regression model,
 * a calibration fitted for other classes.
 */
import type { Probabilities } from '../metrics/probabilities.ts';
import type { ModelCard } from '../training/modelCard.ts';
import { fitCalibration, type Calibration } from './calibration.ts';
import { estimatePerformance, type EstimateOptions, type PerformanceEstimate } from './cbpe.ts';

/** Why an estimate cannot be made (regression, no calibration, a calibration that does not fit the model). Nothing stored changes. */
export class EstimationError extends Error {
  override readonly name = 'EstimationError';
}

/** The refusal for a regression model, worded once for the CLI, the app and the page. */
export const regressionRefusal = (target: string): string =>
  `label-free estimation is for classifiers: this model predicts "${target}" as a number (regression), and estimating its error without labels is not supported`;

/** The model's outputs as class probabilities; refuses a regression model. */
export function outputsAsProbabilities(card: Pick<ModelCard, 'task' | 'target' | 'classes'>, outputs: ArrayLike<number>): Probabilities {
  if (card.task === 'regression' || !card.classes) throw new EstimationError(regressionRefusal(card.target));
  return card.task === 'binary' ? { layout: 'positive', values: outputs } : { layout: 'rows', values: outputs, classes: card.classes.length };
}

/** Calibrates a classifier on labelled rows: its outputs on them and their class indices. */
export function calibrationFromOutputs(card: Pick<ModelCard, 'task' | 'target' | 'classes'>, outputs: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  const proba = outputsAsProbabilities(card, outputs);
  return fitCalibration(labels, proba, card.classes!);
}

/** Estimates a classifier's metrics on unlabelled rows from its outputs; refuses a calibration made for other classes. */
export function estimateFromOutputs(
  calibration: Calibration,
  card: Pick<ModelCard, 'task' | 'target' | 'classes'>,
  outputs: ArrayLike<number>,
  options: EstimateOptions = {},
): PerformanceEstimate {
  const proba = outputsAsProbabilities(card, outputs);
  const classes = card.classes!;
  if (calibration.task !== card.task || calibration.classes.length !== classes.length || calibration.classes.some((c, i) => c !== classes[i])) {
    throw new EstimationError(`the calibration is for the classes ${calibration.classes.map((c) => `"${c}"`).join(', ')}, but the model predicts ${classes.map((c) => `"${c}"`).join(', ')}`);
  }
  return estimatePerformance(calibration, proba, options);
}
