import { CHUNK_ROWS, MISSING_CODE } from '../columns.ts';
import { isDatetimeText } from '../datetime.ts';
import { wholeBuffer } from '../movable.ts';
import { TextDictionary } from '../retype.ts';
import { textOf } from './byteCells.ts';
import { ByteDictionary } from './byteDictionary.ts';
import { isMissingCell, parseNumberCell } from './cells.ts';
import { DICTIONARY_CAP_WHILE_NUMERIC } from './columnBuilder.ts';

/** Values appended one at a time into chunks of CHUNK_ROWS (the last one cut to length when finished). */
export class ChunkWriter<T extends Float64Array | Int32Array> {
  private chunks: T[] = [];
  private current: T;
  private pos = 0;
  /** A chunk's worth of room for `take`'s last rows; made once, then passed around with `current`. */
  private spare: T | null = null;

  /**
   * `release` takes back, once the writer is finished, the chunks of room it no longer needs (its last
   * chunk is copied out to length): `make` can hand them to another writer.
   */
  constructor(
    private readonly make: (length: number) => T,
    private readonly release?: (room: T) => void,
  ) {
    this.current = make(CHUNK_ROWS);
  }

  push(value: number): void {
    this.current[this.pos] = value;
    if (++this.pos === CHUNK_ROWS) this.next();
  }

  /** Appends values[from, to) in bulk. */
  pushRange(values: T, from: number, to: number): void {
    while (from < to) {
      const n = Math.min(to - from, CHUNK_ROWS - this.pos);
      this.current.set(values.subarray(from, from + n), this.pos);
      this.pos += n;
      from += n;
      if (this.pos === CHUNK_ROWS) this.next();
    }
  }

  /**
   * Appends all of `values`, taking its buffer over rather than copying it into a new chunk when it is a
   * full chunk of its own: it becomes the next chunk, its values moved along by the rows still pending.
   * In the page the first writes to a new buffer cost most of a copy (1.5 s of the merge's 1.6 s for
   * 1M × 21); moving values within a buffer already written does not. `values` is the writer's afterwards.
   */
  take(values: T): void {
    if (values.length !== CHUNK_ROWS || !wholeBuffer(values)) return this.pushRange(values, 0, values.length);
    const pending = this.pos;
    if (pending === 0) {
      this.chunks.push(values);
      return;
    }
    const spare = this.spare ?? this.make(CHUNK_ROWS);
    spare.set(values.subarray(CHUNK_ROWS - pending));
    values.copyWithin(pending, 0, CHUNK_ROWS - pending);
    values.set(this.current.subarray(0, pending));
    this.chunks.push(values);
    this.spare = this.current;
    this.current = spare;
  }

  /** The full chunks so far, handed over and forgotten: a writer that streams holds one chunk at most. */
  drain(): T[] {
    const full = this.chunks;
    this.chunks = [];
    return full;
  }

  private next(): void {
    this.chunks.push(this.current);
    this.current = this.make(CHUNK_ROWS);
    this.pos = 0;
  }

  finish(): T[] {
    const chunks = this.pos === 0 ? this.chunks : [...this.chunks, this.current.slice(0, this.pos) as T];
    if (this.release) {
      this.release(this.current);
      if (this.spare) this.release(this.spare);
    }
    return chunks;
  }

  /**
   * finish, with the last chunk a view of its buffer rather than a copy, for chunks that are only read
   * again (a part's, merged): in the page a copy's first writes cost most of it (about 21 MB for 1M × 21).
   */
  finishAsViews(): T[] {
    return this.pos === 0 ? this.chunks : [...this.chunks, this.current.subarray(0, this.pos) as T];
  }
}

export const float64Writer = (): ChunkWriter<Float64Array> => new ChunkWriter<Float64Array>((n) => new Float64Array(n));

/**
 * Chunks of room for one writer after another (a merge's columns, one at a time): in the page the first
 * writes to a new buffer cost about 5 ms a MB, and a finished writer's room is as good as new.
 */
export class ChunkPool {
  private readonly free: Float64Array[] = [];

  /** Chunks of room free now. */
  get rooms(): number {
    return this.free.length;
  }

  writer(): ChunkWriter<Float64Array> {
    return new ChunkWriter<Float64Array>(
      (n) => (n === CHUNK_ROWS ? this.free.pop() : undefined) ?? new Float64Array(n),
      (room) => {
        if (room.length === CHUNK_ROWS && wholeBuffer(room)) this.free.push(room);
      },
    );
  }
}
export const int32Writer = (): ChunkWriter<Int32Array> => new ChunkWriter<Int32Array>((n) => new Int32Array(n));

/**
 * One column of one part of a file (a byte range parsed on its own), with what it takes to merge the
 * parts into exactly the column ColumnBuilder makes from the whole file: which rows were numbers before
 * the first text, and the raw texts wherever ColumnBuilder could still need them. Plain data and typed
 * arrays, so it crosses a worker boundary by transfer.
 */
export interface PartColumnData {
  rows: number;
  missing: number;
  /** Row of the first non-missing cell that is not a number; `rows` when there is none. */
  textAt: number;
  /** The values of rows [0, textAt), NaN where missing. */
  numbers: Float64Array[];
  /** The texts seen, in order of first appearance; null when dropped (too many distinct numbers). */
  dictionary: string[] | null;
  /** The dictionary was dropped before `textAt` (it then restarts at `textAt`). */
  dropped: boolean;
  /** Entries of `dictionary` first seen before `textAt`. */
  prefixDictionarySize: number;
  /** Codes into `dictionary` for rows [codesFrom, rows). */
  codesFrom: number;
  codes: Int32Array[];
  /** Over the numbers of rows [0, textAt): all integers, and up to 6 distinct values. */
  allInteger: boolean;
  distinctNumbers: number[];
  /** Every non-missing cell is a date or date-time text. */
  datetimeOk: boolean;
}

/** ColumnBuilder's reading of cells for one part, keeping what mergeParts needs. */
export class PartColumn {
  private rows = 0;
  private missing = 0;
  private textAt = -1;
  private numbers: ChunkWriter<Float64Array> | null = float64Writer();
  private numberChunks: Float64Array[] = [];
  private dictionary: TextDictionary | null = new TextDictionary();
  /**
   * While every text so far is a plain decimal read from bytes, the texts are kept here as bytes rather
   * than in `dictionary` (left empty), and made strings only if they are needed: when another cell
   * comes, or at the end. Most numeric columns drop them first.
   */
  private decimalTexts: ByteDictionary | null;
  private dropped = false;
  private prefixDictionarySize = 0;
  private codesFrom = 0;
  private codes: ChunkWriter<Int32Array> | null = int32Writer();
  private allInteger = true;
  private readonly distinct = new Set<number>();
  private datetimeOk = true;

  /**
   * keepTexts: the column is known to be text (a first pass over the whole file said so), so its
   * dictionary is kept past DICTIONARY_CAP_WHILE_NUMERIC while the part still looks numeric.
   */
  constructor(private readonly keepTexts = false) {
    // A column known to be text keeps every text: its dictionary grows past where bytes would pay.
    this.decimalTexts = keepTexts ? null : new ByteDictionary(DICTIONARY_CAP_WHILE_NUMERIC + 1);
  }

  push(cell: string): void {
    if (isMissingCell(cell)) {
      this.missing++;
      this.numbers?.push(NaN);
      this.codes?.push(MISSING_CODE);
    } else {
      if (this.decimalTexts) this.textsAsStrings(this.decimalTexts);
      if (this.textAt === -1) this.pushNumber(cell);
      if (this.dictionary) this.pushCode(cell, this.dictionary);
    }
    this.rows++;
  }

  /**
   * A cell read from bytes as a plain decimal (plainDecimal: never missing, the value Number(text) gives);
   * its text is made only while a dictionary still needs it.
   */
  pushDecimal(value: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.textAt === -1) this.acceptNumber(value);
    if (this.decimalTexts) this.pushDecimalCode(this.decimalTexts, bytes, start, end);
    else if (this.dictionary) this.pushCode(textOf(bytes, start, end) as string, this.dictionary);
    this.rows++;
  }

  /** pushCode for a decimal's bytes, while the column is numeric and its texts are bytes. */
  private pushDecimalCode(texts: ByteDictionary, bytes: Uint8Array, start: number, end: number): void {
    (this.codes as ChunkWriter<Int32Array>).push(texts.code(bytes, start, end));
    if (texts.size > DICTIONARY_CAP_WHILE_NUMERIC) {
      this.decimalTexts = null;
      this.dictionary = null;
      this.codes = null;
      this.dropped = true;
    }
  }

  /** The texts kept as bytes moved into `dictionary`, under the same codes. */
  private textsAsStrings(texts: ByteDictionary): void {
    const dictionary = this.dictionary as TextDictionary;
    for (const text of texts.texts()) dictionary.code(text);
    this.decimalTexts = null;
  }

  private pushNumber(cell: string): void {
    const value = parseNumberCell(cell);
    if (value === null) {
      this.textAt = this.rows;
      this.numberChunks = (this.numbers as ChunkWriter<Float64Array>).finishAsViews();
      this.numbers = null;
      this.prefixDictionarySize = this.dictionary?.size ?? 0;
      if (!this.dictionary) {
        this.dictionary = new TextDictionary();
        this.codes = int32Writer();
        this.codesFrom = this.rows;
      }
      return;
    }
    this.acceptNumber(value);
  }

  private acceptNumber(value: number): void {
    (this.numbers as ChunkWriter<Float64Array>).push(value);
    this.datetimeOk = false;
    if (this.allInteger && !Number.isInteger(value)) this.allInteger = false;
    if (this.distinct.size <= 5) this.distinct.add(value);
  }

  private pushCode(cell: string, dictionary: TextDictionary): void {
    const size = dictionary.size;
    (this.codes as ChunkWriter<Int32Array>).push(dictionary.code(cell));
    if (this.datetimeOk && dictionary.size > size && !isDatetimeText(cell)) this.datetimeOk = false;
    if (this.textAt === -1 && !this.keepTexts && dictionary.size > DICTIONARY_CAP_WHILE_NUMERIC) {
      this.dictionary = null;
      this.codes = null;
      this.dropped = true;
    }
  }

  finish(): PartColumnData {
    if (this.decimalTexts) this.textsAsStrings(this.decimalTexts);
    const textAt = this.textAt === -1 ? this.rows : this.textAt;
    return {
      rows: this.rows,
      missing: this.missing,
      textAt,
      numbers: this.numbers?.finishAsViews() ?? this.numberChunks,
      dictionary: this.dictionary?.categories ?? null,
      dropped: this.dropped,
      prefixDictionarySize: this.textAt === -1 ? (this.dictionary?.size ?? 0) : this.prefixDictionarySize,
      codesFrom: this.codesFrom,
      codes: this.codes?.finishAsViews() ?? [],
      allInteger: this.allInteger,
      distinctNumbers: [...this.distinct],
      datetimeOk: this.datetimeOk,
    };
  }
}
