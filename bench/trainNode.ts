import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { defaultParams } from '../src/core/training/config.ts';
import { disposeNetwork } from '../src/ml/network.ts';
import { trainNetwork } from '../src/ml/trainLoop.ts';
import { fusedStepApplies } from '../src/ml/trainStep.ts';
import { readTrainFile } from './trainData.ts';

// One measured training in a fresh process (so JIT state, tensors and peak memory are this run's own).
// Prints one JSON line last. STEP `tfjs` keeps the tfjs step where the fused WebAssembly one would apply.
// usage: trainNode.ts BACKEND BATCH EPOCHS TRAIN_FILE TRAIN_ROWS VALIDATION_FILE VALIDATION_ROWS [STEP]
const [backend, batch, epochs, trainPath, trainRows, validationPath, validationRows, step] = process.argv.slice(2);
if (!backend || !batch || !epochs || !trainPath || !trainRows || !validationPath || !validationRows) throw new Error('usage: trainNode.ts BACKEND BATCH EPOCHS TRAIN_FILE TRAIN_ROWS VALIDATION_FILE VALIDATION_ROWS');
if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
await tf.ready();

const train = readTrainFile({ path: trainPath, rows: Number(trainRows) });
const validation = readTrainFile({ path: validationPath, rows: Number(validationRows) });
const params = { ...defaultParams('mlp'), batchSize: Number(batch), epochs: Number(epochs), patience: 0 };
const fusedStep = step !== 'tfjs';

// Warm-up: one epoch on the first 2,000 rows, so the timed run does not pay for compiling kernels.
const head = { ...train, rows: 2000, x: train.x.slice(0, 2000 * train.inputs), y: train.y.slice(0, 2000) };
disposeNetwork((await trainNetwork(head, head, { task: 'binary', params: { ...params, epochs: 1 }, seed: 1, fusedStep })).net);

const cpuBefore = process.cpuUsage();
const outcome = await trainNetwork(train, validation, { task: 'binary', params, seed: 1, fusedStep });
const cpu = process.cpuUsage(cpuBefore);
disposeNetwork(outcome.net);
const result = {
  backend: tf.getBackend(),
  step: fusedStep && fusedStepApplies(params) ? 'fused' : 'tfjs',
  trainMs: outcome.trainMs,
  samplesPerSecond: outcome.samplesPerSecond,
  losses: outcome.history.map((h) => h.loss),
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  cpuMs: (cpu.user + cpu.system) / 1000,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
