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
}

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
