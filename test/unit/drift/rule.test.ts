import { describe, expect, it } from 'vitest';
import { decidingRule, defaultRule, ruleText, type ColumnFacts } from '../../../src/core/drift/rule.ts';
import { defaultDriftSettings, type DriftSettings } from '../../../src/core/drift/settings.ts';

const facts = (type: 'numeric' | 'categorical', nReference: number, distinct: number, name = 'x'): ColumnFacts => ({ name, type, nReference, distinct });
const settings = (over: Partial<DriftSettings> = {}): DriftSettings => ({ ...defaultDriftSettings(), ...over });

describe('default rule of docs/statistics.md', () => {
  it.each([
    ['numeric', 1000, 6, 'ks', 0.05],
    ['numeric', 1000, 5, 'chi2', 0.05],
    ['numeric', 1, 1, 'chi2', 0.05],
    ['categorical', 1000, 300, 'chi2', 0.05],
    ['numeric', 1001, 6, 'wasserstein', 0.1],
    ['numeric', 1001, 5, 'jensenShannon', 0.1],
    ['categorical', 50_000, 2, 'jensenShannon', 0.1],
  ] as const)('%s, n=%i, u=%i → %s at %f', (type, n, u, statistic, threshold) => {
    const rule = defaultRule(facts(type, n, u), settings());
    expect(rule.statistic).toBe(statistic);
    expect(rule.threshold).toBe(threshold);
  });

  it('uses the thresholds of the settings', () => {
    const s = settings({ alpha: 0.01, wassersteinThreshold: 0.3, jensenShannonThreshold: 0.2 });
    expect(defaultRule(facts('numeric', 10, 10), s).threshold).toBe(0.01);
    expect(defaultRule(facts('numeric', 5000, 10), s).threshold).toBe(0.3);
    expect(defaultRule(facts('categorical', 5000, 3), s).threshold).toBe(0.2);
  });

  it('states its reason in words: size, shape and the rule', () => {
    expect(defaultRule(facts('numeric', 300, 42), settings()).reason).toBe(
      'default rule: 300 reference values (≤ 1000), numeric with 42 distinct values (> 5) → KS test, drift when p < 0.05',
    );
    expect(defaultRule(facts('numeric', 1001, 3), settings()).reason).toBe(
      'default rule: 1001 reference values (> 1000), numeric with 3 distinct values (≤ 5) → Jensen-Shannon distance, drift when ≥ 0.1',
    );
    expect(defaultRule(facts('categorical', 20, 4), settings()).reason).toBe(
      'default rule: 20 reference values (≤ 1000), categorical → chi-square test, drift when p < 0.05',
    );
    expect(defaultRule(facts('numeric', 2000, 9), settings()).reason).toBe(
      'default rule: 2000 reference values (> 1000), numeric with 9 distinct values (> 5) → normalised Wasserstein, drift when ≥ 0.1',
    );
  });

  it('ruleText says p < for tests and ≥ for distances', () => {
    expect(ruleText('chi2', 0.01)).toBe('chi-square test, drift when p < 0.01');
    expect(ruleText('psi', 0.2)).toBe('PSI, drift when ≥ 0.2');
  });
});

describe('pins', () => {
  const psi = { statistic: 'psi', threshold: 0.2 } as const;
  const js = { statistic: 'jensenShannon', threshold: 0.3 } as const;
  const ks = { statistic: 'ks', threshold: 0.01 } as const;

  it('a column pin wins over the global pin, which wins over the default', () => {
    const s = settings({ pin: psi, columnPins: { age: js } });
    expect(decidingRule(facts('numeric', 100, 50, 'age'), s)).toEqual({ ...js, reason: 'pinned for this column: Jensen-Shannon distance, drift when ≥ 0.3' });
    expect(decidingRule(facts('numeric', 100, 50, 'height'), s)).toEqual({ ...psi, reason: 'pinned for all columns: PSI, drift when ≥ 0.2' });
    expect(decidingRule(facts('numeric', 100, 50, 'height'), settings()).statistic).toBe('ks');
  });

  it('a pin that does not fit the column type falls back with a reason', () => {
    const rule = decidingRule(facts('categorical', 100, 4, 'color'), settings({ pin: ks }));
    expect(rule.statistic).toBe('chi2');
    expect(rule.reason).toBe('the pinned KS test does not apply to a categorical column; default rule: 100 reference values (≤ 1000), categorical → chi-square test, drift when p < 0.05');
  });

  it('an unfit column pin falls through to a fitting global pin', () => {
    const rule = decidingRule(facts('categorical', 100, 4, 'color'), settings({ pin: psi, columnPins: { color: { statistic: 'wasserstein', threshold: 0.5 } } }));
    expect(rule).toMatchObject({ statistic: 'psi', threshold: 0.2, reason: 'pinned for all columns: PSI, drift when ≥ 0.2' });
  });

  it('an unfit column pin with an unfit global pin names the column pin', () => {
    const rule = decidingRule(facts('numeric', 5000, 100, 'age'), settings({ pin: { statistic: 'chi2', threshold: 0.05 }, columnPins: { age: { statistic: 'chi2', threshold: 0.01 } } }));
    expect(rule.statistic).toBe('wasserstein');
    expect(rule.reason.startsWith('the pinned chi-square test does not apply to a numeric column; default rule: 5000 reference values')).toBe(true);
  });

  it('psi and Jensen-Shannon pins fit both column types', () => {
    for (const type of ['numeric', 'categorical'] as const) {
      expect(decidingRule(facts(type, 10, 3), settings({ pin: psi })).statistic).toBe('psi');
      expect(decidingRule(facts(type, 10, 3), settings({ pin: js })).statistic).toBe('jensenShannon');
    }
  });
});
