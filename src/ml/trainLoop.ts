import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../core/training/config.ts';
import type { EpochReport, StopReason } from '../core/training/history.ts';
import { Random } from '../core/training/random.ts';
import { TrainingInputError, type Task } from '../core/training/task.ts';
import { TrainingCancelled, yieldToEvents } from '../core/trees/cancel.ts';
import { createNetwork, disposeNetwork, networkVariables, type Network } from './network.ts';
import { trainStepper } from './trainStep.ts';

/** Network inputs and targets, row-major: `x` is rows × inputs, `y` rows × outputs (one-hot for multiclass). */
export interface Matrices {
  rows: number;
  inputs: number;
  outputs: number;
  x: Float32Array;
  y: Float32Array;
  /** Each row's weight in the loss (its class's weight); absent: every row weighs 1. */
  w?: Float32Array;
}

/**
 * Training rows too many to hold as one matrix: each epoch reads them a few stored chunks at a time, in
 * a seeded order (core/training/streamOrder.ts), every row once. Each part's rows come already shuffled.
 */
export interface StreamedMatrices {
  rows: number;
  inputs: number;
  outputs: number;
  epoch(random: Random): AsyncIterable<Matrices>;
}

export const isStreamed = (data: Matrices | StreamedMatrices): data is StreamedMatrices => 'epoch' in data;

export interface TrainOptions {
  task: Task;
  params: HyperParameters;
  seed: number;
  signal?: AbortSignal;
  /** Stop starting epochs after this time (a search's budget); the best epoch so far is kept. */
  deadline?: number;
  onEpoch?: (report: EpochReport) => void;
  /** Rows done in the current epoch, at most a few times a second. */
  onRows?: (done: number, total: number) => void;
  /** false: the tfjs step even where the fused WebAssembly step applies (trainStep.ts), to compare the two. */
  fusedStep?: boolean;
}

export interface TrainOutcome {
  net: Network;
  history: EpochReport[];
  bestEpoch: number;
  stopReason: StopReason;
  trainMs: number;
  samplesPerSecond: number;
}

/** Every family's cancel error, from the core so the tree fits throw the same one. */
export { TrainingCancelled };

const YIELD_EVERY_MS = 16;

/**
 * Mini-batch Adam (as scikit-learn's MLP runs it, see adam.ts) on a seeded shuffle per epoch, with early stopping on
 * the validation loss: the best epoch's weights are the result. Throws TrainingCancelled on abort and
 * TrainingInputError when the loss stops being a number.
 */
export async function trainNetwork(train: Matrices | StreamedMatrices, validation: Matrices, options: TrainOptions): Promise<TrainOutcome> {
  const { params, task, seed, signal } = options;
  const net = createNetwork(train.inputs, train.outputs, params, task, seed);
  const vars = networkVariables(net);
  const stepper = await trainStepper(net, params, seed, options.fusedStep).catch((error: unknown) => {
    disposeNetwork(net);
    throw error;
  });
  const whole = isStreamed(train) ? null : train;
  const random = new Random(seed);
  const order = Int32Array.from({ length: whole?.rows ?? 0 }, (_, i) => i);
  let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
  const history: EpochReport[] = [];
  let stopReason: StopReason = 'epochs';
  const started = performance.now();
  let lastYield = started;
  let lastRows = started;
  let done = 0;
  /** One Adam step on a mini-batch of `size` rows: `order[start…)` of `data`, or its consecutive rows. */
  const fitBatch = async (data: Matrices, batchOrder: Int32Array | null, start: number, size: number): Promise<void> => {
    stepper.step(data, batchOrder, start, size);
    done += size;
    const now = performance.now();
    if (now - lastYield > YIELD_EVERY_MS) {
      await yieldToEvents();
      lastYield = performance.now();
      if (signal?.aborted) throw new TrainingCancelled();
    }
    if (options.onRows && now - lastRows > 250) {
      options.onRows(done, train.rows);
      lastRows = now;
    }
  };
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      if (signal?.aborted) throw new TrainingCancelled();
      if (options.deadline !== undefined && Date.now() > options.deadline && epoch > 1) {
        stopReason = 'time budget';
        break;
      }
      done = 0;
      if (whole) {
        random.shuffle(order);
        for (let start = 0; start < whole.rows; start += params.batchSize) {
          const size = Math.min(params.batchSize, whole.rows - start);
          await fitBatch(whole, order, start, size);
        }
      } else if (isStreamed(train)) {
        // A part's rows are shuffled already: its mini-batches are consecutive rows.
        for await (const part of train.epoch(random)) {
          for (let start = 0; start < part.rows; start += params.batchSize) {
            const size = Math.min(params.batchSize, part.rows - start);
            await fitBatch(part, null, start, size);
          }
        }
      }
      const loss = (await stepper.takeLossSum()) / train.rows;
      if (!Number.isFinite(loss)) {
        throw new TrainingInputError(
          `the training loss became ${String(loss)} in epoch ${epoch}; lower the learning rate (now ${params.learningRate}) or look for extreme values in the features or the target`,
        );
      }
      const valLoss = await stepper.meanLoss(validation);
      const elapsedMs = performance.now() - started;
      const report: EpochReport = {
        epoch,
        epochs: params.epochs,
        loss,
        valLoss,
        elapsedMs,
        etaMs: (elapsedMs / epoch) * (params.epochs - epoch),
        samplesPerSecond: (train.rows * epoch) / (elapsedMs / 1000),
      };
      history.push(report);
      options.onEpoch?.(report);
      if (valLoss < best.loss - 1e-7 || best.weights.length === 0) {
        // The tfjs variables take the weights only for an epoch that is kept: the result is the best one's.
        stepper.syncWeights();
        best.weights.forEach((w) => w.dispose());
        best = { loss: valLoss, epoch, weights: vars.map((v) => tf.clone(v)) };
      } else if (params.patience > 0 && epoch - best.epoch >= params.patience) {
        stopReason = 'early stopping';
        break;
      }
    }
    vars.forEach((v, i) => v.assign(best.weights[i]!));
    const trainMs = performance.now() - started;
    const epochsRun = history.length;
    return { net, history, bestEpoch: best.epoch, stopReason, trainMs, samplesPerSecond: (train.rows * epochsRun) / (trainMs / 1000) };
  } catch (error) {
    disposeNetwork(net);
    throw error;
  } finally {
    best.weights.forEach((w) => w.dispose());
    stepper.dispose();
  }
}
