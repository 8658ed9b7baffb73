import { describeDelimiter } from '../core/csv/delimiters.ts';
import { profileColumn, type ColumnQuality, type QualityFlag } from '../core/quality.ts';
import { readCsvPath } from './csvThreads.ts';

export interface InspectColumn {
  name: string;
  type: string;
  missing: number;
  distinct: number;
  /** A categorical or datetime column unique on >= 95% of its rows: an id or a timestamp. */
  idLike: boolean;
  min?: number;
  max?: number;
  mean?: number;
  /** Sample standard deviation (n − 1), as pandas' describe(). */
  std?: number;
  /** A categorical column's most frequent values with their counts, most frequent first (ties by value). */
  top?: { value: string; count: number }[];
}

export interface InspectReport {
  file: string;
  rows: number;
  delimiter: string;
  columns: InspectColumn[];
  warnings: string[];
}

/** How many of a categorical column's values inspect lists. */
const TOP = 5;

const flagText: Record<QualityFlag, (q: ColumnQuality) => string> = {
  constant: (q) => `column "${q.name}" is constant`,
  'all-missing': (q) => `column "${q.name}" has no values`,
  'mostly-missing': (q) => `column "${q.name}" is ${(q.missingShare * 100).toFixed(1)}% missing`,
};

const idLikeText = (q: ColumnQuality): string =>
  `column "${q.name}" is id-like: ${Math.floor((q.distinct / (q.rows - q.missing)) * 100)}% of its values are unique (an identifier or a timestamp?)`;

export async function inspectFile(file: string): Promise<InspectReport> {
  const table = await readCsvPath(file);
  const quality = table.columns.map((c) => profileColumn(c));
  const warnings = quality.flatMap((q) => [...q.flags.map((f) => flagText[f](q)), ...(q.idLike ? [idLikeText(q)] : [])]);
  return {
    file,
    rows: table.rows,
    delimiter: table.delimiter,
    columns: quality.map((q) => ({
      name: q.name,
      type: q.type,
      missing: q.missing,
      distinct: q.distinct,
      idLike: q.idLike,
      ...(q.numeric ? { min: q.numeric.min, max: q.numeric.max, mean: q.numeric.mean, std: q.numeric.std } : {}),
      ...(q.type === 'categorical' && q.categorical ? { top: q.categorical.counts.slice(0, TOP) } : {}),
    })),
    warnings,
  };
}

const fmt = (v: number | undefined): string => (v === undefined ? '' : String(Number(v.toPrecision(6))));

/** "sun 714, rain 641, fog 101 (and 2 more)": a categorical column's most frequent values. */
function categoryLine(c: InspectColumn): string {
  const shown = (c.top ?? []).map((t) => `${t.value} ${t.count}`).join(', ');
  const more = c.distinct - (c.top?.length ?? 0);
  return `  ${c.name}: ${shown || 'no values'}${more > 0 ? ` (and ${more} more)` : ''}`;
}

export function formatInspect(report: InspectReport): string {
  const header = ['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean', 'std'];
  const rows = report.columns.map((c) => [c.name, c.type, String(c.missing), String(c.distinct), fmt(c.min), fmt(c.max), fmt(c.mean), fmt(c.std)]);
  const categorical = report.columns.filter((c) => c.top !== undefined);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [
    `${report.file}: ${report.rows} rows, ${report.columns.length} columns, ${describeDelimiter(report.delimiter)}-separated`,
    '',
    line(header),
    ...rows.map(line),
    ...(categorical.length ? ['', 'most frequent values (count):', ...categorical.map(categoryLine)] : []),
    ...(report.warnings.length ? ['', ...report.warnings.map((w) => `warning: ${w}`)] : []),
  ].join('\n');
}
