import { describe, expect, it } from 'vitest';
import { datetimeToEpochMs, isDatetimeText, parseDatetime } from '../../../src/core/datetime.ts';
import { inferStoredType, retypeColumn } from '../../../src/core/retype.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';
import { readText, values } from '../helpers/csv.ts';

const utc = (text: string): number => Date.parse(text);

describe('parseDatetime (docs/statistics.md "Column typing": datetime)', () => {
  it.each([
    ['2024-01-31', '2024-01-31T00:00:00Z'],
    ['2024/01/31', '2024-01-31T00:00:00Z'],
    ['2024-01-31T13:45', '2024-01-31T13:45:00Z'],
    ['2024-01-31 13:45', '2024-01-31T13:45:00Z'],
    ['2024-01-31T13:45:07', '2024-01-31T13:45:07Z'],
    ['2024-01-31T13:45:07.250', '2024-01-31T13:45:07.250Z'],
    ['2024-01-31T13:45:07.2', '2024-01-31T13:45:07.200Z'],
    ['2024-01-31T13:45:07.123456789', '2024-01-31T13:45:07.123Z'],
    ['2024-01-31T13:45Z', '2024-01-31T13:45:00Z'],
    ['2024-01-31T13:45:00+02:00', '2024-01-31T11:45:00Z'],
    ['2024-01-31 13:45:00-05:30', '2024-01-31T19:15:00Z'],
    [' 2024-02-29 ', '2024-02-29T00:00:00Z'],
    ['2000-02-29', '2000-02-29T00:00:00Z'],
  ])('%j is %s (a time without an offset is UTC)', (text, iso) => {
    expect(parseDatetime(text)).toBe(utc(iso));
  });

  it('keeps years below 100 as written', () => {
    expect(new Date(parseDatetime('0024-03-01')!).getUTCFullYear()).toBe(24);
  });

  it.each([
    ['2024-02-30', 'no such day'],
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2024-13-01', 'no month 13'],
    ['2024-00-10', 'no month 0'],
    ['2024-01-00', 'no day 0'],
    ['2024-01-31T24:00', 'hour 24'],
    ['2024-01-31T23:60', 'minute 60'],
    ['2024-01-31T23:59:60', 'leap second'],
    ['2024-01-31T10:00+24:00', 'offset beyond 23:59'],
    ['2024-1-31', 'one-digit month'],
    ['2024/01/31 10:00', 'slashed form has no time'],
    ['31/01/2024', 'day first'],
    ['01/31/2024', 'month first'],
    ['2024-01-31Z', 'a zone needs a time'],
    ['2024-01-31T10', 'hour without minutes'],
    ['20240131', 'no separators'],
    ['2024', 'a year alone is a number'],
    ['', 'empty'],
    ['yesterday', 'text'],
  ])('%j is not a datetime (%s)', (text) => {
    expect(parseDatetime(text)).toBeNull();
    expect(isDatetimeText(text)).toBe(false);
  });
});

describe('datetimeToEpochMs', () => {
  it('gives one value per row, NaN for missing and unfit cells', () => {
    const column = categoricalColumn('d', ['2024-01-01', null, 'soon', '2024-01-02T00:00:00+01:00']);
    expect(Array.from(datetimeToEpochMs(column))).toEqual([utc('2024-01-01T00:00:00Z'), NaN, NaN, utc('2024-01-01T23:00:00Z')]);
  });
});

describe('reading a datetime column', () => {
  it('is inferred when every value is a date or date-time, in any of the forms', async () => {
    const table = await readText('d,n\n2024-01-01,1\n2024/01/02,2\n2024-01-03 10:00,3\nNA,4\n');
    expect(table.columns[0]).toMatchObject({ inferredType: 'datetime', type: 'datetime', coercedToMissing: 0, column: { type: 'categorical' } });
  });

  it('one impossible date makes the column categorical on the reference', async () => {
    const table = await readText('d\n2024-01-01\n2024-02-30\n');
    expect(table.columns[0]?.inferredType).toBe('categorical');
  });

  it('read as datetime (a later batch), cells that are not dates are unfit: missing, counted, their text kept', async () => {
    const table = await readText('d\n2024-01-01\n2024-02-30\nlater\nNA\n', { typeOverrides: { d: 'datetime' } });
    const read = table.columns[0]!;
    expect(read.coercedToMissing).toBe(2);
    expect(values(read.column)).toEqual(['2024-01-01', null, null, null]);
    expect(values(read.stored)).toEqual(['2024-01-01', '2024-02-30', 'later', null]);
  });

  it('numbers read as datetime are all unfit', () => {
    expect(retypeColumn(numericColumn('x', [1, 2, null]), 'datetime').coercedToMissing).toBe(2);
  });
});

describe('inferStoredType: inference again from a column as stored', () => {
  it('gives what the reader inferred, for every type', async () => {
    const csv = 'n,codes,t,d,e\n1.5,1,a,2024-01-01,\n2,2,b,2024-01-02,\n3,3,c,2024-01-03,\n4,1,a,2024-01-04,\n5,2,b,2024-01-05,\n6,3,c,2024-01-06,\n';
    const table = await readText(csv);
    expect(table.columns.map((c) => c.inferredType)).toEqual(['numeric', 'categorical', 'categorical', 'datetime', 'categorical']);
    expect(table.columns.map((c) => inferStoredType(c.stored))).toEqual(['numeric', 'categorical', 'categorical', 'datetime', 'categorical']);
  });

  it('integer codes stored as numbers (an old override) are categorical again', () => {
    expect(inferStoredType(numericColumn('x', [0, 1, 2, 3, null]))).toBe('categorical');
    expect(inferStoredType(numericColumn('x', [0, 1, 2, 3, 4, 5]))).toBe('numeric');
  });
});
