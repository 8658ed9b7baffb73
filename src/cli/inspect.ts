import { describeDelimiter } from '../core/csv/delimiters.ts';
import { readCsv } from '../core/csv/readCsv.ts';
import { profileColumn, type ColumnQuality, type QualityFlag } from '../core/quality.ts';
import { fileChunks, fileSize, nodeSha256 } from './nodeFiles.ts';

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
}

export interface InspectReport {
  file: string;
  rows: number;
  delimiter: string;
  columns: InspectColumn[];
  warnings: string[];
}

const flagText: Record<QualityFlag, (q: ColumnQuality) => string> = {
  constant: (q) => `column "${q.name}" is constant`,
  'all-missing': (q) => `column "${q.name}" has no values`,
  'mostly-missing': (q) => `column "${q.name}" is ${(q.missingShare * 100).toFixed(1)}% missing`,
};

const idLikeText = (q: ColumnQuality): string =>
  `column "${q.name}" is id-like: ${Math.floor((q.distinct / (q.rows - q.missing)) * 100)}% of its values are unique (an identifier or a timestamp?)`;

export async function inspectFile(file: string): Promise<InspectReport> {
  const size = fileSize(file);
  const table = await readCsv(fileChunks(file), { totalBytes: size, hasher: nodeSha256() });
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
      ...(q.numeric ? { min: q.numeric.min, max: q.numeric.max, mean: q.numeric.mean } : {}),
    })),
    warnings,
  };
}

const fmt = (v: number | undefined): string => (v === undefined ? '' : String(Number(v.toPrecision(6))));

export function formatInspect(report: InspectReport): string {
  const header = ['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean'];
  const rows = report.columns.map((c) => [c.name, c.type, String(c.missing), String(c.distinct), fmt(c.min), fmt(c.max), fmt(c.mean)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [
    `${report.file}: ${report.rows} rows, ${report.columns.length} columns, ${describeDelimiter(report.delimiter)}-separated`,
    '',
    line(header),
    ...rows.map(line),
    ...(report.warnings.length ? ['', ...report.warnings.map((w) => `warning: ${w}`)] : []),
  ].join('\n');
}
