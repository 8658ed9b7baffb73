import { parentPort } from 'node:worker_threads';
import { READY, serveFusedHelper, type HelperInit } from '../../../src/ml/fused/fusedHelper.ts';

// The fused step's helper in a Node thread, as workers/fusedHelper.worker.ts runs it in the page: one
// session per message, the thread kept between them.
parentPort!.on('message', (init: HelperInit) => {
  serveFusedHelper(init, () => parentPort!.postMessage(READY)).catch((error: unknown) => parentPort!.postMessage(error instanceof Error ? error.message : String(error)));
});
