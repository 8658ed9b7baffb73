import type { CsvTable } from '../core/csv/readCsv.ts';
import { InputError } from '../core/errors.ts';
import { isMetricKey, isPositiveClassMetric, type MetricKey } from '../core/metrics/metricKey.ts';
import type { ColumnType } from '../core/schema.ts';
import { readCsvPath } from './csvThreads.ts';

/** Bad input found in a named file or directory: the CLI prints `error: FILE[:LINE]: message` and exits 1. */
export class FileError extends Error {
  override readonly name = 'FileError';
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }

  describe(): string {
    return this.line === undefined ? `${this.file}: ${this.message}` : `${this.file}:${this.line}: ${this.message}`;
  }
}

/** Prints a FileError as one line on stderr and gives exit status 1; anything else is a bug and is rethrown. */
export function reportInputError(error: unknown): number {
  if (!(error instanceof FileError)) throw error;
  process.stderr.write(`error: ${error.describe()}\n`);
  return 1;
}

/** Reads a CSV file into typed columns (types forced by name where given); bad input becomes a FileError. */
export async function readCsvFile(file: string, typeOverrides: Record<string, ColumnType> = {}): Promise<CsvTable> {
  try {
    return await readCsvPath(file, { typeOverrides });
  } catch (error) {
    if (error instanceof InputError) throw new FileError(file, error.message, error.line);
    throw error;
  }
}

/** A number option; Number() alone would take "" as 0 and let "abc" through as NaN. */
export function numberOption(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() !== '' && Number.isFinite(value)) return value;
  problems.push(`${flag} takes a finite number, not "${text}"`);
  return undefined;
}

/** Columns whose cells did not fit the type `whose` column expects (the model's, the reference's) and were counted as missing. */
export function coercionWarnings(table: CsvTable, file: string, whose = "the model's"): string[] {
  return table.columns
    .filter((b) => b.coercedToMissing > 0)
    .map((b) => {
      const cells = b.coercedToMissing === 1 ? '1 cell is' : `${b.coercedToMissing} cells are`;
      const what = b.type === 'datetime' ? 'a date' : 'a number';
      return `column "${b.column.name}" of ${file}: ${cells} not ${what}, unlike ${whose} ${b.type} column, and counted as missing (unfit)`;
    });
}

export const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** The column names, shortened for a message when there are many. */
export function columnList(table: CsvTable): string {
  const names = table.columns.map((b) => b.column.name);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')} and ${names.length - 12} more` : names.join(', ');
}

/** A number with four significant digits; never a bare NaN or Infinity. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return 'not finite';
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A metric's key as --metric takes it; a binary model's precision, recall and F1 name their positive class: "precision (yes)". */
export const metricName = (key: MetricKey, classes: readonly string[] | null): string =>
  classes?.length === 2 && isPositiveClassMetric(key) ? `${key} (${classes[1]})` : key;

/** Metric lines for a summary: scalar metrics as `name value`, the confusion matrix row by row. */
export function metricLines(metrics: object, classes: readonly string[] | null): string[] {
  const lines: string[] = [];
  const scalars = Object.entries(metrics)
    .filter(([key]) => key !== 'confusionMatrix')
    .map(([key, value]) => [isMetricKey(key) ? metricName(key, classes) : key, value] as const);
  const width = Math.max(...scalars.map(([name]) => name.length));
  for (const [name, value] of scalars) lines.push(`  ${name.padEnd(width)}  ${num(value as number | null)}`);
  const matrix = (metrics as { confusionMatrix?: number[][] }).confusionMatrix;
  if (matrix && classes) {
    const labels = classes.map((c) => (c.length > 12 ? `${c.slice(0, 11)}…` : c));
    const cellWidth = Math.max(...labels.map((l) => l.length), ...matrix.flat().map((v) => String(v).length));
    const rowWidth = Math.max(...labels.map((l) => l.length), 'actual \\ predicted'.length);
    lines.push(`  confusion matrix (rows: actual, columns: predicted):`);
    lines.push(`    ${'actual \\ predicted'.padEnd(rowWidth)}  ${labels.map((l) => l.padStart(cellWidth)).join('  ')}`);
    matrix.forEach((row, i) => lines.push(`    ${labels[i]!.padEnd(rowWidth)}  ${row.map((v) => String(v).padStart(cellWidth)).join('  ')}`));
  }
  return lines;
}

export { namedClasses } from '../core/training/warnings.ts';
