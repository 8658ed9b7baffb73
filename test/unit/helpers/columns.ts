import { CHUNK_ROWS, MISSING_CODE, type CategoricalColumn, type NumericColumn } from '../../../src/core/columns.ts';
import { profileColumn, type ColumnQuality } from '../../../src/core/quality.ts';
import { TextDictionary } from '../../../src/core/retype.ts';

/** Cut an array into CHUNK_ROWS pieces, as the reader stores columns. */
function chunksOf<T extends Float64Array | Int32Array>(all: T): T[] {
  const chunks: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK_ROWS) chunks.push(all.slice(i, i + CHUNK_ROWS) as T);
  return chunks;
}

/** A numeric column; null is a missing value. */
export const numericColumn = (name: string, values: (number | null)[]): NumericColumn => ({
  name,
  type: 'numeric',
  chunks: chunksOf(Float64Array.from(values, (v) => v ?? NaN)),
});

/** A categorical column; null is a missing value. */
export function categoricalColumn(name: string, values: (string | null)[]): CategoricalColumn {
  const dictionary = new TextDictionary();
  const codes = Int32Array.from(values, (v) => (v === null ? MISSING_CODE : dictionary.code(v)));
  return { name, type: 'categorical', dictionary: dictionary.categories, chunks: chunksOf(codes) };
}

export const profile = (column: NumericColumn | CategoricalColumn, coercedToMissing = 0): ColumnQuality =>
  profileColumn({ column, inferredType: column.type, coercedToMissing });

/** A batch as validation sees it: its columns and their profiles. */
export function subject(id: string, columns: (NumericColumn | CategoricalColumn)[]) {
  const rows = columns[0] ? columns[0].chunks.reduce((n, c) => n + c.length, 0) : 0;
  return { id, rows, quality: columns.map((c) => profile(c)), columns };
}
