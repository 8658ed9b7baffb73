import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../../src/ui/models/chartTicks.ts';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, at most six intervals, around the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.3)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(0.12, 0.87)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 12.3)).toEqual([0, 5, 10, 15]);
  });

  it('takes no step smaller than asked: whole seconds for short runs', () => {
    expect(niceTicks(0, 2.3, 1)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 0.4, 1)).toEqual([0, 1]);
    expect(niceTicks(0, 0, 1)).toEqual([0, 1]);
    expect(niceTicks(0, 340, 1)).toEqual([0, 100, 200, 300, 400]);
  });
});
