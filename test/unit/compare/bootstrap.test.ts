import { describe, expect, it } from 'vitest';
import { bootstrapDifference } from '../../../src/core/compare/bootstrap.ts';
import { Random } from '../../../src/core/training/random.ts';

/** Accuracy of per-row correctness flags on resampled rows. */
const accuracyOf = (right: { champion: Uint8Array; challenger: Uint8Array }) => (rows: Uint32Array, which: 'champion' | 'challenger'): number => {
  const flags = right[which];
  let sum = 0;
  for (const r of rows) sum += flags[r]!;
  return sum / rows.length;
};

function models(n: number, pChampion: number, pChallenger: number, seed: number): { champion: Uint8Array; challenger: Uint8Array } {
  const random = new Random(seed);
  return {
    champion: Uint8Array.from({ length: n }, () => (random.float() < pChampion ? 1 : 0)),
    challenger: Uint8Array.from({ length: n }, () => (random.float() < pChallenger ? 1 : 0)),
  };
}

describe('bootstrapDifference', () => {
  it('gives the same interval for the same seed, another for another seed', () => {
    const right = models(300, 0.7, 0.75, 1);
    const a = bootstrapDifference(300, accuracyOf(right), { seed: 7, resamples: 500 });
    expect(bootstrapDifference(300, accuracyOf(right), { seed: 7, resamples: 500 })).toEqual(a);
    expect(bootstrapDifference(300, accuracyOf(right), { seed: 8, resamples: 500 })).not.toEqual(a);
    expect(a.low).toBeLessThan(a.high);
  });

  it('covers the true difference about 95% of the time', () => {
    // Both models right with probability 0.8, independently: the true difference is 0.
    let covered = 0;
    const trials = 120;
    for (let t = 0; t < trials; t++) {
      const right = models(200, 0.8, 0.8, 100 + t);
      const { low, high } = bootstrapDifference(200, accuracyOf(right), { seed: t, resamples: 400 });
      if (low <= 0 && 0 <= high) covered++;
    }
    // Binomial(120, 0.95) lies in [105, 120] with probability > 0.999.
    expect(covered).toBeGreaterThanOrEqual(105);
  });

  it('places a clearly better challenger above 0', () => {
    const right = models(1000, 0.6, 0.8, 3);
    expect(bootstrapDifference(1000, accuracyOf(right), { seed: 1, resamples: 300 }).low).toBeGreaterThan(0);
  });

  it('leaves out resamples where the metric is undefined, and says how many', () => {
    let call = 0;
    const result = bootstrapDifference(10, () => (call++ % 4 === 0 ? null : 0.5), { seed: 1, resamples: 20 });
    expect(result.skipped).toBeGreaterThan(0);
    expect(result).toMatchObject({ low: 0, high: 0, resamples: 20 });
  });
});
