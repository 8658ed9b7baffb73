import { CHUNK_ROWS, MISSING_CODE, type Column } from '../columns.ts';
import { encodeNumbers, retypeColumn, TextDictionary } from '../retype.ts';
import { isDatetimeText } from '../datetime.ts';
import { inferColumnType, storageType, type ColumnType } from '../schema.ts';
import { isMissingCell, parseNumberCell } from './cells.ts';

/**
 * A column that still looks numeric keeps its text dictionary only while it is small: integer codes
 * (typed categorical) and low-cardinality numbers need it; a float column drops it early.
 */
export const DICTIONARY_CAP_WHILE_NUMERIC = 4096;

export interface BuiltColumn {
  /** The column read as `type`: cells that do not fit it are missing. */
  column: Column;
  /** The column as read, every cell kept: numbers when every cell was a number, else text. */
  stored: Column;
  /** This file's own inference. */
  inferredType: ColumnType;
  /** The type the column was read with: the one asked for, else the inferred one. */
  type: ColumnType;
  /** Unfit cells: non-missing cells that do not fit `type` (missing in `column`, kept in `stored`). */
  coercedToMissing: number;
}

/** Accumulates one column's cells straight into typed chunks while the file streams by. */
export class ColumnBuilder {
  private pos = 0;
  private flushed = 0;
  private missing = 0;
  private numericOk = true;
  private datetimeOk = true;
  private allInteger = true;
  private readonly distinctNumbers = new Set<number>();
  private numberChunks: Float64Array[] = [];
  private numbers: Float64Array | null = new Float64Array(CHUNK_ROWS);
  private dictionary: TextDictionary | null = new TextDictionary();
  private codeChunks: Int32Array[] = [];
  private codes: Int32Array | null = new Int32Array(CHUNK_ROWS);

  constructor(readonly name: string) {}

  push(cell: string): void {
    const pos = this.pos;
    if (isMissingCell(cell)) {
      this.missing++;
      if (this.numbers) this.numbers[pos] = NaN;
      if (this.codes) this.codes[pos] = MISSING_CODE;
    } else {
      if (this.numericOk) this.pushNumber(cell, pos);
      if (this.dictionary) this.pushCode(cell, pos, this.dictionary);
    }
    if (++this.pos === CHUNK_ROWS) this.flush();
  }

  private pushNumber(cell: string, pos: number): void {
    const value = parseNumberCell(cell);
    if (value === null) {
      this.numericOk = false;
      if (!this.dictionary) this.dictionaryFromNumbers(pos);
      this.numbers = null;
      this.numberChunks = [];
      return;
    }
    (this.numbers as Float64Array)[pos] = value;
    this.datetimeOk = false;
    if (this.allInteger && !Number.isInteger(value)) this.allInteger = false;
    if (this.distinctNumbers.size <= 5) this.distinctNumbers.add(value);
  }

  private pushCode(cell: string, pos: number, dictionary: TextDictionary): void {
    const size = dictionary.size;
    (this.codes as Int32Array)[pos] = dictionary.code(cell);
    // Each distinct text is tested once, when it first appears.
    if (this.datetimeOk && dictionary.size > size && !isDatetimeText(cell)) this.datetimeOk = false;
    if (this.numericOk && dictionary.size > DICTIONARY_CAP_WHILE_NUMERIC) {
      this.dictionary = null;
      this.codes = null;
      this.codeChunks = [];
    }
  }

  private flush(): void {
    if (this.numbers) {
      this.numberChunks.push(this.numbers);
      this.numbers = new Float64Array(CHUNK_ROWS);
    }
    if (this.codes) {
      this.codeChunks.push(this.codes);
      this.codes = new Int32Array(CHUNK_ROWS);
    }
    this.pos = 0;
    this.flushed++;
  }

  /** Text turned up in a long numeric column after its dictionary was dropped: earlier rows are re-encoded. */
  private dictionaryFromNumbers(pos: number): void {
    const dictionary = new TextDictionary();
    this.codeChunks = this.numberChunks.map((c) => encodeNumbers(c, CHUNK_ROWS, dictionary, new Int32Array(CHUNK_ROWS)));
    this.codes = encodeNumbers(this.numbers as Float64Array, pos, dictionary, new Int32Array(CHUNK_ROWS));
    this.dictionary = dictionary;
  }

  rowCount(): number {
    return this.flushed * CHUNK_ROWS + this.pos;
  }

  inferredType(): ColumnType {
    return inferColumnType({
      nonMissing: this.rowCount() - this.missing,
      allNumeric: this.numericOk,
      allInteger: this.allInteger,
      distinctNumbers: this.distinctNumbers.size,
      allDatetime: this.datetimeOk,
    });
  }

  /** Ends the column read as the type given (the reference's or the user's), else as the inferred one. */
  finish(wanted?: ColumnType): BuiltColumn {
    const inferredType = this.inferredType();
    const stored: Column =
      this.numericOk && (inferredType === 'numeric' || !this.dictionary)
        ? { name: this.name, type: 'numeric', chunks: finishChunks(this.numberChunks, this.numbers, this.pos) }
        : {
            name: this.name,
            type: 'categorical',
            dictionary: (this.dictionary as TextDictionary).categories,
            chunks: finishChunks(this.codeChunks, this.codes, this.pos),
          };
    return finishColumn(stored, inferredType, wanted);
  }
}

/** A column stored as read, then read as the type given (the reference's or the user's), else as the inferred one. */
export function finishColumn(stored: Column, inferredType: ColumnType, wanted?: ColumnType): BuiltColumn {
  const type = wanted ?? inferredType;
  // Read as inferred, every cell fits: the stored column is the column, with no second pass over it.
  const { column, coercedToMissing } = type === inferredType && storageType(type) === stored.type ? { column: stored, coercedToMissing: 0 } : retypeColumn(stored, type);
  return { column, stored, inferredType, type, coercedToMissing };
}

function finishChunks<T extends Float64Array | Int32Array>(full: T[], current: T | null, pos: number): T[] {
  if (!current || pos === 0) return full;
  return [...full, current.slice(0, pos) as T];
}
