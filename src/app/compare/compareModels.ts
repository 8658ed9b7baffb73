import { pairedComparison, type ModelScores, type PairedComparison } from '../../core/compare/paired.ts';
import { metricValue, type MetricKey } from '../../core/metrics/metricKey.ts';
import { fullGateDecision, type GateDecision } from '../../core/pipeline/gate.ts';
import type { GateSettings } from '../../core/pipeline/settings.ts';
import type { HeadlineMetrics, ModelCard } from '../../core/training/modelCard.ts';

/** What the gate reads of one model: its metrics on the shared rows, its latency and size. */
export interface GatedModel {
  metrics: HeadlineMetrics | null;
  latencyMs: number | null;
  sizeBytes: number;
}

/**
 * One model scored on the rows both are judged on: its outputs and the labels row by row (a NaN
 * label is a row it cannot be judged on). Where the rows and the outputs come from (IndexedDB, a
 * CSV file) is the caller's business.
 */
export interface ScoredModel extends GatedModel {
  card: Pick<ModelCard, 'task' | 'classes'>;
  outputs: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export interface ModelComparison {
  metric: { key: MetricKey; higherIsBetter: boolean };
  /** McNemar and the paired bootstrap on the shared rows; null without a champion, or when the two predict different classes. */
  paired: PairedComparison | null;
  gate: GateDecision;
}

export interface CompareInput {
  metric: { key: MetricKey; higherIsBetter: boolean };
  /** Null when there is no champion yet: the challenger is judged on the SLA alone. */
  champion: ScoredModel | null;
  challenger: ScoredModel;
  gate: GateSettings;
  seed: number;
  resamples?: number;
}

// Paired tests need the same task and the same classes in the same order (macro scores over other class sets do not compare).
const pairable = (a: ScoredModel['card'], b: ScoredModel['card']): boolean => a.task === b.task && JSON.stringify(a.classes) === JSON.stringify(b.classes);

const scoresOf = (model: ScoredModel): ModelScores => ({ task: model.card.task, classes: model.card.classes?.length ?? 1, outputs: model.outputs, labels: model.labels });

/**
 * The gate on a comparison: the improvement on the metric, the paired tests, the SLA. The pipeline
 * calls it on its stored compare output, so a run resumed at the gate decides as it would have.
 */
export function gateOn(comparison: { metric: ModelComparison['metric']; champion: GatedModel | null; challenger: GatedModel; paired: PairedComparison | null }, settings: GateSettings): GateDecision {
  const { metric, champion, challenger, paired } = comparison;
  return fullGateDecision(
    {
      metric,
      champion: champion ? { value: metricValue(champion.metrics, metric.key) } : null,
      challenger: metricValue(challenger.metrics, metric.key),
      mcnemar: paired?.mcnemar ?? null,
      bootstrap: paired?.bootstrap ?? null,
      latencyMs: challenger.latencyMs,
      sizeBytes: challenger.sizeBytes,
    },
    settings,
  );
}

/**
 * Champion against challenger on the same rows: the paired tests (exact McNemar, the seeded paired
 * bootstrap of the metric's difference), then the gate. The page's version comparison, the
 * pipeline's compare and gate tasks and `relearn compare` all decide through it.
 */
export function compareModels(input: CompareInput): ModelComparison {
  const { metric, champion, challenger } = input;
  const paired =
    champion && pairable(champion.card, challenger.card)
      ? pairedComparison(scoresOf(champion), scoresOf(challenger), metric.key, { seed: input.seed, resamples: input.resamples })
      : null;
  return { metric, paired, gate: gateOn({ metric, champion, challenger, paired }, input.gate) };
}
