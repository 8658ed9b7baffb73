import { describe, expect, it } from 'vitest';
import { isMissingCell, parseNumberCell } from '../../../src/core/csv/cells.ts';

describe('isMissingCell', () => {
  it.each(['', ' ', 'NA', 'n/a', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', ' NA ', 'none', '\tnull'])('%j is missing', (cell) => {
    expect(isMissingCell(cell)).toBe(true);
  });

  it.each(['nan0', 'Nope', '0', 'n', 'NAN!', 'nul', 'no', 'N A', '-', 'x'])('%j is a value', (cell) => {
    expect(isMissingCell(cell)).toBe(false);
  });
});

describe('parseNumberCell', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['1e3', 1000],
    [' 4 ', 4],
    ['.5', 0.5],
    ['5.', 5],
    ['+3', 3],
    ['0', 0],
    ['-0.25E-2', -0.0025],
    ['007', 7],
  ])('%j reads %d', (cell, expected) => {
    expect(parseNumberCell(cell)).toBe(expected);
  });

  it.each(['0x10', '0X1f', '0b1', '0o7', ' 0x10', 'Infinity', '-Infinity', '1e400', 'abc', '1,5', '', ' ', '\t', '1 2', 'NaN'])(
    '%j is not a number',
    (cell) => {
      expect(parseNumberCell(cell)).toBeNull();
    },
  );
});
