import { isMetricKey, METRIC_LABELS } from '../metrics/metricKey.ts';
import type { Problem } from '../problems.ts';

/** Why a run started: a rule of the policy, the first model, or a person. */
export type TriggerKind = 'manual' | 'drift' | 'importantDrift' | 'performance' | 'schedule' | 'volume' | 'first';

/** What the performance rule judges: the realised metric (labels needed) or the champion's estimate without labels. */
export type PerformanceSource = 'realised' | 'estimated';

/** When to retrain: any rule that is on and fires starts a run, unless a guard holds it back. */
export interface TriggerPolicy {
  drift: { enabled: boolean };
  /**
   * Drift that matters: the share of the champion's (positive) permutation importance carried by the batch's
   * drifted columns at least `threshold` (core/importance/driftThatMatters.ts). Off by default, and in
   * policies stored before it existed.
   */
  importantDrift: { enabled: boolean; threshold: number };
  /**
   * The champion's primary metric on a new batch worse than `floor` (below it, or above it for errors such as
   * RMSE): realised on a labeled batch, or, with `source` 'estimated', its label-free estimate (CBPE), which
   * needs no labels. Policies stored before estimates existed have no `source`: realised.
   */
  performance: { enabled: boolean; floor: number; source?: PerformanceSource };
  /** Days since the last training at least `days`; checked when the page opens, one catch-up run. */
  schedule: { enabled: boolean; days: number };
  /** New rows not yet trained on (in batches newer than the last trained model's data) at least `rows`. */
  volume: { enabled: boolean; rows: number };
  /** No automatic run within this many hours of the last run's end. */
  cooldownHours: number;
  /** Pause automatic runs after this many consecutive failed runs. */
  circuitBreaker: number;
}

export const defaultPolicy = (): TriggerPolicy => ({
  drift: { enabled: true },
  importantDrift: { enabled: false, threshold: 0.3 },
  performance: { enabled: false, floor: 0.7 },
  schedule: { enabled: false, days: 30 },
  volume: { enabled: false, rows: 10_000 },
  cooldownHours: 0,
  circuitBreaker: 3,
});

/** The setting of a TriggerPolicy a problem is about. */
export type PolicyField = 'importantDrift.threshold' | 'performance.floor' | 'performance.source' | 'schedule.days' | 'volume.rows' | 'cooldownHours' | 'circuitBreaker';

export function policyProblems(p: TriggerPolicy): Problem<PolicyField>[] {
  const problems: Problem<PolicyField>[] = [];
  const t = p.importantDrift.threshold;
  if (!(Number.isFinite(t) && t > 0 && t <= 1)) problems.push({ field: 'importantDrift.threshold', message: 'the drift-that-matters threshold must be a share above 0 and at most 1' });
  if (!(Number.isFinite(p.performance.floor))) problems.push({ field: 'performance.floor', message: 'the performance floor must be a number' });
  if (p.performance.source !== undefined && p.performance.source !== 'realised' && p.performance.source !== 'estimated') {
    problems.push({ field: 'performance.source', message: 'the performance rule judges the realised metric or its estimate' });
  }
  if (!(Number.isInteger(p.schedule.days) && p.schedule.days >= 1 && p.schedule.days <= 3650)) problems.push({ field: 'schedule.days', message: 'schedule days must be a whole number from 1 to 3650' });
  if (!(Number.isInteger(p.volume.rows) && p.volume.rows >= 1)) problems.push({ field: 'volume.rows', message: 'the data volume must be a whole number of rows, 1 or more' });
  if (!(p.cooldownHours >= 0 && p.cooldownHours <= 24 * 365)) problems.push({ field: 'cooldownHours', message: 'the cooldown must be between 0 and 8760 hours' });
  if (!(Number.isInteger(p.circuitBreaker) && p.circuitBreaker >= 1 && p.circuitBreaker <= 100)) problems.push({ field: 'circuitBreaker', message: 'the circuit breaker must be a whole number of failures from 1 to 100' });
  return problems;
}

/** What the policy looks at when a batch arrives (or the page opens). */
export interface PolicyInputs {
  now: number;
  hasChampion: boolean;
  lastTrainingAt: number | null;
  rowsSinceTraining: number;
  /** The new batch's dataset-drift verdict; null when there is no report (or no new batch). */
  drift: { drifted: boolean; share: number; threshold: number } | null;
  /**
   * The new batch's drift that matters: the share of the champion's importance in its drifted columns, or
   * null with the reason (no champion, no importance); absent or null when there is no drift report.
   */
  importantDrift?: { share: number | null; note: string } | null;
  /** The champion scored on the new batch, where it has labels. */
  championMetric: { key: string; value: number; higherIsBetter: boolean } | null;
  /** Why championMetric is null ("the new batch has no values in \"weather\""); absent: no labeled new batch. */
  championUnscored?: string;
  /** The champion's label-free estimate of its primary metric on the new batch, with its interval; absent or null: none. */
  championEstimate?: { key: string; value: number; interval: [number, number] | null; higherIsBetter: boolean } | null;
  /** Why championEstimate is null (a regression champion, no calibration, not estimated yet). */
  championUnestimated?: string;
  lastRunEndedAt: number | null;
  consecutiveFailures: number;
  /** Set when the circuit breaker tripped and nobody resumed since. */
  pausedReason: string | null;
}

export interface RuleCheck {
  rule: TriggerKind;
  enabled: boolean;
  fired: boolean;
  detail: string;
}

export interface PolicyDecision {
  fire: boolean;
  kind: TriggerKind | null;
  /** Why it fires (each rule that fired), or why nothing happens. */
  reason: string;
  /** Set when a rule fired but a guard held the run back. */
  suppressedBy: 'cooldown' | 'circuit breaker' | null;
  checks: RuleCheck[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;

const metricName = (key: string): string => (isMetricKey(key) ? METRIC_LABELS[key] : key);

/** The performance rule: on the realised metric, or on the estimate ("estimated F1 below 0.7"), said as such. */
function performanceCheck(p: TriggerPolicy, x: PolicyInputs): RuleCheck {
  const { floor } = p.performance;
  const worse = (m: { value: number; higherIsBetter: boolean }): boolean => (m.higherIsBetter ? m.value < floor : m.value > floor);
  const check = (fired: boolean, detail: string): RuleCheck => ({ rule: 'performance', enabled: p.performance.enabled, fired: p.performance.enabled && fired, detail });
  if (p.performance.source === 'estimated') {
    const e = x.championEstimate ?? null;
    if (!e) return check(false, x.championUnestimated ?? 'no estimate of the champion on a new batch');
    const band = e.interval ? `, interval ${e.interval[0].toPrecision(3)}–${e.interval[1].toPrecision(3)}` : '';
    const side = worse(e) ? (e.higherIsBetter ? 'below' : 'above') : e.higherIsBetter ? 'not below' : 'not above';
    return check(worse(e), `champion's estimated ${metricName(e.key)} on the new batch (no labels needed): ${e.value.toPrecision(3)}${band}, ${side} the floor ${floor}`);
  }
  const metric = x.championMetric;
  return check(
    metric ? worse(metric) : false,
    metric
      ? `champion's ${metricName(metric.key)} on the new batch: ${metric.value.toPrecision(3)} (floor ${floor}, ${metric.higherIsBetter ? 'higher' : 'lower'} is better)`
      : (x.championUnscored ?? 'no labeled new batch to score the champion on'),
  );
}

function ruleChecks(p: TriggerPolicy, x: PolicyInputs): RuleCheck[] {
  const days = x.lastTrainingAt === null ? null : (x.now - x.lastTrainingAt) / DAY;
  const important = x.importantDrift ?? null;
  return [
    {
      rule: 'drift',
      enabled: p.drift.enabled,
      fired: p.drift.enabled && x.drift?.drifted === true,
      detail: x.drift ? `dataset drift ${x.drift.drifted ? 'found' : 'not found'}: ${pct(x.drift.share)} of columns drifted (threshold ${pct(x.drift.threshold)})` : 'no drift report for a new batch',
    },
    {
      rule: 'importantDrift',
      enabled: p.importantDrift.enabled,
      fired: p.importantDrift.enabled && important?.share != null && important.share >= p.importantDrift.threshold,
      detail: important
        ? important.share === null
          ? important.note
          : `drift that matters: ${pct(important.share)} of the champion's importance is in drifted columns (threshold ${pct(p.importantDrift.threshold)})`
        : 'no drift report for a new batch',
    },
    performanceCheck(p, x),
    {
      rule: 'schedule',
      enabled: p.schedule.enabled,
      fired: p.schedule.enabled && days !== null && days >= p.schedule.days,
      detail: days === null ? 'never trained' : `${days.toFixed(1)} days since the last training (every ${p.schedule.days})`,
    },
    {
      rule: 'volume',
      enabled: p.volume.enabled,
      fired: p.volume.enabled && x.rowsSinceTraining >= p.volume.rows,
      detail: `${x.rowsSinceTraining.toLocaleString('en-US')} new rows not yet trained on (at least ${p.volume.rows.toLocaleString('en-US')})`,
    },
  ];
}

/**
 * The hybrid "any of" rule: the first model is trained as soon as there is labeled data; after that
 * any enabled rule that fires starts a run, unless the circuit breaker has paused automatic runs or
 * the cooldown since the last run has not passed. Every decision carries its reason.
 */
export function evaluatePolicy(p: TriggerPolicy, x: PolicyInputs): PolicyDecision {
  const checks = ruleChecks(p, x);
  if (!x.hasChampion) {
    // A paused pipeline starts no automatic run, the first training included (it may be what keeps failing).
    if (x.pausedReason) return { fire: false, kind: 'first', reason: `held back, automatic runs are paused (${x.pausedReason}); would have trained the first version`, suppressedBy: 'circuit breaker', checks };
    return { fire: true, kind: 'first', reason: 'no champion yet: this batch trains the first version', suppressedBy: null, checks };
  }
  const fired = checks.filter((c) => c.fired);
  if (fired.length === 0) {
    const on = checks.filter((c) => c.enabled);
    return { fire: false, kind: null, reason: on.length ? `no rule fired: ${on.map((c) => c.detail).join('; ')}` : 'every trigger rule is off', suppressedBy: null, checks };
  }
  const why = fired.map((c) => `${c.rule}: ${c.detail}`).join('; ');
  if (x.pausedReason) return { fire: false, kind: fired[0]!.rule, reason: `held back, automatic runs are paused (${x.pausedReason}); would have fired on ${why}`, suppressedBy: 'circuit breaker', checks };
  if (x.lastRunEndedAt !== null && p.cooldownHours > 0 && x.now - x.lastRunEndedAt < p.cooldownHours * HOUR) {
    const hours = (x.now - x.lastRunEndedAt) / HOUR;
    return { fire: false, kind: fired[0]!.rule, reason: `held back by the cooldown: the last run ended ${hours.toFixed(1)} h ago (cooldown ${p.cooldownHours} h); would have fired on ${why}`, suppressedBy: 'cooldown', checks };
  }
  return { fire: true, kind: fired[0]!.rule, reason: why, suppressedBy: null, checks };
}

/** The circuit breaker: after `circuitBreaker` consecutive failed runs, automatic runs pause until a person resumes them. */
export function breakerTrips(p: TriggerPolicy, consecutiveFailures: number): boolean {
  return consecutiveFailures >= p.circuitBreaker;
}
