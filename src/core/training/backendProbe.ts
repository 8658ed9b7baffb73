/** One backend's measured training throughput on this device. */
export interface BackendTiming {
  backend: string;
  samplesPerSecond: number | null;
  /** What it is (a software WebGPU adapter, WebAssembly), or why it was not measured. */
  note: string;
  software: boolean;
  /** Threads it trains on: more than 1 only for the threaded WebAssembly build (absent in probes stored before it). */
  threads?: number;
}

/** The first-training probe: every available backend measured, the fastest chosen, and why. */
export interface BackendProbe {
  at: number;
  timings: BackendTiming[];
  chosen: string;
  reason: string;
  /** The mini-batch size it trained at (absent in probes stored before it was kept: those ran at 200). */
  batchSize?: number;
}

/** The batch size the probe measured at: which backend is fastest depends on it (the second thread pays only on large batches). */
export const probedBatchSize = (probe: BackendProbe): number => probe.batchSize ?? 200;

/** The probe among `probes` measured at `batchSize`, if any. */
export const probeAt = (probes: BackendProbe[], batchSize: number): BackendProbe | undefined => probes.find((p) => probedBatchSize(p) === batchSize);

/**
 * A backend as a person reads it: the threaded WebAssembly build (`wasm-threads`) with its thread
 * count, `wasm, 2 threads`; any other by its name.
 */
export function backendLabel(backend: string, threads = 1): string {
  return backend === 'wasm-threads' ? `wasm, ${threads} thread${threads === 1 ? '' : 's'}` : backend;
}

/** The label of a probe's chosen backend, with the threads it was measured on. */
export function chosenLabel(probe: BackendProbe): string {
  return backendLabel(probe.chosen, probe.timings.find((t) => t.backend === probe.chosen)?.threads);
}
