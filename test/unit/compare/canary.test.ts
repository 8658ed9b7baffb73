import { describe, expect, it } from 'vitest';
import { canaryTest, isCanaryRow } from '../../../src/core/compare/canary.ts';

describe('canary', () => {
  it('sends about the chosen share of keys to the challenger, always the same ones', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `customer-${i}`);
    const share = keys.filter((k) => isCanaryRow(k, 0.1)).length / keys.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(keys.map((k) => isCanaryRow(k, 0.1))).toEqual(keys.map((k) => isCanaryRow(k, 0.1)));
    expect(isCanaryRow(null, 1)).toBe(false);
    expect(keys.every((k) => !isCanaryRow(k, 0))).toBe(true);
  });

  it('tests correct / incorrect by variant as scipy.stats.chi2_contingency (Yates)', () => {
    // scipy.stats.chi2_contingency([[80, 20], [60, 40]]) → (8.595238095238095, 0.0033704314473977145)
    const result = canaryTest({ rows: 100, labelled: 100, correct: 80 }, { rows: 100, labelled: 100, correct: 60 });
    expect(result.test!.statistic).toBeCloseTo(8.595238095238095, 12);
    expect(Math.abs(result.test!.pValue - 0.0033704314473977145)).toBeLessThan(1e-9 * 0.0033704314473977145);
  });

  it('has no test without labels on both sides', () => {
    expect(canaryTest({ rows: 10, labelled: 0, correct: 0 }, { rows: 5, labelled: 5, correct: 4 }).test).toBeNull();
  });
});
