import { describe, expect, it } from 'vitest';
import { kstwoSf, smirnovSf } from '../../../src/core/drift/kolmogorov.ts';
import { KS_P, loadGolden, Mismatches } from './golden.ts';

interface Case {
  n: number;
  x: number;
  sf: number;
  branch: string;
}

const KSTWO = loadGolden<Case>('kstwo.json');
const SMIRNOV = loadGolden<Case>('smirnov.json');

const byBranch = (cases: Case[]): Map<string, Case[]> => {
  const groups = new Map<string, Case[]>();
  for (const c of cases) groups.set(c.branch, [...(groups.get(c.branch) ?? []), c]);
  return groups;
};

/** Large n costs up to half a second a case (SciPy's own sums are slower): kept in tests of their own. */
const bySize = (cases: Case[]): [string, Case[]][] =>
  (
    [
      ['n <= 10000', cases.filter((c) => c.n <= 10_000)],
      ['n > 10000', cases.filter((c) => c.n > 10_000)],
    ] as [string, Case[]][]
  ).filter(([, group]) => group.length > 0);

describe('kstwoSf matches scipy.stats.kstwo.sf', () => {
  it('has golden cases on every branch of _kolmogn', () => {
    const branches = [...byBranch(KSTWO).keys()].sort();
    expect(branches).toEqual(
      [
        'n<=140 durbin',
        'n<=140 pomeranz',
        'n<=140 smirnov',
        'n>140 durbin',
        'n>140 pelz-good',
        'n>140 smirnov',
        'n>140 zero',
        'ruben-gambino-high',
        'ruben-gambino-low n<=140',
        'ruben-gambino-low n>140',
        't<=0.5',
        'x<=0',
        'x>=0.5 smirnov',
        'x>=1',
      ].sort(),
    );
  });

  for (const [branch, all] of byBranch(KSTWO)) {
    for (const [size, cases] of bySize(all)) {
      it(`${branch}, ${size} (${cases.length} cases)`, () => {
        const m = new Mismatches();
        for (const c of cases) m.check(`kstwo.sf(${c.x}, ${c.n})`, kstwoSf(c.x, c.n), c.sf, KS_P);
        expect(m.list).toEqual([]);
      });
    }
  }

  it('is NaN for a sample size that is not a positive integer, as SciPy', () => {
    expect(kstwoSf(0.3, 0)).toBeNaN();
    expect(kstwoSf(0.3, 2.5)).toBeNaN();
    expect(kstwoSf(NaN, 10)).toBeNaN();
  });

  it('never leaves [0, 1] and never increases in x on a dense grid', () => {
    for (const n of [2, 9, 40, 139, 140, 141, 400, 3000, 100_000, 100_001]) {
      let previous = 1;
      for (let i = 1; i < 400; i++) {
        const x = i / 400;
        const p = kstwoSf(x, n);
        expect(p, `n=${n} x=${x}`).toBeGreaterThanOrEqual(0);
        expect(p, `n=${n} x=${x}`).toBeLessThanOrEqual(1);
        // Branch switches may wobble by rounding only.
        expect(p, `n=${n} x=${x}`).toBeLessThanOrEqual(previous + 1e-9);
        previous = p;
      }
    }
  });
});

describe('smirnovSf matches scipy.special.smirnov', () => {
  for (const [branch, all] of byBranch(SMIRNOV)) {
    for (const [size, cases] of bySize(all)) {
      it(`${branch}, ${size} (${cases.length} cases)`, () => {
        const m = new Mismatches();
        for (const c of cases) m.check(`smirnov(${c.n}, ${c.x})`, smirnovSf(c.n, c.x), c.sf, KS_P);
        expect(m.list).toEqual([]);
      });
    }
  }

  it('is NaN outside its domain', () => {
    expect(smirnovSf(10, -0.1)).toBeNaN();
    expect(smirnovSf(10, 1.1)).toBeNaN();
    expect(smirnovSf(0, 0.5)).toBeNaN();
  });
});
