/**
 * CSV output for people who open it in a spreadsheet: a cell that starts like a formula
 * (= + - @, tab, carriage return) gets a leading apostrophe, so it is shown, never run (OWASP CSV injection).
 * Plain numbers, including negative ones, are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function escapeCell(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | null)[]): string {
  return cells.map((c) => (c === null ? '' : escapeCell(c))).join(',');
}
