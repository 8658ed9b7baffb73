import type { HeadlineMetrics } from './modelCard.ts';

/**
 * A classifier that ignores a class: it predicts one class for almost every row, or finds almost none of
 * some class's rows. Accuracy hides both when one class is most of the data (a model that always says
 * "no" on 99% "no" rows scores 0.99), so they are said in words beside the metrics.
 */

/** A class predicted for at least this share of the rows is flagged. */
export const DOMINANT_SHARE = 0.95;
/** A class with rows whose recall is below this is flagged. */
export const RECALL_FLOOR = 0.1;

export interface ImbalanceWarning {
  /** Rows the confusion matrix counts. */
  rows: number;
  /** The class predicted for >= DOMINANT_SHARE of the rows, with that share and its share of the actual classes; null when none is. */
  dominant: { label: string; predictedShare: number; actualShare: number } | null;
  /** Classes with rows whose recall is below RECALL_FLOOR, in class order. */
  lowRecall: { label: string; recall: number; support: number }[];
  /** One sentence: `predicts "no" for 98.7% of holdout rows ("no" is 96.0% of them); recall of "yes" is 0.05`. */
  message: string;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

// Two decimals, or three where two would round a flagged recall up to the floor itself.
const recallText = (recall: number): string => (Number(recall.toFixed(2)) >= RECALL_FLOOR ? recall.toFixed(3) : recall.toFixed(2));

/**
 * The warning for a classifier's confusion matrix (rows = actual class, columns = predicted, as
 * scikit-learn's `confusion_matrix`), or null when it predicts no class for >= 95% of the rows and every
 * class with rows has a recall of at least 0.1. `rowsName` says which rows were scored ("holdout rows").
 */
export function imbalanceWarning(confusion: readonly (readonly number[])[], classes: readonly string[], rowsName: string): ImbalanceWarning | null {
  const k = confusion.length;
  const label = (i: number): string => classes[i] ?? `class ${i}`;
  const support = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = Array.from({ length: k }, (_, j) => confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const rows = support.reduce((a, b) => a + b, 0);
  if (rows === 0) return null;
  let top = 0;
  for (let j = 1; j < k; j++) if (predicted[j]! > predicted[top]!) top = j;
  const dominant = predicted[top]! / rows >= DOMINANT_SHARE ? { label: label(top), predictedShare: predicted[top]! / rows, actualShare: support[top]! / rows } : null;
  const lowRecall = support.flatMap((n, i) => (n > 0 && confusion[i]![i]! / n < RECALL_FLOOR ? [{ label: label(i), recall: confusion[i]![i]! / n, support: n }] : []));
  if (!dominant && lowRecall.length === 0) return null;
  const parts: string[] = [];
  if (dominant) parts.push(`predicts "${dominant.label}" for ${percent(dominant.predictedShare)} of ${rowsName} ("${dominant.label}" is ${percent(dominant.actualShare)} of them)`);
  if (lowRecall.length > 0) parts.push(`recall of ${lowRecall.map((c) => `"${c.label}" is ${recallText(c.recall)}`).join(', of ')}${dominant ? '' : ` (below ${RECALL_FLOOR})`}`);
  return { rows, dominant, lowRecall, message: parts.join('; ') };
}

/** The warning for a model's scored metrics: null for a regression (no confusion matrix) or when nothing was scored. */
export function imbalanceOf(metrics: HeadlineMetrics | null | undefined, classes: readonly string[] | null | undefined, rowsName: string): ImbalanceWarning | null {
  return metrics && 'confusionMatrix' in metrics ? imbalanceWarning(metrics.confusionMatrix, classes ?? [], rowsName) : null;
}
