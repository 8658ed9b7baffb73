import { describe, expect, it } from 'vitest';
import { jensenShannonDistance, populationStabilityIndex } from '../../../src/core/drift/binned.ts';
import { chiSquareContingency, chiSquareSf } from '../../../src/core/drift/chiSquare.ts';
import { loadGolden, Mismatches, RELATIVE } from './golden.ts';

interface Case {
  label: string;
  ref: number[];
  cur: number[];
  chi2: { statistic: number; pValue: number; dof: number };
  psi: number;
  jensenShannon: number;
}

const CASES = loadGolden<Case>('categorical.json');
const SF = loadGolden<{ x: number; k: number; sf: number }>('chi2-sf.json');

/** p-values below the normal range of doubles carry no relative accuracy (SciPy itself flushes some to 0). */
const P_VALUE = { rel: 1e-9, abs: 1e-300 };

describe('chiSquareContingency matches scipy.stats.chi2_contingency on 2 x K tables', () => {
  it('covers K = 1 (dof 0), K = 2 (Yates) and K up to 5000', () => {
    const ks = CASES.map((c) => c.ref.length);
    expect(ks).toContain(1);
    expect(ks).toContain(2);
    expect(Math.max(...ks)).toBe(5000);
  });

  for (const c of CASES) {
    it(`${c.label}`, () => {
      const m = new Mismatches();
      const r = chiSquareContingency(c.ref, c.cur);
      m.check('statistic', r.statistic, c.chi2.statistic, RELATIVE);
      m.check('p-value', r.pValue, c.chi2.pValue, P_VALUE);
      m.equal('dof', r.dof, c.chi2.dof);
      expect(m.list).toEqual([]);
    });
  }

  it('does not depend on the order of the categories', () => {
    for (const c of CASES.filter((c) => c.ref.length > 2)) {
      const r = chiSquareContingency([...c.ref].reverse(), [...c.cur].reverse());
      expect(r.statistic).toBeCloseTo(c.chi2.statistic, 6);
    }
  });

  it(`chiSquareSf matches scipy.stats.chi2.sf for k = 1 to 2e6, both tails (${SF.length} cases)`, () => {
    const m = new Mismatches();
    for (const c of SF) m.check(`chi2.sf(${c.x}, ${c.k})`, chiSquareSf(c.x, c.k), c.sf, P_VALUE);
    expect(m.list).toEqual([]);
  });

  it('chiSquareSf is 1 at 0 and below, and the tail of a chi-square', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-2, 3)).toBe(1);
    // scipy.stats.chi2.sf(3.84, 1), chi2.sf(10, 4)
    expect(chiSquareSf(3.84, 1)).toBeCloseTo(0.05004352124870519, 14);
    expect(chiSquareSf(10, 4)).toBeCloseTo(0.04042768199451279, 14);
  });
});

describe('categorical PSI and Jensen-Shannon match numpy / scipy.spatial.distance.jensenshannon', () => {
  for (const c of CASES) {
    it(`${c.label}`, () => {
      const m = new Mismatches();
      m.check('psi', populationStabilityIndex(c.ref, c.cur), c.psi, RELATIVE);
      m.check('jensenShannon', jensenShannonDistance(c.ref, c.cur), c.jensenShannon, RELATIVE);
      expect(m.list).toEqual([]);
    });
  }
});
