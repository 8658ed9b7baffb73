import { columnLength, type CategoricalColumn, type Column } from '../columns.ts';

/** A numeric column of the training table: one Float64Array over every row, missing = NaN. */
export interface NumericSeries {
  name: string;
  type: 'numeric';
  values: Float64Array;
}

/** A categorical column of the training table: codes into a dictionary shared by every batch, missing = -1. */
export interface CategoricalSeries {
  name: string;
  type: 'categorical';
  dictionary: string[];
  codes: Int32Array;
}

export type Series = NumericSeries | CategoricalSeries;

/** One or more batches side by side, by column name, with where each batch's rows start. */
export interface Table {
  rows: number;
  columns: Map<string, Series>;
  /** Batch ids in the order their rows were appended, and the first row of each. */
  batches: { id: string; start: number; rows: number }[];
}

export class TableError extends Error {
  override name = 'TableError';
}

function numericValues(parts: Column[], rows: number): Float64Array {
  const values = new Float64Array(rows);
  let at = 0;
  for (const part of parts) {
    if (part.type !== 'numeric') throw new TableError(`column "${part.name}" is numeric in one batch and categorical in another`);
    for (const chunk of part.chunks) {
      values.set(chunk, at);
      at += chunk.length;
    }
  }
  return values;
}

/**
 * One dictionary for the codes of several stored dictionaries (each batch has its own): every text once,
 * in the order met. `remap` gives a stored dictionary's codes their codes in it (worked out once per dictionary).
 */
export function dictionaryMerge(): { dictionary: string[]; remap(texts: string[]): Int32Array } {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const known = new Map<string[], Int32Array>();
  return {
    dictionary,
    remap(texts) {
      let codes = known.get(texts);
      if (!codes) {
        codes = Int32Array.from(texts, (text) => {
          let code = index.get(text);
          if (code === undefined) {
            code = dictionary.length;
            dictionary.push(text);
            index.set(text, code);
          }
          return code;
        });
        known.set(texts, codes);
      }
      return codes;
    },
  };
}

function categoricalSeries(name: string, parts: Column[], rows: number): CategoricalSeries {
  const merged = dictionaryMerge();
  const codes = new Int32Array(rows);
  let at = 0;
  for (const part of parts) {
    if (part.type !== 'categorical') throw new TableError(`column "${name}" is categorical in one batch and numeric in another`);
    const remap = merged.remap((part as CategoricalColumn).dictionary);
    for (const chunk of part.chunks) {
      for (let i = 0; i < chunk.length; i++) {
        const code = chunk[i]!;
        codes[at++] = code < 0 ? -1 : remap[code]!;
      }
    }
  }
  return { name, type: 'categorical', dictionary: merged.dictionary, codes };
}

/**
 * Appends batches row-wise, keeping the named columns. Every batch must hold every named column with
 * the same type (the workspace's schema makes them agree); a missing one is an error naming the batch.
 */
export function buildTable(batches: { id: string; name: string; columns: Column[] }[], names: string[]): Table {
  const parts = new Map<string, Column[]>(names.map((n) => [n, []]));
  const spans: Table['batches'] = [];
  let rows = 0;
  for (const batch of batches) {
    const byName = new Map(batch.columns.map((c) => [c.name, c]));
    let batchRows = -1;
    for (const name of names) {
      const column = byName.get(name);
      if (!column) throw new TableError(`batch "${batch.name}" has no column "${name}"`);
      parts.get(name)!.push(column);
      batchRows = columnLength(column);
    }
    spans.push({ id: batch.id, start: rows, rows: Math.max(0, batchRows) });
    rows += Math.max(0, batchRows);
  }
  const columns = new Map<string, Series>();
  for (const name of names) {
    const list = parts.get(name)!;
    const first = list[0];
    if (!first) continue;
    columns.set(name, first.type === 'numeric' ? { name, type: 'numeric', values: numericValues(list, rows) } : categoricalSeries(name, list, rows));
  }
  return { rows, columns, batches: spans };
}

export function seriesOf(table: Table, name: string): Series {
  const series = table.columns.get(name);
  if (!series) throw new TableError(`no column "${name}"`);
  return series;
}
