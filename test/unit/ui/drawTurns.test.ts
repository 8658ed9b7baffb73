import { describe, expect, it } from 'vitest';
import { drawTurns } from '../../../src/ui/components/drawTurns.ts';

/** Turns scheduled by hand: `task()` runs the oldest scheduled one, as the page's next timer task would. */
function byHand() {
  const scheduled: (() => void)[] = [];
  const drawn: string[] = [];
  const turns = drawTurns(
    (turn) => scheduled.push(turn),
    (draw) => draw(),
  );
  const task = (): void => scheduled.shift()!();
  return { turns, drawn, scheduled, task };
}

describe('drawTurns', () => {
  it('draws one waiting draw per task, oldest first, and schedules nothing once the queue is empty', () => {
    const { turns, drawn, scheduled, task } = byHand();
    turns.wait(() => drawn.push('a'));
    turns.wait(() => drawn.push('b'));
    turns.wait(() => drawn.push('c'));
    expect(scheduled).toHaveLength(1);
    task();
    expect(drawn).toEqual(['a']);
    task();
    expect(drawn).toEqual(['a', 'b']);
    task();
    expect(drawn).toEqual(['a', 'b', 'c']);
    expect(scheduled).toHaveLength(0);
  });

  it('leaves out a draw taken out of the queue before its turn, and starts again after an empty queue', () => {
    const { turns, drawn, scheduled, task } = byHand();
    const stale = (): void => void drawn.push('stale');
    turns.wait(() => drawn.push('first'));
    turns.wait(stale);
    turns.wait(() => drawn.push('latest'));
    turns.stopWaiting(stale);
    task();
    task();
    expect(drawn).toEqual(['first', 'latest']);
    expect(scheduled).toHaveLength(0);
    turns.wait(() => drawn.push('again'));
    expect(scheduled).toHaveLength(1);
    task();
    expect(drawn).toEqual(['first', 'latest', 'again']);
  });
});
