import type { CategoricalColumn } from './columns.ts';

/**
 * The `datetime` forms of docs/statistics.md: `YYYY-MM-DD`, optionally followed by `T` or a space and
 * `HH:MM[:SS[.fff]]`, optionally `Z` or `±HH:MM`; or `YYYY/MM/DD`. Surrounding spaces are ignored.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const SLASHED = /^(\d{4})\/(\d{2})\/(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number): number => (month === 2 && leap(year) ? 29 : (DAYS[month - 1] as number));

/**
 * Epoch milliseconds of a datetime cell, or null when the text is not one of the forms or names no
 * real calendar instant (`2024-02-30`, hour 24, second 60, offset beyond ±23:59). A time without an
 * offset is read as UTC, so the same text gives the same number on every machine; digits of a
 * fraction past milliseconds are dropped.
 */
export function parseDatetime(cell: string): number | null {
  const text = cell.trim();
  const m = ISO.exec(text) ?? SLASHED.exec(text);
  if (!m) return null;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[7] === undefined ? 0 : +m[7].slice(0, 3).padEnd(3, '0');
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const zoneHours = +zone.slice(1, 3);
    const zoneMinutes = +zone.slice(4, 6);
    if (zoneHours > 23 || zoneMinutes > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000 + ms - offset;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): arithmetic, no Date object per cell. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export const isDatetimeText = (cell: string): boolean => parseDatetime(cell) !== null;

/** Epoch milliseconds per dictionary entry; NaN where the entry is not a datetime. */
export function datetimeDictionary(dictionary: readonly string[]): Float64Array {
  return Float64Array.from(dictionary, (text) => parseDatetime(text) ?? NaN);
}

/**
 * A datetime column (stored as text) as epoch milliseconds, one value per row, NaN for missing and
 * unfit cells: the form drift and features need when they treat a datetime column as a number.
 */
export function datetimeToEpochMs(column: CategoricalColumn): Float64Array {
  const valueOf = datetimeDictionary(column.dictionary);
  let rows = 0;
  for (const chunk of column.chunks) rows += chunk.length;
  const out = new Float64Array(rows);
  let at = 0;
  for (const chunk of column.chunks) {
    for (const code of chunk) out[at++] = code < 0 ? NaN : (valueOf[code] as number);
  }
  return out;
}
