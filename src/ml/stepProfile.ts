import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../core/training/config.ts';
import { Random } from '../core/training/random.ts';
import { adamFor } from './adam.ts';
import { batchTensors } from './miniBatch.ts';
import { FusedTrainer } from './fused/fusedTrainer.ts';
import { batchLoss, createNetwork, disposeNetwork, forward, lossAndGradients, networkVariables, type Network } from './network.ts';
import type { Matrices } from './trainLoop.ts';
import { fusedHelperFor, fusedStepApplies } from './trainStep.ts';
import { backendThreads } from './wasmThreads.ts';

/** Milliseconds per training step of each of its parts, timed by the clock around each. */
export interface StepPhases {
  /** The batch's rows copied out of the training arrays into tensors (miniBatch.ts). */
  batchRows: number;
  /** Loss and every gradient (forward and backward pass, lossAndGradients). */
  lossAndGradients: number;
  /** Of which the forward pass and the loss alone (timed apart, on the same batch). */
  forward: number;
  /** Adam's update of every weight (adam.ts: on the JavaScript side for wasm and cpu). */
  adam: number;
  /** The epoch's running loss (one multiply-add a step). */
  epochLoss: number;
  /** The whole step, tf.tidy's bookkeeping included (forward not counted twice). */
  step: number;
}

export interface KernelTime {
  kernel: string;
  msPerStep: number;
  callsPerStep: number;
}

export interface StepProfile {
  backend: string;
  /** Threads the backend ran on (more than 1 only for wasm-threads). */
  threads: number;
  batchSize: number;
  steps: number;
  phases: StepPhases;
  /** Kernels by time per step, from tf.profile on further steps (profiling slows each kernel call a little). */
  kernels: KernelTime[];
  /** Step time under tf.profile, to set the kernels' sum against. */
  profiledStepMs: number;
  /** The fused WebAssembly step on the same batches, where it applies (wasm backends): ms per step; `call` = step − batch rows. */
  fused?: { batchRows: number; call: number; step: number };
}

/**
 * The fused step's time per step, as the training loop runs it (with its helper thread on wasm-threads
 * where one is registered): the whole step, and apart from it the copy of a batch's rows into its memory.
 */
async function profileFused(net: Network, train: Matrices, params: HyperParameters, order: Int32Array, steps: number): Promise<StepProfile['fused']> {
  const trainer = await FusedTrainer.create(net, params.batchSize, params.l2, params.learningRate, fusedHelperFor(tf.getBackend()));
  try {
    const batches = Math.max(1, Math.floor(train.rows / params.batchSize));
    const at = (i: number): number => (i % batches) * params.batchSize;
    for (let i = 0; i < Math.min(steps, 20); i++) trainer.step(train, order, at(i), params.batchSize);
    let started = performance.now();
    for (let i = 0; i < steps; i++) trainer.step(train, order, at(i), params.batchSize);
    const step = (performance.now() - started) / steps;
    started = performance.now();
    for (let i = 0; i < steps; i++) trainer.copyBatch(train, order, at(i), params.batchSize);
    const batchRows = (performance.now() - started) / steps;
    return { batchRows, call: step - batchRows, step };
  } finally {
    trainer.dispose();
  }
}

/**
 * Where a training step's time goes on the backend in use: the tfjs step (trainStep.ts) run `steps` times
 * on consecutive batches, once timed part by part, once under tf.profile for each kernel; then, on the
 * wasm backends, the fused step on the same batches.
 * Synchronous backends only (wasm, cpu): the clock around a part is that part's time there.
 */
export async function profileSteps(train: Matrices, params: HyperParameters, steps: number, seed = 1): Promise<StepProfile> {
  const net = createNetwork(train.inputs, train.outputs, params, 'binary', seed);
  const optimizer = adamFor(networkVariables(net), params.learningRate);
  const epochLoss = tf.variable(tf.scalar(0));
  const phases: StepPhases = { batchRows: 0, lossAndGradients: 0, forward: 0, adam: 0, epochLoss: 0, step: 0 };
  const timed = <T>(part: keyof StepPhases, work: () => T): T => {
    const started = performance.now();
    const result = work();
    phases[part] += performance.now() - started;
    return result;
  };
  const batches = Math.max(1, Math.floor(train.rows / params.batchSize));
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  new Random(seed).shuffle(order);
  const step = (i: number, clock: boolean): void => {
    const time = <T>(part: keyof StepPhases, work: () => T): T => (clock ? timed(part, work) : work());
    tf.tidy(() => {
      const start = (i % batches) * params.batchSize;
      const { xb, yb } = time('batchRows', () => batchTensors(train, order, start, params.batchSize));
      const { loss, grads } = time('lossAndGradients', () => lossAndGradients(net, xb, yb, params.l2, { rate: params.dropout, seed: seed + i }));
      time('adam', () => optimizer.apply(grads));
      time('epochLoss', () => epochLoss.assign(tf.add(epochLoss, tf.mul(loss, params.batchSize))));
    });
  };
  try {
    for (let i = 0; i < Math.min(steps, 20); i++) step(i, false);
    const started = performance.now();
    for (let i = 0; i < steps; i++) step(i, true);
    phases.step = performance.now() - started;
    tf.tidy(() => {
      const { xb, yb } = batchTensors(train, order, 0, params.batchSize);
      for (let i = 0; i < steps; i++) timed('forward', () => tf.tidy(() => batchLoss('binary', forward(net, xb), yb)));
    });
    const profiled = performance.now();
    const info = await tf.profile(() => {
      for (let i = 0; i < steps; i++) step(i, false);
    });
    const profiledStepMs = (performance.now() - profiled) / steps;
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls++;
      byKernel.set(k.name, entry);
    }
    const kernels = [...byKernel].map(([kernel, { ms, calls }]) => ({ kernel, msPerStep: ms / steps, callsPerStep: calls / steps })).sort((a, b) => b.msPerStep - a.msPerStep);
    for (const part of Object.keys(phases) as (keyof StepPhases)[]) phases[part] /= steps;
    const fused = fusedStepApplies(params) ? { fused: await profileFused(net, train, params, order, steps) } : {};
    return { backend: tf.getBackend(), threads: backendThreads(tf.getBackend()), batchSize: params.batchSize, steps, phases, kernels, profiledStepMs, ...fused };
  } finally {
    disposeNetwork(net);
    optimizer.dispose();
    epochLoss.dispose();
  }
}
