import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../src/core/columns.ts';
import { ChunkPool, float64Writer, int32Writer } from '../../../src/core/csv/partColumn.ts';

/** Values that tell rows apart, with the doubles whose bits must survive: -0, NaN, infinities, a subnormal. */
const values = (from: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => [NaN, -0, Infinity, -Infinity, 5e-324][(from + i) % 97] ?? from + i + 0.5);

/** The rows of `chunks` as bytes, to compare bit for bit (a NaN equals itself, -0 differs from 0). */
const bytes = (chunks: Float64Array[]): Buffer => Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));

/** Where two chunkings of rows first differ in their bits; -1 when they hold the same rows. */
const firstDifference = (a: Float64Array[], b: Float64Array[]): number => {
  const [x, y] = [bytes(a), bytes(b)];
  if (x.length !== y.length) return Math.min(x.length, y.length);
  return x.equals(y) ? -1 : x.findIndex((v, i) => v !== y[i]);
};

/** Parts as the readers make them: full chunks of their own, then a shorter last one. */
const part = (from: number, rows: number): Float64Array[] => {
  const chunks: Float64Array[] = [];
  for (let at = 0; at < rows; at += CHUNK_ROWS) chunks.push(values(from + at, Math.min(CHUNK_ROWS, rows - at)));
  return chunks;
};

describe('ChunkWriter.take', () => {
  it('gives the rows pushRange gives, in full chunks, whatever is pending when a part begins', () => {
    for (const sizes of [[2 * CHUNK_ROWS + 100, 3 * CHUNK_ROWS - 7, CHUNK_ROWS, 5], [CHUNK_ROWS, 2 * CHUNK_ROWS], [1, CHUNK_ROWS - 1, 2 * CHUNK_ROWS + 1]]) {
      const taken = float64Writer();
      const copied = float64Writer();
      let from = 0;
      for (const rows of sizes) {
        for (const chunk of part(from, rows)) copied.pushRange(chunk, 0, chunk.length);
        for (const chunk of part(from, rows)) taken.take(chunk);
        from += rows;
      }
      const chunks = taken.finish();
      expect(chunks.map((c) => c.length)).toEqual(copied.finish().map((c) => c.length));
      expect(firstDifference(chunks, part(0, from))).toBe(-1);
      expect(chunks.slice(0, -1).every((c) => c.length === CHUNK_ROWS)).toBe(true);
    }
  });

  it('takes a full chunk of its own without a copy, and copies a view of a larger buffer', () => {
    const writer = float64Writer();
    const own = values(0, CHUNK_ROWS);
    writer.take(own);
    const larger = values(CHUNK_ROWS, CHUNK_ROWS + 10);
    const view = larger.subarray(0, CHUNK_ROWS);
    writer.take(view);
    const [first, second] = writer.finish();
    expect(first).toBe(own);
    expect(second?.buffer).not.toBe(larger.buffer);
    expect(firstDifference([second!], [values(CHUNK_ROWS, CHUNK_ROWS)])).toBe(-1);
  });

  it('keeps the chunks it drained whole while later parts are taken', () => {
    const writer = int32Writer();
    writer.pushRange(Int32Array.of(1, 2, 3), 0, 3);
    const full = () => Int32Array.from({ length: CHUNK_ROWS }, (_, i) => i);
    writer.take(full());
    const drained = writer.drain();
    const before = Int32Array.from(drained[0]!);
    writer.take(full());
    writer.take(full());
    expect(drained[0]).toEqual(before);
    const rest = writer.finish();
    expect(rest.map((c) => c.length)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 3]);
    expect([...rest[2]!]).toEqual([CHUNK_ROWS - 3, CHUNK_ROWS - 2, CHUNK_ROWS - 1]);
    expect([...before.subarray(0, 5)]).toEqual([1, 2, 3, 0, 1]);
  });
});

describe('ChunkWriter.finishAsViews', () => {
  it('gives the rows finish gives, the last chunk a view of its own buffer rather than a copy', () => {
    const asViews = float64Writer();
    const copied = float64Writer();
    const rows = values(0, 2 * CHUNK_ROWS + 17);
    asViews.pushRange(rows, 0, rows.length);
    copied.pushRange(rows, 0, rows.length);
    const views = asViews.finishAsViews();
    expect(firstDifference(views, copied.finish())).toBe(-1);
    expect(views.map((c) => [c.length, c.buffer.byteLength])).toEqual([[CHUNK_ROWS, CHUNK_ROWS * 8], [CHUNK_ROWS, CHUNK_ROWS * 8], [17, CHUNK_ROWS * 8]]);
    expect(new Set(views.map((c) => c.buffer)).size).toBe(3);
  });

  it('a writer of whole chunks has no view to give', () => {
    const writer = int32Writer();
    writer.pushRange(Int32Array.from({ length: CHUNK_ROWS }, (_, i) => i), 0, CHUNK_ROWS);
    expect(writer.finishAsViews().map((c) => c.length)).toEqual([CHUNK_ROWS]);
  });
});

describe('ChunkPool', () => {
  it('hands a finished writer\'s room to the next, whose rows are its own: none of the earlier ones shows', () => {
    const pool = new ChunkPool();
    const sizes = [[2 * CHUNK_ROWS + 100, 3 * CHUNK_ROWS - 7], [CHUNK_ROWS - 1, 5], [3, CHUNK_ROWS + 2]];
    const rooms = new Set<ArrayBufferLike>();
    sizes.forEach((parts, column) => {
      const writer = pool.writer();
      let from = column * 10 * CHUNK_ROWS;
      for (const rows of parts) {
        for (const chunk of part(from, rows)) writer.take(chunk);
        from += rows;
      }
      const chunks = writer.finish();
      expect(firstDifference(chunks, part(column * 10 * CHUNK_ROWS, from - column * 10 * CHUNK_ROWS))).toBe(-1);
      // Finished chunks are the parts' own or copies: never room that a later writer will fill.
      for (const c of chunks) expect(rooms.has(c.buffer)).toBe(false);
      const next = pool.writer();
      next.pushRange(values(0, 1), 0, 1);
      for (const c of next.finish()) rooms.add(c.buffer);
      for (const c of chunks) expect(rooms.has(c.buffer)).toBe(false);
    });
  });

  it('reuses the room: a writer after the first makes none of its own', () => {
    const pool = new ChunkPool();
    for (const column of [0, 1, 2]) {
      const writer = pool.writer();
      expect(pool.rooms).toBe(column === 0 ? 0 : 1);
      writer.pushRange(values(0, 10), 0, 10);
      // A full chunk after 10 pending rows takes a second chunk of room (see ChunkWriter.take).
      writer.take(values(10, CHUNK_ROWS));
      expect(pool.rooms).toBe(0);
      expect(firstDifference(writer.finish(), part(0, CHUNK_ROWS + 10))).toBe(-1);
      expect(pool.rooms).toBe(2);
    }
  });
});
