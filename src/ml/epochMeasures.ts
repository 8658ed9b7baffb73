/**
 * The performance measures a streamed epoch leaves in the thread that does each part, so a browser bench
 * can say where an epoch's time goes (bench/browserScale.ts sums them per name in every worker):
 * reading the stored chunks (IndexedDB's answer, reads overlapping), making a read's network inputs
 * (gather and transform), the training thread waiting for a read, and training on one.
 */
export const EPOCH_MEASURES = {
  read: 'relearn epoch: read chunks',
  inputs: 'relearn epoch: make inputs',
  wait: 'relearn epoch: wait for a read',
  train: 'relearn epoch: train on a read',
} as const;

/** Leaves a measure of `name` from `start` (a performance.now()) to now. */
export function measureSince(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
}
