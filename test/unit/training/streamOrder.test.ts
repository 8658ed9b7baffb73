import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/training/random.ts';
import { epochWindows, rowsByChunk, tableChunks } from '../../../src/core/training/streamOrder.ts';

// Two batches of 1,000 and 250 rows in chunks of 128: the second batch's chunks start at its own first row.
const chunks = tableChunks(
  [
    { start: 0, rows: 1000 },
    { start: 1000, rows: 250 },
  ],
  128,
);
// Every third row trains (ascending, as splitRows gives them); one chunk of the second batch holds none.
const train = Uint32Array.from({ length: 1250 }, (_, i) => i).filter((row) => row % 3 === 0 && !(row >= 1128 && row < 1250));

describe('streamed epoch order', () => {
  it('chunks follow each batch, the last one of each shorter', () => {
    expect(chunks).toHaveLength(8 + 2);
    expect(chunks[7]).toEqual({ start: 896, rows: 104 });
    expect(chunks[8]).toEqual({ start: 1000, rows: 128 });
    expect(chunks[9]).toEqual({ start: 1128, rows: 122 });
  });

  it('visits every training row exactly once per epoch, a few chunks at a time', () => {
    const byChunk = rowsByChunk(chunks, train);
    expect(byChunk[9]).toHaveLength(0);
    const random = new Random(5);
    for (let epoch = 0; epoch < 3; epoch++) {
      const windows = epochWindows(byChunk, 3, random);
      // The chunk without training rows is never read: 9 chunks in reads of 3.
      expect(windows.map((w) => w.chunks.length)).toEqual([3, 3, 3]);
      const seen = windows.flatMap((w) => Array.from(w.rows));
      expect(seen).toHaveLength(train.length);
      expect(new Set(seen).size).toBe(train.length);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from(train));
      for (const w of windows) {
        // A read's rows all lie in its own chunks.
        for (const row of w.rows) expect(w.chunks.some((c) => row >= chunks[c]!.start && row < chunks[c]!.start + chunks[c]!.rows)).toBe(true);
      }
    }
  });

  it('the same seed gives the same order; epochs and seeds differ', () => {
    const byChunk = rowsByChunk(chunks, train);
    const epochs = (seed: number): number[][] => {
      const random = new Random(seed);
      return [0, 1].map(() => epochWindows(byChunk, 2, random).flatMap((w) => Array.from(w.rows)));
    };
    const [first, second] = epochs(11);
    expect(epochs(11)).toEqual([first, second]);
    expect(second).not.toEqual(first);
    expect(epochs(12)[0]).not.toEqual(first);
    // Shuffled within a read, not left in file order.
    expect(first).not.toEqual([...first!].sort((a, b) => a - b));
  });

  it('refuses rows outside the chunks and a buffer under one chunk', () => {
    expect(() => rowsByChunk(chunks, Uint32Array.of(5, 1300))).toThrow(/row 1300 is in no chunk/);
    expect(() => epochWindows(rowsByChunk(chunks, train), 0, new Random(1))).toThrow(/at least 1 \(got 0\)/);
  });
});
