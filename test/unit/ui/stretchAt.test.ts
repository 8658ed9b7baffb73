import { describe, expect, it } from 'vitest';
import { stretchAt, type WindowStart } from '../../../src/ui/components/useWindow.ts';

/** A start that records what the pager chose. */
function startAt(chosen: number | null): WindowStart & { picked: (number | null)[] } {
  const picked: (number | null)[] = [];
  return { chosen, choose: (next) => picked.push(next), picked };
}

describe('stretchAt', () => {
  it('draws the newest stretch when no start is chosen, and the whole list when it is short', () => {
    expect(stretchAt(startAt(null), 364, 60)).toMatchObject({ start: 304, end: 364, total: 364 });
    expect(stretchAt(startAt(null), 12, 60)).toMatchObject({ start: 0, end: 12 });
  });

  it('clamps a chosen start to a list drawn late with fewer items', () => {
    expect(stretchAt(startAt(0), 364, 60)).toMatchObject({ start: 0, end: 60 });
    expect(stretchAt(startAt(320), 300, 60)).toMatchObject({ start: 240, end: 300 });
  });

  it('pages: a start reaching the newest item follows growth again (null), others are kept clamped', () => {
    const at = startAt(0);
    const stretch = stretchAt(at, 364, 60);
    stretch.show(-5);
    stretch.show(100);
    stretch.show(304);
    stretch.show(1000);
    expect(at.picked).toEqual([0, 100, null, null]);
  });
});
