import { workerBridge } from '../../src/bridge/workerBridge.ts';
import { defaultParams, type HyperParameters } from '../../src/core/training/config.ts';
import type { StepProfile } from '../../src/ml/stepProfile.ts';

// The bench's page (bench/browserTrain.ts builds it apart from the app): starts the app's train worker
// the way src/bridge/trainBridge.ts does and lets the bench call it from page context.

interface Matrices {
  rows: number;
  inputs: number;
  outputs: number;
  x: Float32Array;
  y: Float32Array;
}

/** A tree family's fit in the worker: its own time, iterations or trees run, trees kept, validation accuracy. */
export interface BenchTreesResult {
  trainMs: number;
  steps: number;
  trees: number;
  accuracy: number;
}

export interface BenchTrainResult {
  backend: string;
  /** Threads the backend ran on (more than 1 only for wasm-threads). */
  threads: number;
  /** The fused WebAssembly step (src/ml/fused/) or tfjs's kernels. */
  step: 'fused' | 'tfjs';
  trainMs: number;
  samplesPerSecond: number;
  losses: number[];
}

/** The part of workers/train.worker.ts's API the bench calls (the worker's own types need Vite's). */
interface TrainWorker {
  backends(): Promise<{ available: string[]; current: string }>;
  benchTrain(backend: string, train: Matrices, validation: Matrices, task: 'binary', params: HyperParameters, seed: number, fusedStep: boolean): Promise<BenchTrainResult>;
  benchTrees(family: 'gbdt' | 'forest', train: Matrices, validation: Matrices, params: HyperParameters, seed: number): Promise<BenchTreesResult>;
  benchScore(x: Float32Array, rows: number): Promise<number>;
  benchProfile(backend: string, train: Matrices, params: HyperParameters, steps: number): Promise<StepProfile>;
  benchProbe(batchSize: number): Promise<BenchProbe>;
}

/** The backend probe's result (src/core/training/backendProbe.ts's BackendProbe, the part the bench reads). */
export interface BenchProbe {
  chosen: string;
  reason: string;
  timings: { backend: string; samplesPerSecond: number | null; threads?: number }[];
}

// Never ended for idleness: a warm-up's compiled kernels must still be there for the timed run after it.
const worker = workerBridge<TrainWorker>({ start: () => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }), idleMs: null });

/** A bench/trainData.ts file: rows × inputs float32 features, then one float32 target per row. */
async function matrices(url: string, rows: number, inputs: number): Promise<Matrices> {
  const all = new Float32Array(await (await fetch(url)).arrayBuffer());
  if (all.length !== rows * (inputs + 1)) throw new Error(`${url}: ${all.length} values, expected ${rows * (inputs + 1)}`);
  return { rows, inputs, outputs: 1, x: all.slice(0, rows * inputs), y: all.slice(rows * inputs) };
}

const head = (m: Matrices, rows: number): Matrices => (rows >= m.rows ? m : { ...m, rows, x: m.x.slice(0, rows * m.inputs), y: m.y.slice(0, rows) });

let data: { train: Matrices; validation: Matrices } | null = null;

/** The default MLP (64-64 ReLU, Adam, L2 1e-4) with the given batch size and epochs, never stopping early. */
const params = (batchSize: number, epochs: number): HyperParameters => ({ ...defaultParams('mlp'), batchSize, epochs, patience: 0 });

const bench = {
  backends: (): Promise<{ available: string[]; current: string }> => worker.call((api) => api.backends()),

  /** The WebGPU adapter as the page sees it (architecture "swiftshader" is the software one), or null. */
  async adapter(): Promise<string | null> {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null> } }).gpu;
    const info = (await gpu?.requestAdapter())?.info;
    return info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter' : null;
  },

  async load(inputs: number, train: { url: string; rows: number }, validation: { url: string; rows: number }): Promise<void> {
    const [t, v] = await Promise.all([matrices(train.url, train.rows, inputs), matrices(validation.url, validation.rows, inputs)]);
    data = { train: t, validation: v };
  },

  /**
   * One epoch on the first rows, validated on themselves: compiles the backend's kernels before the timed
   * run. `fused` false keeps tfjs's step where the fused WebAssembly one would train (src/ml/trainStep.ts).
   */
  warmUp(backend: string, batchSize: number, rows: number, fused = true): Promise<BenchTrainResult> {
    if (!data) throw new Error('load the data first');
    const first = head(data.train, rows);
    return worker.call((api) => api.benchTrain(backend, first, first, 'binary', params(batchSize, 1), 1, fused));
  },

  /** The timed training on the first `rows` training rows (all of them unless a backend is too slow for that). */
  train(backend: string, batchSize: number, epochs: number, rows: number, fused = true): Promise<BenchTrainResult> {
    if (!data) throw new Error('load the data first');
    const { train, validation } = data;
    return worker.call((api) => api.benchTrain(backend, head(train, rows), validation, 'binary', params(batchSize, epochs), 1, fused));
  },

  /** Where a step's time goes on one backend: `steps` default-MLP steps on the training rows, per part and per kernel. */
  profile(backend: string, batchSize: number, steps: number): Promise<StepProfile> {
    if (!data) throw new Error('load the data first');
    const { train } = data;
    return worker.call((api) => api.benchProfile(backend, train, params(batchSize, 1), steps));
  },

  /** The backend probe a training at this batch size runs (every backend measured, the fastest chosen); nothing is stored. */
  probe: (batchSize: number): Promise<BenchProbe> => worker.call((api) => api.benchProbe(batchSize)),

  /** A tree family's defaults (scikit-learn's: 100 iterations or trees), every one built (patience 0), on every training row. */
  trees(family: 'gbdt' | 'forest'): Promise<BenchTreesResult> {
    if (!data) throw new Error('load the data first');
    const { train, validation } = data;
    return worker.call((api) => api.benchTrees(family, train, validation, { ...defaultParams(family), patience: 0 }, 1));
  },

  /** Milliseconds to score every training row with the ensemble `trees` fitted. */
  score(): Promise<number> {
    if (!data) throw new Error('load the data first');
    const { train } = data;
    return worker.call((api) => api.benchScore(train.x, train.rows));
  },
};

(globalThis as { relearnTrainBench?: typeof bench }).relearnTrainBench = bench;
document.body.dataset.ready = 'true';
