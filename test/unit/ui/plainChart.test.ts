import { describe, expect, it } from 'vitest';
import { bands, cutText, labelled, linePath, linearScale, nearestIndex, plotArea, slot, slotAt } from '../../../src/ui/components/plainChart.ts';

describe('plain chart geometry', () => {
  it('leaves the margins and the axes out of the plot', () => {
    expect(plotArea(400, 240, { top: 12, right: 16, bottom: 4, left: 0 }, 52, 30)).toEqual({ left: 52, top: 12, right: 384, bottom: 206 });
  });

  it('maps a domain linearly onto a range, reversed for a y axis', () => {
    const y = linearScale([0, 10], [206, 6]);
    expect(y(0)).toBe(206);
    expect(y(10)).toBe(6);
    expect(y(2.5)).toBe(156);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(0);
  });

  it('draws a line through the points with a y, joining across the ones without', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: null }, { x: 10.123, y: 2.5 }])).toBe('M0,10L10.12,2.5');
    expect(linePath([{ x: 0, y: null }, { x: 1, y: 4 }])).toBe('M1,4');
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });

  it('centres bars in equal slots, the gap left around each, no wider than the most', () => {
    expect(bands(2, 0, 100, 0.25, 48)).toEqual([{ x: 6.25, width: 37.5 }, { x: 56.25, width: 37.5 }]);
    expect(bands(1, 0, 200, 0.25, 48)).toEqual([{ x: 76, width: 48 }]);
    expect(bands(0, 0, 100, 0.25, 48)).toEqual([]);
  });

  it('gives a whole slot, the one the pointer finds over it, with its bar centred in it', () => {
    expect(slot(2, 4, 20, 120)).toEqual({ x: 70, width: 25 });
    expect(slot(0, 0, 0, 100)).toEqual({ x: 0, width: 100 });
    const slots = Array.from({ length: 7 }, (_, i) => slot(i, 7, 52, 384));
    slots.forEach((s, i) => {
      expect(slotAt(s.x + s.width / 2, 7, 52, 384)).toBe(i);
      const bar = bands(7, 52, 384, 0.25, 48)[i]!;
      expect(bar.x - s.x).toBeCloseTo(s.x + s.width - (bar.x + bar.width), 9);
    });
  });

  it('finds the slot under the pointer, none outside the plot', () => {
    expect(slotAt(0, 4, 0, 100)).toBe(0);
    expect(slotAt(74.9, 4, 0, 100)).toBe(2);
    expect(slotAt(99.9, 4, 0, 100)).toBe(3);
    expect(slotAt(100, 4, 0, 100)).toBeNull();
    expect(slotAt(-1, 4, 0, 100)).toBeNull();
    expect(slotAt(10, 0, 0, 100)).toBeNull();
  });

  it('finds the nearest x, the earlier one on a tie', () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20], 5)).toBe(0);
    expect(nearestIndex([0, 10, 20], -5)).toBe(0);
    expect(nearestIndex([0, 10, 20], 99)).toBe(2);
    expect(nearestIndex([], 3)).toBeNull();
  });

  it('labels every (interval + 1)-th category from the first', () => {
    expect(labelled(10, 0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(labelled(10, 3)).toEqual([0, 4, 8]);
    expect(labelled(0, 3)).toEqual([]);
  });
});

describe('cutText', () => {
  it('keeps a text of up to `chars` characters whole', () => {
    expect(cutText('thunderstorm-and-rain', 21)).toBe('thunderstorm-and-rain');
    expect(cutText('', 21)).toBe('');
    expect(cutText('any length at all', Infinity)).toBe('any length at all');
  });

  it('cuts a longer text to `chars` characters, the last an ellipsis', () => {
    expect(cutText('thunderstorm-and-heavy-rain', 21)).toBe('thunderstorm-and-hea…');
    expect(cutText('thunderstorm-and-heavy-rain', 21)).toHaveLength(21);
  });
});
