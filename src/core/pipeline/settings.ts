import { higherIsBetter, type MetricKey } from '../metrics/metricKey.ts';
import type { Problem } from '../problems.ts';
import { paramsProblems, defaultParams, type HyperParameters } from '../training/config.ts';
import { defaultPolicy, policyProblems, type PolicyField, type TriggerPolicy } from './policy.ts';

/** How the gate judges a challenger against the champion (the plain rule; see gate.ts). */
export interface GateSettings {
  /**
   * `metric`: the minimum gain is the gate metric's default (minImprovementFor); `set`, or absent (a
   * comparison built in code): minImprovement and relative as given.
   */
  minImprovementMode?: 'metric' | 'set';
  /** Minimum gain on the gate's metric: absolute, or relative to the champion's value. */
  minImprovement: number;
  relative: boolean;
  /** `manual` leaves a passing run awaiting a person's approval. */
  approval: 'auto' | 'manual';
  /** The metric the gate judges by (its direction is known); null or absent: the task's primary metric. */
  metric?: string | null;
  /**
   * How significance gates: `mcnemar` needs p < alpha with the challenger right on more discordant
   * rows (classification); `bootstrap` needs the 95% interval of the difference wholly on the better
   * side of 0; `none` shows both and gates on neither.
   */
  significance?: 'none' | 'mcnemar' | 'bootstrap';
  alpha?: number;
  /** SLA: the challenger's primary metric must reach this (at least, or at most for errors). */
  floor?: number | null;
  /** SLA: milliseconds to score 1,000 rows, at most. */
  latencyBudgetMs?: number | null;
  /** SLA: model size in bytes, at most. */
  sizeBudgetBytes?: number | null;
}

/** What an automatic run does: its trigger policy, how it trains, how it judges. Stored with the workspace. */
export interface PipelineSettings {
  policy: TriggerPolicy;
  gate: GateSettings;
  params: HyperParameters;
  seed: number;
  /** The feature columns a run trains on; null or absent (older records): the workspace's default features. */
  features?: string[] | null;
  /** Score incoming batches with the challenger beside the champion before promotion. */
  shadow: boolean;
  /** Run the policy check automatically when a batch arrives. */
  autoRun: boolean;
  /**
   * Automatic rollback: on the next labeled batch after a promotion, when the new champion scores worse
   * than the one it replaced by more than `tolerance` on the primary metric, the previous one is restored.
   */
  rollback: { enabled: boolean; tolerance: number };
  /** Set when the circuit breaker paused automatic runs; cleared when a person resumes them. */
  paused: { reason: string; at: number } | null;
}

/**
 * The minimum gain a metric's default asks for (STATS.md, "The gate's default"): 0.01 absolute on the
 * metrics scored from 0 to 1 (every higher-is-better one: accuracy, F1, precision, recall, ROC AUC, R²),
 * 1% of the champion's value on the error metrics, which are in the target's units (RMSE, MAE, log loss).
 */
export function defaultMinImprovement(key: MetricKey): { minImprovement: number; relative: boolean } {
  return higherIsBetter(key) ? { minImprovement: 0.01, relative: false } : { minImprovement: 0.01, relative: true };
}

/** The minimum gain a gate asks for on a metric: the metric's default, or the values the settings give. */
export function minImprovementFor(gate: GateSettings, key: MetricKey): { minImprovement: number; relative: boolean } {
  return gate.minImprovementMode === 'metric' ? defaultMinImprovement(key) : { minImprovement: gate.minImprovement, relative: gate.relative };
}

/** The default as words, for the policy form and `relearn compare --help`. */
export const DEFAULT_MIN_IMPROVEMENT_TEXT = `${defaultMinImprovement('accuracy').minImprovement} absolute on accuracy, F1, precision, recall, ROC AUC and R²; ${defaultMinImprovement('rmse').minImprovement * 100}% of the champion's value on RMSE, MAE and log loss`;

/**
 * The gate's default, the one source the pipeline, the policy form and `relearn compare` read: the
 * metric's minimum gain and the paired bootstrap interval's lower bound of the gain above 0.
 */
export const defaultGateSettings = (): GateSettings => ({
  minImprovementMode: 'metric',
  minImprovement: 0.01,
  relative: false,
  approval: 'auto',
  significance: 'bootstrap',
  alpha: 0.05,
  floor: null,
  latencyBudgetMs: null,
  sizeBudgetBytes: null,
});

// What defaultGateSettings was before the metric's default: any strictly positive gain, no significance.
const untouchedOldDefault = (g: Partial<GateSettings>): boolean =>
  g.minImprovementMode === undefined && g.minImprovement === 0 && !g.relative && (g.significance ?? 'none') === 'none';

/**
 * A stored gate read with today's fields. One written before the metric's default existed keeps its
 * values (a person chose them) unless they are the old default untouched (0, absolute, no significance,
 * which promoted noise): that one moves to today's default, keeping its approval, metric and budgets.
 */
export function withGateDefaults(stored: Partial<GateSettings> | undefined): GateSettings {
  const defaults = defaultGateSettings();
  if (!stored) return defaults;
  if (untouchedOldDefault(stored)) return { ...defaults, ...stored, minImprovementMode: 'metric', minImprovement: defaults.minImprovement, significance: defaults.significance };
  return { ...defaults, ...stored, minImprovementMode: stored.minImprovementMode ?? 'set', significance: stored.significance ?? 'none' };
}

export const defaultPipelineSettings = (): PipelineSettings => ({
  policy: defaultPolicy(),
  gate: defaultGateSettings(),
  // Gradient boosting with scikit-learn's defaults, from the bench's families section (every family's
  // defaults on the real datasets): within a point of the best family on four of five, 3.7 points above
  // the MLP on the Seattle weather batches, ten times faster to fit than the MLP there, no backend probe,
  // missing values kept, and small (a forest grows with its rows). The train form starts from the MLP.
  params: defaultParams('gbdt'),
  seed: 42,
  features: null,
  shadow: false,
  autoRun: true,
  rollback: { enabled: true, tolerance: 0.02 },
  paused: null,
});

/** The setting of PipelineSettings a problem is about, by its path. */
export type PipelineSettingsField =
  | `policy.${PolicyField}`
  | `params.${keyof HyperParameters}`
  | `gate.${'minImprovementMode' | 'minImprovement' | 'approval' | 'significance' | 'alpha' | 'floor' | 'latencyBudgetMs' | 'sizeBudgetBytes'}`
  | 'seed'
  | 'features'
  | 'rollback.tolerance';

export function pipelineSettingsProblems(s: PipelineSettings): Problem<PipelineSettingsField>[] {
  const problems: Problem<PipelineSettingsField>[] = [
    ...policyProblems(s.policy).map((p) => ({ ...p, field: `policy.${p.field}` as const })),
    ...paramsProblems(s.params).map((p) => ({ ...p, field: `params.${p.field}` as const })),
  ];
  if (s.gate.minImprovementMode !== undefined && s.gate.minImprovementMode !== 'metric' && s.gate.minImprovementMode !== 'set') problems.push({ field: 'gate.minImprovementMode', message: "the minimum improvement is the metric's default or a set value" });
  if (!(Number.isFinite(s.gate.minImprovement) && s.gate.minImprovement >= 0)) problems.push({ field: 'gate.minImprovement', message: 'the minimum improvement must be 0 or more' });
  if (s.gate.relative && s.gate.minImprovement > 1) problems.push({ field: 'gate.minImprovement', message: 'a relative minimum improvement is a share: at most 1 (100%)' });
  if (s.gate.approval !== 'auto' && s.gate.approval !== 'manual') problems.push({ field: 'gate.approval', message: 'approval must be automatic or manual' });
  if (s.gate.significance !== undefined && !['none', 'mcnemar', 'bootstrap'].includes(s.gate.significance)) problems.push({ field: 'gate.significance', message: 'significance must be none, mcnemar or bootstrap' });
  if (s.gate.alpha !== undefined && !(s.gate.alpha > 0 && s.gate.alpha < 1)) problems.push({ field: 'gate.alpha', message: 'alpha must be above 0 and below 1' });
  if (s.gate.floor !== undefined && s.gate.floor !== null && !Number.isFinite(s.gate.floor)) problems.push({ field: 'gate.floor', message: 'the metric floor must be a number' });
  if (s.gate.latencyBudgetMs != null && !(s.gate.latencyBudgetMs > 0)) problems.push({ field: 'gate.latencyBudgetMs', message: 'the latency budget must be above 0 milliseconds' });
  if (s.gate.sizeBudgetBytes != null && !(s.gate.sizeBudgetBytes > 0)) problems.push({ field: 'gate.sizeBudgetBytes', message: 'the size budget must be above 0 bytes' });
  if (!(Number.isInteger(s.seed) && s.seed >= 0)) problems.push({ field: 'seed', message: 'the seed must be a whole number, 0 or more' });
  if (s.features && s.features.length === 0) problems.push({ field: 'features', message: 'choose at least one feature column, or the default features' });
  if (s.rollback && !(s.rollback.tolerance >= 0)) problems.push({ field: 'rollback.tolerance', message: 'the rollback tolerance must be 0 or more' });
  return problems;
}
