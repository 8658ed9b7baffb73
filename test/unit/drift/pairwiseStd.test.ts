import { describe, expect, it } from 'vitest';
import { compareColumn } from '../../../src/core/drift/columnDrift.ts';
import { profileColumn, type NumericProfile } from '../../../src/core/drift/profile.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { populationStd } from '../../../src/core/drift/wasserstein.ts';
import { numericColumn } from '../helpers/columns.ts';

/**
 * Golden values from numpy 1.24.2 / SciPy 1.10.1 (the same under numpy 2.4.6 / SciPy 1.17.1) (np.std, scipy.stats.wasserstein_distance) on the
 * same generated values. Epoch-like milliseconds (~1.7e12) with a small spread: a plain loop's mean
 * and sum of squares lose digits there, numpy's pairwise sums do not.
 */

/** The C library's rand() LCG, exactly (BigInt: the product passes 2^53), as epoch ms over one day plus thirds. */
function lcgEpochs(n: number, seed: number): number[] {
  let x = BigInt(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245n + 12345n) % 2147483648n;
    out.push(1700000000000 + Number(x % 86400000n) + Number(x % 3n) / 3);
  }
  return out;
}

/** 1.7e12 plus 0..2 in steps of 1/4096: a spread of about half a unit on a mean of 1.7e12. */
const smallSpread = (n: number, multiplier: number, add: number, modulo: number): number[] =>
  Array.from({ length: n }, (_, i) => 1700000000000 + (((i * multiplier + add) % 2147483647) % modulo) / 4096);

function loopStd(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return Math.sqrt(squares / values.length);
}

describe("the normalised Wasserstein's std sums as numpy does", () => {
  it('matches np.std(R) in file order, which the sorted order would miss by an ulp', () => {
    const values = lcgEpochs(1000, 9);
    // np.std(R) = 24607555.038196847; np.std(np.sort(R)) = 24607555.03819685.
    expect(populationStd(Float64Array.from(values))).toBe(24607555.038196847);
    expect(populationStd(Float64Array.from(values).sort())).toBe(24607555.03819685);
    const profile = profileColumn(numericColumn('t', values)) as NumericProfile;
    expect(profile.std).toBe(24607555.038196847);
  });

  it('matches numpy over more than one 8192-value block where a plain loop loses digits', () => {
    const reference = smallSpread(10007, 48271, 0, 8192);
    const expected = 0.5774277801831175;
    expect(Math.abs(populationStd(Float64Array.from(reference)) - expected) / expected).toBeLessThan(1e-12);
    // The plain loop: 0.5774278452257388, wrong in the 8th digit.
    expect(Math.abs(loopStd(reference) - expected) / expected).toBeGreaterThan(1e-8);
  });

  it('gives scipy.stats.wasserstein_distance(R, C) / np.std(R) to 1e-9', () => {
    const reference = smallSpread(10007, 48271, 0, 8192);
    const current = smallSpread(10007, 16807, 11, 9000).slice(0, 5003);
    const drift = compareColumn(profileColumn(numericColumn('t', reference)), profileColumn(numericColumn('t', current)), defaultDriftSettings());
    expect(Math.abs(drift.wasserstein! - 0.17116127519356908) / 0.17116127519356908).toBeLessThan(1e-9);
  });
});
