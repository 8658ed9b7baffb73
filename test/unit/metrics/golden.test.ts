import { describe, expect, it } from 'vitest';
import { classificationMetrics, regressionMetrics } from '../../../src/core/metrics/index.ts';
import { classificationInput, loadGolden, Mismatches, regressionInput } from './golden.ts';

const golden = loadGolden();

describe('classification metrics match scikit-learn 1.2 goldens', () => {
  it('has the cases generate.py writes', () => {
    expect(golden.classification.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of golden.classification) {
    it(c.name, () => {
      const { yTrue, proba } = classificationInput(c);
      const report = classificationMetrics(yTrue, proba);
      const m = new Mismatches();
      m.equal('task', report.task, c.task);
      const headline: Record<string, unknown> = { ...report.metrics };
      m.equal('keys', Object.keys(headline).sort(), Object.keys(c.expected).sort());
      for (const [key, value] of Object.entries(c.expected)) {
        if (key === 'confusionMatrix') m.equal(key, headline[key], value);
        else m.close(key, headline[key] as number | null, value as number | null);
      }
      c.perClass.forEach((e, k) => {
        const a = report.perClass[k]!;
        m.equal(`perClass[${k}].label`, a.label, e.label);
        m.equal(`perClass[${k}].support`, a.support, e.support);
        m.close(`perClass[${k}].precision`, a.precision, e.precision);
        m.close(`perClass[${k}].recall`, a.recall, e.recall);
        m.close(`perClass[${k}].f1`, a.f1, e.f1);
      });
      if (c.roc !== undefined && report.task === 'binary') m.curve('roc', report.roc, c.roc);
      if (c.rocPerClass !== undefined && report.task === 'multiclass') {
        c.rocPerClass.forEach((e, k) => m.curve(`rocPerClass[${k}]`, report.rocPerClass?.[k], e));
      }
      // Warnings exactly where scikit-learn warned or raised.
      m.equal('has warnings', report.warnings.length > 0, c.sklearn.length > 0);
      expect(m.list).toEqual([]);
    });
  }

  it('says why a metric is null', () => {
    for (const c of golden.classification) {
      const { yTrue, proba } = classificationInput(c);
      const report = classificationMetrics(yTrue, proba, { curves: false });
      const auc = report.task === 'binary' ? report.metrics.rocAuc : report.metrics.rocAucOvrMacro;
      if (auc === null) expect(report.warnings.some((w) => w.startsWith('ROC AUC'))).toBe(true);
      expect('roc' in report || 'rocPerClass' in report).toBe(false);
    }
  });
});

describe('regression metrics match scikit-learn 1.2 goldens', () => {
  for (const c of golden.regression) {
    it(c.name, () => {
      const { yTrue, pred } = regressionInput(c);
      const report = regressionMetrics(yTrue, pred);
      const m = new Mismatches();
      m.close('rmse', report.metrics.rmse, c.expected.rmse);
      m.close('mae', report.metrics.mae, c.expected.mae);
      m.close('r2', report.metrics.r2, c.expected.r2);
      if (c.expected.r2 === null) m.equal('warns', report.warnings.length > 0, true);
      expect(m.list).toEqual([]);
    });
  }

  it('follows r2_score on a constant yTrue: 1 when perfect, else 0, with a warning', () => {
    expect(regressionMetrics([2, 2, 2], [2, 2, 2]).metrics.r2).toBe(1);
    const imperfect = regressionMetrics([2, 2, 2], [2, 2, 3]);
    expect(imperfect.metrics.r2).toBe(0);
    expect(imperfect.warnings).toHaveLength(1);
  });
});
