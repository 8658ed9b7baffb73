import { describe, expect, it } from 'vitest';
import type { Column } from '../../../src/core/columns.ts';
import { analyseTarget, MAX_CLASSES, MIN_ROWS_PER_CLASS, TrainingInputError, type TaskOverride } from '../../../src/core/training/task.ts';
import { seriesOf } from '../../../src/core/training/table.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { tableOf } from '../helpers/training.ts';

const analyse = (column: Column, override: TaskOverride = null) => {
  const table = tableOf([column]);
  return analyseTarget(seriesOf(table, column.name), table.rows, override);
};

/** The TrainingInputError's message; fails when analyseTarget accepts the column. */
function refusal(column: Column, override: TaskOverride = null): string {
  try {
    analyse(column, override);
  } catch (error) {
    expect(error).toBeInstanceOf(TrainingInputError);
    return (error as Error).message;
  }
  throw new Error('expected a TrainingInputError');
}

const repeat = <T>(values: T[], times: number): T[] => Array.from({ length: times }, () => values).flat();

describe('analyseTarget: the task', () => {
  it('a categorical target with two classes is binary; labels are class indices in sorted order', () => {
    const target = analyse(categoricalColumn('churn', repeat(['yes', 'no', null], 6)));
    expect(target).toMatchObject({ name: 'churn', task: 'binary', classes: ['no', 'yes'], missingRows: 6, reason: '"churn" is categorical → classification' });
    expect(Array.from(target.labels.slice(0, 6))).toEqual([1, 0, NaN, 1, 0, NaN]);
  });

  it('three classes or more are multiclass; numeric-looking classes sort as numbers', () => {
    const target = analyse(categoricalColumn('grade', repeat(['10', '9', '2'], 5)));
    expect(target.task).toBe('multiclass');
    expect(target.classes).toEqual(['2', '9', '10']);
    expect(Array.from(target.labels.slice(0, 3))).toEqual([2, 1, 0]);
  });

  it('a numeric target is regression; missing values are NaN and counted', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? null : i * 0.5));
    const target = analyse(numericColumn('price', values));
    expect(target).toMatchObject({ task: 'regression', classes: null, missingRows: 3, reason: '"price" is numeric → regression' });
    expect(Array.from(target.labels)).toEqual(values.map((v) => v ?? NaN));
  });

  it('the user may choose classification for a numeric target: classes are its values as text', () => {
    const target = analyse(numericColumn('rating', repeat([1, 0, 2.5, null], 5)), 'classification');
    expect(target).toMatchObject({ task: 'multiclass', classes: ['0', '1', '2.5'], missingRows: 5, reason: 'classification, as chosen' });
  });

  it('the user may choose regression for a categorical target that holds numbers', () => {
    const target = analyse(categoricalColumn('score', repeat(['1.5', '2', null, ' 3 '], 5)), 'regression');
    expect(target).toMatchObject({ task: 'regression', missingRows: 5, reason: 'regression, as chosen' });
    expect(Array.from(target.labels.slice(0, 4))).toEqual([1.5, 2, NaN, 3]);
  });

  it('distinct integers that do not count 1, 2, 3, … are an ordinary regression target', () => {
    const values = Array.from({ length: 40 }, (_, i) => i * 3);
    expect(analyse(numericColumn('y', values)).task).toBe('regression');
  });

  it('every class with exactly the minimum rows is accepted', () => {
    const target = analyse(categoricalColumn('c', repeat(['a', 'b', 'c'], MIN_ROWS_PER_CLASS)));
    expect(target.classes).toEqual(['a', 'b', 'c']);
  });
});

describe('analyseTarget: refusals say what is wrong and what to change', () => {
  it('a target with no values', () => {
    expect(refusal(categoricalColumn('y', [null, null]))).toBe('target "y" has no values in the chosen batches. Pick another target or other batches');
    expect(refusal(numericColumn('y', [null, null]))).toMatch(/no values.*Pick another target/);
  });

  it('a constant target', () => {
    expect(refusal(categoricalColumn('y', repeat(['same', null], 10)))).toBe(
      'target "y" is "same" in every row: a constant target leaves nothing to learn. Pick another target, or add batches where it varies',
    );
    expect(refusal(numericColumn('y', repeat([4], 30)))).toMatch(/"4" in every row.*Pick another target/);
  });

  it('a categorical target with a different value in every row, like an id', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `id-${i}`);
    expect(refusal(categoricalColumn('customer', ids))).toMatch(/^target "customer" has a different value in every row, like an id: .* Pick the column to predict as the target$/);
  });

  it('a numeric target counting 1, 2, 3, … like an id (in any row order, with missing rows)', () => {
    const values = [...Array.from({ length: 30 }, (_, i) => 30 - i), null, null];
    expect(refusal(numericColumn('row', values))).toMatch(/^target "row" counts 1, 2, 3, … .*like an id.*Pick the column to predict as the target$/);
  });

  it(`more than ${MAX_CLASSES} classes`, () => {
    const labels = repeat(Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`), 5);
    expect(refusal(categoricalColumn('zip', labels))).toBe(
      `target "zip" has ${MAX_CLASSES + 1} classes; classification takes at most ${MAX_CLASSES}. Pick another target, or train a regression if it is a number`,
    );
  });

  it('too few rows per class: names the classes and their counts, at most five, and what to do', () => {
    const labels = [...repeat(['big'], 20), 'r1', 'r2', 'r2', 'r3', 'r4', 'r5', 'r6', 'r6', 'r6'];
    expect(refusal(categoricalColumn('y', labels))).toBe(
      'too few rows per class in target "y": "r1" (1), "r2" (2), "r3" (1), "r4" (1), "r5" (1) and 1 more; each class needs at least 5. Add batches with more of them, or drop those rows',
    );
    expect(refusal(categoricalColumn('y', [...repeat(['a'], 10), ...repeat(['b'], 4)]))).toMatch(/"b" \(4\); each class needs at least 5/);
  });

  it('regression on text: names a value that is not a number', () => {
    expect(refusal(categoricalColumn('y', repeat(['1', '2', 'three'], 10)), 'regression')).toBe(
      'target "y" is not numeric (values like "three"); regression needs a numeric target. Choose classification, or another target',
    );
  });
});

describe('analyseTarget: class order', () => {
  it('is the same whatever order the rows come in, for numbers and texts mixed', () => {
    // compareLabels orders two numbers numerically and anything else as text: "10" < "1a" < "9" < "10" is a
    // cycle, so the sort's result depended on which label was seen first.
    const orders = [
      ['10', '9', '1a'],
      ['9', '1a', '10'],
      ['1a', '10', '9'],
    ];
    const classes = orders.map((order) => analyse(categoricalColumn('y', repeat(order, 5))).classes);
    expect(classes[1]).toEqual(classes[0]);
    expect(classes[2]).toEqual(classes[0]);
  });
});
