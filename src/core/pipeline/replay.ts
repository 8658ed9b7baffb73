import { evaluatePolicy, type PolicyDecision, type PolicyInputs, type TriggerPolicy } from './policy.ts';

/** A stored batch as the replay sees it. */
export interface ReplayBatch {
  id: string;
  name: string;
  arrivedAt: number;
  rows: number;
  /** Whether the batch has the target column (`hasTargetColumn`), so the scheduler would start a run on it. */
  labeled: boolean;
  drift: PolicyInputs['drift'];
  /** The batch's drift that matters (absent: not known, as for no drift report). */
  importantDrift?: PolicyInputs['importantDrift'];
  /** The champion of the time scored on this batch, where that was recorded; else null. */
  championMetric: PolicyInputs['championMetric'];
  /** The champion's stored label-free estimate on this batch, or why there is none (absent: none). */
  championEstimate?: PolicyInputs['championEstimate'];
  championUnestimated?: string;
}

export interface ReplayStep {
  batch: ReplayBatch;
  decision: PolicyDecision;
  /** The policy fired on a labeled batch: the replay counts a retraining here. */
  retrained: boolean;
}

/**
 * Runs the stored batches in arrival order through a policy, as if each had just arrived: when it
 * would have retrained and why. A retraining resets the rows and days counted since the last one and
 * starts the cooldown at that batch's arrival. Runs never fail in a replay, so the circuit breaker
 * never trips here.
 */
export function replayPolicy(policy: TriggerPolicy, batches: ReplayBatch[]): ReplayStep[] {
  const ordered = [...batches].sort((a, b) => a.arrivedAt - b.arrivedAt);
  let hasChampion = false;
  let lastTrainingAt: number | null = null;
  let lastRunEndedAt: number | null = null;
  let rowsSinceTraining = 0;
  return ordered.map((batch) => {
    rowsSinceTraining += batch.rows;
    const decision = evaluatePolicy(policy, {
      now: batch.arrivedAt,
      hasChampion,
      lastTrainingAt,
      rowsSinceTraining,
      drift: batch.drift,
      importantDrift: batch.importantDrift ?? null,
      championMetric: batch.championMetric,
      ...(batch.championMetric ? {} : { championUnscored: batch.labeled ? 'not scored: a replay trains no model, so there is no champion to score' : 'the batch is not labeled' }),
      championEstimate: batch.championEstimate ?? null,
      ...(batch.championUnestimated ? { championUnestimated: batch.championUnestimated } : {}),
      lastRunEndedAt,
      consecutiveFailures: 0,
      pausedReason: null,
    });
    const retrained = decision.fire && batch.labeled;
    if (retrained) {
      hasChampion = true;
      lastTrainingAt = batch.arrivedAt;
      lastRunEndedAt = batch.arrivedAt;
      rowsSinceTraining = 0;
    }
    return { batch, decision, retrained };
  });
}
