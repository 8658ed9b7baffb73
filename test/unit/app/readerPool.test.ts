import { describe, expect, it } from 'vitest';
import type { Reader, StreamRead } from '../../../src/app/training/chunkedTable.ts';
import { readerCount, readerPool } from '../../../src/app/training/readerPool.ts';

/** A reader whose reads stay in flight until answered by hand, each answered with the read's first row as its one input. */
function heldReader(name: string, log: string[]) {
  const open: (() => void)[] = [];
  const reader: Reader = (read) =>
    new Promise((resolve) => {
      log.push(`${name} ${read.rows[0]}`);
      open.push(() => resolve(Float32Array.of(read.rows[0]!)));
    });
  return { reader, answerFirst: () => open.shift()!() };
}

const readOf = (row: number): StreamRead => ({ metas: [], layout: { chunks: [], places: [] }, chunks: [], rows: Uint32Array.of(row), preprocessing: { formatVersion: 1, features: [], width: 0 } });

describe('readerPool', () => {
  it('hands each read to the reader with the fewest in flight, the first on a tie, and answers each read with its own result', async () => {
    const log: string[] = [];
    const [a, b] = [heldReader('a', log), heldReader('b', log)];
    const pool = readerPool([a.reader, b.reader]);
    const answers = [pool(readOf(1)), pool(readOf(2)), pool(readOf(3))];
    expect(log).toEqual(['a 1', 'b 2', 'a 3']);
    b.answerFirst();
    expect(Array.from(await answers[1]!)).toEqual([2]);
    // b is free, a still has two in flight.
    answers.push(pool(readOf(4)));
    expect(log.at(-1)).toBe('b 4');
    a.answerFirst();
    a.answerFirst();
    b.answerFirst();
    expect((await Promise.all(answers)).map((x) => x[0])).toEqual([1, 2, 3, 4]);
  });

  it('needs a reader', () => {
    expect(() => readerPool([])).toThrow(RangeError);
  });

  it('starts no reader on one core, one on two or three, two from four', () => {
    expect([1, 2, 3, 4, 16].map(readerCount)).toEqual([0, 1, 1, 2, 2]);
  });
});
