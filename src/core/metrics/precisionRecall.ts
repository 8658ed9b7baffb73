/**
 * Confusion matrix and precision / recall / F1, as scikit-learn 1.2's `confusion_matrix` and
 * `precision_recall_fscore_support` with `zero_division="warn"`.
 *
 * An ill-defined ratio (0 / 0: a class never predicted, or absent from yTrue) is set to 0 and said in
 * a warning, as scikit-learn warns. F1 = 2·P·R / (P + R), 0 when P + R = 0 (1.2's formula).
 * Macro and weighted averages run over the classes present in yTrue or in the predictions —
 * scikit-learn's default `labels` — so a class absent from both does not pull the average down.
 */
import { numpySum } from './numpySum.ts';

/** One class's scores, as `precision_recall_fscore_support(average=None)` row. */
export interface ClassScore {
  readonly label: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows of this class in yTrue. */
  readonly support: number;
  /** Rows predicted as this class. */
  readonly predicted: number;
}

export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** K × K counts, row = true class, column = predicted class (`confusion_matrix(labels=range(K))`), row-major. */
export function confusionCounts(labels: Int32Array, predicted: Int32Array, classes: number): Int32Array {
  const counts = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]! * classes + predicted[i]!]!++;
  return counts;
}

export function confusionRows(counts: Int32Array, classes: number): number[][] {
  return Array.from({ length: classes }, (_, t) => Array.from(counts.subarray(t * classes, (t + 1) * classes)));
}

/** numerator / denominator, or 0 when the denominator is 0 (`_prf_divide`). */
const divide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

/** Every class's precision, recall, F1 and support; warnings for the ill-defined ones (see `illDefinedWarnings`). */
export function perClassScores(counts: Int32Array, classes: number): ClassScore[] {
  const scores: ClassScore[] = [];
  for (let k = 0; k < classes; k++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < classes; j++) {
      support += counts[k * classes + j]!;
      predicted += counts[j * classes + k]!;
    }
    const truePositives = counts[k * classes + k]!;
    const precision = divide(truePositives, predicted);
    const recall = divide(truePositives, support);
    const denominator = precision + recall;
    const f1 = (2 * precision * recall) / (denominator === 0 ? 1 : denominator);
    scores.push({ label: k, precision, recall, f1, support, predicted });
  }
  return scores;
}

/** The classes scikit-learn's default `labels` would average over: present in yTrue or predicted. */
export const presentClasses = (scores: readonly ClassScore[]): ClassScore[] => scores.filter((s) => s.support > 0 || s.predicted > 0);

/** `average="macro"`: the plain mean over the present classes (`np.average`). */
export function macroAverage(scores: readonly ClassScore[]): AveragedScores {
  const present = presentClasses(scores);
  const mean = (pick: (s: ClassScore) => number): number => numpySum(present.map(pick)) / present.length;
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}

/** `average="weighted"`: the mean weighted by support, `np.average(x, weights=support)` = sum(x·w) / sum(w). */
export function weightedAverage(scores: readonly ClassScore[]): AveragedScores {
  const present = presentClasses(scores);
  const total = numpySum(present.map((s) => s.support));
  const mean = (pick: (s: ClassScore) => number): number => numpySum(present.map((s) => pick(s) * s.support)) / total;
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}

/**
 * What scikit-learn warns about (UndefinedMetricWarning), one line per class and cause. With
 * `averaged` set (multiclass), a class absent from both yTrue and the predictions is reported as
 * left out of the averages instead.
 */
export function illDefinedWarnings(scores: readonly ClassScore[], averaged: boolean): string[] {
  const warnings: string[] = [];
  for (const s of scores) {
    if (averaged && s.support === 0 && s.predicted === 0) {
      warnings.push(`class ${s.label} is neither in yTrue nor predicted: its per-class scores are 0 and it is left out of the macro and weighted averages (scikit-learn averages over the classes present)`);
      continue;
    }
    if (s.predicted === 0) warnings.push(`class ${s.label} is never predicted: its precision and F1 are ill-defined and set to 0 (scikit-learn's zero_division="warn")`);
    if (s.support === 0) warnings.push(`class ${s.label} has no rows in yTrue: its recall and F1 are ill-defined and set to 0 (scikit-learn's zero_division="warn")`);
  }
  return warnings;
}
