import type { BootstrapInterval } from '../../core/compare/bootstrap.ts';
import type { McNemar } from '../../core/compare/mcnemar.ts';
import { fittedOn, rowsTrainedOn, rowsUnseenBy, type FittedOn, type RowsOfBatch } from '../../core/compare/unseenRows.ts';
import type { ClassScore, MetricKey } from '../../core/metrics/index.ts';
import type { GateDecision } from '../../core/pipeline/gate.ts';
import { imbalanceOf, type ImbalanceWarning } from '../../core/training/imbalance.ts';
import { primaryMetric, type HeadlineMetrics } from '../../core/training/modelCard.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { evaluationPlots, scoreOutputs } from '../../ml/evaluate.ts';
import type { EvaluationPlots } from '../../core/training/history.ts';
import type { ModelRecord, RelearnDb } from '../../storage/db.ts';
import { getModel } from '../../storage/queries/models.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { scoreVersionOnRows, type ScoredRows } from '../training/score.ts';
import { compareModels } from './compareModels.ts';

/** One side of a comparison: the version's scores on the shared rows. */
export interface ComparedSide {
  version: number;
  metrics: HeadlineMetrics | null;
  perClass: ClassScore[] | null;
  plots: EvaluationPlots;
  latencyMs: number | null;
  sizeBytes: number;
  /** Whether it ignores a class on the shared rows (a classifier). */
  imbalance: ImbalanceWarning | null;
}

export interface VersionComparison {
  /** The version whose holdout rows both were scored on (the newer one that has them). */
  holdoutOf: number;
  /** Holdout rows left out because one of the two trained on them. */
  leftOut: number;
  /**
   * Of the compared rows, how many each version trained on (0 normally: only when no other rows were left,
   * and then that version's metrics are flattered); null where the version records no training batches.
   */
  trainedOnRows: { a: number | null; b: number | null };
  /** Rows both versions could be judged on. */
  rows: number;
  metric: { key: MetricKey; higherIsBetter: boolean };
  a: ComparedSide;
  b: ComparedSide;
  /** b − a on the primary metric, signed so that positive means b is better; null when either is missing. */
  improvement: number | null;
  mcnemar: McNemar | null;
  bootstrap: BootstrapInterval | null;
  /** The workspace's gate with `a` as champion and `b` as challenger, on these rows. */
  gate: GateDecision;
}

/** The rows at the given places of `rows` read as one list, grouped by batch again. */
function pickRows(rows: readonly RowsOfBatch[], places: readonly number[]): RowsOfBatch[] {
  const flat = rows.flatMap((part) => Array.from(part.rows, (row) => ({ batchId: part.batchId, row })));
  const byBatch = new Map<string, number[]>();
  for (const place of places) {
    const { batchId, row } = flat[place]!;
    const list = byBatch.get(batchId) ?? [];
    list.push(row);
    byBatch.set(batchId, list);
  }
  return [...byBatch].map(([batchId, list]) => ({ batchId, rows: Uint32Array.from(list) }));
}

/** Scores, per-class and plots of one version on the rows both can be judged on. */
function side(record: ModelRecord, scored: ScoredRows, common: number[]): ComparedSide {
  const card = record.card;
  const k = card.task === 'multiclass' ? card.classes!.length : 1;
  const outputs = new Float32Array(common.length * k);
  common.forEach((i, j) => outputs.set(scored.outputs.subarray(i * k, i * k + k), j * k));
  const labels = Float64Array.from(common, (i) => scored.labels[i]!);
  let metrics: HeadlineMetrics | null = null;
  let perClass: ClassScore[] | null = null;
  let plots: EvaluationPlots = {};
  if (common.length > 0) {
    try {
      const report = scoreOutputs(card, outputs, labels);
      metrics = report.metrics;
      perClass = report.task === 'regression' ? null : report.perClass;
      plots = evaluationPlots(report, outputs, labels);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  const imbalance = imbalanceOf(metrics, card.classes, 'the shared rows');
  return { version: record.version, metrics, perClass, plots, latencyMs: record.latencyMs, sizeBytes: record.sizeBytes, imbalance };
}

/**
 * Two versions of the same model side by side on the SAME rows: the holdout rows of the newer one
 * (the other's when the newer was imported). `a` plays the champion, `b` the challenger: McNemar,
 * the paired bootstrap of the primary metric and the workspace's gate all read b against a.
 */
export async function compareVersions(db: RelearnDb, a: number, b: number): Promise<VersionComparison> {
  if (a === b) throw new TrainingInputError('pick two different versions to compare');
  const [ra, rb] = [await getModel(db, a), await getModel(db, b)];
  if (ra.card.task !== rb.card.task || ra.card.target !== rb.card.target || JSON.stringify(ra.card.classes) !== JSON.stringify(rb.card.classes)) {
    throw new TrainingInputError(`versions ${a} and ${b} do not predict the same thing (${ra.card.task} of "${ra.card.target}" and ${rb.card.task} of "${rb.card.target}"); only versions of the same model compare`);
  }
  const [newer, older] = ra.version > rb.version ? [ra, rb] : [rb, ra];
  const source = newer.lineage.holdout.length > 0 ? newer : older.lineage.holdout.length > 0 ? older : null;
  if (!source) throw new TrainingInputError(`neither version ${a} nor ${b} has holdout rows (both imported): score a labelled batch with each instead`);
  // Rows neither version trained on; when there are none, the source's holdout, and the view says so.
  const unseen = rowsUnseenBy(source.lineage.holdout, [fittedOn(ra), fittedOn(rb)].filter((f): f is FittedOn => f !== null));
  const rows = unseen.rows.length > 0 ? unseen.rows : source.lineage.holdout;
  const sa = await scoreVersionOnRows(db, a, rows);
  const sb = await scoreVersionOnRows(db, b, rows);
  const common: number[] = [];
  for (let i = 0; i < sa.labels.length; i++) if (sa.labels[i] === sa.labels[i] && sb.labels[i] === sb.labels[i]) common.push(i);
  const workspace = await readWorkspace(db);
  const left = side(ra, sa, common);
  const right = side(rb, sb, common);
  const { metric, paired, gate } = compareModels({
    metric: primaryMetric(rb.card.task),
    champion: { ...left, card: ra.card, outputs: sa.outputs, labels: sa.labels },
    challenger: { ...right, card: rb.card, outputs: sb.outputs, labels: sb.labels },
    gate: workspace.pipeline.gate,
    seed: workspace.pipeline.seed,
  });
  const compared = pickRows(rows, common);
  const trainedOnRows = { a: rowsTrainedOn(compared, ra), b: rowsTrainedOn(compared, rb) };
  return { holdoutOf: source.version, rows: common.length, trainedOnRows, leftOut: unseen.rows.length > 0 ? unseen.dropped : 0, metric, a: left, b: right, improvement: gate.improvement, mcnemar: paired?.mcnemar ?? null, bootstrap: paired?.bootstrap ?? null, gate };
}
