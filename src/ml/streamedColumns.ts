import type { Preprocessing } from '../core/training/preprocess.ts';
import type { Split } from '../core/training/split.ts';
import type { RowChunk } from '../core/training/streamOrder.ts';
import { dictionaryMerge, TableError, type Series, type Table } from '../core/training/table.ts';

/** Stored chunks of one column read together while preparing features: about a million rows a read. */
export const PREPARE_CHUNKS = 8;

/** Where each table row goes: 0 nowhere (its target is missing), 1 training, 2 validation, 3 holdout. */
export function splitRoles(rows: number, split: Split): Uint8Array {
  const roles = new Uint8Array(rows);
  for (const [role, picked] of [split.train, split.validation, split.holdout].entries()) {
    for (let i = 0; i < picked.length; i++) roles[picked[i]!] = role + 1;
  }
  return roles;
}

/** One column's values on the training, validation and holdout rows, each a series over those rows alone, in table order. */
export interface SplitSeries {
  train: Series;
  validation: Series;
  holdout: Series;
}

/** The stored chunks of one column, read as needed: one table per chunk, in the order asked. */
type ReadChunks = (indices: readonly number[], names: readonly string[]) => Promise<Table[]>;

/**
 * One column, read `PREPARE_CHUNKS` stored chunks at a time (the next read under way while one is sorted
 * out), its values put straight into three arrays of the training, validation and holdout rows: the
 * column over every row is never held. A categorical column's codes are moved to one dictionary of every
 * text met, in the order met; fitting and transforming go by text, so they give what the whole column gives.
 */
export async function splitColumn(read: ReadChunks, chunks: readonly RowChunk[], name: string, roles: Uint8Array, split: Split): Promise<SplitSeries> {
  const sizes = [split.train.length, split.validation.length, split.holdout.length];
  let numbers: Float64Array[] | null = null;
  let codes: Int32Array[] | null = null;
  const merge = dictionaryMerge();
  const filled = [0, 0, 0];
  const groups: number[][] = [];
  for (let at = 0; at < chunks.length; at += PREPARE_CHUNKS) groups.push(Array.from({ length: Math.min(PREPARE_CHUNKS, chunks.length - at) }, (_, i) => at + i));
  let next = groups.length > 0 ? read(groups[0]!, [name]) : null;
  for (let g = 0; g < groups.length; g++) {
    const tables = await next!;
    next = g + 1 < groups.length ? read(groups[g + 1]!, [name]) : null;
    for (const [i, table] of tables.entries()) {
      const series = table.columns.get(name);
      if (!series) throw new TableError(`no column "${name}"`);
      const start = chunks[groups[g]![i]!]!.start;
      if (series.type === 'numeric') {
        if (codes) throw new TableError(`column "${name}" is categorical in one batch and numeric in another`);
        numbers ??= sizes.map((n) => new Float64Array(n));
        const { values } = series;
        for (let r = 0; r < values.length; r++) {
          const role = roles[start + r]!;
          if (role > 0) numbers[role - 1]![filled[role - 1]!++] = values[r]!;
        }
      } else {
        if (numbers) throw new TableError(`column "${name}" is numeric in one batch and categorical in another`);
        codes ??= sizes.map((n) => new Int32Array(n));
        const moved = merge.remap(series.dictionary);
        const from = series.codes;
        for (let r = 0; r < from.length; r++) {
          const role = roles[start + r]!;
          if (role > 0) codes[role - 1]![filled[role - 1]!++] = from[r]! < 0 ? -1 : moved[from[r]!]!;
        }
      }
    }
  }
  const [train, validation, holdout] = [0, 1, 2].map((k): Series =>
    codes ? { name, type: 'categorical', dictionary: merge.dictionary, codes: codes[k]! } : { name, type: 'numeric', values: numbers?.[k] ?? new Float64Array(sizes[k]!) },
  );
  return { train: train!, validation: validation!, holdout: holdout! };
}

/** A table of one series over its own rows. */
export const tableOf = (series: Series, rows: number): Table => ({ rows, columns: new Map([[series.name, series]]), batches: [] });

/**
 * The features' values of a streamed read's rows, in the order given (table rows of `spans`, shuffled), as a
 * table of their own, to be transformed in sequence into the network inputs (`inputsHere`). Gathering each
 * column first jumps within one column of a few chunks, which the processor's caches hold; transforming
 * shuffled rows directly jumps across every column at once, and transforming whole chunks then moving
 * their rows costs twice the memory traffic. The same numbers as transforming the rows one by one.
 */
export function gatherWindow(pre: Preprocessing, tables: readonly Table[], spans: readonly RowChunk[], rows: Uint32Array): Table {
  const chunkOf = new Uint8Array(rows.length);
  const local = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let k = 0;
    while (k < spans.length && !(row >= spans[k]!.start && row < spans[k]!.start + spans[k]!.rows)) k++;
    if (k === spans.length) throw new RangeError(`row ${row} is in none of the chunks read`);
    chunkOf[i] = k;
    local[i] = row - spans[k]!.start;
  }
  const columns = new Map<string, Series>();
  for (const { name } of pre.features) {
    const parts = tables.map((table) => {
      const series = table.columns.get(name);
      if (!series) throw new TableError(`no column "${name}"`);
      return series;
    });
    columns.set(name, gathered(name, parts, chunkOf, local));
  }
  return { rows: rows.length, columns, batches: [] };
}

/** One column of the chunks read, its values in the rows' order (row i: chunk chunkOf[i], place local[i]). */
function gathered(name: string, parts: readonly Series[], chunkOf: Uint8Array, local: Uint32Array): Series {
  const n = chunkOf.length;
  if (parts.every((p) => p.type === 'numeric')) {
    const from = parts.map((p) => p.values);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = from[chunkOf[i]!]![local[i]!]!;
    return { name, type: 'numeric', values };
  }
  if (!parts.every((p) => p.type === 'categorical')) throw new TableError(`column "${name}" is numeric in one batch and categorical in another`);
  const merge = dictionaryMerge();
  const from = parts.map((p) => p.codes);
  const moved = parts.map((p) => merge.remap(p.dictionary));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const code = from[chunkOf[i]!]![local[i]!]!;
    codes[i] = code < 0 ? -1 : moved[chunkOf[i]!]![code]!;
  }
  return { name, type: 'categorical', dictionary: merge.dictionary, codes };
}
