import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaUnderCurve, classificationMetrics, regressionMetrics, rocCurve, type Probabilities } from '../../../src/core/metrics/index.ts';

/** The messages the metrics document for input scikit-learn refuses; any other failure is a bug. */
const REFUSALS = [
  /^No rows: (classification|regression) metrics need at least one (labelled )?row\.$/,
  /^Need at least 2 classes; got .+\.$/,
  /^\d+ labels but \d+ probabilities \(expected \S+: \d+ rows × \S+\)\.$/,
  /^Label .+ at row \d+ is not a class index in 0\.\.\d+\.$/,
  /^Probability .+ at row \d+ is not a finite number\.$/,
  /^\d+ targets but \d+ predictions\.$/,
  /^(Target|Prediction) .+ at row \d+ is not a finite number\.$/,
];

function refusedOrRun<T>(run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RangeError)) throw new Error(`threw something other than a RangeError: ${String(error)}`, { cause: error });
    if (!REFUSALS.some((r) => r.test(error.message))) throw new Error(`undocumented refusal: ${JSON.stringify(error.message)}`, { cause: error });
    return null;
  }
}

/** Any double, the awkward ones weighted up. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, 1, 0.5, -0, Number.EPSILON, 1 - Number.EPSILON, 1e-300, Number.MAX_VALUE, -1, NaN, Infinity),
  fc.nat({ max: 4 }),
);
const probability = fc.oneof({ weight: 60, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: anyNumber });

/** Mostly well-formed inputs (so reports come out) with every kind of flaw mixed in. */
const classification: fc.Arbitrary<{ yTrue: number[]; proba: Probabilities }> = fc.oneof(
  fc.record({ classes: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 1, max: 60 }) }).chain(({ classes, n }) =>
    fc.record({
      yTrue: fc.array(fc.oneof({ weight: 200, arbitrary: fc.nat({ max: classes - 1 }) }, { weight: 1, arbitrary: anyNumber }), { minLength: n, maxLength: n }),
      proba: fc.oneof(
        fc.array(probability, { minLength: n * classes, maxLength: n * classes }).map((values): Probabilities => ({ layout: 'rows', values, classes })),
        fc.array(probability, { minLength: n, maxLength: n }).map((values): Probabilities => ({ layout: 'positive', values })),
      ),
    }),
  ),
  fc.record({
    yTrue: fc.array(anyNumber, { maxLength: 6 }),
    proba: fc.record({ layout: fc.constant('rows' as const), values: fc.array(anyNumber, { maxLength: 12 }), classes: anyNumber }),
  }),
);

describe('model metrics on arbitrary input', () => {
  it('classification: a documented refusal, or every ratio and AUC in [0, 1], log loss finite and >= 0, nulls explained', () => {
    fc.assert(
      fc.property(classification, ({ yTrue, proba }) => {
        const report = refusedOrRun(() => classificationMetrics(yTrue, proba));
        if (report === null) return;
        for (const [key, value] of Object.entries(report.metrics)) {
          if (key === 'confusionMatrix') continue;
          if (value === null) {
            expect(report.warnings.join(' ')).toMatch(/ROC AUC .*is undefined/);
          } else if (key === 'logLoss') {
            expect(Number.isFinite(value) && (value as number) >= 0).toBe(true);
          } else {
            expect(value as number).toBeGreaterThanOrEqual(0);
            expect(value as number).toBeLessThanOrEqual(1);
          }
        }
        for (const c of report.perClass) for (const v of [c.precision, c.recall, c.f1]) expect(v >= 0 && v <= 1).toBe(true);
        expect(report.metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(yTrue.length);
      }),
      { numRuns: 400 },
    );
  });

  it('ROC: AUC in [0, 1] for any finite scores, null only with a single class', () => {
    const rows = fc.array(fc.tuple(fc.nat({ max: 1 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(rows, (pairs) => {
        const labels = pairs.map(([y]) => y);
        const curve = rocCurve(labels, pairs.map(([, s]) => s), 1);
        if (curve === null) {
          expect(new Set(labels).size).toBe(1);
          return;
        }
        const auc = areaUnderCurve(curve);
        expect(auc >= 0 && auc <= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('regression: a documented refusal, or RMSE >= MAE >= 0 and R² <= 1 (null only below two rows)', () => {
    // Up to ±1e150, where squared errors cannot overflow; training refuses columns beyond ±3e38 by name.
    const target = fc.oneof({ weight: 30, arbitrary: fc.double({ min: -1e150, max: 1e150, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) });
    const input = fc.oneof(
      fc.array(fc.tuple(target, target), { maxLength: 60 }).map((pairs) => ({ yTrue: pairs.map((p) => p[0]), yPred: pairs.map((p) => p[1]) })),
      fc.record({ yTrue: fc.array(target, { maxLength: 5 }), yPred: fc.array(target, { maxLength: 5 }) }),
    );
    fc.assert(
      fc.property(input, ({ yTrue, yPred }) => {
        const report = refusedOrRun(() => regressionMetrics(yTrue, yPred));
        if (report === null) return;
        const { rmse, mae, r2 } = report.metrics;
        expect(Number.isFinite(rmse) && Number.isFinite(mae)).toBe(true);
        expect(mae).toBeGreaterThanOrEqual(0);
        if (mae > 1e-150) expect(rmse).toBeGreaterThanOrEqual(mae * (1 - 1e-12)); // smaller errors' squares underflow to 0
        if (yTrue.length < 2) expect(r2).toBeNull();
        else {
          expect(Number.isNaN(r2)).toBe(false);
          expect(r2!).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });
});
