import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discordantPairs, mcnemarExact } from '../../../src/core/compare/mcnemar.ts';
import { fixturesRoot } from '../helpers/fixtures.ts';

const cases = JSON.parse(readFileSync(join(fixturesRoot, 'stats', 'metrics', 'mcnemar.json'), 'utf8')) as { b: number; c: number; pValue: number }[];

describe('mcnemarExact', () => {
  it.each(cases)('b = $b, c = $c matches scipy.stats.binomtest within 1e-9 relative', ({ b, c, pValue }) => {
    const got = mcnemarExact(b, c).pValue;
    expect(Math.abs(got - pValue)).toBeLessThanOrEqual(1e-9 * pValue);
  });

  it('is symmetric in b and c', () => {
    for (const [b, c] of [[3, 9], [40, 12], [0, 5]] as const) expect(mcnemarExact(b, c).pValue).toBe(mcnemarExact(c, b).pValue);
  });

  it('counts the discordant pairs of per-row correctness', () => {
    expect(discordantPairs([1, 1, 0, 0, 1], [1, 0, 1, 0, 0])).toEqual({ b: 2, c: 1 });
    expect(() => discordantPairs([1], [1, 0])).toThrow(RangeError);
  });
});
