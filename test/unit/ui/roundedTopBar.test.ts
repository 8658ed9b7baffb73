import { describe, expect, it } from 'vitest';
import { roundedTopBar } from '../../../src/ui/components/roundedTopBar.ts';

describe('roundedTopBar', () => {
  it('outlines a bar from its base up, the two top corners rounded by the radius', () => {
    expect(roundedTopBar(10, 20, 30, 40, 3)).toBe('M10,60V23A3,3,0,0,1,13,20H37A3,3,0,0,1,40,23V60Z');
  });

  it('rounds less where the bar is narrower or shorter than two radii', () => {
    expect(roundedTopBar(0, 0, 4, 40, 3)).toBe('M0,40V2A2,2,0,0,1,2,0H2A2,2,0,0,1,4,2V40Z');
    expect(roundedTopBar(0, 10, 30, 1, 3)).toBe('M0,11V11A1,1,0,0,1,1,10H29A1,1,0,0,1,30,11V11Z');
  });

  it('draws nothing for a bar of no width or height (a share of 0, a run that took no time)', () => {
    expect(roundedTopBar(0, 10, 30, 0, 3)).toBeNull();
    expect(roundedTopBar(0, 10, 0, 20, 3)).toBeNull();
    expect(roundedTopBar(0, 10, Number.NaN, 20, 3)).toBeNull();
  });
});
