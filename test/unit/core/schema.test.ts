import { describe, expect, it } from 'vitest';
import { inferColumnType, type ColumnEvidence } from '../../../src/core/schema.ts';
import { columnNamed, readText } from '../helpers/csv.ts';

const evidence = (e: Partial<ColumnEvidence>): ColumnEvidence => ({
  nonMissing: 10,
  allNumeric: true,
  allInteger: true,
  distinctNumbers: 6,
  allDatetime: false,
  ...e,
});

describe('inferColumnType (docs/statistics.md "Column typing")', () => {
  it('numeric: all numbers and more than 5 distinct values', () => {
    expect(inferColumnType(evidence({ distinctNumbers: 6 }))).toBe('numeric');
  });

  it('numeric: all numbers and not integer-valued, however few distinct', () => {
    expect(inferColumnType(evidence({ allInteger: false, distinctNumbers: 1 }))).toBe('numeric');
    expect(inferColumnType(evidence({ allInteger: false, distinctNumbers: 2 }))).toBe('numeric');
  });

  it('categorical: integer codes with at most 5 distinct values', () => {
    for (const distinctNumbers of [1, 2, 5]) expect(inferColumnType(evidence({ distinctNumbers }))).toBe('categorical');
  });

  it('categorical: any non-numeric value', () => {
    expect(inferColumnType(evidence({ allNumeric: false, distinctNumbers: 100 }))).toBe('categorical');
    expect(inferColumnType(evidence({ allNumeric: false, allInteger: false }))).toBe('categorical');
  });

  it('categorical: all missing', () => {
    expect(inferColumnType({ nonMissing: 0, allNumeric: true, allInteger: true, distinctNumbers: 0, allDatetime: true })).toBe('categorical');
  });

  it('datetime: every value a date or date-time, before any other rule', () => {
    expect(inferColumnType(evidence({ allNumeric: false, allDatetime: true }))).toBe('datetime');
  });
});

describe('column typing end to end through readCsv', () => {
  const typeOf = async (cells: string[]): Promise<string> => {
    const table = await readText(['c', ...cells].join('\n') + '\n');
    return columnNamed(table, 'c').type;
  };

  it.each([
    ['0/1 codes', ['0', '1', '1', '0', '1'], 'categorical'],
    ['1..6', ['1', '2', '3', '4', '5', '6'], 'numeric'],
    ['1..5 repeated', ['1', '2', '3', '4', '5', '5', '1'], 'categorical'],
    ['0.5/1.5 (2 distinct, not integers)', ['0.5', '1.5', '0.5', '1.5'], 'numeric'],
    ['true/false', ['true', 'false', 'true'], 'categorical'],
    ["'1','2','x'", ['1', '2', 'x'], 'categorical'],
    ['integers with missing tokens', ['1', 'NA', '2', '', '3', 'null', '4', '5', '6'], 'numeric'],
    ['all missing', ['NA', 'null', 'None', 'N/A'], 'categorical'],
    ['hex looks', ['0x1', '0x2', '0x3', '0x4', '0x5', '0x6'], 'categorical'],
  ])('%s → %s', async (_, cells, type) => {
    expect(await typeOf(cells)).toBe(type);
  });
});
