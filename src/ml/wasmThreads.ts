import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backendLabel } from '../core/training/backendProbe.ts';

/**
 * tfjs's WebAssembly backend picks its build once, when it starts: the threaded SIMD one where the page
 * is cross-origin isolated, else the one-thread SIMD one. To measure threads against one thread (on a
 * busy or small machine one thread can be faster), both run side by side: `wasm` is always the
 * one-thread build, and `wasm-threads` the threaded one, registered only where threads can run.
 */
export const THREADED_WASM = 'wasm-threads';
const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
/** The most threads tfjs's C++ gives its thread pool (max_num_threads in tfjs-backend-wasm/src/cc/backend.cc). */
const MOST_THREADS = 8;

/** Threads for the threaded build: every logical core the browser reports, up to tfjs's most. */
export function threadsWanted(): number {
  return Math.min(MOST_THREADS, Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1));
}

/**
 * tfjs's C++ takes navigator.hardwareConcurrency / 2 as the cores (it assumes two hardware threads a
 * core) and never runs more threads than that: on 2 cores, one. It reads the count once, while its
 * module starts, so it is told twice the cores for that moment only.
 */
async function withCoresReported<T>(count: number, start: () => Promise<T>): Promise<T> {
  Object.defineProperty(globalThis.navigator, 'hardwareConcurrency', { value: count, configurable: true });
  try {
    return await start();
  } finally {
    Reflect.deleteProperty(globalThis.navigator, 'hardwareConcurrency');
  }
}

/**
 * Registers `wasm-threads` beside `wasm` where SharedArrayBuffer is there (a cross-origin isolated
 * page's worker). Its kernels are the wasm ones: tfjs binds each kernel to the backend in use at every
 * setBackend, so the two builds never share a kernel's binding. Returns whether it was registered.
 */
export function registerThreadedWasm(): boolean {
  const wasm = tf.findBackendFactory('wasm');
  tf.env().set(THREADS_FLAG, false);
  if (!wasm || globalThis.crossOriginIsolated !== true || typeof SharedArrayBuffer !== 'function') return false;
  const threads = threadsWanted();
  setThreadsCount(threads);
  for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...kernel, backendName: THREADED_WASM });
  return tf.registerBackend(
    THREADED_WASM,
    () =>
      withCoresReported(threads * 2, () => {
        // tfjs's factory reads the flag at once, before its first await: only this start sees it true.
        tf.env().set(THREADS_FLAG, true);
        try {
          return Promise.resolve(wasm());
        } finally {
          tf.env().set(THREADS_FLAG, false);
        }
      }),
    1,
  );
}

/** Threads the backend of this name runs on: the threaded build's pool size, 1 for any other. */
export function backendThreads(name: string): number {
  if (name !== THREADED_WASM) return 1;
  // The registry, not findBackend: that would start the backend.
  const backend = tf.engine().registry[THREADED_WASM] as BackendWasm | undefined;
  return backend ? backend.wasm.tfjs.getThreadsCount() : threadsWanted();
}

/** The backend in use as a person reads it: `wasm, 2 threads` for the threaded build. */
export function currentBackendLabel(): string {
  const name = tf.getBackend();
  return backendLabel(name, backendThreads(name));
}
