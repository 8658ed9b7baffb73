import { CancelledError } from '../../core/errors.ts';

/**
 * Runs every input through one of `lanes` (this thread, a helper worker): the inputs are taken in order
 * by whichever lane is free, and the results kept in input order. When a lane fails the others take no
 * more inputs, and the first failure is thrown once every lane has finished what it had begun (so that
 * nothing is still being written when the caller cleans up).
 */
export async function inLanes<I, R>(inputs: readonly I[], lanes: readonly ((input: I) => Promise<R>)[], signal?: AbortSignal, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async (run: (input: I) => Promise<R>): Promise<void> => {
    try {
      while (!failed && next < inputs.length) {
        if (signal?.aborted) throw new CancelledError();
        const at = next++;
        results[at] = await run(inputs[at] as I);
        onDone?.(++done);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  const settled = await Promise.allSettled(lanes.map(lane));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
