/** Draws waiting for their turn, one per task. */
export interface DrawTurns {
  /** Queues `draw` after the others; the first in an empty queue starts the turns. */
  wait(draw: () => void): void;
  /** Takes `draw` out of the queue if it has not been drawn yet. */
  stopWaiting(draw: () => void): void;
}

/**
 * A queue of draws run one per task, oldest first: `run` draws one now (React's flushSync in the page),
 * and `later` schedules the next turn in a task of its own (a timer in the page).
 */
export function drawTurns(later: (turn: () => void) => void, run: (draw: () => void) => void): DrawTurns {
  const waiting: (() => void)[] = [];
  function next(): void {
    const draw = waiting.shift();
    if (!draw) return;
    run(draw);
    if (waiting.length > 0) later(next);
  }
  return {
    wait(draw) {
      waiting.push(draw);
      if (waiting.length === 1) later(next);
    },
    stopWaiting(draw) {
      const at = waiting.indexOf(draw);
      if (at >= 0) waiting.splice(at, 1);
    },
  };
}
