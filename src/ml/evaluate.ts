import { classificationMetrics, regressionMetrics, type ClassificationReport, type RegressionReport } from '../core/metrics/index.ts';
import type { EvaluationPlots } from '../core/training/history.ts';
import type { ModelCard } from '../core/training/modelCard.ts';
import { transform } from '../core/training/preprocess.ts';
import type { Table } from '../core/training/table.ts';
import type { Scorer } from './scorer.ts';

export type EvaluationReport = ClassificationReport | ({ task: 'regression' } & RegressionReport);

/** Model outputs for table rows (all when null): probabilities per class, or values. */
export async function predictTable(scorer: Scorer, card: ModelCard, table: Table, rows: ArrayLike<number> | null = null): Promise<{ outputs: Float32Array; rows: number }> {
  const x = transform(card.preprocessing, table, rows);
  const n = rows ? rows.length : table.rows;
  return { outputs: await scorer.predict(x, n), rows: n };
}

/** Metrics of the model's outputs against labels (class indices, or values), as scikit-learn computes them. */
export function scoreOutputs(card: ModelCard, outputs: Float32Array, labels: ArrayLike<number>): EvaluationReport {
  if (card.task === 'regression') return { task: 'regression', ...regressionMetrics(labels, outputs) };
  if (card.task === 'binary') return classificationMetrics(labels, { layout: 'positive', values: outputs });
  return classificationMetrics(labels, { layout: 'rows', values: outputs, classes: card.classes!.length });
}

const MAX_CURVE_POINTS = 200;
const MAX_SCATTER_POINTS = 500;

function thin(curve: { fpr: ArrayLike<number>; tpr: ArrayLike<number> }): { fpr: number[]; tpr: number[] } {
  const n = curve.fpr.length;
  const step = Math.max(1, Math.ceil(n / MAX_CURVE_POINTS));
  const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i % step === 0 || i === n - 1);
  return { fpr: keep.map((i) => curve.fpr[i]!), tpr: keep.map((i) => curve.tpr[i]!) };
}

export function evaluationPlots(report: EvaluationReport, outputs: Float32Array, labels: ArrayLike<number>): EvaluationPlots {
  if (report.task === 'binary') return report.roc ? { roc: thin(report.roc) } : {};
  if (report.task === 'multiclass') return { rocPerClass: (report.rocPerClass ?? []).map((c) => (c ? thin(c) : null)) };
  const step = Math.max(1, Math.ceil(labels.length / MAX_SCATTER_POINTS));
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < labels.length; i += step) {
    actual.push(labels[i]!);
    predicted.push(outputs[i]!);
  }
  return { predictedVsActual: { actual, predicted } };
}
