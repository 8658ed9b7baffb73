import type { Reader } from '../src/app/training/chunkedTable.ts';
import { readerPool } from '../src/app/training/readerPool.ts';
import { workerBridge } from '../src/bridge/workerBridge.ts';
import { leaveHandedMeasures } from '../src/ml/epochMeasures.ts';
import type { StreamReadApi } from './streamRead.worker.ts';

/**
 * The reader workers a worker that trains hands a streamed epoch's reads to (`readerPool`), `count` of them,
 * or none (undefined: the reads are made on the training thread). Each starts on its first read and ends
 * with the worker that started it (a cancel) or 10 s after its last read. Each read's measures made in a
 * reader are left in this thread, named for it (`reader 1`): a browser bench sees this worker, not its readers.
 */
export function streamReaders(count: number): Reader | undefined {
  if (count < 1) return undefined;
  const readers = Array.from({ length: count }, (_, i): Reader => {
    const name = `reader ${i + 1}`;
    const bridge = workerBridge<StreamReadApi>({ start: () => new Worker(new URL('./streamRead.worker.ts', import.meta.url), { type: 'module', name: `stream ${name}` }) });
    return async (read) => {
      const { x, measures } = await bridge.call((remote) => remote.inputs(read));
      leaveHandedMeasures(measures, name);
      return x;
    };
  });
  return readerPool(readers);
}
