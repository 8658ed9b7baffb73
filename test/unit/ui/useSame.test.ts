import { describe, expect, it } from 'vitest';
import { keptWhileEqual } from '../../../src/ui/components/useSame.ts';
import { samePoints } from '../../../src/ui/components/samePoints.ts';

describe('keptWhileEqual', () => {
  const sameLength = (a: number[], b: number[]): boolean => a.length === b.length;

  it('keeps the earlier value while the new one is equal to it', () => {
    const kept = [1, 2];
    expect(keptWhileEqual(kept, [3, 4], sameLength)).toBe(kept);
    expect(keptWhileEqual(kept, kept, () => false)).toBe(kept);
  });

  it('takes the new value once it differs', () => {
    const next = [1, 2, 3];
    expect(keptWhileEqual([1, 2], next, sameLength)).toBe(next);
  });

  it('keeps chart points made again with the same values, and takes changed ones', () => {
    const drawn = [{ name: 'a.csv', share: 0.25 }];
    expect(keptWhileEqual(drawn, [{ name: 'a.csv', share: 0.25 }], samePoints)).toBe(drawn);
    const changed = [{ name: 'a.csv', share: 0.5 }];
    expect(keptWhileEqual(drawn, changed, samePoints)).toBe(changed);
  });
});
