import type { Reader } from './chunkedTable.ts';

/**
 * Several readers as one: each read goes to the reader with the fewest reads in flight (the first of them
 * on a tie), so a read is made as soon as a reader is free. Every read keeps its own promise, and the
 * epoch awaits them in its own order: which reader made a read, or which finished first, changes nothing
 * it trains on.
 */
export function readerPool(readers: readonly Reader[]): Reader {
  if (readers.length === 0) throw new RangeError('a reader pool needs at least one reader');
  const inFlight = readers.map(() => 0);
  return async (read) => {
    const chosen = inFlight.indexOf(Math.min(...inFlight));
    inFlight[chosen]!++;
    try {
      return await readers[chosen]!(read);
    } finally {
      inFlight[chosen]!--;
    }
  };
}

/**
 * Reader workers for a streamed epoch on a machine of `cores` (navigator.hardwareConcurrency): none on one
 * core, one on two or three, two from four. On two cores a second reader was measured to gain nothing (the
 * scale bench at 2M rows: the wait is IndexedDB's answer, and the network's wasm threads use both cores);
 * with more cores a read's own work (deserializing, gathering, transforming) is split between two threads.
 */
export const readerCount = (cores: number): number => (cores >= 4 ? 2 : cores >= 2 ? 1 : 0);
