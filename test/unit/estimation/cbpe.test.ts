import { describe, expect, it } from 'vitest';
import { assertCalibration, calibrationFromOutputs, estimateFromOutputs, EstimationError, estimatePerformance, estimateRocAuc, fitCalibration, fitIsotonic, outputsAsProbabilities, predictIsotonic } from '../../../src/core/estimation/index.ts';
import { classificationMetrics, probabilityRows, type Probabilities } from '../../../src/core/metrics/index.ts';

/** A 32-bit LCG: uniforms in [0, 1). */
function uniforms(seed: number, n: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  });
}

/** Rows whose labels are drawn from a known probability p (so p is calibrated), scored by a distorted p². */
function calibratedBinary(seed: number, n: number): { labels: number[]; proba: Probabilities; truth: number[] } {
  const u = uniforms(seed, 2 * n);
  const truth = u.slice(0, n);
  const labels = truth.map((p, i) => (u[n + i]! < p ? 1 : 0));
  return { labels, proba: { layout: 'positive', values: truth.map((p) => p * p) }, truth };
}

describe('estimatePerformance', () => {
  it('recovers the realised accuracy of a distorted model once calibrated (large n)', () => {
    const validation = calibratedBinary(1, 20_000);
    const calibration = fitCalibration(validation.labels, validation.proba, ['no', 'yes']);
    const batch = calibratedBinary(2, 20_000);
    const estimate = estimatePerformance(calibration, batch.proba);
    const realised = classificationMetrics(batch.labels, batch.proba, { curves: false });
    if (realised.task !== 'binary') throw new Error('expected binary');
    expect(Math.abs(estimate.estimated.accuracy! - realised.metrics.accuracy)).toBeLessThan(0.01);
    expect(Math.abs(estimate.estimated.f1! - realised.metrics.f1)).toBeLessThan(0.01);
    expect(Math.abs(estimate.estimated.rocAuc! - realised.metrics.rocAuc!)).toBeLessThan(0.01);
    const [low, high] = estimate.interval.accuracy!;
    expect(low).toBeLessThan(realised.metrics.accuracy);
    expect(high).toBeGreaterThan(realised.metrics.accuracy);
    expect(estimate.positiveClass).toBe('yes');
    expect(estimate.rows).toBe(20_000);
  });

  it('lists the primary metric first, then the task order; a chosen estimable metric goes first', () => {
    const v = calibratedBinary(3, 400);
    const calibration = fitCalibration(v.labels, v.proba, ['a', 'b']);
    expect(Object.keys(estimatePerformance(calibration, v.proba).estimated)).toEqual(['rocAuc', 'accuracy', 'precision', 'recall', 'f1']);
    expect(Object.keys(estimatePerformance(calibration, v.proba, { metric: 'f1' }).estimated)[0]).toBe('f1');
    expect(Object.keys(estimatePerformance(calibration, v.proba, { metric: 'logLoss' }).estimated)[0]).toBe('rocAuc');
  });

  it('names multiclass estimates as macro means, f1Macro first', () => {
    const u = uniforms(9, 900);
    const labels = Array.from({ length: 300 }, (_, i) => i % 3);
    const rows = labels.map((y, i) => {
      const w = [u[3 * i]!, u[3 * i + 1]!, u[3 * i + 2]!].map((x, k) => x + (k === y ? 0.8 : 0));
      const sum = w[0]! + w[1]! + w[2]!;
      return w.map((x) => x / sum);
    });
    const calibration = fitCalibration(labels, probabilityRows(rows), ['x', 'y', 'z']);
    const estimate = estimatePerformance(calibration, probabilityRows(rows));
    expect(Object.keys(estimate.estimated)).toEqual(['f1Macro', 'accuracy', 'precisionMacro', 'recallMacro', 'rocAucOvrMacro']);
    expect(estimate.positiveClass).toBeNull();
    const total = estimate.confusionMatrix.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(300, 9);
    for (const range of Object.values(estimate.interval)) {
      expect(range![0]).toBeGreaterThanOrEqual(0);
      expect(range![1]).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same estimate from a positive-class score and from two-column rows', () => {
    const v = calibratedBinary(4, 500);
    const calibration = fitCalibration(v.labels, v.proba, ['a', 'b']);
    const positive = v.proba.values as number[];
    const a = estimatePerformance(calibration, v.proba);
    const b = estimatePerformance(calibration, probabilityRows(positive.map((p) => [1 - p, p])));
    expect(b.estimated).toEqual(a.estimated);
  });

  it('refuses empty batches, wrong widths and non-finite scores with a message', () => {
    const v = calibratedBinary(5, 100);
    const calibration = fitCalibration(v.labels, v.proba, ['a', 'b']);
    expect(() => estimatePerformance(calibration, { layout: 'positive', values: [] })).toThrow(/No rows/);
    expect(() => estimatePerformance(calibration, probabilityRows([[0.2, 0.3, 0.5]]))).toThrow(/3 class probabilities/);
    expect(() => estimatePerformance(calibration, { layout: 'positive', values: [0.2, Number.NaN] })).toThrow(/row 1 is not a finite number/);
    expect(() => fitCalibration([0, 2], v.proba, ['a', 'b'])).toThrow();
    expect(() => fitCalibration([0], { layout: 'positive', values: [0.4] }, ['a', 'b'])).toThrow(/at least 2 labelled rows/);
  });
});

describe('estimateRocAuc', () => {
  it('takes tied scores as one threshold (the diagonal across the tie)', () => {
    // Two rows tied at 0.5, one certainly positive and one certainly negative: AUC 0.5 whatever their order.
    expect(estimateRocAuc(Float64Array.from([1, 0]), Float64Array.from([0.5, 0.5]))).toBeCloseTo(0.5, 12);
    expect(estimateRocAuc(Float64Array.from([0, 1]), Float64Array.from([0.5, 0.5]))).toBeCloseTo(0.5, 12);
    expect(estimateRocAuc(Float64Array.from([1, 0]), Float64Array.from([0.9, 0.1]))).toBeCloseTo(1, 12);
  });

  it('is null when no positive (or no negative) is expected', () => {
    expect(estimateRocAuc(Float64Array.from([0, 0]), Float64Array.from([0.2, 0.4]))).toBeNull();
    expect(estimateRocAuc(Float64Array.from([1, 1]), Float64Array.from([0.2, 0.4]))).toBeNull();
  });
});

describe('isotonic and stored calibrations', () => {
  it('clips outside the fitted range and keeps values in [0, 1]', () => {
    const fit = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]);
    expect(Array.from(predictIsotonic(fit, [-5, 5]))).toEqual([0, 1]);
    expect(() => fitIsotonic([], [])).toThrow(/at least one row/);
    expect(() => fitIsotonic([Number.NaN], [1])).toThrow(/not a finite number/);
  });

  it('round-trips through JSON and refuses a damaged one', () => {
    const v = calibratedBinary(6, 200);
    const calibration = fitCalibration(v.labels, v.proba, ['a', 'b']);
    const copy: unknown = JSON.parse(JSON.stringify(calibration));
    assertCalibration(copy);
    expect(estimatePerformance(copy, v.proba)).toEqual(estimatePerformance(calibration, v.proba));
    expect(() => assertCalibration({ ...calibration, formatVersion: 2 })).toThrow(/format version 2/);
    expect(() => assertCalibration({ ...calibration, calibrators: [] })).toThrow(/0 calibrators; 1 expected/);
    expect(() => assertCalibration(null)).toThrow(/not an object/);
  });
});

describe('estimates from a model card and raw outputs', () => {
  const card = { task: 'binary' as const, target: 'churn', classes: ['no', 'yes'] };

  it('calibrates and estimates from a binary model\'s class-1 column', () => {
    const v = calibratedBinary(7, 300);
    const calibration = calibrationFromOutputs(card, Float32Array.from(v.proba.values as number[]), v.labels);
    expect(calibration.positiveClass).toBe('yes');
    const estimate = estimateFromOutputs(calibration, card, Float32Array.from(v.proba.values as number[]));
    expect(estimate.rows).toBe(300);
  });

  it('refuses a regression model and a calibration for other classes', () => {
    expect(() => outputsAsProbabilities({ task: 'regression', target: 'price', classes: null }, [1, 2])).toThrow(EstimationError);
    expect(() => outputsAsProbabilities({ task: 'regression', target: 'price', classes: null }, [1, 2])).toThrow(/"price" as a number \(regression\)/);
    const v = calibratedBinary(8, 100);
    const calibration = calibrationFromOutputs(card, v.proba.values, v.labels);
    expect(() => estimateFromOutputs(calibration, { ...card, classes: ['a', 'b'] }, v.proba.values)).toThrow(/calibration is for the classes "no", "yes"/);
  });
});
