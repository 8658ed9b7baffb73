/**
 * A queue that runs one job at a time, in the order they were asked for. A worker whose jobs share one
 * thing (the training backend, the scheduler's state) runs them through it; a job that fails does not
 * stop the ones after it.
 */
export function exclusiveQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
}
