import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultParams, defaultTrainConfig, type HyperParameters } from '../../../src/core/training/config.ts';
import { createNetwork, disposeNetwork, networkVariables, type Network } from '../../../src/ml/network.ts';
import { trainNetwork } from '../../../src/ml/trainLoop.ts';
import { trainModel } from '../../../src/ml/trainModel.ts';
import { pointColumns, pointMatrices, points, tableOf } from '../helpers/training.ts';

/** Every weight's bytes, layer by layer: equal bytes are bit-identical floats. */
const weightBytes = (net: Network): Uint8Array[] => networkVariables(net).map((v) => new Uint8Array((v.dataSync() as Float32Array).slice().buffer));

const params: HyperParameters = { ...defaultParams('mlp'), hidden: [16, 8], dropout: 0.1, l2: 1e-3, learningRate: 0.01, batchSize: 32, epochs: 4, patience: 0 };
const train = pointMatrices('binary', points('binary', 240, 1));
const validation = pointMatrices('binary', points('binary', 60, 2));

async function trainedBytes(seed: number): Promise<{ weights: Uint8Array[]; valLoss: number[] }> {
  const outcome = await trainNetwork(train, validation, { task: 'binary', params, seed });
  try {
    return { weights: weightBytes(outcome.net), valLoss: outcome.history.map((h) => h.valLoss) };
  } finally {
    disposeNetwork(outcome.net);
  }
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('reproducibility on %s', (backend) => {
  it('the same data, seed and backend give bit-identical weights (dropout and shuffles included)', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const first = await trainedBytes(11);
    const second = await trainedBytes(11);
    expect(second.weights).toEqual(first.weights);
    expect(second.valLoss).toEqual(first.valLoss);
    expect(first.valLoss).toHaveLength(4);
  });

  it('another seed gives other weights', async () => {
    await tf.setBackend(backend);
    expect((await trainedBytes(12)).weights).not.toEqual((await trainedBytes(11)).weights);
  });

  it('the whole path (split, preprocessing, training, saving) gives the same saved weights twice', async () => {
    await tf.setBackend(backend);
    const table = tableOf(pointColumns('multiclass', points('multiclass', 200, 5)));
    const config = { ...defaultTrainConfig('target'), params: { ...params, epochs: 3 }, seed: 9 };
    const a = await trainModel({ table, config });
    const b = await trainModel({ table, config });
    expect(a.backend).toBe(backend);
    expect(new Uint8Array(b.artifacts.weightData)).toEqual(new Uint8Array(a.artifacts.weightData));
    expect(b.card).toEqual(a.card);
    expect(Array.from(b.holdoutRows)).toEqual(Array.from(a.holdoutRows));
    expect(b.evaluation.metrics).toEqual(a.evaluation.metrics);
  });
});

describe('initial weights', () => {
  it('are the same on cpu and wasm for the same seed', async () => {
    const start = async (backend: string) => {
      await tf.setBackend(backend);
      const net = createNetwork(5, 3, { ...defaultParams('mlp'), hidden: [7, 4] }, 'multiclass', 3);
      const bytes = weightBytes(net);
      disposeNetwork(net);
      return bytes;
    };
    expect(await start('wasm')).toEqual(await start('cpu'));
  });

  it('are Glorot-uniform kernels and biases (as scikit-learn starts them) of the right shapes', async () => {
    await tf.setBackend('cpu');
    const net = createNetwork(5, 1, { ...defaultParams('mlp'), hidden: [7] }, 'binary', 3);
    expect(net.layers.map((l) => [l.kernel.shape, l.bias.shape])).toEqual([
      [[5, 7], [7]],
      [[7, 1], [1]],
    ]);
    const limit = Math.sqrt(6 / (5 + 7));
    expect((net.layers[0]!.kernel.dataSync() as Float32Array).every((w) => Math.abs(w) <= limit)).toBe(true);
    const bias = Array.from(net.layers[0]!.bias.dataSync());
    expect(bias.every((b) => Math.abs(b) <= limit)).toBe(true);
    expect(new Set(bias).size).toBe(7);
    disposeNetwork(net);
  });
});
