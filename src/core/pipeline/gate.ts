import { judgeMetric, signedText, differenceText } from '../metrics/difference.ts';
import { higherIsBetter, improvement as gainOn, METRIC_LABELS, type MetricKey } from '../metrics/metricKey.ts';
import { minImprovementFor, type GateSettings } from './settings.ts';

export interface GateCheck {
  name: string;
  value: string;
  threshold: string;
  /** Whether the value meets the threshold. */
  pass: boolean;
  /**
   * Whether the decision depends on it; false for a check shown for information only (a significance
   * test the settings do not gate on). Task outputs stored before it existed lack it: read absent as true.
   */
  gating: boolean;
}

export interface GateDecision {
  decision: 'promote' | 'keep';
  /** Challenger minus champion on the primary metric, signed so that positive is better. */
  improvement: number | null;
  checks: GateCheck[];
  reason: string;
}

export interface GateInput {
  /** The metric judged by; whether higher is better follows from the key. */
  metric: { key: MetricKey };
  /** The champion on the same holdout rows (value null when it could not be scored there); null when there is no champion yet. */
  champion: { value: number | null } | null;
  challenger: number | null;
  /** Exact McNemar on the same rows (classification). */
  mcnemar?: { b: number; c: number; pValue: number } | null;
  /** Paired bootstrap interval of challenger − champion on the primary metric. */
  bootstrap?: { low: number; high: number; level: number } | null;
  latencyMs?: number | null;
  sizeBytes?: number | null;
}

const ROUNDING = 1e-12;

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

/**
 * The plain rule: promote when the challenger's primary metric beats the champion's by at least the
 * minimum improvement (absolute, or relative to the champion; the metric's default unless the settings
 * set one, see minImprovementFor); a tie keeps the champion. The first
 * model passes when its metric exists. Every check is listed with value, threshold and pass/fail.
 */
export function gateDecision(input: GateInput, settings: GateSettings): GateDecision {
  const { metric, champion, challenger } = input;
  const label = METRIC_LABELS[metric.key];
  if (challenger === null || !Number.isFinite(challenger)) {
    const checks = [{ name: `challenger ${label}`, value: 'not computed', threshold: 'a number', pass: false, gating: true }];
    return { decision: 'keep', improvement: null, checks, reason: `the challenger has no ${label} on the holdout rows` };
  }
  if (champion !== null && (champion.value === null || !Number.isFinite(champion.value))) {
    const checks = [{ name: `champion ${label} on the same rows`, value: 'not computed', threshold: 'a number', pass: false, gating: true }];
    return { decision: 'keep', improvement: null, checks, reason: `the champion could not be scored on the challenger's holdout rows, so they cannot be compared: the champion stays` };
  }
  if (champion === null) {
    const checks = [{ name: `challenger ${label}`, value: fmt(challenger), threshold: 'any (no champion yet)', pass: true, gating: true }];
    return { decision: 'promote', improvement: null, checks, reason: `no champion yet: the first model is promoted (${label} ${fmt(challenger)})` };
  }
  const championValue = champion.value!;
  const higher = higherIsBetter(metric.key);
  // Both values are finite here, so the gain is a number.
  const improvement = gainOn(metric.key, championValue, challenger)!;
  const { minImprovement, relative } = minImprovementFor(settings, metric.key);
  const needed = relative ? minImprovement * Math.abs(championValue) : minImprovement;
  // A tie keeps the champion: the gain must be strictly positive, and at least the minimum. "At least"
  // allows the subtraction's rounding (0.11 − 0.10 is 0.00999…95 in binary).
  const pass = improvement > 0 && improvement >= needed - ROUNDING;
  // The raw difference, challenger − champion, as everywhere else; the threshold says which way is better.
  const limit = needed > 0 ? `${higher ? '≥' : '≤'} ${signedText(higher ? needed : -needed, fmt)}` : `${higher ? '>' : '<'} 0`;
  const checks: GateCheck[] = [
    {
      name: `${label}: challenger − champion (${higher ? 'higher' : 'lower'} is better)`,
      value: `${fmt(challenger)} vs ${fmt(championValue)}: ${differenceText(judgeMetric(metric.key, championValue, challenger), fmt)}`,
      threshold: relative ? `${limit} (${fmt(minImprovement * 100)}% of the champion)` : limit,
      pass,
      gating: true,
    },
  ];
  const reason = pass
    ? `the challenger improves ${label} by ${fmt(improvement)} (needed ${fmt(needed)})`
    : improvement <= 0
      ? `the challenger does not beat the champion on ${label} (${fmt(challenger)} vs ${fmt(championValue)}): the champion stays`
      : `the gain in ${label}, ${fmt(improvement)}, is below the minimum ${fmt(needed)}`;
  return { decision: pass ? 'promote' : 'keep', improvement, checks, reason };
}

/** Service-level checks that hold for every model, the first included. */
function slaChecks(input: GateInput, settings: GateSettings): GateCheck[] {
  const checks: GateCheck[] = [];
  const { metric, challenger } = input;
  if (settings.floor !== undefined && settings.floor !== null) {
    const higher = higherIsBetter(metric.key);
    const ok = challenger !== null && (higher ? challenger >= settings.floor : challenger <= settings.floor);
    checks.push({ name: `${METRIC_LABELS[metric.key]} floor`, value: challenger === null ? 'not computed' : fmt(challenger), threshold: `${higher ? '≥' : '≤'} ${fmt(settings.floor)}`, pass: ok, gating: true });
  }
  if (settings.latencyBudgetMs != null) {
    const v = input.latencyMs ?? null;
    checks.push({ name: 'latency per 1,000 rows', value: v === null ? 'not measured' : `${v.toFixed(1)} ms`, threshold: `≤ ${settings.latencyBudgetMs} ms`, pass: v !== null && v <= settings.latencyBudgetMs, gating: true });
  }
  if (settings.sizeBudgetBytes != null) {
    const v = input.sizeBytes ?? null;
    checks.push({ name: 'model size', value: v === null ? 'unknown' : `${v.toLocaleString('en-US')} bytes`, threshold: `≤ ${settings.sizeBudgetBytes.toLocaleString('en-US')} bytes`, pass: v !== null && v <= settings.sizeBudgetBytes, gating: true });
  }
  return checks;
}

/** McNemar and the bootstrap interval, each listed; the one the settings name gates. */
function significanceChecks(input: GateInput, settings: GateSettings): GateCheck[] {
  const mode = settings.significance ?? 'none';
  const alpha = settings.alpha ?? 0.05;
  const checks: GateCheck[] = [];
  if (input.mcnemar) {
    const { b, c, pValue } = input.mcnemar;
    const better = c > b && pValue < alpha;
    checks.push({
      name: `McNemar (champion right only: ${b}, challenger right only: ${c})`,
      value: `p = ${pValue < 1e-4 ? pValue.toExponential(2) : pValue.toFixed(4)}`,
      threshold: `p < ${alpha} with the challenger ahead`,
      pass: better,
      gating: mode === 'mcnemar',
    });
  } else if (mode === 'mcnemar') {
    checks.push({ name: 'McNemar', value: 'not applicable (regression, or no champion rows)', threshold: `p < ${alpha}`, pass: false, gating: true });
  }
  if (input.bootstrap) {
    const higher = higherIsBetter(input.metric.key);
    const { low, high, level } = input.bootstrap;
    checks.push({
      name: `bootstrap ${Math.round(level * 100)}% interval of ${METRIC_LABELS[input.metric.key]}: challenger − champion`,
      value: `[${signedText(low, fmt)}, ${signedText(high, fmt)}]`,
      threshold: `${higher ? 'entirely above 0' : 'entirely below 0'} (the challenger better)`,
      // The whole interval on the better side: the challenger's gain is above 0 at the interval's level.
      pass: higher ? low > 0 : high < 0,
      gating: mode === 'bootstrap',
    });
  } else if (mode === 'bootstrap') {
    checks.push({ name: 'bootstrap interval: challenger − champion', value: 'not computed', threshold: 'entirely on the better side of 0', pass: false, gating: true });
  }
  return checks;
}

/**
 * The whole gate: the improvement rule, then significance (against a champion) and the SLA checks
 * (for every model). Promote only when every check passes; the reason names the first that failed.
 */
export function fullGateDecision(input: GateInput, settings: GateSettings): GateDecision {
  const plain = gateDecision(input, settings);
  const extra = [...(input.champion ? significanceChecks(input, settings) : []), ...slaChecks(input, settings)];
  const checks = [...plain.checks, ...extra];
  const failed = extra.find((c) => !c.pass && c.gating);
  if (plain.decision === 'keep' || !failed) return { ...plain, checks };
  return { decision: 'keep', improvement: plain.improvement, checks, reason: `${failed.name}: ${failed.value} (needs ${failed.threshold}): the champion stays` };
}

/**
 * A promotion a person made past a gate that kept the champion (by hand in the registry, or by approval):
 * the gating checks that failed, as its event's details carry them. Absent on every other promotion.
 */
export interface ForcedPromotion {
  forced: true;
  failedChecks: Pick<GateCheck, 'name' | 'value' | 'threshold'>[];
}

/**
 * What promoting past this decision overrides: the checks it failed that gated it (a stored check
 * without `gating` gated). Null when the gate promoted.
 */
export function forcedPast(decision: Pick<GateDecision, 'decision' | 'checks'>): ForcedPromotion | null {
  const failed = decision.decision === 'keep' ? decision.checks.filter((c) => !c.pass && c.gating !== false) : [];
  return failed.length > 0 ? { forced: true, failedChecks: failed.map(({ name, value, threshold }) => ({ name, value, threshold })) } : null;
}

/** One failed check in words, for a forced promotion's summary and History: "name value, needs threshold". */
export const failedCheckText = (c: Pick<GateCheck, 'name' | 'value' | 'threshold'>): string => `${c.name} ${c.value}, needs ${c.threshold}`;
