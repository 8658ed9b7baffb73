import { CancelledError } from '../../core/errors.ts';

/**
 * Runs every input through one of `lanes` (this thread, a helper worker): the inputs are taken in order
 * by whichever lane is free, and the results kept in input order. A lane that fails fails the whole.
 */
export async function inLanes<I, R>(inputs: readonly I[], lanes: readonly ((input: I) => Promise<R>)[], signal?: AbortSignal, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  let done = 0;
  const lane = async (run: (input: I) => Promise<R>): Promise<void> => {
    while (next < inputs.length) {
      if (signal?.aborted) throw new CancelledError();
      const at = next++;
      results[at] = await run(inputs[at] as I);
      onDone?.(++done);
    }
  };
  await Promise.all(lanes.map(lane));
  return results;
}
