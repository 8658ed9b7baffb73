import { describe, expect, it } from 'vitest';
import { higherIsBetter, improvement, isMetricKey, METRIC_DIRECTION, metricValue, type MetricKey } from '../../../src/core/metrics/index.ts';
import { TASK_METRICS } from '../../../src/core/training/modelCard.ts';

describe('metric keys', () => {
  it('knows every metric a task reports, errors and losses as lower-is-better', () => {
    const reported = Object.values(TASK_METRICS).flat();
    expect(new Set(reported)).toEqual(new Set(Object.keys(METRIC_DIRECTION)));
    const lower = (Object.keys(METRIC_DIRECTION) as MetricKey[]).filter((k) => !higherIsBetter(k));
    expect(lower.sort()).toEqual(['logLoss', 'mae', 'rmse']);
  });

  it('checks names read from outside', () => {
    expect(isMetricKey('f1Macro')).toBe(true);
    expect(isMetricKey('confusionMatrix')).toBe(false);
    expect(isMetricKey('toString')).toBe(false);
  });

  it('reads a metric as a finite number or null', () => {
    expect(metricValue({ rmse: 2, mae: 1, r2: 0.5 }, 'rmse')).toBe(2);
    expect(metricValue({ rmse: 2, mae: 1, r2: null }, 'r2')).toBeNull();
    expect(metricValue({ rmse: Number.NaN, mae: Infinity, r2: 0 }, 'rmse')).toBeNull();
    expect(metricValue({ rmse: 2, mae: Infinity, r2: 0 }, 'mae')).toBeNull();
    expect(metricValue({ rmse: 2, mae: 1, r2: 0.5 }, 'accuracy')).toBeNull();
    expect(metricValue(null, 'accuracy')).toBeNull();
  });

  it('signs an improvement so that positive means the second value is better', () => {
    expect(improvement('accuracy', 0.8, 0.9)).toBeCloseTo(0.1, 12);
    expect(improvement('rmse', 3, 2)).toBe(1);
    expect(improvement('logLoss', 0.2, 0.5)).toBeCloseTo(-0.3, 12);
    expect(improvement('accuracy', 0.8, 0.8)).toBe(0);
    expect(improvement('accuracy', null, 0.8)).toBeNull();
    expect(improvement('mae', 1, Number.NaN)).toBeNull();
    expect(improvement('r2', undefined, 0.3)).toBeNull();
  });
});
