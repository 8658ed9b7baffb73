/**
 * Classification metrics on a holdout, matching scikit-learn 1.2 (`docs/statistics.md`, "Model metrics").
 *
 * K = 2 is scored as binary with class 1 positive (`average="binary"`, `roc_auc_score` on class 1's
 * probability); K >= 3 as multiclass (`average="macro"` and `"weighted"`, `roc_auc_score(multi_class="ovr",
 * average="macro")`). The predicted class is the argmax (ties to the lower class; see `predictedClasses`).
 * A metric scikit-learn cannot compute (it raises) is null, with the reason in `warnings`; a ratio it
 * sets to 0 with a warning is 0, with the warning.
 */
import { logLoss } from './logLoss.ts';
import { confusionCounts, confusionRows, illDefinedWarnings, macroAverage, perClassScores, weightedAverage, type ClassScore } from './precisionRecall.ts';
import { checkInput, predictedClasses, scoresOfClass, type CheckedInput, type Probabilities } from './probabilities.ts';
import { numpySum, pairwiseSum } from './numpySum.ts';
import { areaUnderCurve, rocCurve, type RocCurve } from './roc.ts';

/** The headline numbers for K = 2: what `relearn` prints as JSON. */
export interface BinaryMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number | null;
  logLoss: number;
  confusionMatrix: number[][];
}

/** The headline numbers for K >= 3. */
export interface MulticlassMetrics {
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  precisionWeighted: number;
  recallWeighted: number;
  f1Weighted: number;
  rocAucOvrMacro: number | null;
  logLoss: number;
  confusionMatrix: number[][];
}

interface ReportExtras {
  /** Every class 0..K-1, absent ones included (scores 0, see warnings). */
  perClass: ClassScore[];
  /** Why a metric is null, or a ratio was set to 0; empty when every number is well defined. */
  warnings: string[];
}

export interface BinaryReport extends ReportExtras {
  task: 'binary';
  metrics: BinaryMetrics;
  /** Class 1's ROC curve; null when yTrue holds one class. Absent with `curves: false`. */
  roc?: RocCurve | null;
}

export interface MulticlassReport extends ReportExtras {
  task: 'multiclass';
  metrics: MulticlassMetrics;
  /** One-vs-rest curve per class; null for a class absent from yTrue. Absent with `curves: false`. */
  rocPerClass?: (RocCurve | null)[];
}

export type ClassificationReport = BinaryReport | MulticlassReport;

export interface ClassificationOptions {
  /** Return the ROC curves (default true). They are typed arrays of up to n points each; the headline never holds them. */
  curves?: boolean;
}

export function classificationMetrics(yTrue: ArrayLike<number>, proba: Probabilities, options: ClassificationOptions = {}): ClassificationReport {
  const input = checkInput(yTrue, proba);
  const curves = options.curves ?? true;
  const predicted = predictedClasses(input);
  const counts = confusionCounts(input.labels, predicted, input.classes);
  let correct = 0;
  for (let k = 0; k < input.classes; k++) correct += counts[k * input.classes + k]!;
  const accuracy = correct / input.n;
  const confusionMatrix = confusionRows(counts, input.classes);
  const perClass = perClassScores(counts, input.classes);
  const loss = logLoss(input);

  if (input.classes === 2) {
    const warnings = illDefinedWarnings(perClass, false);
    const positive = perClass[1]!;
    const roc = rocCurve(input.labels, scoresOfClass(input, 1), 1);
    if (roc === null) warnings.push(`ROC AUC is undefined: yTrue holds only class ${input.labels[0]} (scikit-learn raises "Only one class present in y_true")`);
    const metrics: BinaryMetrics = {
      accuracy,
      precision: positive.precision,
      recall: positive.recall,
      f1: positive.f1,
      rocAuc: roc === null ? null : areaUnderCurve(roc),
      logLoss: loss,
      confusionMatrix,
    };
    return { task: 'binary', metrics, perClass, warnings, ...(curves ? { roc } : {}) };
  }

  const warnings = illDefinedWarnings(perClass, true);
  const macro = macroAverage(perClass);
  const weighted = weightedAverage(perClass);
  const ovr = oneVsRest(input, perClass, warnings);
  const metrics: MulticlassMetrics = {
    accuracy,
    precisionMacro: macro.precision,
    recallMacro: macro.recall,
    f1Macro: macro.f1,
    precisionWeighted: weighted.precision,
    recallWeighted: weighted.recall,
    f1Weighted: weighted.f1,
    rocAucOvrMacro: ovr.auc,
    logLoss: loss,
    confusionMatrix,
  };
  return { task: 'multiclass', metrics, perClass, warnings, ...(curves ? { rocPerClass: ovr.curves } : {}) };
}

/**
 * One-vs-rest ROC per class and their plain mean. scikit-learn raises, so the mean is null, when a
 * class has no rows in yTrue or when a row's probabilities do not sum to 1 (`np.allclose(1, sums)`).
 */
function oneVsRest(input: CheckedInput, perClass: readonly ClassScore[], warnings: string[]): { auc: number | null; curves: (RocCurve | null)[] } {
  const curves: (RocCurve | null)[] = [];
  const areas = new Float64Array(input.classes);
  for (let k = 0; k < input.classes; k++) {
    const curve = rocCurve(input.labels, scoresOfClass(input, k), k);
    curves.push(curve);
    if (curve !== null) areas[k] = areaUnderCurve(curve);
  }
  const badRow = firstRowNotSummingToOne(input);
  const absent = perClass.filter((s) => s.support === 0).map((s) => s.label);
  if (badRow >= 0) {
    warnings.push(`ROC AUC (one-vs-rest) is undefined: the probabilities of row ${badRow} do not sum to 1 (scikit-learn raises "Target scores need to be probabilities")`);
    return { auc: null, curves };
  }
  if (absent.length > 0) {
    warnings.push(`ROC AUC (one-vs-rest) is undefined: class ${absent.join(', ')} has no rows in yTrue (scikit-learn raises "Number of classes in y_true not equal to the number of columns in 'y_score'")`);
    return { auc: null, curves };
  }
  return { auc: numpySum(areas) / input.classes, curves };
}

/** The first row whose probabilities fail `np.allclose(1, row.sum())` (rtol 1e-5, atol 1e-8), or -1. */
function firstRowNotSummingToOne(input: CheckedInput): number {
  for (let i = 0; i < input.n; i++) {
    const sum = pairwiseSum(input.values, i * input.classes, input.classes);
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) return i;
  }
  return -1;
}
