import { describe, expect, it } from 'vitest';
import { samePoints } from '../../../src/ui/components/samePoints.ts';

interface Point {
  name: string;
  share: number | null;
  drift: boolean;
  band: [number, number] | null;
}

const point = (name: string, share: number | null, band: [number, number] | null = null): Point => ({ name, share, drift: share !== null && share > 0.5, band });

describe('samePoints', () => {
  const points = [point('a.csv', 0.25, [0.1, 0.4]), point('b.csv', null), point('c.csv', 0.75)];

  it('holds for points made again with the same values, intervals included', () => {
    expect(samePoints(points, points.map((p) => ({ ...p, band: p.band && ([...p.band] as [number, number]) })))).toBe(true);
    expect(samePoints([point('a.csv', Number.NaN)], [point('a.csv', Number.NaN)])).toBe(true);
  });

  it('fails for another value, another interval end, a missing value, another length or other fields', () => {
    expect(samePoints(points, [point('a.csv', 0.3, [0.1, 0.4]), points[1]!, points[2]!])).toBe(false);
    expect(samePoints(points, [point('a.csv', 0.25, [0.1, 0.5]), points[1]!, points[2]!])).toBe(false);
    expect(samePoints(points, [point('a.csv', 0.25, null), points[1]!, points[2]!])).toBe(false);
    expect(samePoints(points, [points[0]!, point('b.csv', 0), points[2]!])).toBe(false);
    expect(samePoints(points, points.slice(0, 2))).toBe(false);
    expect(samePoints<Record<string, number>>([{ a: 1 }], [{ b: 1 }])).toBe(false);
    expect(samePoints<Record<string, number>>([{ a: 1 }], [{ a: 1, b: 2 }])).toBe(false);
  });
});
