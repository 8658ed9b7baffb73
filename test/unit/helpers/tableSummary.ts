import type { CsvTable } from '../../../src/core/csv/readCsv.ts';
import { InputError } from '../../../src/core/errors.ts';
import { values } from './csv.ts';

/** Everything a read gives, stored columns and unfit counts included, in a form toEqual compares exactly. */
export const tableSummary = (t: CsvTable) => ({
  sha256: t.sha256,
  bytes: t.bytes,
  rows: t.rows,
  delimiter: t.delimiter,
  linebreak: t.linebreak,
  encoding: t.encoding,
  bom: t.bom,
  columns: t.columns.map((c) => ({
    name: c.column.name,
    type: c.type,
    inferred: c.inferredType,
    unfit: c.coercedToMissing,
    column: { type: c.column.type, values: values(c.column), chunks: c.column.chunks.map((k) => k.length) },
    stored: { type: c.stored.type, dictionary: c.stored.type === 'categorical' ? c.stored.dictionary : null, values: values(c.stored) },
  })),
});

export type ReadOutcome = { table: ReturnType<typeof tableSummary> } | { error: string; line: number | undefined };

/** A read's table, or the message and line of the InputError it refused the file with. */
export async function readOutcome(read: Promise<CsvTable>): Promise<ReadOutcome> {
  try {
    return { table: tableSummary(await read) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { error: error.message, line: error.line };
  }
}
