import type { BatchSummary } from '../../storage/heavyFields.ts';
import { cellText, columnLength } from '../../core/columns.ts';
import { csvLine } from '../../core/csv/writeCsv.ts';
import { loadStoredColumns } from '../../storage/queries/batches.ts';
import { db } from '../db.ts';

const ROWS_PER_PART = 10_000;

/** The batch as CSV text parts, rebuilt from its stored columns; formula-like cells are escaped. */
export async function batchCsvParts(meta: BatchSummary): Promise<string[]> {
  // As read, unfit cells included: a download gives back what was uploaded.
  const columns = await loadStoredColumns(db, meta);
  const rows = columns[0] ? columnLength(columns[0]) : 0;
  const parts = [`${csvLine(columns.map((c) => c.name))}\r\n`];
  for (let start = 0; start < rows; start += ROWS_PER_PART) {
    const lines: string[] = [];
    const end = Math.min(rows, start + ROWS_PER_PART);
    for (let row = start; row < end; row++) lines.push(csvLine(columns.map((c) => cellText(c, row))));
    parts.push(`${lines.join('\r\n')}\r\n`);
  }
  return parts;
}

/** Saves the batch as a CSV file through a temporary Blob URL. */
export async function downloadBatchCsv(meta: BatchSummary): Promise<void> {
  const blob = new Blob(await batchCsvParts(meta), { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${meta.name.replace(/\.(csv|tsv|txt)$/i, '')}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel a download that has not started reading the Blob yet.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
