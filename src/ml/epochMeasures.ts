/**
 * The performance measures a streamed epoch leaves in the thread that does each part, so a browser bench
 * can say where an epoch's time goes (bench/browserScale.ts sums them per name in every worker):
 * reading the stored chunks (IndexedDB's answer, reads overlapping), gathering a read's rows into the
 * shuffled order, transforming them into network inputs, the training thread waiting for a read, and
 * training on one.
 */
export const EPOCH_MEASURES = {
  read: 'relearn epoch: read chunks',
  gather: 'relearn epoch: gather rows',
  transform: 'relearn epoch: transform',
  wait: 'relearn epoch: wait for a read',
  train: 'relearn epoch: train on a read',
} as const;

const PREFIX = 'relearn epoch';

/** Leaves a measure of `name` from `start` (a performance.now()) to now. */
export function measureSince(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
}

/** An epoch measure as another thread hands it over: its name, start (ms since 1970, clocks of threads differ) and length. */
export interface HandedMeasure {
  name: string;
  at: number;
  ms: number;
}

const epochMeasures = (): PerformanceEntry[] => performance.getEntriesByType('measure').filter((m) => m.name.startsWith(PREFIX));

/** Every epoch measure left in this thread, cleared from it: what a reader worker hands back with each read. */
export function takeEpochMeasures(): HandedMeasure[] {
  const taken = epochMeasures().map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime, ms: m.duration }));
  clearEpochMeasures();
  return taken;
}

/**
 * Leaves another thread's epoch measures in this one, each at its own time and named for where it was
 * made (`relearn epoch: read chunks` from `reader 1` is `relearn epoch, reader 1: read chunks`): a
 * browser bench sees a worker's measures but not those of the workers it starts.
 */
export function leaveHandedMeasures(measures: readonly HandedMeasure[], where: string): void {
  for (const { name, at, ms } of measures) {
    performance.measure(name.replace(PREFIX, `${PREFIX}, ${where}`), { start: Math.max(0, at - performance.timeOrigin), duration: ms });
  }
}

/** Clears every epoch measure of this thread, handed ones included: a train worker runs many trainings. */
export function clearEpochMeasures(): void {
  for (const name of new Set(epochMeasures().map((m) => m.name))) performance.clearMeasures(name);
}
