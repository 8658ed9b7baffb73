import { describe, expect, it } from 'vitest';
import { movable, wholeBuffer } from '../../../src/core/movable.ts';

describe('movable', () => {
  it('is the array itself when it is the whole of its buffer', () => {
    const own = Float64Array.of(1, NaN, -0);
    expect(wholeBuffer(own)).toBe(true);
    expect(movable(own)).toBe(own);
    expect(movable(new Uint8Array(0))).toBeInstanceOf(Uint8Array);
  });

  it('copies a view of part of a larger buffer into a buffer of its own', () => {
    const all = Int32Array.of(1, 2, 3, 4, 5);
    for (const view of [all.subarray(1, 3), all.subarray(0, 4), all.subarray(2)]) {
      expect(wholeBuffer(view)).toBe(false);
      const copy = movable(view);
      expect(copy.buffer).not.toBe(all.buffer);
      expect(wholeBuffer(copy)).toBe(true);
      expect([...copy]).toEqual([...view]);
    }
    const bytes = new Uint8Array(new ArrayBuffer(16), 8, 8);
    expect(movable(bytes).byteLength).toBe(8);
    expect(movable(bytes).buffer.byteLength).toBe(8);
  });
});
