import { describe, expect, it } from 'vitest';
import { differenceText, judgeDifference, judgeMetric, METRIC_DIRECTION, METRIC_LABELS, metricLabel, signedText, type MetricKey } from '../../../src/core/metrics/index.ts';

const fixed = (digits: number) => (v: number): string => v.toFixed(digits);

describe('one sign convention: the raw difference, marked better or worse', () => {
  it('keeps the raw sign and judges it by the direction', () => {
    // Log loss fell by 0.006: a minus sign, and better.
    expect(differenceText(judgeMetric('logLoss', 0.5, 0.494), fixed(3))).toBe('−0.006 (better)');
    expect(differenceText(judgeMetric('accuracy', 0.8, 0.75), fixed(2))).toBe('−0.05 (worse)');
    expect(differenceText(judgeMetric('f1Macro', 0.6, 0.65), fixed(2))).toBe('+0.05 (better)');
    expect(differenceText(judgeMetric('rmse', 2, 2.5), fixed(1))).toBe('+0.5 (worse)');
    // A larger model is worse: size has lower-is-better, given by hand.
    expect(differenceText(judgeDifference(100_000, 121_500, false), (b) => `${(b / 1000).toFixed(1)} kB`)).toBe('+21.5 kB (worse)');
  });

  it('calls a difference within rounding the same, and has none without two finite numbers', () => {
    expect(judgeDifference(0.1 + 0.2, 0.3, true)).toEqual({ difference: 0.3 - (0.1 + 0.2), verdict: 'same' });
    expect(differenceText(judgeDifference(1, 1, true), fixed(2))).toBe('±0.00 (same)');
    for (const [a, b] of [[null, 1], [1, undefined], [Number.NaN, 1], [1, Infinity]] as const) expect(judgeDifference(a, b, true)).toBeNull();
    expect(differenceText(null, fixed(2))).toBe('—');
  });

  it('writes a true minus sign and the magnitude as the caller formats it', () => {
    expect(signedText(-1.5, fixed(1))).toBe('−1.5');
    expect(signedText(2, fixed(0))).toBe('+2');
    expect(signedText(0, fixed(0))).toBe('±0');
  });
});

describe('metric labels', () => {
  it('labels every metric, and names the positive class of precision, recall and F1 only', () => {
    expect(Object.keys(METRIC_LABELS).sort()).toEqual(Object.keys(METRIC_DIRECTION).sort());
    for (const label of Object.values(METRIC_LABELS)) expect(label).not.toMatch(/[a-z][A-Z]/);
    expect(metricLabel('f1Macro')).toBe('F1 (macro)');
    expect(metricLabel('precision', 'yes')).toBe('Precision (yes)');
    expect(metricLabel('recall', 'yes')).toBe('Recall (yes)');
    expect(metricLabel('f1', null)).toBe('F1');
    expect((['accuracy', 'rocAuc', 'precisionMacro'] as MetricKey[]).map((k) => metricLabel(k, 'yes'))).toEqual(['Accuracy', 'ROC AUC', 'Precision (macro)']);
  });
});
