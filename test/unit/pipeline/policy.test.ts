import { describe, expect, it } from 'vitest';
import { breakerTrips, defaultPolicy, evaluatePolicy, policyProblems, type PolicyInputs, type TriggerPolicy } from '../../../src/core/pipeline/policy.ts';
import { replayPolicy, type ReplayBatch } from '../../../src/core/pipeline/replay.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = 1_750_000_000_000;

/** Every rule off, no guard: each test turns on what it looks at. */
const off = (change: Partial<TriggerPolicy> = {}): TriggerPolicy => ({
  drift: { enabled: false },
  importantDrift: { enabled: false, threshold: 0.3 },
  performance: { enabled: false, floor: 0.7 },
  schedule: { enabled: false, days: 30 },
  volume: { enabled: false, rows: 10_000 },
  cooldownHours: 0,
  circuitBreaker: 3,
  ...change,
});

/** A workspace with a champion, trained a day ago, nothing new. */
const inputs = (change: Partial<PolicyInputs> = {}): PolicyInputs => ({
  now: NOW,
  hasChampion: true,
  lastTrainingAt: NOW - DAY,
  rowsSinceTraining: 0,
  drift: { drifted: false, share: 0.25, threshold: 0.5 },
  championMetric: null,
  lastRunEndedAt: NOW - DAY,
  consecutiveFailures: 0,
  pausedReason: null,
  ...change,
});

const drifted = { drifted: true, share: 0.75, threshold: 0.5 };

describe('evaluatePolicy: each rule', () => {
  it('drift fires on dataset drift, with the share and threshold in its reason', () => {
    const p = off({ drift: { enabled: true } });
    const yes = evaluatePolicy(p, inputs({ drift: drifted }));
    expect(yes).toMatchObject({ fire: true, kind: 'drift', suppressedBy: null, reason: 'drift: dataset drift found: 75% of columns drifted (threshold 50%)' });
    const no = evaluatePolicy(p, inputs());
    expect(no).toMatchObject({ fire: false, kind: null, suppressedBy: null, reason: 'no rule fired: dataset drift not found: 25% of columns drifted (threshold 50%)' });
    expect(evaluatePolicy(p, inputs({ drift: null })).reason).toBe('no rule fired: no drift report for a new batch');
    // Off, it does not fire on drift.
    expect(evaluatePolicy(off(), inputs({ drift: drifted })).fire).toBe(false);
  });

  it('performance fires when the champion falls below the floor (or above it, for an error)', () => {
    const p = off({ performance: { enabled: true, floor: 0.7 } });
    const low = evaluatePolicy(p, inputs({ championMetric: { key: 'accuracy', value: 0.65, higherIsBetter: true } }));
    expect(low).toMatchObject({ fire: true, kind: 'performance', reason: "performance: champion's Accuracy on the new batch: 0.650 (floor 0.7, higher is better)" });
    expect(evaluatePolicy(p, inputs({ championMetric: { key: 'accuracy', value: 0.7, higherIsBetter: true } })).fire).toBe(false);
    expect(evaluatePolicy(p, inputs({ championMetric: { key: 'accuracy', value: 0.9, higherIsBetter: true } })).fire).toBe(false);
    const rmse = off({ performance: { enabled: true, floor: 1.5 } });
    const high = evaluatePolicy(rmse, inputs({ championMetric: { key: 'rmse', value: 2, higherIsBetter: false } }));
    expect(high).toMatchObject({ fire: true, kind: 'performance', reason: "performance: champion's RMSE on the new batch: 2.00 (floor 1.5, lower is better)" });
    expect(evaluatePolicy(rmse, inputs({ championMetric: { key: 'rmse', value: 1.2, higherIsBetter: false } })).fire).toBe(false);
    expect(evaluatePolicy(p, inputs()).reason).toBe('no rule fired: no labeled new batch to score the champion on');
    // Why the champion was not scored, when the inputs say: never "no labeled batch" on a labeled one.
    const off_ = evaluatePolicy(off(), inputs({ championUnscored: 'the rule is off: the champion was not scored' }));
    expect(off_.checks.find((c) => c.rule === 'performance')).toMatchObject({ enabled: false, fired: false, detail: 'the rule is off: the champion was not scored' });
  });

  it('schedule fires once the days since the last training reach N', () => {
    const p = off({ schedule: { enabled: true, days: 30 } });
    const due = evaluatePolicy(p, inputs({ lastTrainingAt: NOW - 30 * DAY }));
    expect(due).toMatchObject({ fire: true, kind: 'schedule', reason: 'schedule: 30.0 days since the last training (every 30)' });
    const early = evaluatePolicy(p, inputs({ lastTrainingAt: NOW - 29.5 * DAY }));
    expect(early).toMatchObject({ fire: false, reason: 'no rule fired: 29.5 days since the last training (every 30)' });
  });

  it('volume fires once the new rows reach N', () => {
    const p = off({ volume: { enabled: true, rows: 10_000 } });
    expect(evaluatePolicy(p, inputs({ rowsSinceTraining: 12_000 }))).toMatchObject({ fire: true, kind: 'volume', reason: 'volume: 12,000 new rows not yet trained on (at least 10,000)' });
    expect(evaluatePolicy(p, inputs({ rowsSinceTraining: 10_000 })).fire).toBe(true);
    expect(evaluatePolicy(p, inputs({ rowsSinceTraining: 9_999 }))).toMatchObject({ fire: false, reason: 'no rule fired: 9,999 new rows not yet trained on (at least 10,000)' });
  });

  it('several rules firing: every one is in the reason, the kind is the first', () => {
    const p = off({ drift: { enabled: true }, volume: { enabled: true, rows: 100 }, schedule: { enabled: true, days: 30 } });
    const d = evaluatePolicy(p, inputs({ drift: drifted, rowsSinceTraining: 500 }));
    expect(d.kind).toBe('drift');
    expect(d.reason).toBe('drift: dataset drift found: 75% of columns drifted (threshold 50%); volume: 500 new rows not yet trained on (at least 100)');
    expect(d.checks.map((c) => [c.rule, c.enabled, c.fired])).toEqual([
      ['drift', true, true],
      ['importantDrift', false, false],
      ['performance', false, false],
      ['schedule', true, false],
      ['volume', true, true],
    ]);
    // Nothing fired: the reason lists only the rules that are on.
    expect(evaluatePolicy(p, inputs()).reason).toBe(
      'no rule fired: dataset drift not found: 25% of columns drifted (threshold 50%); 1.0 days since the last training (every 30); 0 new rows not yet trained on (at least 100)',
    );
  });

  it('nothing enabled: never fires, and says so', () => {
    const d = evaluatePolicy(off(), inputs({ drift: drifted, rowsSinceTraining: 1e9, lastTrainingAt: NOW - 1000 * DAY, championMetric: { key: 'accuracy', value: 0, higherIsBetter: true } }));
    expect(d).toMatchObject({ fire: false, kind: null, suppressedBy: null, reason: 'every trigger rule is off' });
    expect(d.checks.every((c) => !c.enabled && !c.fired)).toBe(true);
  });

  it('the default policy: drift only, no cooldown, a breaker at 3', () => {
    const p = defaultPolicy();
    expect(p.drift.enabled && !p.performance.enabled && !p.schedule.enabled && !p.volume.enabled).toBe(true);
    expect(policyProblems(p)).toEqual([]);
    expect(evaluatePolicy(p, inputs({ drift: drifted })).kind).toBe('drift');
  });
});

describe('evaluatePolicy: the first model and the guards', () => {
  it('no champion: the first version is trained, whatever the rules say', () => {
    for (const p of [off(), defaultPolicy()]) {
      const d = evaluatePolicy(p, inputs({ hasChampion: false, lastTrainingAt: null, drift: null }));
      expect(d).toMatchObject({ fire: true, kind: 'first', suppressedBy: null, reason: 'no champion yet: this batch trains the first version' });
    }
    expect(evaluatePolicy(off(), inputs({ hasChampion: false, lastTrainingAt: null })).checks.find((c) => c.rule === 'schedule')?.detail).toBe('never trained');
  });

  it('the cooldown holds a firing rule back until it has passed', () => {
    const p = off({ drift: { enabled: true }, cooldownHours: 6 });
    const held = evaluatePolicy(p, inputs({ drift: drifted, lastRunEndedAt: NOW - 2 * HOUR }));
    expect(held).toMatchObject({
      fire: false,
      kind: 'drift',
      suppressedBy: 'cooldown',
      reason: 'held back by the cooldown: the last run ended 2.0 h ago (cooldown 6 h); would have fired on drift: dataset drift found: 75% of columns drifted (threshold 50%)',
    });
    expect(evaluatePolicy(p, inputs({ drift: drifted, lastRunEndedAt: NOW - 6 * HOUR }))).toMatchObject({ fire: true, suppressedBy: null });
    expect(evaluatePolicy(p, inputs({ drift: drifted, lastRunEndedAt: null }))).toMatchObject({ fire: true, suppressedBy: null });
    // Nothing fired: the cooldown is not what holds it back.
    expect(evaluatePolicy(p, inputs({ lastRunEndedAt: NOW - HOUR })).suppressedBy).toBeNull();
    expect(evaluatePolicy(off({ drift: { enabled: true }, cooldownHours: 0 }), inputs({ drift: drifted, lastRunEndedAt: NOW })).fire).toBe(true);
  });

  it('the circuit breaker (paused) holds every automatic run back, before the cooldown', () => {
    const p = off({ drift: { enabled: true }, cooldownHours: 6 });
    const d = evaluatePolicy(p, inputs({ drift: drifted, pausedReason: '3 runs failed in a row', lastRunEndedAt: NOW - HOUR }));
    expect(d).toMatchObject({
      fire: false,
      kind: 'drift',
      suppressedBy: 'circuit breaker',
      reason: 'held back, automatic runs are paused (3 runs failed in a row); would have fired on drift: dataset drift found: 75% of columns drifted (threshold 50%)',
    });
  });

  it('the circuit breaker holds back the first model too: a paused pipeline starts no run', () => {
    // Three first trainings failed in a row (say, the target cannot be learnt): the scheduler paused
    // automatic runs with an event saying so; the next batch must not start a fourth.
    const d = evaluatePolicy(defaultPolicy(), inputs({ hasChampion: false, lastTrainingAt: null, pausedReason: '3 runs failed in a row', consecutiveFailures: 3 }));
    expect(d).toMatchObject({ fire: false, suppressedBy: 'circuit breaker' });
    expect(d.reason).toMatch(/^held back, automatic runs are paused \(3 runs failed in a row\)/);
  });

  it('breakerTrips at the K-th consecutive failure', () => {
    const p = off({ circuitBreaker: 3 });
    expect([0, 1, 2, 3, 4].map((n) => breakerTrips(p, n))).toEqual([false, false, false, true, true]);
    expect(breakerTrips(off({ circuitBreaker: 1 }), 1)).toBe(true);
  });
});

describe('policyProblems', () => {
  it('names each impossible setting', () => {
    expect(policyProblems(off())).toEqual([]);
    expect(policyProblems(off({ schedule: { enabled: true, days: -1 } }))).toEqual([{ field: 'schedule.days', message: 'schedule days must be a whole number from 1 to 3650' }]);
    expect(policyProblems(off({ schedule: { enabled: true, days: 1.5 } }))).toEqual([{ field: 'schedule.days', message: 'schedule days must be a whole number from 1 to 3650' }]);
    expect(policyProblems(off({ volume: { enabled: true, rows: 0 } }))).toEqual([{ field: 'volume.rows', message: 'the data volume must be a whole number of rows, 1 or more' }]);
    expect(policyProblems(off({ cooldownHours: -1 }))).toEqual([{ field: 'cooldownHours', message: 'the cooldown must be between 0 and 8760 hours' }]);
    expect(policyProblems(off({ cooldownHours: 8761 }))).toEqual([{ field: 'cooldownHours', message: 'the cooldown must be between 0 and 8760 hours' }]);
    expect(policyProblems(off({ cooldownHours: Number.NaN }))).toEqual([{ field: 'cooldownHours', message: 'the cooldown must be between 0 and 8760 hours' }]);
    expect(policyProblems(off({ cooldownHours: 8760 }))).toEqual([]);
    expect(policyProblems(off({ circuitBreaker: 0 }))).toEqual([{ field: 'circuitBreaker', message: 'the circuit breaker must be a whole number of failures from 1 to 100' }]);
    expect(policyProblems(off({ performance: { enabled: true, floor: Number.NaN } }))).toEqual([{ field: 'performance.floor', message: 'the performance floor must be a number' }]);
  });

  it('checks the numbers of rules that are off too, and lists every problem', () => {
    const all = policyProblems(off({ schedule: { enabled: false, days: 0 }, volume: { enabled: false, rows: -5 }, cooldownHours: -2, circuitBreaker: 0 }));
    expect(all).toHaveLength(4);
  });
});

describe('replayPolicy', () => {
  const batch = (n: number, change: Partial<ReplayBatch> = {}): ReplayBatch => ({
    id: `b${n}`,
    name: `b${n}.csv`,
    arrivedAt: NOW + n * DAY,
    rows: 200,
    labeled: true,
    drift: { drifted: false, share: 0, threshold: 0.5 },
    championMetric: null,
    ...change,
  });

  it('retrains on the first batch, on drift, and when the volume is reached; each retraining resets the count', () => {
    const policy = off({ drift: { enabled: true }, volume: { enabled: true, rows: 500 } });
    const batches = [batch(1), batch(2), batch(3, { drift: drifted }), batch(4), batch(5), batch(6), batch(7)];
    // Given out of order: the replay goes by arrival.
    const steps = replayPolicy(policy, [...batches].reverse());
    expect(steps.map((s) => s.batch.id)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
    expect(steps.map((s) => [s.decision.kind, s.retrained])).toEqual([
      ['first', true],
      [null, false],
      ['drift', true],
      [null, false],
      [null, false],
      ['volume', true],
      [null, false],
    ]);
    // b2 counts its own rows since b1; b4 starts again after b3; b6 reaches 3 × 200 ≥ 500.
    expect(steps[1]!.decision.checks.find((c) => c.rule === 'volume')!.detail).toBe('200 new rows not yet trained on (at least 500)');
    expect(steps[4]!.decision.checks.find((c) => c.rule === 'volume')!.detail).toBe('400 new rows not yet trained on (at least 500)');
    expect(steps[5]!.decision.reason).toBe('volume: 600 new rows not yet trained on (at least 500)');
    expect(steps[6]!.decision.checks.find((c) => c.rule === 'volume')!.detail).toBe('200 new rows not yet trained on (at least 500)');
  });

  it('never counts an unlabeled batch as a retraining: rows keep adding up, and the first model waits for labels', () => {
    const policy = off({ drift: { enabled: true }, volume: { enabled: true, rows: 500 } });
    const steps = replayPolicy(policy, [batch(1, { labeled: false }), batch(2), batch(3, { labeled: false, drift: drifted }), batch(4, { labeled: false }), batch(5, { labeled: false })]);
    expect(steps.map((s) => [s.decision.kind, s.decision.fire, s.retrained])).toEqual([
      ['first', true, false],
      ['first', true, true],
      ['drift', true, false],
      [null, false, false],
      ['volume', true, false],
    ]);
    expect(steps.every((s) => !s.retrained || s.batch.labeled)).toBe(true);
    expect(steps[4]!.decision.reason).toBe('volume: 600 new rows not yet trained on (at least 500)');
    // The performance rule says why it saw no score: a labeled batch is never called unlabeled.
    const performance = (i: number): string => steps[i]!.decision.checks.find((c) => c.rule === 'performance')!.detail;
    expect(performance(1)).toBe('not scored: a replay trains no model, so there is no champion to score');
    expect(performance(3)).toBe('the batch is not labeled');
  });

  it('starts the cooldown at a retraining, and the schedule counts days from it', () => {
    const policy = off({ drift: { enabled: true }, schedule: { enabled: true, days: 3 }, cooldownHours: 36 });
    const steps = replayPolicy(policy, [batch(1), batch(2, { drift: drifted }), batch(3, { drift: drifted }), batch(5)]);
    expect(steps.map((s) => [s.decision.kind, s.decision.suppressedBy, s.retrained])).toEqual([
      ['first', null, true],
      ['drift', 'cooldown', false],
      ['drift', null, true],
      [null, null, false],
    ]);
    expect(steps[3]!.decision.checks.find((c) => c.rule === 'schedule')!.detail).toBe('2.0 days since the last training (every 3)');
  });

  it('an empty history replays to nothing', () => {
    expect(replayPolicy(defaultPolicy(), [])).toEqual([]);
  });
});

describe('the performance rule on the estimate', () => {
  const estimate = (value: number) => ({ key: 'f1', value, interval: [value - 0.05, value + 0.05] as [number, number], higherIsBetter: true });
  const onEstimate = off({ performance: { enabled: true, floor: 0.7, source: 'estimated' } });

  it('fires when the champion’s estimated metric is below the floor, saying it is the estimate, with its interval', () => {
    const fired = evaluatePolicy(onEstimate, inputs({ championEstimate: estimate(0.62) }));
    expect(fired).toMatchObject({ fire: true, kind: 'performance' });
    expect(fired.reason).toBe("performance: champion's estimated F1 on the new batch (no labels needed): 0.620, interval 0.570–0.670, below the floor 0.7");
    const held = evaluatePolicy(onEstimate, inputs({ championEstimate: estimate(0.81) }));
    expect(held.fire).toBe(false);
    expect(held.reason).toContain("champion's estimated F1 on the new batch (no labels needed): 0.810, interval 0.760–0.860, not below the floor 0.7");
  });

  it('ignores the realised metric when it judges the estimate, and the estimate when it judges the realised metric', () => {
    const realisedLow = { key: 'f1', value: 0.5, higherIsBetter: true };
    expect(evaluatePolicy(onEstimate, inputs({ championMetric: realisedLow, championEstimate: estimate(0.9) })).fire).toBe(false);
    const onRealised = off({ performance: { enabled: true, floor: 0.7, source: 'realised' } });
    expect(evaluatePolicy(onRealised, inputs({ championMetric: null, championEstimate: estimate(0.5) })).fire).toBe(false);
  });

  it('reads a policy stored before estimates existed (no source) as judging the realised metric', () => {
    const old = off({ performance: { enabled: true, floor: 0.7 } });
    expect(evaluatePolicy(old, inputs({ championEstimate: estimate(0.5) })).fire).toBe(false);
    expect(evaluatePolicy(old, inputs({ championMetric: { key: 'f1', value: 0.5, higherIsBetter: true } })).reason).toBe("performance: champion's F1 on the new batch: 0.500 (floor 0.7, higher is better)");
  });

  it('says why there is no estimate, and refuses an unknown source', () => {
    const none = evaluatePolicy(onEstimate, inputs({ championEstimate: null, championUnestimated: 'version 2 cannot estimate without labels: a regression' }));
    expect(none.fire).toBe(false);
    expect(none.checks.find((c) => c.rule === 'performance')!.detail).toBe('version 2 cannot estimate without labels: a regression');
    const bad = off({ performance: { enabled: true, floor: 0.7, source: 'guessed' as 'estimated' } });
    expect(policyProblems(bad)).toEqual([{ field: 'performance.source', message: 'the performance rule judges the realised metric or its estimate' }]);
  });

  it('replays from the stored estimates: a batch whose estimate is below the floor retrains', () => {
    const batch = (id: string, at: number, e: number | null): ReplayBatch => ({
      id,
      name: `${id}.csv`,
      arrivedAt: at,
      rows: 100,
      labeled: true,
      drift: null,
      championMetric: null,
      ...(e === null ? { championUnestimated: 'the reference is not estimated' } : { championEstimate: estimate(e) }),
    });
    const steps = replayPolicy(onEstimate, [batch('a', 1, null), batch('b', 2, 0.9), batch('c', 3, 0.6)]);
    expect(steps.map((s) => s.retrained)).toEqual([true, false, true]);
    expect(steps[2]!.decision.reason).toContain("champion's estimated F1 on the new batch (no labels needed): 0.600");
  });
});
