import type { GateSettings } from './settings.ts';

export interface GateCheck {
  name: string;
  value: string;
  threshold: string;
  pass: boolean;
}

export interface GateDecision {
  decision: 'promote' | 'keep';
  /** Challenger minus champion on the primary metric, signed so that positive is better. */
  improvement: number | null;
  checks: GateCheck[];
  reason: string;
}

export interface GateInput {
  metric: { key: string; higherIsBetter: boolean };
  /** The champion on the same holdout rows (value null when it could not be scored there); null when there is no champion yet. */
  champion: { value: number | null } | null;
  challenger: number | null;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

/**
 * The plain rule: promote when the challenger's primary metric beats the champion's by at least the
 * minimum improvement (absolute, or relative to the champion); a tie keeps the champion. The first
 * model passes when its metric exists. Every check is listed with value, threshold and pass/fail.
 */
export function gateDecision(input: GateInput, settings: GateSettings): GateDecision {
  const { metric, champion, challenger } = input;
  if (challenger === null || !Number.isFinite(challenger)) {
    const checks = [{ name: `challenger ${metric.key}`, value: 'not computed', threshold: 'a number', pass: false }];
    return { decision: 'keep', improvement: null, checks, reason: `the challenger has no ${metric.key} on the holdout rows` };
  }
  if (champion !== null && (champion.value === null || !Number.isFinite(champion.value))) {
    const checks = [{ name: `champion ${metric.key} on the same rows`, value: 'not computed', threshold: 'a number', pass: false }];
    return { decision: 'keep', improvement: null, checks, reason: `the champion could not be scored on the challenger's holdout rows, so they cannot be compared: the champion stays` };
  }
  if (champion === null) {
    const checks = [{ name: `challenger ${metric.key}`, value: fmt(challenger), threshold: 'any (no champion yet)', pass: true }];
    return { decision: 'promote', improvement: null, checks, reason: `no champion yet: the first model is promoted (${metric.key} ${fmt(challenger)})` };
  }
  const championValue = champion.value!;
  const improvement = metric.higherIsBetter ? challenger - championValue : championValue - challenger;
  const needed = settings.relative ? settings.minImprovement * Math.abs(championValue) : settings.minImprovement;
  // A tie keeps the champion: the gain must be strictly positive, and at least the minimum.
  const pass = improvement > 0 && improvement >= needed;
  const checks: GateCheck[] = [
    {
      name: `improvement in ${metric.key} (${metric.higherIsBetter ? 'higher' : 'lower'} is better)`,
      value: `${fmt(challenger)} vs ${fmt(championValue)}: ${improvement >= 0 ? '+' : ''}${fmt(improvement)}`,
      threshold: `> 0 and ≥ ${settings.relative ? `${fmt(settings.minImprovement * 100)}% of the champion (${fmt(needed)})` : fmt(needed)}`,
      pass,
    },
  ];
  const reason = pass
    ? `the challenger improves ${metric.key} by ${fmt(improvement)} (needed ${fmt(needed)})`
    : improvement <= 0
      ? `the challenger does not beat the champion on ${metric.key} (${fmt(challenger)} vs ${fmt(championValue)}): the champion stays`
      : `the gain in ${metric.key}, ${fmt(improvement)}, is below the minimum ${fmt(needed)}`;
  return { decision: pass ? 'promote' : 'keep', improvement, checks, reason };
}
