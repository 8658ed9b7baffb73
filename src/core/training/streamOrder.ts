import type { Random } from './random.ts';

/** Table rows stored together: one stored chunk of one batch, `rows` rows from table row `start`. */
export interface RowChunk {
  start: number;
  rows: number;
}

/** The stored chunks of a table's batches, each batch stored in chunks of `chunkRows` rows (its last one shorter). */
export function tableChunks(batches: readonly { start: number; rows: number }[], chunkRows: number): RowChunk[] {
  const chunks: RowChunk[] = [];
  for (const batch of batches) {
    for (let at = 0; at < batch.rows; at += chunkRows) chunks.push({ start: batch.start + at, rows: Math.min(chunkRows, batch.rows - at) });
  }
  return chunks;
}

/** One read of a streamed epoch: the chunks read together, and their training rows in the order to train on. */
export interface EpochWindow {
  chunks: number[];
  rows: Uint32Array;
}

/** The given rows (ascending table rows) grouped by the chunk that holds them. */
export function rowsByChunk(chunks: readonly RowChunk[], rows: Uint32Array): Uint32Array[] {
  const counts = new Int32Array(chunks.length);
  const chunkOf = new Int32Array(rows.length);
  let c = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    while (c < chunks.length && row >= chunks[c]!.start + chunks[c]!.rows) c++;
    if (c === chunks.length || row < chunks[c]!.start) throw new RangeError(`row ${row} is in no chunk (rows must ascend and lie in the table)`);
    chunkOf[i] = c;
    counts[c]!++;
  }
  const grouped = Array.from(counts, (n) => new Uint32Array(n));
  const filled = new Int32Array(chunks.length);
  for (let i = 0; i < rows.length; i++) grouped[chunkOf[i]!]![filled[chunkOf[i]!]!++] = rows[i]!;
  return grouped;
}

/**
 * An epoch's order over the training rows when they are streamed from storage rather than held whole:
 * the chunks that hold training rows in a seeded random order, read `buffer` chunks at a time, and the
 * training rows of each read shuffled together. Every training row comes exactly once per epoch. Unlike a
 * full shuffle, two rows of chunks that are never read together never meet in one mini-batch of that
 * epoch, and a mini-batch draws from at most `buffer` chunks: a file sorted by time or by class gives
 * mini-batches less mixed than a full shuffle would, more so the smaller the buffer.
 */
export function epochWindows(byChunk: readonly Uint32Array[], buffer: number, random: Random): EpochWindow[] {
  if (!Number.isInteger(buffer) || buffer < 1) throw new RangeError(`the shuffle buffer must be a whole number of chunks, at least 1 (got ${buffer})`);
  const order = random.shuffle(Int32Array.from(byChunk.flatMap((rows, chunk) => (rows.length > 0 ? [chunk] : []))));
  const windows: EpochWindow[] = [];
  for (let at = 0; at < order.length; at += buffer) {
    const chunks = Array.from(order.subarray(at, at + buffer));
    const rows = new Uint32Array(chunks.reduce((n, chunk) => n + byChunk[chunk]!.length, 0));
    let filled = 0;
    for (const chunk of chunks) {
      rows.set(byChunk[chunk]!, filled);
      filled += byChunk[chunk]!.length;
    }
    windows.push({ chunks, rows: random.shuffle(rows) });
  }
  return windows;
}
