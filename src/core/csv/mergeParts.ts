import { MISSING_CODE, type Column } from '../columns.ts';
import { TextDictionary } from '../retype.ts';
import { inferColumnType, type ColumnType } from '../schema.ts';
import { DICTIONARY_CAP_WHILE_NUMERIC, finishColumn, type BuiltColumn } from './columnBuilder.ts';
import { float64Writer, int32Writer, type ChunkPool, type ChunkWriter, type PartColumnData } from './partColumn.ts';

/** The parts cannot be merged into what one reader would make (the whole file is then read by one). */
export class UnmergeableError extends Error {
  override readonly name = 'UnmergeableError';
}

/** What one reader of the whole file would decide for a column, from its parts' summaries alone. */
export interface ColumnPlan {
  name: string;
  inferredType: ColumnType;
  stored: Column['type'];
  /** Index of the first part holding a text; the number of parts when none does. */
  first: number;
  /** ColumnBuilder dropped the texts of the numbers before the first text (they are then written back from the numbers). */
  dropped: boolean;
  /** Rows of every part together. */
  rows: number;
}

/**
 * The type decided on the whole column, exactly as ColumnBuilder decides it (a later part can turn an
 * integer column into float or text). Reads only the summaries, never a part's numbers or codes, so a
 * first pass over a file too big to hold can decide every column before any is written.
 */
export function planColumn(name: string, parts: PartColumnData[]): ColumnPlan {
  const firstText = parts.findIndex((p) => p.textAt < p.rows);
  const numericOk = firstText === -1;
  const first = numericOk ? parts.length : firstText;
  // The parts whose rows ColumnBuilder reads while the column still looks numeric (the first text's part included).
  const prefix = parts.slice(0, first + 1);
  const union = new TextDictionary();
  let dropped = false;
  for (const p of prefix) {
    if (p.dropped || !p.dictionary) dropped = true;
    else for (let i = 0; i < p.prefixDictionarySize && !dropped; i++) dropped = union.code(p.dictionary[i] as string) >= DICTIONARY_CAP_WHILE_NUMERIC;
    if (dropped) break;
  }
  const distinct = new Set<number>();
  for (const p of prefix) for (const v of p.distinctNumbers) if (distinct.size <= 5) distinct.add(v);
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const inferredType = inferColumnType({
    nonMissing: rows - parts.reduce((n, p) => n + p.missing, 0),
    allNumeric: numericOk,
    allInteger: prefix.every((p) => p.allInteger),
    distinctNumbers: distinct.size,
    allDatetime: parts.every((p) => p.datetimeOk),
  });
  const stored = numericOk && (inferredType === 'numeric' || dropped) ? 'numeric' : 'categorical';
  return { name, inferredType, stored, first, dropped, rows };
}

/**
 * A column's stored chunks built from its parts fed in file order, under its plan. Full chunks can be
 * drained as they fill, so a column need never be held whole.
 */
export class ColumnMerger {
  private readonly numbers: ChunkWriter<Float64Array> | null;
  private readonly codes: ChunkWriter<Int32Array> | null;
  private readonly dictionary = new TextDictionary();

  /**
   * `plan` may be replaced between parts by one that merges the parts already added the same way (a
   * one-pass reader's plan, made from the parts so far, as later parts come).
   */
  constructor(
    public plan: ColumnPlan,
    pool?: ChunkPool,
  ) {
    this.numbers = plan.stored === 'numeric' ? (pool?.writer() ?? float64Writer()) : null;
    this.codes = plan.stored === 'categorical' ? int32Writer() : null;
  }

  /** Part `index` of the file (its parts are numbered as in the plan). Its number chunks are the merger's afterwards (see ChunkWriter.take). */
  add(part: PartColumnData, index: number): void {
    if (this.numbers) {
      for (const chunk of part.numbers) this.numbers.take(chunk);
      return;
    }
    const codes = this.codes as ChunkWriter<Int32Array>;
    const { first, dropped } = this.plan;
    // Before the first text (part `first`, row textAt) cells are numbers: their texts as written, or,
    // where ColumnBuilder dropped its dictionary, the numbers written back as text.
    if (dropped && index <= first) {
      for (const chunk of part.numbers) for (const v of chunk) codes.push(v !== v ? MISSING_CODE : this.dictionary.code(String(v)));
      if (index === first) pushTexts(codes, this.dictionary, part, part.textAt);
      return;
    }
    if (part.dropped || !part.dictionary) throw new UnmergeableError(`part ${index + 1} no longer holds the texts of its numbers`);
    pushTexts(codes, this.dictionary, part, 0);
  }

  /** The chunks filled since the last call. */
  drain(): Float64Array[] | Int32Array[] {
    return this.numbers ? this.numbers.drain() : (this.codes as ChunkWriter<Int32Array>).drain();
  }

  /** The column from the chunks not drained. */
  finish(): Column {
    const { name } = this.plan;
    if (this.numbers) return { name, type: 'numeric', chunks: this.numbers.finish() };
    return { name, type: 'categorical', dictionary: this.dictionary.categories, chunks: (this.codes as ChunkWriter<Int32Array>).finish() };
  }
}

/**
 * One column from its parts in file order, exactly as ColumnBuilder reads the whole column. `pool`: the
 * room of columns merged before, for numeric columns merged one after another.
 */
export function mergeParts(name: string, parts: PartColumnData[], wanted?: ColumnType, pool?: ChunkPool): BuiltColumn {
  const plan = planColumn(name, parts);
  const merger = new ColumnMerger(plan, pool);
  parts.forEach((p, i) => merger.add(p, i));
  return finishColumn(merger.finish(), plan.inferredType, wanted);
}

/** A part's rows [from, rows) as codes into the merged dictionary, new texts added as they first appear. */
function pushTexts(codes: ChunkWriter<Int32Array>, dictionary: TextDictionary, part: PartColumnData, from: number): void {
  const texts = part.dictionary as string[];
  const remap = new Int32Array(texts.length).fill(-2);
  let row = part.codesFrom;
  for (const chunk of part.codes) {
    for (let i = row >= from ? 0 : from - row; i < chunk.length; i++) {
      const code = chunk[i] as number;
      if (code < 0) codes.push(MISSING_CODE);
      else {
        let mapped = remap[code] as number;
        if (mapped === -2) mapped = remap[code] = dictionary.code(texts[code] as string);
        codes.push(mapped);
      }
    }
    row += chunk.length;
  }
}
