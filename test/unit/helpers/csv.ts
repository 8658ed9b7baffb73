import { cellText, columnLength, type Column } from '../../../src/core/columns.ts';
import { readCsv, type CsvTable, type ReadCsvOptions } from '../../../src/core/csv/readCsv.ts';

/** The bytes in pieces of `size` bytes, as a file reader would hand them over. */
export async function* chunked(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** readCsv over text or bytes, cut in pieces of `chunkSize` bytes. */
export function readText(input: string | Uint8Array, options: ReadCsvOptions = {}, chunkSize = 4096): Promise<CsvTable> {
  return readCsv(chunked(typeof input === 'string' ? utf8(input) : input, chunkSize), options);
}

/** A column's cells as text (numbers as String(n)), null where missing. */
export function cells(column: Column): (string | null)[] {
  return Array.from({ length: columnLength(column) }, (_, row) => cellText(column, row));
}

/** A column's values: numbers (NaN where missing) for numeric columns, texts (null where missing) otherwise. */
export function values(column: Column): (number | string | null)[] {
  if (column.type === 'numeric') return column.chunks.flatMap((c) => Array.from(c));
  return cells(column);
}

export function columnNamed(table: CsvTable, name: string): Column {
  const found = table.columns.find((c) => c.column.name === name);
  if (!found) throw new Error(`no column "${name}" in ${table.columns.map((c) => c.column.name).join(', ')}`);
  return found.column;
}

/** Rejection of a promise, for asserting on error fields. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
