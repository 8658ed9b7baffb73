import { CancelledError, InputError } from '../errors.ts';
import type { RangeJob, RangeProgress, RangeResult } from './csvRange.ts';
import { mergeParts, UnmergeableError } from './mergeParts.ts';
import { ChunkPool, type PartColumnData } from './partColumn.ts';
import { GUESS_WINDOW, guessFormat, PapaChunkParser, type CsvFormat } from './papaChunkParser.ts';
import { columnNames, readCsv, wasmSha256, type ByteHasher, type CsvTable, type ReadCsvOptions } from './readCsv.ts';
import { detectEncoding } from './textDecoding.ts';

/** A file read by byte ranges (a Blob in the page, a file descriptor in Node). */
export interface RandomAccessBytes {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
  /** The whole file in order, for the hash and for the single reader. */
  stream(): AsyncIterable<Uint8Array>;
  /**
   * The whole file's SHA-256 (hex), made elsewhere (the page: a hash worker that reads the file itself
   * beside the range readers); without it, the file is streamed through the hasher here.
   */
  sha256?: () => Promise<string>;
}

/** Parses one range, in a worker in the page; several run at once. */
export type RangeRunner = (job: RangeJob, onProgress: (progress: RangeProgress) => void, signal?: AbortSignal) => Promise<RangeResult>;

export interface ParallelOptions {
  /** How many ranges (readers) at most. */
  parts: number;
  runRange: RangeRunner;
  /** Smaller files are read by one reader: starting workers costs more than it saves. */
  minBytes?: number;
}

const EMPTY_PART: PartColumnData = {
  rows: 0,
  missing: 0,
  textAt: 0,
  numbers: [],
  dictionary: [],
  dropped: false,
  prefixDictionarySize: 0,
  codesFrom: 0,
  codes: [],
  allInteger: true,
  distinctNumbers: [],
  datetimeOk: true,
};

/** The least time between two progress reports while the ranges are read (the last, when all are read, always comes). */
const PROGRESS_MS = 100;

/** Where a line break is searched for after each split's target offset. */
const SPLIT_WINDOW = 1 << 16;
/** Enough bytes for GUESS_WINDOW characters of UTF-8 (at most 4 bytes each) and a header row. */
const HEAD_BYTES = 4 * GUESS_WINDOW + SPLIT_WINDOW;

export type ReadPath = { readers: number } | { readers: 1; reason: string };

/**
 * readCsv on several cores: the file is cut at line breaks into ranges parsed at once, and their columns
 * merged in order into exactly the table readCsv makes (the property tests compare both). A range that
 * does not stand on its own (a cut inside a quoted field leaves a quote open at its end; a bad row or
 * byte) sends the whole file to the one reader, which reports problems with their lines.
 */
export async function readCsvParallel(file: RandomAccessBytes, parallel: ParallelOptions, options: ReadCsvOptions = {}, onPath?: (path: ReadPath) => void): Promise<CsvTable> {
  const { signal, onProgress, typeOverrides = {} } = options;
  const single = (reason: string, hasher?: ByteHasher): Promise<CsvTable> => {
    onPath?.({ readers: 1, reason });
    return readCsv(file.stream(), { ...options, ...(hasher ? { hasher } : {}) });
  };
  if (file.size < (parallel.minBytes ?? 0) || parallel.parts < 2) return single('a small file');
  const plan = await planRanges(file, parallel.parts);
  if (typeof plan === 'string') return single(plan);

  const hasher = options.hasher ?? (await wasmSha256());
  const progress = plan.jobs.map(() => ({ bytes: 0, rows: 0 }));
  let reported = -Infinity;
  const report = (): void => {
    // One report every PROGRESS_MS for all the ranges together: each redraws the page's progress.
    const now = performance.now();
    if (now - reported < PROGRESS_MS) return;
    reported = now;
    const sum = progress.reduce((s, p) => ({ bytes: s.bytes + p.bytes, rows: s.rows + p.rows }), { bytes: 0, rows: 0 });
    onProgress?.({ bytesRead: sum.bytes, totalBytes: file.size, rows: sum.rows });
  };
  const hashing = hashWhole(file, hasher, signal);
  // Awaited last (below), so its failure would otherwise go unheard while the ranges are read.
  hashing.catch(() => undefined);
  const ranges = plan.jobs.map((job, i) =>
    parallel.runRange(
      job,
      (p) => {
        progress[i] = p;
        report();
      },
      signal,
    ),
  );
  // The merge does not wait for the digest: in the page the hash worker's own read of the file may not
  // have ended when the ranges end, and the merge runs while it finishes.
  const results = await Promise.all(ranges);
  if (signal?.aborted) throw new CancelledError();
  // The single reader runs on the bytes already hashed: its hasher only hands the digest back.
  const hashed: ByteHasher = { update: () => undefined, digestHex: () => hashing };
  const refused = results.find((r) => !r.ok);
  if (refused && !refused.ok) return single(refused.reason, hashed);
  const parts = results.flatMap((r) => (r.ok ? [r] : []));
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  if (rows === 0) return single('no data rows', hashed);
  let columns;
  const pool = new ChunkPool();
  try {
    columns = plan.names.map((name, j) => {
      const column = mergeParts(name, parts.map((p) => p.columns[j]!), typeOverrides[name], pool);
      // Each part's copy is let go once merged: the merge holds one column twice at most, never the table.
      for (const p of parts) p.columns[j] = EMPTY_PART;
      return column;
    });
  } catch (error) {
    if (error instanceof UnmergeableError) return single(error.message, hashed);
    throw error;
  }
  const sha256 = await hashing;
  if (signal?.aborted) throw new CancelledError();
  onPath?.({ readers: plan.jobs.length });
  onProgress?.({ bytesRead: file.size, totalBytes: file.size, rows });
  return { sha256, bytes: file.size, rows, delimiter: plan.format.delimiter, linebreak: plan.format.newline, encoding: 'utf-8', bom: plan.bom, columns };
}

/** The file's SHA-256, read in order beside the ranges' readers. */
export async function hashWhole(file: RandomAccessBytes, hasher: ByteHasher, signal?: AbortSignal): Promise<string> {
  if (file.sha256) return await file.sha256();
  for await (const bytes of file.stream()) {
    if (signal?.aborted) throw new CancelledError();
    hasher.update(bytes);
  }
  return hasher.digestHex();
}

export interface RangePlan {
  format: CsvFormat;
  bom: boolean;
  names: string[];
  jobs: RangeJob[];
}

/** The format guessed as the one reader guesses it, the header, and the ranges; or why the file is read by one. */
export async function planRanges(file: RandomAccessBytes, parts: number): Promise<RangePlan | string> {
  const head = await file.read(0, Math.min(file.size, HEAD_BYTES));
  const { encoding, bom } = detectEncoding(head);
  if (encoding !== 'utf-8') return `${encoding} text`;
  if (head.indexOf(0) !== -1) return 'a NUL byte';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < file.size });
  } catch {
    return 'bytes that are not UTF-8';
  }
  const format = guessFormat(text.substring(0, GUESS_WINDOW));
  const header = headerRow(text.substring(0, HEADER_PROBE), format, false) ?? headerRow(text, format, head.length === file.size);
  if (!header) return 'no complete header row at the start';
  let names: string[];
  try {
    names = columnNames(header);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const target = Math.max(Math.floor((file.size * k) / parts), cuts.at(-1)! + 1);
    if (target >= file.size) break;
    const window = await file.read(target, Math.min(file.size, target + SPLIT_WINDOW));
    const at = cutIn(window, format);
    if (at === -1) continue;
    const cut = target + at;
    if (cut < file.size) cuts.push(cut);
  }
  if (cuts.length < 2) return 'no line break to cut at';
  const jobs = cuts.map((start, i) => ({ ...format, start, end: cuts[i + 1] ?? file.size, fields: names.length, first: i === 0 }));
  return { format, bom, names, jobs };
}

/** Characters parsed first to find the header: Papa-parsing the whole head for it took about 170 ms. */
const HEADER_PROBE = 1 << 16;

/**
 * The first non-blank row of `text`. Not `last`: only rows complete within it count (Papa leaves the
 * last, perhaps cut, row out), so a prefix gives the row the whole text gives, or none.
 */
function headerRow(text: string, format: CsvFormat, last: boolean): string[] | undefined {
  return new PapaChunkParser(format).push(text, last).rows.find((row) => !(row.length === 1 && row[0] === ''));
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Where to cut in a window of bytes that starts at an unknown place: just after the first line break
 * outside quotes, under the guess (outside or inside a quoted field at the window's start) that reads
 * the window as well-formed CSV: under the wrong one, quotes soon open mid-field or close before text.
 * A wrong cut is still caught (the range before it ends inside a quote); this only makes it rare.
 */
function cutIn(window: Uint8Array, { delimiter, newline }: CsvFormat): number {
  const delimiterByte = delimiter.charCodeAt(0);
  const breakFirst = newline.charCodeAt(0);
  const fieldEnd = (b: number | undefined): boolean => b === undefined || b === delimiterByte || b === CR || b === LF;
  // The whole window is read under each guess: a line break before any quote proves nothing.
  const scan = (inside: boolean): number | null => {
    let cut: number | null = null;
    for (let i = 0; i < window.length; i++) {
      const b = window[i]!;
      if (b === QUOTE) {
        if (!inside) {
          if (i > 0 && !fieldEnd(window[i - 1])) return null;
          inside = true;
        } else if (window[i + 1] === QUOTE) i++;
        else if (!fieldEnd(window[i + 1])) return null;
        else inside = false;
      } else if (cut === null && !inside && b === breakFirst && (newline.length === 1 || window[i + 1] === LF)) {
        cut = i + newline.length;
      }
    }
    return cut;
  };
  const outside = scan(false);
  if (outside !== null) return outside;
  const inside = scan(true);
  if (inside !== null) return inside;
  for (let i = 0; i < window.length; i++) if (window[i] === breakFirst && (newline.length === 1 || window[i + 1] === LF)) return i + newline.length;
  return -1;
}
