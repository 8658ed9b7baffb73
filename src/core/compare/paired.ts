import { classificationMetrics, metricValue, regressionMetrics, type MetricKey } from '../metrics/index.ts';
import type { Task } from '../training/task.ts';
import { bootstrapDifference, type BootstrapInterval } from './bootstrap.ts';
import { discordantPairs, mcnemarExact, type McNemar } from './mcnemar.ts';

/** One model's outputs on the holdout rows and its labels for them (NaN where it cannot be judged). */
export interface ModelScores {
  task: Task;
  /** Number of classes (1 for regression). */
  classes: number;
  outputs: ArrayLike<number>;
  labels: ArrayLike<number>;
}

const width = (s: ModelScores): number => (s.task === 'multiclass' ? s.classes : 1);

/** The predicted class of row i, as the metrics decide it (binary: p > 0.5; multiclass: first largest). */
function predicted(s: ModelScores, i: number): number {
  if (s.task === 'binary') return s.outputs[i]! > 0.5 ? 1 : 0;
  const k = s.classes;
  let best = 0;
  for (let j = 1; j < k; j++) if (s.outputs[i * k + j]! > s.outputs[i * k + best]!) best = j;
  return best;
}

/** The metric `key` of one model on the given rows (repeats allowed); null when undefined there. */
export function metricOnRows(s: ModelScores, rows: ArrayLike<number>, key: MetricKey): number | null {
  const w = width(s);
  const outputs = new Float64Array(rows.length * w);
  const labels = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let j = 0; j < w; j++) outputs[i * w + j] = s.outputs[r * w + j]!;
    labels[i] = s.labels[r]!;
  }
  try {
    const metrics =
      s.task === 'regression'
        ? regressionMetrics(labels, outputs).metrics
        : s.task === 'binary'
          ? classificationMetrics(labels, { layout: 'positive', values: outputs }, { curves: false }).metrics
          : classificationMetrics(labels, { layout: 'rows', values: outputs, classes: s.classes }, { curves: false }).metrics;
    return metricValue(metrics, key);
  } catch (error) {
    if (error instanceof RangeError) return null; // a resample the metric refuses (too few rows)
    throw error;
  }
}

export interface PairedComparison {
  /** Rows both models could be judged on: the ones compared. */
  rows: number;
  mcnemar: McNemar | null;
  bootstrap: BootstrapInterval | null;
}

/**
 * Champion and challenger on the same rows: exact McNemar on who got which rows right
 * (classification) and a seeded paired bootstrap of the primary metric's difference.
 */
export function pairedComparison(champion: ModelScores, challenger: ModelScores, key: MetricKey, options: { seed: number; resamples?: number }): PairedComparison {
  const common: number[] = [];
  for (let i = 0; i < champion.labels.length; i++) if (champion.labels[i] === champion.labels[i] && challenger.labels[i] === challenger.labels[i]) common.push(i);
  if (common.length === 0) return { rows: 0, mcnemar: null, bootstrap: null };
  let mcnemar: McNemar | null = null;
  if (champion.task !== 'regression' && challenger.task !== 'regression') {
    const right = (s: ModelScores): Uint8Array => Uint8Array.from(common, (i) => (predicted(s, i) === s.labels[i] ? 1 : 0));
    const { b, c } = discordantPairs(right(champion), right(challenger));
    mcnemar = mcnemarExact(b, c);
  }
  const index = Uint32Array.from(common);
  let bootstrap: BootstrapInterval | null;
  try {
    bootstrap = bootstrapDifference(
      common.length,
      (rows, which) => metricOnRows(which === 'champion' ? champion : challenger, Uint32Array.from(rows, (r) => index[r]!), key),
      { seed: options.seed, resamples: options.resamples },
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    bootstrap = null; // undefined on every resample (one class only, say)
  }
  return { rows: common.length, mcnemar, bootstrap };
}
