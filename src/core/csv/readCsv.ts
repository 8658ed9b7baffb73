import { createSHA256 } from 'hash-wasm';
import { CancelledError, InputError } from '../errors.ts';
import type { ColumnType } from '../schema.ts';
import { ColumnBuilder, type BuiltColumn } from './columnBuilder.ts';
import { PapaChunkParser, type ChunkRows } from './papaChunkParser.ts';
import { detectEncoding, SNIFF_BYTES, StrictDecoder, type TextEncoding } from './textDecoding.ts';

export const MAX_COLUMNS = 5000;

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/** Incremental SHA-256; Node passes its native one, the page uses hash-wasm. */
export interface ByteHasher {
  update(bytes: Uint8Array): void;
  digestHex(): Promise<string> | string;
}

export async function wasmSha256(): Promise<ByteHasher> {
  const hasher = await createSHA256();
  hasher.init();
  return { update: (bytes) => void hasher.update(bytes), digestHex: () => hasher.digest('hex') };
}

export interface ReadCsvOptions {
  /** Size of the whole input, for progress; 0 when unknown. */
  totalBytes?: number;
  /** The types to read columns with (the reference's, the user's), by name; other columns are inferred. */
  typeOverrides?: Record<string, ColumnType>;
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
  hasher?: ByteHasher;
}

export interface CsvTable {
  sha256: string;
  bytes: number;
  rows: number;
  delimiter: string;
  linebreak: string;
  encoding: TextEncoding;
  bom: boolean;
  columns: BuiltColumn[];
}

/** Header checks: every column needs a distinct, non-empty name. */
export function columnNames(header: string[]): string[] {
  if (header.length > MAX_COLUMNS) throw new InputError(`${header.length} columns; at most ${MAX_COLUMNS} are supported`, 1);
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') throw new InputError(`column ${i + 1} has no name in the header`, 1);
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new InputError(`column name "${name}" appears twice (columns ${earlier + 1} and ${i + 1})`, 1);
    seen.set(name, i);
  });
  return names;
}

const quoteProblem: Record<string, string> = {
  MissingQuotes: 'a quoted field is never closed',
  InvalidQuotes: 'a quoted field has text after its closing quote',
};

/**
 * Reads CSV bytes into typed columns in one pass: bytes are hashed and decoded chunk by chunk,
 * PapaParse cuts rows, and every cell goes straight into its column's typed chunk. Neither the whole
 * text nor an array of row objects is ever held.
 */
export async function readCsv(source: AsyncIterable<Uint8Array>, options: ReadCsvOptions = {}): Promise<CsvTable> {
  const { signal, onProgress, totalBytes = 0, typeOverrides = {} } = options;
  const hasher = options.hasher ?? (await wasmSha256());
  const parser = new PapaChunkParser();
  let decoder: StrictDecoder | null = null;
  let encoding: TextEncoding = 'utf-8';
  let bom = false;
  let bytesRead = 0;
  let builders: ColumnBuilder[] | null = null;
  let rows = 0;
  let line = 1;
  let delimiter = ',';
  let linebreak = '\n';

  const take = (chunk: ChunkRows): void => {
    delimiter = chunk.delimiter || delimiter;
    linebreak = chunk.linebreak || linebreak;
    const breakChar = linebreak === '\r' ? '\r' : '\n';
    const errorRows = new Map<number, string>();
    for (const e of chunk.errors) {
      const problem = quoteProblem[e.code];
      if (problem && e.row !== undefined && !errorRows.has(e.row)) errorRows.set(e.row, problem);
    }
    chunk.rows.forEach((row, index) => {
      const problem = errorRows.get(index);
      if (problem) throw new InputError(problem, line);
      const startLine = line;
      line += 1 + (chunk.quoted ? lineBreaksIn(row, breakChar) : 0);
      if (row.length === 1 && row[0] === '') return; // blank line
      if (!builders) {
        builders = columnNames(row).map((name) => new ColumnBuilder(name));
        return;
      }
      if (row.length !== builders.length) {
        throw new InputError(`expected ${builders.length} fields as in the header, found ${row.length}`, startLine);
      }
      for (let j = 0; j < row.length; j++) (builders[j] as ColumnBuilder).push(row[j] as string);
      rows++;
    });
  };

  // The byte-order mark can be cut across pieces, and a NUL near the start marks a binary file: the first
  // SNIFF_BYTES bytes are gathered before anything is decoded.
  let head: Uint8Array | null = new Uint8Array(0);
  const decode = (bytes: Uint8Array, last: boolean): void => {
    if (!decoder) {
      ({ encoding, bom } = detectEncoding(bytes));
      decoder = new StrictDecoder(encoding);
    }
    take(parser.push(decoder.decode(bytes, false), false));
    if (last) take(parser.push(decoder.decode(undefined, true), true));
  };

  for await (const bytes of source) {
    if (signal?.aborted) throw new CancelledError();
    hasher.update(bytes);
    bytesRead += bytes.length;
    if (!head) decode(bytes, false);
    else if (head.length + bytes.length >= SNIFF_BYTES) {
      decode(concatBytes(head, bytes), false);
      head = null;
    } else head = concatBytes(head, bytes);
    onProgress?.({ bytesRead, totalBytes, rows });
  }
  if (signal?.aborted) throw new CancelledError();
  if (bytesRead === 0) throw new InputError('the file is empty');
  decode(head ?? new Uint8Array(0), true);
  const finished = builders as ColumnBuilder[] | null;
  if (!finished) throw new InputError('no header row: the file holds only blank lines');
  if (rows === 0) throw new InputError('a header but no data rows', 2);
  onProgress?.({ bytesRead, totalBytes, rows });
  return {
    sha256: await hasher.digestHex(),
    bytes: bytesRead,
    rows,
    delimiter,
    linebreak,
    encoding,
    bom,
    columns: finished.map((b) => b.finish(typeOverrides[b.name])),
  };
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function lineBreaksIn(row: string[], breakChar: string): number {
  let n = 0;
  for (const field of row) {
    for (let i = field.indexOf(breakChar); i !== -1; i = field.indexOf(breakChar, i + 1)) n++;
  }
  return n;
}
