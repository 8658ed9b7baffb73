/** Rows per stored chunk: 1 MiB of Float64 values. */
export const CHUNK_ROWS = 131_072;

/** Numeric column: Float64 chunks, missing = NaN. */
export interface NumericColumn {
  name: string;
  type: 'numeric';
  chunks: Float64Array[];
}

/** Categorical column: a dictionary plus Int32 codes into it, missing = -1. */
export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  dictionary: string[];
  chunks: Int32Array[];
}

export type Column = NumericColumn | CategoricalColumn;

export const MISSING_CODE = -1;

export function columnLength(column: Column): number {
  let n = 0;
  for (const chunk of column.chunks) n += chunk.length;
  return n;
}

/** Non-missing numeric values in row order, as one array. */
export function presentValues(column: NumericColumn): Float64Array {
  // Indexed loops and a block copy for chunks without a missing value: this runs on every profiled column.
  const present = column.chunks.map((chunk) => {
    let n = 0;
    for (let k = 0; k < chunk.length; k++) if (chunk[k] === chunk[k]) n++;
    return n;
  });
  const out = new Float64Array(present.reduce((a, b) => a + b, 0));
  let i = 0;
  column.chunks.forEach((chunk, c) => {
    if (present[c] === chunk.length) {
      out.set(chunk, i);
      i += chunk.length;
    } else {
      for (let k = 0; k < chunk.length; k++) if (chunk[k] === chunk[k]) out[i++] = chunk[k]!;
    }
  });
  return out;
}

/** Count of rows per dictionary entry, and of missing rows. */
export function categoryCounts(column: CategoricalColumn): { counts: Float64Array; missing: number } {
  const counts = new Float64Array(column.dictionary.length);
  let missing = 0;
  for (const chunk of column.chunks) {
    for (const code of chunk) {
      if (code < 0) missing++;
      else counts[code] = (counts[code] ?? 0) + 1;
    }
  }
  return { counts, missing };
}

/** The cell text of row i, or null when missing. Used for previews and CSV export, not hot paths. */
export function cellText(column: Column, row: number): string | null {
  const chunk = column.chunks[Math.floor(row / CHUNK_ROWS)];
  const value = chunk?.[row % CHUNK_ROWS];
  if (value === undefined) return null;
  if (column.type === 'numeric') return value === value ? String(value) : null;
  return value < 0 ? null : (column.dictionary[value] ?? null);
}
