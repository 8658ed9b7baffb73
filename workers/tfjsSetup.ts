// What every worker that runs TensorFlow.js imports first: the WebGPU backend registered beside the ones
// @tensorflow/tfjs brings, the WebAssembly binaries given Vite's URLs for them, and the threaded
// WebAssembly build registered as a backend of its own where the page is cross-origin isolated.
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerThreadedWasm } from '../src/ml/wasmThreads.ts';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
registerThreadedWasm();
