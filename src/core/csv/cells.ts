/**
 * Cell rules of docs/statistics.md: which texts are missing, which parse as finite numbers.
 * Both run once per cell of every upload, so they avoid regexes and allocation on the common path.
 */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

const isSpace = (code: number): boolean => code <= 32 || code === 0xa0 || code === 0xfeff;

/** Empty, whitespace-only, or NA / N/A / NaN / null / None in any case (surrounding spaces ignored). */
export function isMissingCell(cell: string): boolean {
  const n = cell.length;
  if (n === 0) return true;
  if (isSpace(cell.charCodeAt(0)) || isSpace(cell.charCodeAt(n - 1))) {
    return MISSING_TOKENS.has(cell.trim().toLowerCase());
  }
  // Every token starts with n/N and is at most 4 characters long.
  if (n > 4 || (cell.charCodeAt(0) | 32) !== 110) return false;
  return MISSING_TOKENS.has(cell.toLowerCase());
}

/**
 * A finite decimal number (sign, digits, point, exponent; surrounding spaces allowed) or null.
 * Number() alone would also accept hex/binary/octal literals and "Infinity", which are not
 * numbers in a CSV file; those are rejected here.
 */
export function parseNumberCell(cell: string): number | null {
  const value = +cell;
  if (value - value !== 0) return null; // NaN and ±Infinity
  if (value === 0 && cell.trim() === '') return null; // Number('') and Number(' ') are 0
  const first = cell.charCodeAt(0);
  if (first === 48 /* 0 */ && cell.length > 2) {
    const second = cell.charCodeAt(1) | 32;
    if (second === 120 || second === 98 || second === 111) return null; // 0x 0b 0o
  } else if (isSpace(first) && /^\s*0[xbo]/i.test(cell)) {
    return null;
  }
  return value;
}
