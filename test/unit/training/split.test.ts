import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/training/random.ts';
import type { Problem } from '../../../src/core/problems.ts';
import { batchPlaces, DEFAULT_SHARES, splitRows, splitSharesProblems, type SharesField, type Split, type SplitShares } from '../../../src/core/training/split.ts';
import type { Target } from '../../../src/core/training/task.ts';

/** A target of class indices (null = missing) or, for regression, values. */
function target(labels: (number | null)[], task: Target['task'] = 'binary'): Target {
  const classes = task === 'regression' ? null : [...new Set(labels.filter((l) => l !== null))].sort((a, b) => a - b).map(String);
  const values = Float64Array.from(labels, (l) => l ?? NaN);
  return { name: 'y', task, classes, labels: values, missingRows: labels.filter((l) => l === null).length, reason: '' };
}

const parts = (split: Split): Uint32Array[] => [split.train, split.validation, split.holdout];
const labelsOf = (t: Target, rows: Uint32Array): number[] => Array.from(rows, (r) => t.labels[r]!);
const countOf = (t: Target, rows: Uint32Array, k: number): number => labelsOf(t, rows).filter((l) => l === k).length;

/** Every part's rows ascending, the parts disjoint, their union every labelled row and nothing else. */
function expectPartition(t: Target, split: Split): void {
  for (const part of parts(split)) expect(Array.from(part)).toEqual(Array.from(part).sort((a, b) => a - b));
  const all = parts(split).flatMap((p) => Array.from(p));
  expect(new Set(all).size).toBe(all.length);
  const labelled = Array.from(t.labels.keys()).filter((r) => !Number.isNaN(t.labels[r]!));
  expect(all.sort((a, b) => a - b)).toEqual(labelled);
}

describe('splitRows', () => {
  const imbalanced = target(Array.from({ length: 1000 }, (_, i) => (i % 10 < 7 ? 0 : 1)));

  it('the same seed gives the same split; another seed another one', () => {
    const a = splitRows(imbalanced, DEFAULT_SHARES, 7);
    expect(splitRows(imbalanced, DEFAULT_SHARES, 7)).toEqual(a);
    expect(splitRows(imbalanced, DEFAULT_SHARES, 8)).not.toEqual(a);
  });

  it('is a partition of the labelled rows: rows with a missing target are left out', () => {
    const t = target(Array.from({ length: 200 }, (_, i) => (i % 9 === 0 ? null : i % 3)), 'multiclass');
    const split = splitRows(t, DEFAULT_SHARES, 1);
    expectPartition(t, split);
    for (const part of parts(split)) expect(labelsOf(t, part).some(Number.isNaN)).toBe(false);
  });

  it('is stratified: each class is cut in the shares on its own', () => {
    const split = splitRows(imbalanced, DEFAULT_SHARES, 3);
    // 700 of class 0 and 300 of class 1: holdout 20 %, validation 10 %, the rest training, per class.
    expect([0, 1].map((k) => countOf(imbalanced, split.holdout, k))).toEqual([140, 60]);
    expect([0, 1].map((k) => countOf(imbalanced, split.validation, k))).toEqual([70, 30]);
    expect([0, 1].map((k) => countOf(imbalanced, split.train, k))).toEqual([490, 210]);
  });

  it('a class of 5 rows still reaches every part', () => {
    const t = target([...Array.from({ length: 95 }, () => 0), 1, 1, 1, 1, 1]);
    for (let seed = 0; seed < 20; seed++) {
      const split = splitRows(t, DEFAULT_SHARES, seed);
      for (const part of parts(split)) expect(countOf(t, part, 1)).toBeGreaterThan(0);
    }
  });

  it('even with large holdout and validation shares, a class of 5 rows keeps a training row', () => {
    // Shares that splitSharesProblems accepts: 0.7 + 0.19 < 0.9. round(3.5) = 4 holdout rows and max(1, round(0.95)) = 1
    // validation row left the class of 5 nothing to train on.
    const shares = { holdout: 0.7, validation: 0.19 };
    expect(splitSharesProblems(shares)).toEqual([]);
    const t = target([...Array.from({ length: 50 }, () => 0), ...Array.from({ length: 5 }, () => 1)]);
    const split = splitRows(t, shares, 1);
    expect(countOf(t, split.train, 1)).toBeGreaterThan(0);
  });

  it('regression is cut as one group, in the shares', () => {
    const t = target(Array.from({ length: 101 }, (_, i) => i * 0.5), 'regression');
    const split = splitRows(t, { holdout: 0.25, validation: 0.15 }, 5);
    expectPartition(t, split);
    expect([split.train.length, split.validation.length, split.holdout.length]).toEqual([61, 15, 25]);
  });

  it('shuffles: the holdout is not the first rows', () => {
    const t = target(Array.from({ length: 100 }, () => 1.5), 'regression');
    const { holdout } = splitRows(t, DEFAULT_SHARES, 42);
    expect(Array.from(holdout)).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('splitRows with batches in arrival order', () => {
  // Three batches of 100 rows, classes alternating: rows 0-99 the oldest, 200-299 the newest.
  const t = target(Array.from({ length: 300 }, (_, i) => i % 2));
  const spans = [0, 100, 200].map((start) => ({ start, rows: 100 }));
  const batchOf = batchPlaces(spans)!;

  it('holds out the newest labelled rows: half of the newest batch, then the next newest', () => {
    const split = splitRows(t, DEFAULT_SHARES, 1, batchOf);
    expectPartition(t, split);
    expect(split.holdout).toHaveLength(60);
    expect([0, 1, 2].map((b) => Array.from(split.holdout).filter((row) => batchOf(row) === b).length)).toEqual([0, 10, 50]);
    // The newest batch still trains the model, and validation is drawn from every batch.
    expect(Array.from(split.train).filter((row) => row >= 200).length).toBeGreaterThan(0);
    expect(new Set(Array.from(split.validation, batchOf)).size).toBe(3);
  });

  it('when half of every batch is not enough, fills up from the newest rows left', () => {
    const split = splitRows(t, { holdout: 0.7, validation: 0.1 }, 2, batchOf);
    expectPartition(t, split);
    const perBatch = [0, 1, 2].map((b) => Array.from(split.holdout).filter((row) => batchOf(row) === b).length);
    // Per class: 25 rows of each batch (half of its 50), then the 30 newest rows left: 25 of batch 2, 5 of batch 1.
    expect(perBatch).toEqual([50, 60, 100]);
  });

  it('with one batch, is the plain random split', () => {
    expect(batchPlaces([{ start: 0, rows: 300 }])).toBeNull();
    expect(splitRows(t, DEFAULT_SHARES, 3, batchPlaces([{ start: 0, rows: 300 }]))).toEqual(splitRows(t, DEFAULT_SHARES, 3));
  });
});

describe('splitSharesProblems', () => {
  it('accepts the defaults', () => {
    expect(splitSharesProblems(DEFAULT_SHARES)).toEqual([]);
  });

  const holdout = { field: 'holdout', message: 'the holdout share must be above 0 and below 0.9' } as const;
  const together = { field: 'shares', message: 'holdout and validation together must leave at least 10% of the rows for training' } as const;
  it.each<[SplitShares, Problem<SharesField>[]]>([
    [{ holdout: 0, validation: 0.1 }, [holdout]],
    [{ holdout: 0.2, validation: 0 }, [{ field: 'validation', message: 'the validation share must be above 0 and below 0.9' }]],
    [{ holdout: NaN, validation: 0.1 }, [holdout]],
    [{ holdout: 0.5, validation: 0.4 }, [together]],
    [{ holdout: 0.95, validation: 0.1 }, [holdout, together]],
  ])('%j', (shares, problems) => {
    expect(splitSharesProblems(shares)).toEqual(problems);
  });
});

describe('splitRows properties', () => {
  /** 2 to 5 classes of 5 to 60 rows each, some rows missing, in a shuffled order. */
  const labelled = fc
    .record({
      sizes: fc.array(fc.integer({ min: 5, max: 60 }), { minLength: 2, maxLength: 5 }),
      missing: fc.integer({ min: 0, max: 10 }),
      order: fc.integer(),
    })
    .map(({ sizes, missing, order }) => {
      const labels: (number | null)[] = [...sizes.flatMap((n, k) => Array.from({ length: n }, () => k)), ...Array.from({ length: missing }, () => null)];
      const shuffled = new Random(order).shuffle(labels.map((_, i) => i));
      return target(shuffled.map((i) => labels[i]!), sizes.length === 2 ? 'binary' : 'multiclass');
    });
  const shares = fc.record({ holdout: fc.double({ min: 0.05, max: 0.4, noNaN: true }), validation: fc.double({ min: 0.05, max: 0.3, noNaN: true }) });

  it('is a partition of the labelled rows, the same for the same seed, with every class in every part', () => {
    fc.assert(
      fc.property(labelled, shares, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (t, s, seed) => {
        const split = splitRows(t, s, seed);
        expectPartition(t, split);
        expect(splitRows(t, s, seed)).toEqual(split);
        for (const part of parts(split)) for (let k = 0; k < t.classes!.length; k++) expect(countOf(t, part, k)).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('per class, holdout and validation counts are within one row of the asked shares', () => {
    fc.assert(
      fc.property(labelled, shares, fc.integer({ min: 0, max: 1000 }), (t, s, seed) => {
        const split = splitRows(t, s, seed);
        for (let k = 0; k < t.classes!.length; k++) {
          const n = labelsOf(t, Uint32Array.from(t.labels.keys())).filter((l) => l === k).length;
          expect(Math.abs(countOf(t, split.holdout, k) - n * s.holdout)).toBeLessThanOrEqual(1);
          expect(Math.abs(countOf(t, split.validation, k) - n * s.validation)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('splitRows on a large table', () => {
  it('splits 1,000,000 rows of two batches (a holdout too large to spread into one call)', () => {
    const rows = 1_000_000;
    const target: Target = { name: 'y', task: 'regression', classes: null, labels: Float64Array.from({ length: rows }, (_, i) => (i * 7) % 1000), missingRows: 0, reason: '' };
    const split = splitRows(target, { holdout: 0.2, validation: 0.1 }, 3, batchPlaces([{ start: 0, rows: 500_000 }, { start: 500_000, rows: 500_000 }]));
    expect(split.holdout.length + split.validation.length + split.train.length).toBe(rows);
    expect(split.holdout).toHaveLength(200_000);
  });
});
