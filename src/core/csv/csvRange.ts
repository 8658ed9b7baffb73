import { PapaChunkParser, type CsvFormat } from './papaChunkParser.ts';
import { decimalPrefix, scanned, textOf } from './byteCells.ts';
import { PartColumn, type PartColumnData } from './partColumn.ts';

/** A byte range of a UTF-8 CSV file that starts at a line start: what one parallel reader parses. */
export interface RangeJob extends CsvFormat {
  start: number;
  end: number;
  /** Fields per row, from the header. */
  fields: number;
  /** The range begins the file: its first non-blank row is the header (skipped), a BOM there is dropped. */
  first: boolean;
  /** Only the summaries are wanted (a first pass deciding types): numbers and codes are not handed back. */
  summary?: boolean;
  /** Columns known to be text, by index: their parts keep every text (see PartColumn). */
  keepTexts?: boolean[];
}

/**
 * A range's columns, or why it cannot stand on its own. Any doubt (a quote left open at the range's end,
 * which is how a split inside a quoted field shows, a ragged row, a bad byte) gives `ok: false`, and the
 * whole file is then read by one reader, which names the problem and its line exactly.
 */
export type RangeResult = { ok: true; rows: number; columns: PartColumnData[] } | { ok: false; reason: string };

export interface RangeProgress {
  bytes: number;
  rows: number;
}

class RangeRefused extends Error {}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const isBom = (b: Uint8Array): boolean => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * Parses one range from its bytes (in pieces) into part columns. While no quote has turned up, lines
 * and cells are cut straight from the bytes and plain decimals read without a string (the text Papa
 * would split the same way); from the first piece holding a quote on, PapaParse reads the rest.
 */
export async function parseRange(source: AsyncIterable<Uint8Array>, job: RangeJob, onProgress?: (progress: RangeProgress) => void): Promise<RangeResult> {
  const columns = Array.from({ length: job.fields }, (_, j) => new PartColumn(job.keepTexts?.[j] ?? false));
  const delimiter = job.delimiter.charCodeAt(0);
  let headerSeen = !job.first;
  let rows = 0;
  let bytes = 0;
  let carry: Uint8Array = new Uint8Array(0);
  /** Bytes were handed to a reader already (a BOM counts only at the very start of the file). */
  let begun = false;
  let papa: { parser: PapaChunkParser; decoder: TextDecoder } | null = null;

  const textRows = (text: string, last: boolean): void => {
    const chunk = (papa as { parser: PapaChunkParser }).parser.push(text, last);
    if (chunk.errors.length > 0) throw new RangeRefused(`${chunk.errors[0]?.code ?? 'parse error'} in the range`);
    for (const row of chunk.rows) {
      if (row.length === 1 && row[0] === '') continue; // blank line
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      if (row.length !== job.fields) throw new RangeRefused('a row with another number of fields');
      for (let j = 0; j < row.length; j++) (columns[j] as PartColumn).push(row[j] as string);
      rows++;
    }
  };

  /**
   * Reads the cell that starts at `from` in a row ending at `end`, and returns where it ends. A number
   * is read in the same pass that finds the cell's end; anything else is found with indexOf and read
   * as text, as the one reader reads it.
   */
  const byteCell = (column: PartColumn, buf: Uint8Array, from: number, end: number): number => {
    const value = decimalPrefix(buf, from, end);
    const stop = scanned.end;
    if (value === value && (stop === end || buf[stop] === delimiter)) {
      column.pushDecimal(value, buf, from, stop);
      return stop;
    }
    let to = buf.indexOf(delimiter, stop);
    if (to === -1 || to > end) to = end;
    const text = textOf(buf, from, to);
    if (text === null) throw new RangeRefused('bytes that are not UTF-8');
    column.push(text);
    return to;
  };

  const byteRow = (buf: Uint8Array, start: number, end: number): void => {
    if (start === end) return; // blank line
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    let field = 0;
    for (let from = start; ; field++) {
      if (field >= job.fields) throw new RangeRefused('a row with another number of fields');
      const to = byteCell(columns[field] as PartColumn, buf, from, end);
      if (to === end) break;
      from = to + 1;
    }
    if (field + 1 !== job.fields) throw new RangeRefused('a row with another number of fields');
    rows++;
  };

  /** Reads the complete lines of buf from `from`; returns where the unfinished last line starts. */
  const byteLines = (buf: Uint8Array, from: number, last: boolean): number => {
    const breakByte = job.newline === '\r' ? CR : LF;
    let lineStart = from;
    for (let at = buf.indexOf(breakByte, lineStart); at !== -1; at = buf.indexOf(breakByte, at + 1)) {
      if (job.newline === '\r\n' && (at === lineStart || buf[at - 1] !== CR)) continue; // a lone LF is text
      byteRow(buf, lineStart, job.newline === '\r\n' ? at - 1 : at);
      lineStart = at + 1;
    }
    if (!last) return lineStart;
    if (lineStart < buf.length) byteRow(buf, lineStart, buf.length);
    return buf.length;
  };

  /**
   * byteLines for '\n' breaks, with no search for each line's end first (which cost a reader about a
   * twentieth of its time): a row's cells are read up to the delimiter or break each stops at, within the
   * piece's complete lines (up to its last break, or all of it when `last`).
   */
  const lfLines = (buf: Uint8Array, from: number, last: boolean): number => {
    const complete = last ? buf.length : Math.max(from, buf.lastIndexOf(LF) + 1);
    let lineStart = from;
    while (lineStart < complete) {
      if (buf[lineStart] === LF) lineStart++; // blank line
      else if (!headerSeen) {
        headerSeen = true;
        const at = buf.indexOf(LF, lineStart);
        lineStart = at === -1 ? complete : at + 1;
      } else lineStart = lfRow(buf, lineStart, complete) + 1;
    }
    return complete;
  };

  /** Reads the row that starts at `start` and returns where it ends: its break, or `limit`. */
  const lfRow = (buf: Uint8Array, start: number, limit: number): number => {
    for (let field = 0, from = start; ; field++) {
      if (field >= job.fields) throw new RangeRefused('a row with another number of fields');
      const to = lfCell(columns[field] as PartColumn, buf, from, limit);
      if (to === limit || buf[to] === LF) {
        if (field + 1 !== job.fields) throw new RangeRefused('a row with another number of fields');
        rows++;
        return to;
      }
      from = to + 1;
    }
  };

  /** byteCell for a cell whose row's end is not known: it ends at a delimiter, a '\n' or `limit`. */
  const lfCell = (column: PartColumn, buf: Uint8Array, from: number, limit: number): number => {
    const value = decimalPrefix(buf, from, limit);
    const stop = scanned.end;
    const next = buf[stop];
    if (value === value && (stop === limit || next === delimiter || next === LF)) {
      column.pushDecimal(value, buf, from, stop);
      return stop;
    }
    let to = stop;
    for (let b = buf[to]; to < limit && b !== delimiter && b !== LF; b = buf[to]) to++;
    const text = textOf(buf, from, to);
    if (text === null) throw new RangeRefused('bytes that are not UTF-8');
    column.push(text);
    return to;
  };

  const pieceOf = (buf: Uint8Array, last: boolean): void => {
    if (papa) return textRows(decodeOrRefuse(papa.decoder, buf), last);
    if (job.first && !begun && buf.length < 3 && !last) {
      // A copy: the piece itself may be refilled (blobPieces) once the next is asked for.
      carry = buf.slice();
      return;
    }
    if (buf.indexOf(QUOTE) !== -1) {
      papa = { parser: new PapaChunkParser(job), decoder: new TextDecoder('utf-8', { fatal: true, ignoreBOM: !job.first || begun }) };
      carry = new Uint8Array(0);
      textRows(decodeOrRefuse(papa.decoder, buf), false);
      if (last) textRows(decodeOrRefuse(papa.decoder, undefined), true);
      return;
    }
    const from = job.first && !begun && isBom(buf) ? 3 : 0;
    const rest = job.newline === '\n' ? lfLines(buf, from, last) : byteLines(buf, from, last);
    if (rest > 0) begun = true;
    carry = buf.slice(rest);
  };

  /** Just after the first line break of `piece`, whose first line began in `carry`; -1 when it holds none. */
  const firstLineEnd = (piece: Uint8Array): number => {
    if (job.newline === '\r') {
      const at = piece.indexOf(CR);
      return at === -1 ? -1 : at + 1;
    }
    for (let at = piece.indexOf(LF); at !== -1; at = piece.indexOf(LF, at + 1)) {
      if (job.newline === '\n' || (at > 0 ? piece[at - 1] : carry[carry.length - 1]) === CR) return at + 1;
    }
    return -1;
  };

  /** A piece after an unfinished line: only that line is joined to the carry, not the whole piece copied. */
  const afterCarry = (piece: Uint8Array): void => {
    const cut = begun ? firstLineEnd(piece) : -1;
    if (cut === -1) return pieceOf(concat(carry, piece), false);
    pieceOf(concat(carry, piece.subarray(0, cut)), false);
    pieceOf(piece.subarray(cut), false);
  };

  try {
    for await (const piece of source) {
      if (piece.indexOf(0) !== -1) throw new RangeRefused('a NUL byte');
      bytes += piece.length;
      if (papa || carry.length === 0) pieceOf(piece, false);
      else afterCarry(piece);
      onProgress?.({ bytes, rows });
    }
    if (papa) textRows(decodeOrRefuse((papa as { decoder: TextDecoder }).decoder, undefined), true);
    else pieceOf(carry, true);
    if (!headerSeen) throw new RangeRefused('the header row is not in the first range');
  } catch (error) {
    if (error instanceof RangeRefused) return { ok: false, reason: error.message };
    throw error;
  }
  onProgress?.({ bytes, rows });
  const finished = columns.map((c) => c.finish());
  return { ok: true, rows, columns: job.summary ? finished.map((c) => ({ ...c, numbers: [], codes: [] })) : finished };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function decodeOrRefuse(decoder: TextDecoder, bytes: Uint8Array | undefined): string {
  try {
    return decoder.decode(bytes, { stream: bytes !== undefined });
  } catch {
    throw new RangeRefused('bytes that are not UTF-8');
  }
}

/** The typed arrays of a range's result, to hand over to another thread without a copy. */
export function transferables(result: RangeResult): ArrayBuffer[] {
  if (!result.ok) return [];
  return result.columns.flatMap((c) => [...c.numbers, ...c.codes].map((a) => a.buffer as ArrayBuffer));
}
