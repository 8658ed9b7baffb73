import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPreprocessing, inputNames, transform, type CategoricalFeature, type NumericFeature } from '../../../src/core/training/preprocess.ts';
import { TrainingInputError } from '../../../src/core/training/task.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { rowsUpTo, tableOf } from '../helpers/training.ts';

interface NumericGolden {
  values: (number | null)[];
  median: number;
  mean: number;
  scale: number;
  missingIndicator: boolean;
  scaled: number[];
  indicator: number[] | null;
}

interface CategoricalGolden {
  values: string[];
  kept: string[];
  infrequent: string[];
  counts: Record<string, number>;
  /** One-hot values per kept category, and "other" (scikit-learn's infrequent column). */
  onehot: Record<string, number[]>;
}

interface GoldenCase {
  name: string;
  rows: number;
  train: number[];
  k: number;
  numeric: Record<string, NumericGolden>;
  categorical: Record<string, CategoricalGolden>;
}

/** test/golden/training/preprocess.json, written by generate.py beside it from scikit-learn 1.2. */
const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../../golden/training/preprocess.json'), 'utf8')) as { cases: GoldenCase[] };

/** Fitted numbers are float64, like scikit-learn's; the network input is float32. */
const FITTED_RELATIVE = 1e-12;
const FLOAT32_ABSOLUTE = 2e-6;

const closeTo = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};

function goldenTable(c: GoldenCase) {
  const columns = [
    ...Object.entries(c.numeric).map(([name, g]) => numericColumn(name, g.values)),
    ...Object.entries(c.categorical).map(([name, g]) => categoricalColumn(name, g.values)),
  ];
  return tableOf(columns);
}

describe.each(golden.cases)('preprocessing against scikit-learn: $name', (c) => {
  const table = goldenTable(c);
  const train = Uint32Array.from(c.train);
  const features = [...Object.keys(c.numeric), ...Object.keys(c.categorical)];
  const pre = fitPreprocessing(table, features, train, c.k);
  const names = inputNames(pre);
  const x = transform(pre, table);
  const input = (name: string): number[] => {
    const j = names.indexOf(name);
    expect(j, `input "${name}" in ${names.join(', ')}`).toBeGreaterThanOrEqual(0);
    return Array.from({ length: c.rows }, (_, row) => x[row * pre.width + j]!);
  };

  // "tenth" (constant 0.1 in training) has its own test below.
  const numeric = Object.entries(c.numeric).filter(([name]) => name !== 'tenth');

  it('numeric: the median, mean and scale of SimpleImputer(median) + StandardScaler, fitted on the training rows', () => {
    for (const [name, g] of numeric) {
      const f = pre.features.find((p) => p.name === name) as NumericFeature;
      expect(f.kind).toBe('numeric');
      closeTo(f.median, g.median, FITTED_RELATIVE);
      closeTo(f.mean, g.mean, FITTED_RELATIVE);
      closeTo(f.scale, g.scale, FITTED_RELATIVE);
      expect(f.missingIndicator, name).toBe(g.missingIndicator);
    }
  });

  it('numeric: the transformed values of every row, and the missing indicator', () => {
    for (const [name, g] of numeric) {
      input(name).forEach((v, row) => closeTo(v, g.scaled[row]!, FLOAT32_ABSOLUTE));
      if (g.indicator) expect(input(`${name} is missing`)).toEqual(g.indicator);
      else expect(names).not.toContain(`${name} is missing`);
    }
  });

  it('categorical: the K most frequent training categories, the rest (and unseen ones) in "other", like OneHotEncoder(max_categories=K+1)', () => {
    for (const [name, g] of Object.entries(c.categorical)) {
      const f = pre.features.find((p) => p.name === name) as CategoricalFeature;
      expect([...f.categories].sort()).toEqual([...g.kept].sort());
      // Relearn's order: most frequent first.
      expect(f.categories.map((k) => g.counts[k]!)).toEqual(f.categories.map((k) => g.counts[k]!).sort((a, b) => b - a));
      for (const kept of g.kept) expect(input(`${name}=${kept}`)).toEqual(g.onehot[kept]);
      expect(input(`${name}=other`)).toEqual(g.onehot.other);
    }
  });

  it('the input width is the sum of each feature`s columns and names them all', () => {
    expect(names).toHaveLength(pre.width);
    expect(x).toHaveLength(c.rows * pre.width);
  });
});

describe('a column constant in training at a value like 0.1', () => {
  it('gets scale 1, as StandardScaler gives it: its computed spread is rounding error, not a scale', () => {
    // 0.1 + 0.1 + 0.1 is not 3 × 0.1 in binary floating point: the mean is off by 1e-17 and the standard
    // deviation comes out about 1.4e-17 instead of 0. Dividing by it turned a scoring row of 0.3 into 1.4e16.
    for (const c of golden.cases) {
      const g = c.numeric.tenth!;
      const table = goldenTable(c);
      const pre = fitPreprocessing(table, ['tenth'], Uint32Array.from(c.train), c.k);
      const f = pre.features[0] as NumericFeature;
      expect(f.scale, c.name).toBe(g.scale);
      closeTo(f.mean, g.mean, FITTED_RELATIVE);
      Array.from(transform(pre, table)).forEach((v, row) => closeTo(v, g.scaled[row]!, FLOAT32_ABSOLUTE));
    }
  });
});

describe('fitPreprocessing', () => {
  const table = tableOf([
    numericColumn('x', [1, 2, 3, null, 100, 7]),
    categoricalColumn('c', ['a', 'b', 'b', null, 'z', 'a']),
  ]);
  const train = Uint32Array.from([0, 1, 2, 3]);

  it('fits on the training rows only: changing a holdout row changes no fitted number', () => {
    const before = fitPreprocessing(table, ['x', 'c'], train, 20);
    const changed = tableOf([
      numericColumn('x', [1, 2, 3, null, -5e9, NaN]),
      categoricalColumn('c', ['a', 'b', 'b', null, 'new', 'new']),
    ]);
    expect(fitPreprocessing(changed, ['x', 'c'], train, 20)).toEqual(before);
    expect(before.features).toEqual([
      { name: 'x', kind: 'numeric', median: 2, mean: 2, scale: Math.sqrt(0.5), missingIndicator: true },
      { name: 'c', kind: 'categorical', categories: ['b', 'a'] },
    ]);
    expect(inputNames(before)).toEqual(['x', 'x is missing', 'c=b', 'c=a', 'c=other']);
    expect(before.width).toBe(5);
  });

  it('a constant column gets scale 1; no missing value in training means no indicator, even when later rows have some', () => {
    const pre = fitPreprocessing(tableOf([numericColumn('k', [4, 4, 4, null])]), ['k'], Uint32Array.from([0, 1, 2]));
    expect(pre.features[0]).toEqual({ name: 'k', kind: 'numeric', median: 4, mean: 4, scale: 1, missingIndicator: false });
    expect(Array.from(transform(pre, tableOf([numericColumn('k', [4, 6, null])])))).toEqual([0, 2, 0]);
  });

  it('a column with every training value missing: median 0, an indicator, all inputs 0 but the indicator', () => {
    const pre = fitPreprocessing(tableOf([numericColumn('m', [null, null, 3])]), ['m'], Uint32Array.from([0, 1]));
    expect(pre.features[0]).toEqual({ name: 'm', kind: 'numeric', median: 0, mean: 0, scale: 1, missingIndicator: true });
    expect(Array.from(transform(pre, tableOf([numericColumn('m', [null, 3])])))).toEqual([0, 1, 3, 0]);
  });

  it('with missing numbers kept (the tree families): no indicator, NaN stays NaN, present values standardised as before', () => {
    const kept = fitPreprocessing(table, ['x', 'c'], train, 20, 'keep');
    const imputed = fitPreprocessing(table, ['x', 'c'], train, 20);
    expect(kept.missing).toBe('keep');
    expect(imputed).not.toHaveProperty('missing');
    expect(kept.features[0]).toEqual({ ...imputed.features[0], missingIndicator: false });
    expect(inputNames(kept)).toEqual(['x', 'c=b', 'c=a', 'c=other']);
    const x = Array.from(transform(kept, table, [2, 3]));
    expect(x.slice(0, 4)).toEqual([Math.fround(1 / Math.sqrt(0.5)), 1, 0, 0]);
    expect(Number.isNaN(x[4])).toBe(true);
    expect(x.slice(5)).toEqual([0, 0, 0]);
  });

  it('ties in frequency keep the category that sorts first (scikit-learn would keep the later one)', () => {
    const pre = fitPreprocessing(tableOf([categoricalColumn('c', ['q', 'p', 'r', 'q', 'p', 'r'])]), ['c'], rowsUpTo(6), 2);
    expect((pre.features[0] as CategoricalFeature).categories).toEqual(['p', 'q']);
  });

  it('topK above the number of categories keeps them all, plus an "other" input', () => {
    const pre = fitPreprocessing(tableOf([categoricalColumn('c', ['a', 'b', 'a'])]), ['c'], rowsUpTo(3), 20);
    expect(inputNames(pre)).toEqual(['c=a', 'c=b', 'c=other']);
  });

  it('refuses by name a feature too large to standardise into 32-bit floats; large but representable values are scaled', () => {
    const refuse = (values: number[]) => () => fitPreprocessing(tableOf([numericColumn('big', values)]), ['big'], rowsUpTo(values.length));
    expect(refuse([1e200, -1e200, 3])).toThrow(TrainingInputError);
    expect(refuse([1e200, -1e200, 3])).toThrow(/^feature "big" has values too large to standardise .*; rescale it or leave it out$/);
    expect(refuse([4e38, 5e38, 6e38])).toThrow(/^feature "big" has values too large/);
    const pre = fitPreprocessing(tableOf([numericColumn('big', [1e30, 2e30, 3e30])]), ['big'], rowsUpTo(3));
    const x = Array.from(transform(pre, tableOf([numericColumn('big', [1e30, 2e30, 3e30])])));
    [-Math.sqrt(1.5), 0, Math.sqrt(1.5)].forEach((v, i) => closeTo(x[i]!, v, FLOAT32_ABSOLUTE));
  });

  it('refuses a feature the table does not hold', () => {
    expect(() => fitPreprocessing(table, ['x', 'nope'], train)).toThrow(TrainingInputError);
    expect(() => fitPreprocessing(table, ['x', 'nope'], train)).toThrow('no feature column "nope"');
  });
});

describe('transform', () => {
  const fitted = fitPreprocessing(
    tableOf([numericColumn('x', [0, 2, 4]), categoricalColumn('colour', ['red', 'red', 'blue'])]),
    ['x', 'colour'],
    rowsUpTo(3),
  );

  it('an unseen category goes to "other"; a missing one is all zeros; a batch`s own dictionary order does not matter', () => {
    // Codes in this batch: green 0, blue 1, red 2.
    const batch = tableOf([numericColumn('x', [2, 2, 2, 2]), categoricalColumn('colour', ['green', 'blue', null, 'red'])]);
    expect(inputNames(fitted)).toEqual(['x', 'colour=red', 'colour=blue', 'colour=other']);
    const x = Array.from(transform(fitted, batch));
    expect(x).toEqual([
      ...[0, 0, 0, 1], // green: other
      ...[0, 0, 1, 0], // blue
      ...[0, 0, 0, 0], // missing
      ...[0, 1, 0, 0], // red
    ]);
  });

  it('picks the asked rows in the asked order', () => {
    const batch = tableOf([numericColumn('x', [0, 2, 4]), categoricalColumn('colour', ['red', 'blue', 'red'])]);
    const scale = Math.sqrt(8 / 3);
    expect(Array.from(transform(fitted, batch, [2, 0]))).toEqual([Math.fround((4 - 2) / scale), 1, 0, 0, Math.fround((0 - 2) / scale), 1, 0, 0]);
  });

  it('refuses a batch without a column the model needs, or with its type changed', () => {
    expect(() => transform(fitted, tableOf([numericColumn('x', [1])]))).toThrow('column "colour" is missing; the model needs it');
    expect(() => transform(fitted, tableOf([categoricalColumn('x', ['1']), categoricalColumn('colour', ['red'])]))).toThrow(
      'column "x" is categorical here, but the model was trained on it as numeric',
    );
    expect(() => transform(fitted, tableOf([numericColumn('x', [1]), numericColumn('colour', [1])]))).toThrow(
      'column "colour" is numeric here, but the model was trained on it as categorical',
    );
  });
});
