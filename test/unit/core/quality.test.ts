import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KEPT_CATEGORIES, profileColumn, topCategories, withQualityDefaults, type ColumnQuality } from '../../../src/core/quality.ts';
import { categoricalColumn, numericColumn, profile } from '../helpers/columns.ts';

const letters = (n: number): string[] => Array.from({ length: n }, (_, i) => `id${i}`);

// Expected numbers from numpy 1.24 / pandas 1.5 (/usr/bin/python3):
//   np.histogram(v, bins=20); pd.Series(v).mean(), .std() (ddof=1)

describe('profileColumn: numeric', () => {
  it('summary and histogram as pandas and numpy give them', () => {
    const v = [2.5, 0.1, 3.7, 1.2, 4.4, 0.1, 9.9, 5.5, 2.2, 7.3];
    const q = profile(numericColumn('x', [...v.slice(0, 3), null, ...v.slice(3)]));
    expect(q).toMatchObject({ name: 'x', type: 'numeric', rows: 11, missing: 1, distinct: 9, flags: [] });
    expect(q.missingShare).toBeCloseTo(1 / 11, 15);
    const s = q.numeric;
    expect(s?.min).toBe(0.1);
    expect(s?.max).toBe(9.9);
    expect(s?.mean).toBeCloseTo(3.69, 12);
    expect(s?.std).toBeCloseTo(3.1796051466949304, 12);
    expect(s?.histogram.counts).toEqual([2, 0, 1, 0, 2, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1]);
    const edges = [
      0.1, 0.5900000000000001, 1.08, 1.5700000000000003, 2.06, 2.5500000000000003, 3.0400000000000005, 3.5300000000000002,
      4.0200000000000005, 4.51, 5.0, 5.49, 5.98, 6.470000000000001, 6.96, 7.45, 7.94, 8.43, 8.92, 9.41, 9.9,
    ];
    expect(s?.histogram.edges).toEqual(edges);
  });

  it('counts distinct values as a Set does, in the same passes as its summary (NaN missing, -0 and 0 one value)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double(), { maxLength: 300 }), { maxLength: 4 }), (parts) => {
        const chunks = parts.map((p) => Float64Array.from(p));
        const present = chunks.flatMap((c) => [...c].filter((v) => v === v));
        const q = profileColumn({ column: { name: 'x', type: 'numeric', chunks }, inferredType: 'numeric', coercedToMissing: 0 });
        expect(q.distinct).toBe(new Set(present).size);
        expect(q.missing).toBe(chunks.reduce((n, c) => n + c.length, 0) - present.length);
      }),
    );
  });

  it('values on bin edges go where numpy puts them (edges decide, last bin closed)', () => {
    const v = Array.from({ length: 11 }, (_, i) => i / 1000); // 0, 0.001, …, 0.01
    const s = profile(numericColumn('x', v)).numeric;
    expect(s?.histogram.counts).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1]);
    expect(s?.histogram.edges[18]).toBe(0.009000000000000001);
    expect(s?.histogram.edges[20]).toBe(0.01);
    expect(s?.mean).toBeCloseTo(0.005, 15);
    expect(s?.std).toBeCloseTo(0.0033166247903554, 15);
  });

  it('the maximum is counted in the last bin, and counts add up to the present values', () => {
    const s = profile(numericColumn('x', [0, 10, 10, 5, null])).numeric;
    expect(s?.histogram.counts[19]).toBe(2);
    expect(s?.histogram.counts[10]).toBe(1);
    expect(s?.histogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('a single value: std 0; a constant column: one bin and the constant flag', () => {
    expect(profile(numericColumn('x', [4, null])).numeric).toMatchObject({ min: 4, max: 4, mean: 4, std: 0 });
    const q = profile(numericColumn('x', [3, 3, 3]));
    expect(q.flags).toEqual(['constant']);
    expect(q.distinct).toBe(1);
    expect(q.numeric?.histogram).toEqual({ edges: [3, 3], counts: [3] });
  });

  it('no present values: no summary, all-missing', () => {
    const q = profile(numericColumn('x', [null, null]));
    expect(q.numeric).toBeUndefined();
    expect(q).toMatchObject({ rows: 2, missing: 2, missingShare: 1, distinct: 0, flags: ['all-missing'] });
  });

  it('passes on the inferred type and the override count', () => {
    const q = profileColumn({ column: numericColumn('x', [1, null]), inferredType: 'categorical', coercedToMissing: 1 });
    expect(q).toMatchObject({ type: 'numeric', inferredType: 'categorical', coercedToMissing: 1 });
  });
});

describe('profileColumn: categorical', () => {
  it('counts, most frequent first, ties by value', () => {
    const q = profile(categoricalColumn('c', ['b', 'a', 'b', null, 'c', 'a', 'b', 'd']));
    expect(q.categorical).toEqual({
      counts: [
        { value: 'b', count: 3 },
        { value: 'a', count: 2 },
        { value: 'c', count: 1 },
        { value: 'd', count: 1 },
      ],
      truncated: false,
    });
    expect(q).toMatchObject({ rows: 8, missing: 1, distinct: 4, flags: [] });
    expect(q.numeric).toBeUndefined();
  });

  it('keeps at most KEPT_CATEGORIES categories; topCategories gives the first 10', () => {
    const many = Array.from({ length: KEPT_CATEGORIES + 5 }, (_, i) => `v${String(i).padStart(4, '0')}`);
    const q = profile(categoricalColumn('c', ['v0003', ...many]));
    expect(q.distinct).toBe(KEPT_CATEGORIES + 5);
    expect(q.categorical?.truncated).toBe(true);
    expect(q.categorical?.counts).toHaveLength(KEPT_CATEGORIES);
    expect(topCategories(q).map((c) => c.value)).toEqual(['v0003', 'v0000', 'v0001', 'v0002', 'v0004', 'v0005', 'v0006', 'v0007', 'v0008', 'v0009']);
  });
});

describe('profileColumn: flags', () => {

  it('constant', () => {
    expect(profile(categoricalColumn('c', ['a', 'a', null])).flags).toEqual(['constant']);
  });

  it('all-missing (and not mostly-missing)', () => {
    expect(profile(categoricalColumn('c', [null, null, null])).flags).toEqual(['all-missing']);
  });

  it('mostly-missing: more than half missing', () => {
    expect(profile(numericColumn('x', [1, 2, 3, 4, null, null, null, null, null, null])).flags).toEqual(['mostly-missing']);
    expect(profile(numericColumn('x', [1, 2, null, null])).flags).toEqual([]); // exactly half
    expect(profile(categoricalColumn('c', ['a', null, null])).flags).toEqual(['constant', 'mostly-missing']);
  });

});

describe('profileColumn: id-like (docs/statistics.md, unique on >= 95% of >= 20 non-missing rows)', () => {
  it('at the 95% boundary: 19 distinct of 20 rows is id-like, 18 of 20 is not', () => {
    expect(profile(categoricalColumn('c', [...letters(19), 'id0'])).idLike).toBe(true);
    expect(profile(categoricalColumn('c', [...letters(18), 'id0', 'id1'])).idLike).toBe(false);
    expect(profile(categoricalColumn('c', [...letters(38), 'id0', 'id1'])).idLike).toBe(true);
  });

  it('needs 20 non-missing rows; missing rows count for neither side', () => {
    expect(profile(categoricalColumn('c', letters(19))).idLike).toBe(false);
    expect(profile(categoricalColumn('c', letters(20))).idLike).toBe(true);
    expect(profile(categoricalColumn('c', [...letters(19), null, null])).idLike).toBe(false);
    expect(profile(categoricalColumn('c', [...letters(20), null, null, null])).idLike).toBe(true);
  });

  it('a datetime column can be id-like, a numeric one never', () => {
    const days = letters(20).map((_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    expect(profileColumn({ column: categoricalColumn('d', days), type: 'datetime', inferredType: 'datetime', coercedToMissing: 0 }).idLike).toBe(true);
    expect(profile(numericColumn('x', Array.from({ length: 30 }, (_, i) => i))).idLike).toBe(false);
  });

  it('no quality flag names unique rows any more; old reports get idLike from their counts', () => {
    const stored = { ...profile(categoricalColumn('c', letters(21))), flags: ['unique-per-row'] } as unknown as ColumnQuality;
    delete (stored as Partial<ColumnQuality>).idLike;
    expect(withQualityDefaults(stored)).toMatchObject({ idLike: true, flags: [] });
  });
});

describe('profileColumn: datetime range', () => {
  it('gives the earliest and latest instant as written, whatever the form', () => {
    const column = categoricalColumn('d', ['2024/03/01', '2024-01-05T10:00:00+02:00', null, '2024-01-05 09:00Z', '2024-12-31']);
    const q = profileColumn({ column, type: 'datetime', inferredType: 'datetime', coercedToMissing: 0 });
    expect(q).toMatchObject({ type: 'datetime', datetime: { min: '2024-01-05T10:00:00+02:00', max: '2024-12-31' }, missing: 1 });
  });

  it('has no range when no cell fits', () => {
    expect(profileColumn({ column: categoricalColumn('d', [null]), type: 'datetime', inferredType: 'datetime', coercedToMissing: 0 }).datetime).toBeUndefined();
  });
});
