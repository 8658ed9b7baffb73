import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaUnderCurve, classificationMetrics, regressionMetrics, rocCurve, type Probabilities } from '../../../src/core/metrics/index.ts';

interface Sample {
  yTrue: number[];
  proba: Probabilities;
}

/** n rows of K classes: labels anywhere in 0..K-1, probabilities on a coarse grid (ties) divided by their row sum. */
const sample: fc.Arbitrary<Sample> = fc
  .record({ classes: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 1, max: 120 }) })
  .chain(({ classes, n }) =>
    fc.record({
      yTrue: fc.array(fc.nat({ max: classes - 1 }), { minLength: n, maxLength: n }),
      weights: fc.array(fc.array(fc.nat({ max: 4 }), { minLength: classes, maxLength: classes }), { minLength: n, maxLength: n }),
    }).map(({ yTrue, weights }): Sample => {
      const values = new Float64Array(n * classes);
      weights.forEach((row, i) => {
        const total = row.reduce((a, b) => a + b + 1, 0);
        row.forEach((w, k) => (values[i * classes + k] = (w + 1) / total));
      });
      return { yTrue, proba: { layout: 'rows', values, classes } };
    }),
  );

/** Binary labels with positive-class scores on a 1/1000 grid. */
const binary = fc.array(fc.tuple(fc.nat({ max: 1 }), fc.nat({ max: 1000 })), { minLength: 1, maxLength: 200 }).map((rows) => ({
  labels: rows.map(([y]) => y),
  scores: rows.map(([, s]) => s / 1000),
}));

const headline = (s: Sample): Record<string, unknown> => ({ ...classificationMetrics(s.yTrue, s.proba, { curves: false }).metrics });

function permuted(s: Sample, order: number[]): Sample {
  if (s.proba.layout !== 'rows') throw new Error('rows only');
  const { values, classes } = s.proba;
  const moved = new Float64Array(values.length);
  order.forEach((from, to) => moved.set(Array.from(values).slice(from * classes, (from + 1) * classes), to * classes));
  return { yTrue: order.map((from) => s.yTrue[from]!), proba: { layout: 'rows', values: moved, classes } };
}

describe('properties of the model metrics', () => {
  it('accuracy and every ratio lie in [0, 1]; the confusion matrix sums to n, its rows to the supports', () => {
    fc.assert(
      fc.property(sample, (s) => {
        const report = classificationMetrics(s.yTrue, s.proba, { curves: false });
        for (const [key, value] of Object.entries(report.metrics)) {
          if (key === 'logLoss') expect(value as number).toBeGreaterThanOrEqual(0);
          else if (typeof value === 'number') {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          } else if (value === null) expect(report.warnings.length).toBeGreaterThan(0);
        }
        const matrix = report.metrics.confusionMatrix;
        expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(s.yTrue.length);
        matrix.forEach((row, k) => expect(row.reduce((a, b) => a + b, 0)).toBe(report.perClass[k]!.support));
      }),
      { numRuns: 300 },
    );
  });

  it('AUC of inverted scores is 1 - AUC, ties included', () => {
    fc.assert(
      fc.property(binary, ({ labels, scores }) => {
        const curve = rocCurve(labels, scores, 1);
        const inverted = rocCurve(labels, scores.map((s) => 1 - s), 1);
        if (curve === null || inverted === null) {
          expect(curve).toBe(inverted);
          return;
        }
        expect(areaUnderCurve(inverted)).toBeCloseTo(1 - areaUnderCurve(curve), 12);
      }),
      { numRuns: 300 },
    );
  });

  it('AUC equals the share of (positive, negative) pairs ranked right, ties counting half', () => {
    fc.assert(
      fc.property(binary, ({ labels, scores }) => {
        const curve = rocCurve(labels, scores, 1);
        let pairs = 0;
        let right = 0;
        labels.forEach((yi, i) => {
          if (yi !== 1) return;
          labels.forEach((yj, j) => {
            if (yj !== 0) return;
            pairs++;
            right += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
          });
        });
        if (pairs === 0) expect(curve).toBeNull();
        else expect(areaUnderCurve(curve!)).toBeCloseTo(right / pairs, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        sample.chain((s) => fc.shuffledSubarray(s.yTrue.map((_, i) => i), { minLength: s.yTrue.length, maxLength: s.yTrue.length }).map((order) => ({ s, order }))),
        ({ s, order }) => {
          const a = headline(s);
          const b = headline(permuted(s, order));
          for (const [key, value] of Object.entries(a)) {
            if (typeof value === 'number') expect(b[key]).toBeCloseTo(value, 12);
            else expect(b[key]).toEqual(value);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('regression: RMSE >= MAE >= 0, R² <= 1, and row order does not matter', () => {
    // On a 1/1000 grid: squares of subnormal errors would underflow to 0 and break RMSE >= MAE.
    const value = fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000);
    const rows = fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 200 });
    fc.assert(
      fc.property(rows, (pairs) => {
        const { metrics } = regressionMetrics(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
        expect(metrics.mae).toBeGreaterThanOrEqual(0);
        expect(metrics.rmse).toBeGreaterThanOrEqual(metrics.mae * (1 - 1e-12));
        expect(metrics.r2!).toBeLessThanOrEqual(1);
        const reversed = regressionMetrics(pairs.map((p) => p[0]).reverse(), pairs.map((p) => p[1]).reverse()).metrics;
        expect(reversed.rmse).toBeCloseTo(metrics.rmse, 9);
        expect(reversed.mae).toBeCloseTo(metrics.mae, 9);
      }),
      { numRuns: 300 },
    );
  });
});
