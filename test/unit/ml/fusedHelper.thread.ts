import { parentPort, workerData } from 'node:worker_threads';
import { serveFusedHelper, type HelperInit } from '../../../src/ml/fused/fusedHelper.ts';

// The fused step's helper in a Node thread, as workers/fusedHelper.worker.ts runs it in the page.
void serveFusedHelper(workerData as HelperInit, () => parentPort!.postMessage('ready'));
