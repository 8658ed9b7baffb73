import { PapaChunkParser, type CsvFormat } from './papaChunkParser.ts';
import { PartColumn, type PartColumnData } from './partColumn.ts';

/** A byte range of a UTF-8 CSV file that starts at a line start: what one parallel reader parses. */
export interface RangeJob extends CsvFormat {
  start: number;
  end: number;
  /** Fields per row, from the header. */
  fields: number;
  /** The range begins the file: its first non-blank row is the header (skipped), a BOM there is dropped. */
  first: boolean;
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

/** Parses one range from its bytes (in pieces) into part columns. */
export async function parseRange(source: AsyncIterable<Uint8Array>, job: RangeJob, onProgress?: (progress: RangeProgress) => void): Promise<RangeResult> {
  const parser = new PapaChunkParser(job);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !job.first });
  const columns = Array.from({ length: job.fields }, () => new PartColumn());
  let headerSeen = !job.first;
  let rows = 0;
  let bytes = 0;

  const take = (text: string, last: boolean): void => {
    const chunk = parser.push(text, last);
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

  try {
    for await (const piece of source) {
      if (piece.indexOf(0) !== -1) throw new RangeRefused('a NUL byte');
      bytes += piece.length;
      take(decodeOrRefuse(decoder, piece), false);
      onProgress?.({ bytes, rows });
    }
    take(decodeOrRefuse(decoder, undefined), true);
    if (!headerSeen) throw new RangeRefused('the header row is not in the first range');
  } catch (error) {
    if (error instanceof RangeRefused) return { ok: false, reason: error.message };
    throw error;
  }
  onProgress?.({ bytes, rows });
  return { ok: true, rows, columns: columns.map((c) => c.finish()) };
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
