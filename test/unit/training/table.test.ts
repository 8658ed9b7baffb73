import { describe, expect, it } from 'vitest';
import { buildTable, seriesOf, TableError, type CategoricalSeries, type NumericSeries } from '../../../src/core/training/table.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const texts = (s: CategoricalSeries): (string | null)[] => Array.from(s.codes, (c) => (c < 0 ? null : s.dictionary[c]!));

describe('buildTable', () => {
  it('appends batches row-wise and records where each batch starts', () => {
    const table = buildTable(
      [
        { id: 'b1', name: 'one.csv', columns: [numericColumn('x', [1, 2, null]), categoricalColumn('c', ['a', 'b', 'a'])] },
        { id: 'b2', name: 'two.csv', columns: [categoricalColumn('c', ['b', null]), numericColumn('x', [4, 5])] },
      ],
      ['x', 'c'],
    );
    expect(table.rows).toBe(5);
    expect(table.batches).toEqual([
      { id: 'b1', start: 0, rows: 3 },
      { id: 'b2', start: 3, rows: 2 },
    ]);
    expect(Array.from((seriesOf(table, 'x') as NumericSeries).values)).toEqual([1, 2, NaN, 4, 5]);
    expect(texts(seriesOf(table, 'c') as CategoricalSeries)).toEqual(['a', 'b', 'a', 'b', null]);
    expect([...table.columns.keys()]).toEqual(['x', 'c']);
  });

  it('merges categorical dictionaries across batches: one code per text, whatever each batch numbered it', () => {
    // Batch 2 lists the texts in another order and adds a new one; batch 3 holds an unused dictionary entry.
    const second = categoricalColumn('c', ['green', 'red', 'blue', 'red']);
    const third = { ...categoricalColumn('c', ['blue']), dictionary: ['blue', 'unused'] };
    const table = buildTable(
      [
        { id: 'b1', name: 'one.csv', columns: [categoricalColumn('c', ['red', 'blue', null])] },
        { id: 'b2', name: 'two.csv', columns: [second] },
        { id: 'b3', name: 'three.csv', columns: [third] },
      ],
      ['c'],
    );
    const c = seriesOf(table, 'c') as CategoricalSeries;
    expect(c.dictionary.slice(0, 3)).toEqual(['red', 'blue', 'green']);
    expect(new Set(c.dictionary).size).toBe(c.dictionary.length);
    expect(texts(c)).toEqual(['red', 'blue', null, 'green', 'red', 'blue', 'red', 'blue']);
    expect(Array.from(c.codes)).toEqual([0, 1, -1, 2, 0, 1, 0, 1]);
  });

  it('keeps only the named columns', () => {
    const table = buildTable([{ id: 'b1', name: 'one.csv', columns: [numericColumn('x', [1]), numericColumn('y', [2])] }], ['y']);
    expect([...table.columns.keys()]).toEqual(['y']);
    expect(() => seriesOf(table, 'x')).toThrow(TableError);
  });

  it('refuses a column that is numeric in one batch and categorical in another, naming it', () => {
    const batches = [
      { id: 'b1', name: 'one.csv', columns: [numericColumn('x', [1, 2])] },
      { id: 'b2', name: 'two.csv', columns: [categoricalColumn('x', ['a', 'b'])] },
    ];
    expect(() => buildTable(batches, ['x'])).toThrow(TableError);
    expect(() => buildTable(batches, ['x'])).toThrow(/column "x" is numeric in one batch and categorical in another/);
    expect(() => buildTable([...batches].reverse(), ['x'])).toThrow(/column "x" is categorical in one batch and numeric in another/);
  });

  it('a batch without a named column is an error naming the batch and the column', () => {
    const batches = [
      { id: 'b1', name: 'one.csv', columns: [numericColumn('x', [1]), numericColumn('y', [1])] },
      { id: 'b2', name: 'two.csv', columns: [numericColumn('x', [2])] },
    ];
    const error = (() => {
      try {
        buildTable(batches, ['x', 'y']);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TableError);
    expect((error as Error).message).toBe('batch "two.csv" has no column "y"');
  });

  it('no batches: an empty table', () => {
    expect(buildTable([], ['x'])).toEqual({ rows: 0, columns: new Map(), batches: [] });
  });
});
