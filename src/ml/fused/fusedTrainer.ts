import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../core/training/config.ts';
import type { Task } from '../../core/training/task.ts';
import { stepSize } from '../adam.ts';
import { copyRows } from '../miniBatch.ts';
import { networkVariables, type Network } from '../network.ts';
import type { Matrices } from '../trainLoop.ts';
import { Mailbox, type HelperThread, type KeptHelper } from './fusedHelper.ts';
import { fusedInstance, type FusedExports } from './fusedModule.ts';

const ACTIVATION_CODE: Record<Activation, number> = { relu: 0, tanh: 1, sigmoid: 2, elu: 3 };
const TASK_CODE: Record<Task, number> = { binary: 0, multiclass: 1, regression: 2 };
/** The module's layer table holds this many (wasm/mlp/assembly/index.ts, MOST_LAYERS). */
const MOST_LAYERS = 64;
/** Fewer rows than this a step stay on one thread: the helper's round trip would cost more than it saves. */
const SPLIT_MIN_ROWS = 64;
/** A helper that has not answered a step in this time is taken for dead (it failed to start, say). */
const HELPER_TIMEOUT_MS = 30_000;
const HELPER_START_MS = 10_000;

/**
 * A network's training in the fused WebAssembly step: the weights, Adam's moments and every buffer live
 * in the module's memory, and a step is one call. Starts from the network's current weights (createNetwork's
 * seeded start); `storeWeights` copies the trained ones back into its tfjs variables.
 */
export class FusedTrainer {
  private t = 0;
  private seq = 0;
  /** False once the helper missed an answer: then it is ended, not kept for the next training. */
  private helperAnswered = true;
  private readonly params: Float32Array;
  private readonly grads: Float32Array;
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly w: Float32Array;

  private constructor(
    private readonly wasm: FusedExports,
    private readonly net: Network,
    private readonly maxBatch: number,
    private readonly l2: number,
    private readonly learningRate: number,
    private helper: { box: Mailbox; thread: HelperThread; kept: KeptHelper } | null,
  ) {
    const memory = wasm.memory.buffer;
    this.params = new Float32Array(memory, wasm.paramsAt(), wasm.paramCount());
    this.grads = new Float32Array(memory, wasm.gradsAt(), wasm.paramCount());
    const inputs = net.layers[0]!.kernel.shape[0]!;
    const outputs = net.layers.at(-1)!.bias.size;
    this.x = new Float32Array(memory, wasm.inputsAt(), maxBatch * inputs);
    this.y = new Float32Array(memory, wasm.targetsAt(), maxBatch * outputs);
    this.w = new Float32Array(memory, wasm.rowWeightsAt(), maxBatch);
    this.loadWeights();
  }

  /** The network's tfjs variables' weights into the step's memory. */
  loadWeights(): void {
    let at = 0;
    for (const variable of networkVariables(this.net)) {
      this.params.set(variable.dataSync() as Float32Array, at);
      at += variable.size;
    }
  }

  /**
   * Laid out for batches of at most `maxBatch` rows, starting from the network's weights now. With a
   * helper starter, each large enough batch's second half is computed in the helper thread (fusedHelper.ts).
   */
  static async create(net: Network, maxBatch: number, l2: number, learningRate: number, helpers: KeptHelper | null = null): Promise<FusedTrainer> {
    if (net.layers.length > MOST_LAYERS) throw new Error(`the fused training step takes at most ${MOST_LAYERS} layers, not ${net.layers.length}`);
    const wasm = await fusedInstance();
    const sizes = [net.layers[0]!.kernel.shape[0]!, ...net.layers.map((layer) => layer.bias.size)];
    new Int32Array(wasm.memory.buffer, wasm.sizesAt(), sizes.length).set(sizes);
    // setup grows the memory: every view is made after it.
    const [activation, task] = [ACTIVATION_CODE[net.activation], TASK_CODE[net.task]];
    wasm.setup(net.layers.length, activation, task, maxBatch);
    let helper: { box: Mailbox; thread: HelperThread; kept: KeptHelper } | null = null;
    if (helpers && maxBatch >= SPLIT_MIN_ROWS) {
      const maxRows = Math.floor(maxBatch / 2);
      const box = new Mailbox(new SharedArrayBuffer(Mailbox.bytes(sizes, maxRows)), sizes, maxRows);
      // A helper that cannot start (or not in time) leaves the training on one thread, as without one.
      const thread = await helpers.open({ mailbox: box.buffer, sizes, activation, task, maxRows }, HELPER_START_MS);
      if (thread) helper = { box, thread, kept: helpers };
    }
    return new FusedTrainer(wasm, net, maxBatch, l2, learningRate, helper);
  }

  /** Ends the helper's session and hands its thread back to be kept, or ended if it stopped answering. */
  dispose(): void {
    if (!this.helper) return;
    this.helper.box.stop();
    this.helper.kept.release(this.helper.thread, this.helperAnswered);
    this.helper = null;
  }

  /**
   * One Adam step on the rows `order[start…start + size)` of `data` (consecutive rows from `start`
   * without an order); returns the batch's mean loss as the tfjs step's float32 scalar would hold it.
   */
  step(data: Matrices, order: Int32Array | null, start: number, size: number): number {
    if (!this.helper || size < SPLIT_MIN_ROWS) {
      this.copyBatch(data, order, start, size);
      return this.stepOnBatch(size, data.w !== undefined);
    }
    // The first half here, the second in the helper; its gradients are added to these, in that order.
    const { box } = this.helper;
    const mine = Math.ceil(size / 2);
    const theirs = size - mine;
    const weighted = data.w !== undefined;
    this.copyBatch(data, order, start, mine);
    copyRows(box.x, data.x, data.inputs, order, start + mine, theirs);
    copyRows(box.y, data.y, data.outputs, order, start + mine, theirs);
    if (data.w) copyRows(box.w, data.w, 1, order, start + mine, theirs);
    box.params.set(this.params);
    box.request(++this.seq, theirs, weighted, size);
    const own = this.wasm.gradients(mine, weighted ? 1 : 0, size);
    this.helperAnswered = false;
    box.awaitDone(this.seq, HELPER_TIMEOUT_MS);
    this.helperAnswered = true;
    const grads = this.grads;
    const helped = box.grads;
    for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! + helped[i]!;
    this.t++;
    this.wasm.update(this.l2Scale(size), stepSize(this.learningRate, this.t));
    return Math.fround((own + box.loss[0]!) / size);
  }

  private l2Scale(size: number): number {
    return this.l2 > 0 ? Math.fround(this.l2 / size) : 0;
  }

  /** The batch's rows (targets, row weights) into the module's memory: the only copy a step makes. */
  copyBatch(data: Matrices, order: Int32Array | null, start: number, size: number): void {
    if (size > this.maxBatch) throw new Error(`a batch of ${size} rows is larger than the fused step's ${this.maxBatch}`);
    copyRows(this.x, data.x, data.inputs, order, start, size);
    copyRows(this.y, data.y, data.outputs, order, start, size);
    if (data.w) copyRows(this.w, data.w, 1, order, start, size);
  }

  /** The Adam step on the batch copyBatch put in (`size` rows, `weighted` when it copied row weights). */
  stepOnBatch(size: number, weighted: boolean): number {
    this.t++;
    return Math.fround(this.wasm.step(size, weighted ? 1 : 0, this.l2Scale(size), stepSize(this.learningRate, this.t)));
  }

  /**
   * The mean loss over every row of `data` (row-weighted where it has weights), without the L2 term, at
   * the weights now: the step's forward pass and loss, a step's rows at a time, summed in float64.
   */
  meanLoss(data: Matrices): number {
    let total = 0;
    for (let start = 0; start < data.rows; start += this.maxBatch) {
      const size = Math.min(this.maxBatch, data.rows - start);
      this.copyBatch(data, null, start, size);
      total += this.wasm.lossSum(size, data.w ? 1 : 0);
    }
    return total / Math.max(1, data.rows);
  }

  /** The last step's gradients (loss + L2 term), in networkVariables' order, one array per variable. */
  gradients(): Float32Array[] {
    const grads = new Float32Array(this.wasm.memory.buffer, this.wasm.gradsAt(), this.params.length);
    let at = 0;
    return networkVariables(this.net).map((variable) => grads.slice(at, (at += variable.size)));
  }

  /** The weights now, in networkVariables' order, one array per variable. */
  weights(): Float32Array[] {
    let at = 0;
    return networkVariables(this.net).map((variable) => this.params.slice(at, (at += variable.size)));
  }

  /** The trained weights into the network's tfjs variables. */
  storeWeights(): void {
    const weights = this.weights();
    networkVariables(this.net).forEach((variable, i) => tf.tidy(() => variable.assign(tf.tensor(weights[i]!, variable.shape, 'float32'))));
  }
}
