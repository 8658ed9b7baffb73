// The fused training step's helper thread (src/ml/fused/fusedHelper.ts): started by the train worker for
// wasm-threads, it computes the gradients of the second half of each mini-batch until told to stop. Its
// one message back says it is ready.
import { serveFusedHelper, type HelperInit } from '../src/ml/fused/fusedHelper.ts';

self.onmessage = (event: MessageEvent<HelperInit>) => {
  void serveFusedHelper(event.data, () => self.postMessage('ready'));
};
