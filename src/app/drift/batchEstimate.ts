import { EstimationError, estimateFromOutputs, type Calibration } from '../../core/estimation/index.ts';
import { higherIsBetter, METRIC_LABELS, metricValue, type MetricKey } from '../../core/metrics/metricKey.ts';
import type { PolicyInputs } from '../../core/pipeline/policy.ts';
import type { ModelCard } from '../../core/training/modelCard.ts';
import { scoreOutputs } from '../../ml/evaluate.ts';
import type { BatchEstimate, DriftReportRecord } from '../../storage/db.ts';
import { isCurrentCheck } from '../../storage/queries/driftReports.ts';

/** A batch as the champion sees it: its outputs per row, and the labels where the batch has the target. */
export interface ChampionOutputs {
  outputs: Float32Array;
  rows: number;
  /** Class index or value per row (NaN where unknown); null when the batch has no target column. */
  labels: Float64Array | null;
}

/** The labelled rows' outputs and labels, for the realised metrics beside the estimate. */
function realised(card: ModelCard, scored: ChampionOutputs, keys: MetricKey[]): { realised: Partial<Record<MetricKey, number | null>> | null; labelledRows: number } {
  const labels = scored.labels;
  if (!labels) return { realised: null, labelledRows: 0 };
  const keep = Array.from(labels.keys()).filter((i) => labels[i] === labels[i]);
  if (keep.length === 0) return { realised: null, labelledRows: 0 };
  const k = card.task === 'multiclass' ? card.classes!.length : 1;
  const picked = new Float32Array(keep.length * k);
  keep.forEach((row, i) => picked.set(scored.outputs.subarray(row * k, row * k + k), i * k));
  const { metrics } = scoreOutputs(card, picked, Float64Array.from(keep, (row) => labels[row]!));
  return { realised: Object.fromEntries(keys.map((key) => [key, metricValue(metrics, key)])), labelledRows: keep.length };
}

/**
 * The champion's label-free estimate on a batch (CBPE on its calibration, the primary metric first) and,
 * where the batch has labels, the same metrics realised; or why there is no estimate: a regression
 * champion, a version that cannot be calibrated (`calibration` is then the reason), an empty batch.
 */
export function batchEstimate(calibration: Calibration | string, card: ModelCard, scored: ChampionOutputs): BatchEstimate {
  if (typeof calibration === 'string') return { problem: calibration };
  let estimate;
  try {
    estimate = estimateFromOutputs(calibration, card, scored.outputs.subarray(0, scored.rows * (card.task === 'multiclass' ? card.classes!.length : 1)));
  } catch (error) {
    if (error instanceof EstimationError || error instanceof RangeError) return { problem: error.message };
    throw error;
  }
  return { estimate, ...realised(card, scored, Object.keys(estimate.estimated) as MetricKey[]) };
}

type EstimateInput = Pick<PolicyInputs, 'championEstimate' | 'championUnestimated'>;

/**
 * What the performance rule on the estimate sees of a batch: the champion's stored estimate of its primary
 * metric (listed first) with its interval, or why there is none. Only a check by this champion counts.
 */
export function estimateInput(report: DriftReportRecord | undefined, championVersion: number | null, batchName: string): EstimateInput {
  const none = (why: string): EstimateInput => ({ championEstimate: null, championUnestimated: why });
  if (championVersion === null) return none('no champion to estimate');
  if (!report || !isCurrentCheck(report, championVersion)) return none(`version ${championVersion} has not estimated "${batchName}" yet`);
  const stored = report.champion!.estimate!;
  if ('problem' in stored) return none(stored.problem);
  const [key, value] = Object.entries(stored.estimate.estimated)[0] as [MetricKey, number | null];
  if (value === null) return none(`the champion's estimated ${METRIC_LABELS[key]} is undefined on "${batchName}"`);
  return { championEstimate: { key, value, interval: stored.estimate.interval[key] ?? null, higherIsBetter: higherIsBetter(key) } };
}
