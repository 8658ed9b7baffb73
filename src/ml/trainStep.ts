import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../core/training/config.ts';
import { adamFor } from './adam.ts';
import { KeptHelper, type HelperStarter } from './fused/fusedHelper.ts';
import { FusedTrainer } from './fused/fusedTrainer.ts';
import { batchTensors } from './miniBatch.ts';
import { lossAndGradients, networkVariables, type Network } from './network.ts';
import { meanLoss } from './meanLoss.ts';
import type { Matrices } from './trainLoop.ts';

/** The training loop's mini-batch step, whichever engine runs it. */
export interface TrainStepper {
  /** Which engine: the fused WebAssembly step, or tfjs kernels (lossAndGradients and Adam). */
  readonly engine: 'fused' | 'tfjs';
  /** One Adam step on the rows `order[start…start + size)` of `data` (consecutive rows without an order). */
  step(data: Matrices, order: Int32Array | null, start: number, size: number): void;
  /** Σ batch loss × batch rows since the last call, as a float32 sum; starts the next sum at 0. */
  takeLossSum(): Promise<number>;
  /** The mean loss over `data`'s rows at the weights trained so far (meanLoss in trainLoop.ts). */
  meanLoss(data: Matrices): Promise<number>;
  /** Makes the network's tfjs variables hold the weights trained so far. */
  syncWeights(): void;
  dispose(): void;
}

/** Backends whose memory is this thread's WebAssembly memory: there the fused step replaces tfjs's kernels. */
const FUSED_BACKENDS = new Set(['wasm', 'wasm-threads']);

/**
 * Whether the fused step trains this configuration on the backend in use. Dropout is not in the fused
 * step (its masks come from tfjs's seeded random generator, which the step would have to reproduce), so
 * those networks keep the tfjs step; so do `cpu` (the plain JavaScript reference) and the GPU backends.
 */
export const fusedStepApplies = (params: HyperParameters): boolean => FUSED_BACKENDS.has(tf.getBackend()) && params.dropout === 0;

const helpers = new Map<string, KeptHelper>();

/**
 * Lets the fused step on `backend` split each mini-batch with a helper thread (fused/fusedHelper.ts),
 * kept between trainings: registered where threads can start and share memory (workers/tfjsSetup.ts,
 * for wasm-threads in a cross-origin isolated page on two cores or more), so the backend probe measures
 * it against one thread. null takes it back and ends its idle thread.
 */
export function registerFusedHelper(backend: string, starter: HelperStarter | null): void {
  helpers.get(backend)?.end();
  if (starter) helpers.set(backend, new KeptHelper(starter));
  else helpers.delete(backend);
}

/** The helper registered for `backend`, or null. */
export const fusedHelperFor = (backend: string): KeptHelper | null => helpers.get(backend) ?? null;

/** The tfjs step: explicit back-propagation (network.ts) and Adam for the backend (adam.ts). */
function tfjsStepper(net: Network, params: HyperParameters, seed: number): TrainStepper {
  const optimizer = adamFor(networkVariables(net), params.learningRate);
  const lossSum = tf.tidy(() => tf.variable(tf.scalar(0)));
  let steps = 0;
  return {
    engine: 'tfjs',
    step(data, order, start, size) {
      const dropSeed = seed * 7919 + steps++;
      tf.tidy(() => {
        const { xb, yb, wb } = batchTensors(data, order, start, size);
        const { loss, grads } = lossAndGradients(net, xb, yb, params.l2, { rate: params.dropout, seed: dropSeed }, wb);
        optimizer.apply(grads);
        lossSum.assign(tf.add(lossSum, tf.mul(loss, size)));
      });
    },
    async takeLossSum() {
      const sum = (await lossSum.data())[0]!;
      tf.tidy(() => lossSum.assign(tf.scalar(0)));
      return sum;
    },
    meanLoss: (data) => meanLoss(net, data),
    syncWeights() {},
    dispose() {
      optimizer.dispose();
      lossSum.dispose();
    },
  };
}

/** The fused step: the loss summed in float32 as the tfjs step's variable sums it, so both report alike. */
async function fusedStepper(net: Network, params: HyperParameters): Promise<TrainStepper> {
  const trainer = await FusedTrainer.create(net, params.batchSize, params.l2, params.learningRate, fusedHelperFor(tf.getBackend()));
  let lossSum = 0;
  return {
    engine: 'fused',
    step(data, order, start, size) {
      lossSum = Math.fround(lossSum + Math.fround(trainer.step(data, order, start, size) * size));
    },
    takeLossSum() {
      const sum = lossSum;
      lossSum = 0;
      return Promise.resolve(sum);
    },
    // In the module, without a copy of the weights into tfjs: the same float64 exp and log as the step.
    meanLoss: (data) => Promise.resolve(trainer.meanLoss(data)),
    syncWeights: () => trainer.storeWeights(),
    dispose: () => trainer.dispose(),
  };
}

/** The step for this training: fused where it applies (and `fused` is not false), tfjs otherwise. */
export const trainStepper = (net: Network, params: HyperParameters, seed: number, fused = true): Promise<TrainStepper> =>
  fused && fusedStepApplies(params) ? fusedStepper(net, params) : Promise.resolve(tfjsStepper(net, params, seed));
