/** One backend's measured training throughput on this device. */
export interface BackendTiming {
  backend: string;
  samplesPerSecond: number | null;
  /** What it is (a software WebGPU adapter, WebAssembly), or why it was not measured. */
  note: string;
  software: boolean;
}

/** The first-training probe: every available backend measured, the fastest chosen, and why. */
export interface BackendProbe {
  at: number;
  timings: BackendTiming[];
  chosen: string;
  reason: string;
}
