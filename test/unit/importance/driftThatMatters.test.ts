import { describe, expect, it } from 'vitest';
import { driftedColumns, importantDrift, NO_CHAMPION, NO_IMPORTANCE } from '../../../src/core/importance/driftThatMatters.ts';
import type { PermutationImportance } from '../../../src/core/importance/permutation.ts';
import { defaultPolicy, evaluatePolicy, policyProblems, type PolicyInputs } from '../../../src/core/pipeline/policy.ts';
import { replayPolicy, type ReplayBatch } from '../../../src/core/pipeline/replay.ts';

const importance = (means: Record<string, number>): PermutationImportance => ({
  formatVersion: 1,
  scoring: 'accuracy',
  repeats: 5,
  seed: 42,
  rows: 100,
  baseline: 0.9,
  columns: Object.entries(means).map(([column, mean]) => ({ column, mean, std: 0.01 })),
});

const champion = { version: 3, importance: importance({ income: 0.3, age: 0.1, city: 0.0, noise: -0.02 }) };

describe('drift that matters', () => {
  it('is the share of positive importance in drifted columns; negative importance counts as 0', () => {
    const result = importantDrift(champion, new Set(['income', 'noise']));
    expect(result.share).toBeCloseTo(0.3 / 0.4, 15);
    expect(result.columns).toEqual([{ column: 'income', importance: 0.3 }]);
    expect(result.note).toBe("75% of version 3's importance is in drifted columns: income");
    expect(importantDrift(champion, new Set(['noise', 'city'])).share).toBe(0);
    expect(importantDrift(champion, new Set(['age', 'income', 'city'])).share).toBe(1);
    // A drifted column the champion does not use adds nothing.
    expect(importantDrift(champion, new Set(['age', 'unused'])).share).toBeCloseTo(0.25, 15);
  });

  it('says why when it cannot be computed', () => {
    expect(importantDrift(null, new Set(['income']))).toEqual({ share: null, columns: [], note: NO_CHAMPION });
    expect(importantDrift({ version: 1, importance: undefined }, new Set(['income']))).toEqual({ share: null, columns: [], note: 'no importance: champion trained before it was computed' });
    expect(NO_IMPORTANCE).toBe('no importance: champion trained before it was computed');
    expect(importantDrift({ version: 2, importance: null }, new Set()).note).toMatch(/^no importance: version 2 has none/);
    const flat = importantDrift({ version: 4, importance: importance({ a: 0, b: -0.1 }) }, new Set(['a']));
    expect(flat).toMatchObject({ share: null, note: "version 4's importance is 0 or below for every column: nothing to weigh drift by" });
  });

  it('reads drifted columns from a report: drift true only', () => {
    expect(driftedColumns([{ name: 'a', drift: true }, { name: 'b', drift: false }, { name: 'c', drift: null }])).toEqual(new Set(['a']));
  });
});

const NOW = 1_750_000_000_000;
const inputs = (change: Partial<PolicyInputs>): PolicyInputs => ({
  now: NOW,
  hasChampion: true,
  lastTrainingAt: NOW - 86_400_000,
  rowsSinceTraining: 0,
  drift: { drifted: false, share: 0.25, threshold: 0.5 },
  championMetric: null,
  lastRunEndedAt: null,
  consecutiveFailures: 0,
  pausedReason: null,
  ...change,
});

describe('the drift-that-matters trigger rule', () => {
  const policy = { ...defaultPolicy(), drift: { enabled: false }, importantDrift: { enabled: true, threshold: 0.3 } };

  it('is off by default, so stored policies without it keep their behaviour', () => {
    expect(defaultPolicy().importantDrift).toEqual({ enabled: false, threshold: 0.3 });
  });

  it('fires at or above its threshold, with the share in its reason, though the dataset share did not drift', () => {
    const d = evaluatePolicy(policy, inputs({ importantDrift: { share: 0.75, note: '' } }));
    expect(d).toMatchObject({ fire: true, kind: 'importantDrift', reason: "importantDrift: drift that matters: 75% of the champion's importance is in drifted columns (threshold 30%)" });
    expect(evaluatePolicy(policy, inputs({ importantDrift: { share: 0.3, note: '' } })).fire).toBe(true);
    const below = evaluatePolicy(policy, inputs({ importantDrift: { share: 0.29, note: '' } }));
    expect(below).toMatchObject({ fire: false, reason: "no rule fired: drift that matters: 29% of the champion's importance is in drifted columns (threshold 30%)" });
  });

  it('does not fire without importance, and says why', () => {
    const d = evaluatePolicy(policy, inputs({ importantDrift: { share: null, note: NO_IMPORTANCE } }));
    expect(d).toMatchObject({ fire: false, reason: `no rule fired: ${NO_IMPORTANCE}` });
    expect(evaluatePolicy(policy, inputs({})).reason).toBe('no rule fired: no drift report for a new batch');
  });

  it('refuses a threshold outside (0, 1]', () => {
    for (const threshold of [0, -0.1, 1.5, NaN]) {
      expect(policyProblems({ ...policy, importantDrift: { enabled: true, threshold } })).toEqual([
        { field: 'importantDrift.threshold', message: 'the drift-that-matters threshold must be a share above 0 and at most 1' },
      ]);
    }
    expect(policyProblems({ ...policy, importantDrift: { enabled: true, threshold: 1 } })).toEqual([]);
  });

  it('replays: a batch whose drifted columns carry the importance retrains, a batch drifting elsewhere does not', () => {
    const batch = (n: number, share: number | null): ReplayBatch => ({
      id: `b${n}`,
      name: `b${n}.csv`,
      arrivedAt: NOW + n * 3_600_000,
      rows: 100,
      labeled: true,
      drift: { drifted: true, share: 0.5, threshold: 0.5 },
      importantDrift: share === null ? null : { share, note: '' },
      championMetric: null,
    });
    const steps = replayPolicy(policy, [batch(0, null), batch(1, 0.05), batch(2, 0.8)]);
    expect(steps.map((s) => [s.decision.kind, s.retrained])).toEqual([
      ['first', true],
      [null, false],
      ['importantDrift', true],
    ]);
  });
});
