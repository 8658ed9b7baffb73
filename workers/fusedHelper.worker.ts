// The fused training step's helper thread (src/ml/fused/fusedHelper.ts): started by the train worker for
// wasm-threads and kept between its trainings. Each message is one training's init; the thread answers
// `ready` (or why not) and computes the gradients of the second half of each mini-batch until told to stop.
import { READY, serveFusedHelper, type HelperInit } from '../src/ml/fused/fusedHelper.ts';

self.onmessage = (event: MessageEvent<HelperInit>) => {
  serveFusedHelper(event.data, () => self.postMessage(READY)).catch((error: unknown) => self.postMessage(error instanceof Error ? error.message : String(error)));
};
