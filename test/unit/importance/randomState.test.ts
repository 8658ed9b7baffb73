import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../../src/core/importance/randomState.ts';
import { golden } from './golden.ts';

describe("numpy's legacy RandomState", () => {
  it.each(golden.randomState)('draws as numpy does for seed $seed', (g) => {
    const random = new NumpyRandomState(g.seed);
    expect(random.randint(2 ** 31)).toBe(g.randint31);
    for (const s of g.shuffles) expect(Array.from(random.shuffle(Uint32Array.from({ length: s.n }, (_, i) => i)))).toEqual(s.result);
    expect(Array.from({ length: g.randint7.length }, () => random.randint(7))).toEqual(g.randint7);
  });

  it('refuses a seed numpy refuses', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/seed must be a whole number from 0 to 4294967295/);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(/seed/);
    expect(() => new NumpyRandomState(1.5)).toThrow(/seed/);
  });
});
