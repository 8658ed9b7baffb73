import * as tf from '@tensorflow/tfjs';
import { backendLabel, type BackendProbe, type BackendTiming } from '../core/training/backendProbe.ts';
import { defaultParams } from '../core/training/config.ts';
import { DEFAULT_SHARES } from '../core/training/split.ts';
import { disposeNetwork } from './network.ts';
import { trainNetwork } from './trainLoop.ts';
import { backendThreads, THREADED_WASM } from './wasmThreads.ts';

/** `wasm-threads`: the threaded WebAssembly build, registered only in a cross-origin isolated worker (wasmThreads.ts). */
export const BACKEND_ORDER = ['webgpu', 'webgl', THREADED_WASM, 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** The WebGPU adapter's description, and whether it is a software one (SwiftShader, a fallback adapter). */
async function webgpuAdapter(): Promise<{ software: boolean; name: string } | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string; vendor?: string; description?: string }; isFallbackAdapter?: boolean } | null> } } | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const software = info.architecture === 'swiftshader' || info.vendor === 'google' && /swiftshader/i.test(info.description ?? '') || adapter.isFallbackAdapter === true;
  return { software, name: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter' };
}

/** Registered backends that initialise here, in preference order. */
export async function availableBackends(): Promise<BackendName[]> {
  const found: BackendName[] = [];
  for (const name of BACKEND_ORDER) {
    if (!tf.findBackendFactory(name)) continue;
    try {
      if (await tf.setBackend(name)) found.push(name);
    } catch {
      // A backend that cannot start here (no WebGL context, no GPU adapter) is not offered.
    }
  }
  return found;
}

/** Synthetic rows for the probe: 20 features, a binary target, the MLP 64-64 of the benchmark. */
function probeData(rows: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(rows * 20);
  const y = new Float32Array(rows);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
  for (let r = 0; r < rows; r++) y[r] = x[r * 20]! + x[r * 20 + 1]! > 0 ? 1 : 0;
  return { x, y };
}

/** The probe's timed training aims at about this long: steady steps on a fast backend, not minutes on a slow one. */
const TIMED_MS = 600;
/** Mini-batches per timed epoch at most: enough that a training's own start (a helper thread's set-up) is a small share. */
const MOST_BATCHES = 64;
/** Validation rows per training row, as in a training with the default split (10% against 70%). */
const VALIDATION_PER_TRAIN = DEFAULT_SHARES.validation / (1 - DEFAULT_SHARES.holdout - DEFAULT_SHARES.validation);
const clampRows = (rows: number, batchSize: number, most: number): number => Math.min(65_536, Math.max(2 * batchSize, Math.min(Math.round(rows), most * batchSize)));

/**
 * Training throughput of one backend at a batch size: a warm-up training on about 1,024 rows, then a
 * timed one of two epochs, each about TIMED_MS / 2 at the warm-up's speed (2 to MOST_BATCHES mini-batches).
 * The warm-up pays what only a first training pays (the fused step's helper thread starts and is kept, code
 * compiles), so the timed one measures steady steps on every backend alike; sizing it by that speed keeps
 * a software GPU adapter from taking half a minute at a large batch size. The validation loss, computed on
 * one thread each epoch, is taken on as many rows as a real training's: on every training row, it made a
 * second thread look slower than it is (the probe chose one thread at batch 1,000, where two train 1.2×
 * faster).
 */
export async function measureBackend(name: string, batchSize = defaultParams('mlp').batchSize): Promise<number> {
  await tf.setBackend(name);
  await tf.ready();
  const params = { ...defaultParams('mlp'), batchSize, patience: 0 };
  const train = async (rows: number, epochs: number): Promise<number> => {
    const { x, y } = probeData(rows);
    const data = { rows, inputs: 20, outputs: 1, x, y };
    const held = Math.max(1, Math.round(rows * VALIDATION_PER_TRAIN));
    const validation = { rows: held, inputs: 20, outputs: 1, x: x.subarray(0, held * 20), y: y.subarray(0, held) };
    const outcome = await trainNetwork(data, validation, { task: 'binary', params: { ...params, epochs }, seed: 1 });
    disposeNetwork(outcome.net);
    return outcome.samplesPerSecond;
  };
  const warm = await train(clampRows(1024, batchSize, 20), 1);
  return train(clampRows((warm * TIMED_MS) / 2000, batchSize, MOST_BATCHES), 2);
}

const rate = (v: number): string => `${Math.round(v).toLocaleString('en-US')} samples/s`;

/**
 * Measures each available backend on the same short training at the batch size training will use, and
 * picks the fastest. A software WebGPU adapter is measured like the rest and named as such: on a machine
 * without a GPU it usually loses.
 */
export async function probeBackends(names?: string[], batchSize = defaultParams('mlp').batchSize): Promise<BackendProbe> {
  const candidates = names ?? (await availableBackends());
  const adapter = candidates.includes('webgpu') ? await webgpuAdapter() : null;
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    const software = backend === 'webgpu' ? (adapter?.software ?? false) : backend === 'cpu' || backend === 'wasm' || backend === THREADED_WASM;
    const note = (): string => {
      if (backend === 'webgpu' && adapter) return adapter.software ? `software adapter (${adapter.name})` : adapter.name;
      if (backend === THREADED_WASM) return `WebAssembly on the CPU, ${backendThreads(backend)} threads`;
      return backend === 'wasm' ? 'WebAssembly on the CPU' : backend === 'cpu' ? 'plain JavaScript' : 'GPU through WebGL';
    };
    const threads = backend === THREADED_WASM ? { threads: backendThreads(backend) } : {};
    try {
      const samplesPerSecond = await measureBackend(backend, batchSize);
      timings.push({ backend, samplesPerSecond, note: note(), software, ...threads });
    } catch (error) {
      timings.push({ backend, samplesPerSecond: null, note: `failed: ${error instanceof Error ? error.message : String(error)}`, software });
    }
  }
  const measured = timings.filter((t) => t.samplesPerSecond !== null).sort((a, b) => b.samplesPerSecond! - a.samplesPerSecond!);
  const best = measured[0];
  if (!best) throw new Error(`no training backend works here (${timings.map((t) => `${t.backend}: ${t.note}`).join('; ')})`);
  const second = measured[1];
  const batch = batchSize.toLocaleString('en-US');
  const reason = second
    ? `fastest on this device at batch ${batch}: ${rate(best.samplesPerSecond!)}, ${(best.samplesPerSecond! / second.samplesPerSecond!).toFixed(1)}× ${backendLabel(second.backend, second.threads)}`
    : `the only backend that works here: ${rate(best.samplesPerSecond!)} at batch ${batch}`;
  await tf.setBackend(best.backend);
  return { at: Date.now(), timings, chosen: best.backend, reason, batchSize };
}
