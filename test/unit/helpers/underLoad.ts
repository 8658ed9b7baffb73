import { availableParallelism, loadavg } from 'node:os';

/**
 * A test's timeout for work bound by CPU: `ms` while the machine runs at most one task per core, growing
 * with the load beyond that (a shared machine at load 20 on 2 cores gives each process a tenth of a core).
 */
export const underLoad = (ms: number): number => Math.round(ms * Math.max(1, (loadavg()[0] ?? 0) / availableParallelism()));
