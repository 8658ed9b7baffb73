// What every worker that runs TensorFlow.js imports first: the WebGPU backend registered beside the ones
// @tensorflow/tfjs brings, the WebAssembly binaries given Vite's URLs for them, and the threaded
// WebAssembly build registered as a backend of its own where the page is cross-origin isolated.
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { MessagedThread } from '../src/ml/fused/fusedHelper.ts';
import { registerFusedHelper } from '../src/ml/trainStep.ts';
import { registerThreadedWasm, THREADED_WASM } from '../src/ml/wasmThreads.ts';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
// Where threads can run, wasm-threads' fused training step also splits each mini-batch with a helper worker.
if (registerThreadedWasm() && navigator.hardwareConcurrency >= 2) {
  registerFusedHelper(THREADED_WASM, () => {
    const worker = new Worker(new URL('./fusedHelper.worker.ts', import.meta.url), { type: 'module', name: 'fused step helper' });
    const thread = new MessagedThread((init) => worker.postMessage(init), () => worker.terminate());
    worker.onmessage = (event: MessageEvent<unknown>) => thread.answer(event.data);
    worker.onerror = (event) => thread.fail(new Error(`the fused step's helper worker did not start: ${event.message}`));
    return thread;
  });
}
