import { describe, expect, it } from 'vitest';
import { classificationMetrics, probabilityRows, regressionMetrics, rocCurve } from '../../../src/core/metrics/index.ts';
import { numpySum } from '../../../src/core/metrics/numpySum.ts';

describe('model metrics: inputs and edge cases', () => {
  it('refuses inputs scikit-learn refuses, saying what is wrong', () => {
    const two = probabilityRows([
      [0.4, 0.6],
      [0.7, 0.3],
    ]);
    expect(() => classificationMetrics([], { layout: 'positive', values: [] })).toThrow(/No rows/);
    expect(() => classificationMetrics([0], two)).toThrow(/1 labels but 4 probabilities/);
    expect(() => classificationMetrics([0, 2], two)).toThrow(/Label 2 at row 1/);
    expect(() => classificationMetrics([0, 0.5], two)).toThrow(/Label 0.5/);
    expect(() => classificationMetrics([0, 1], { layout: 'positive', values: [0.2, NaN] })).toThrow(/row 1 is not a finite/);
    expect(() => classificationMetrics([0], { layout: 'rows', values: [1], classes: 1 })).toThrow(/at least 2 classes/);
    expect(() => probabilityRows([[0.5, 0.5], [1]])).toThrow(/row 1 has 1 entries/);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 targets but 1 predictions/);
    expect(() => regressionMetrics([1, Infinity], [1, 2])).toThrow(/Target Infinity/);
  });

  it('breaks ties toward the lower class; p = 0.5 predicts class 0', () => {
    const rows = classificationMetrics([1, 2, 0], probabilityRows([[0.4, 0.4, 0.2], [0.1, 0.45, 0.45], [0.5, 0.25, 0.25]]));
    expect(rows.metrics.confusionMatrix).toEqual([[1, 0, 0], [1, 0, 0], [0, 1, 0]]);
    const positive = classificationMetrics([0, 1, 1], { layout: 'positive', values: [0.5, 0.5, 0.50000001] });
    expect(positive.metrics.confusionMatrix).toEqual([[1, 0], [1, 1]]);
  });

  it('gives AUC 0.5 when every score ties, and a curve of one diagonal step', () => {
    const report = classificationMetrics([0, 1, 0, 1], { layout: 'positive', values: [0.3, 0.3, 0.3, 0.3] });
    expect(report.task === 'binary' && report.metrics.rocAuc).toBe(0.5);
    const curve = rocCurve([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3], 1)!;
    expect(Array.from(curve.fpr)).toEqual([0, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 1]);
    expect(Array.from(curve.thresholds)).toEqual([1.3, 0.3]);
  });

  it('keeps the headline JSON-able and separate from the curves', () => {
    const report = classificationMetrics([0, 1, 1, 0], { layout: 'positive', values: [0.1, 0.8, 0.4, 0.3] });
    const json = JSON.parse(JSON.stringify(report.metrics)) as unknown;
    expect(json).toEqual(report.metrics);
    expect(Object.keys(report.metrics)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'confusionMatrix']);
    expect(report.task === 'binary' && report.roc?.fpr).toBeInstanceOf(Float64Array);
  });

  it('names the multiclass headline keys, with curves per class on request', () => {
    const proba = probabilityRows([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3]]);
    const report = classificationMetrics([0, 1, 2, 0], proba);
    expect(Object.keys(report.metrics)).toEqual([
      'accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted', 'rocAucOvrMacro', 'logLoss', 'confusionMatrix',
    ]);
    expect(report.task === 'multiclass' && report.rocPerClass?.length).toBe(3);
    expect(report.warnings).toEqual([]);
  });

  it('regression: R² is null with one row, with the reason', () => {
    const report = regressionMetrics([1.5], [2]);
    expect(report.metrics).toEqual({ rmse: 0.5, mae: 0.5, r2: null });
    expect(report.warnings[0]).toMatch(/fewer than two rows/);
  });

  it('sums as numpy does: pairwise within 8192-value chunks', () => {
    // numpy: np.sum([0.1] * 10) == 1.0, while a left-to-right loop gives 0.9999999999999999.
    expect(numpySum(new Array<number>(10).fill(0.1))).toBe(1);
    expect(numpySum([])).toBe(0);
    expect(numpySum(new Float64Array(20000).fill(1))).toBe(20000);
  });
});
