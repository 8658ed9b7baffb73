import { describe, expect, it } from 'vitest';
import { distinctlyLabelled, markerLanes, shareOf, timeAxis } from '../../../src/ui/history/championLayout.ts';

describe('the champion chart time axis', () => {
  it('spans every time with a twentieth of padding each side, and its ticks lie inside', () => {
    const axis = timeAxis([1_000_000, 1_100_000, 1_020_000]);
    expect(axis.domain).toEqual([995_000, 1_105_000]);
    expect(axis.ticks).toHaveLength(5);
    for (const tick of axis.ticks) expect(tick > axis.domain[0] && tick < axis.domain[1]).toBe(true);
    expect(axis.withDate).toBe(false);
  });

  it('pads a single time by a minute, and needs the date over more than a day', () => {
    expect(timeAxis([5_000_000]).domain).toEqual([4_940_000, 5_060_000]);
    expect(timeAxis([0, 3 * 24 * 3_600_000]).withDate).toBe(true);
    expect(() => timeAxis([])).toThrow('at least one time');
  });

  it('places a time as a share of the domain', () => {
    expect(shareOf(150, [100, 200])).toBe(0.5);
    expect(shareOf(100, [100, 100])).toBe(0.5);
  });
});

describe('marker lanes under the chart', () => {
  it('keeps markers apart in one lane when they are far enough, and stacks close ones in new lanes', () => {
    expect(markerLanes([0.1, 0.5, 0.9], 0.05)).toEqual([0, 0, 0]);
    expect(markerLanes([0.5, 0.51, 0.52, 0.6], 0.05)).toEqual([0, 1, 2, 0]);
  });

  it('never puts two markers of one lane closer than the gap, whatever the order given', () => {
    const shares = [0.9, 0.3, 0.31, 0.88, 0.3, 0.6];
    const lanes = markerLanes(shares, 0.04);
    for (let i = 0; i < shares.length; i++) {
      for (let j = i + 1; j < shares.length; j++) {
        if (lanes[i] === lanes[j]) expect(Math.abs(shares[i]! - shares[j]!)).toBeGreaterThanOrEqual(0.04);
      }
    }
  });
});

describe('time labels on the axis', () => {
  it('keeps a tick only where its label differs from the one before, so batches seconds apart show each second once', () => {
    const toSecond = (at: number): string => String(Math.floor(at / 1000));
    expect(distinctlyLabelled([1000, 1400, 1800, 2200, 2600, 3000], toSecond)).toEqual([1000, 2200, 3000]);
    expect(distinctlyLabelled([0, 60_000, 120_000], toSecond)).toEqual([0, 60_000, 120_000]);
    expect(distinctlyLabelled([], toSecond)).toEqual([]);
  });
});
