import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, defaultParams, type Activation } from '../../../src/core/training/config.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { evaluationPlots, scoreOutputs } from '../../../src/ml/evaluate.ts';
import { predictRows, toLayersModel } from '../../../src/ml/layersModel.ts';
import { latencyPer1000, layersScorer } from '../../../src/ml/scorer.ts';
import { createNetwork, disposeNetwork, forward } from '../../../src/ml/network.ts';
import { MODEL_CARD_VERSION, type ModelCard } from '../../../src/core/training/modelCard.ts';
import { PREPROCESSING_VERSION } from '../../../src/core/training/preprocess.ts';
import { Random } from '../../../src/core/training/random.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const inputs = (rows: number, width: number, seed: number): Float32Array => {
  const random = new Random(seed);
  return Float32Array.from({ length: rows * width }, () => random.float() * 4 - 2);
};

/** What the training network means: probabilities from its logits, or the value in the target's units. */
function expected(task: Task, logits: tf.Tensor2D, scale: { mean: number; scale: number } | null): Float32Array {
  return tf.tidy(() => {
    if (task === 'binary') return tf.sigmoid(logits);
    if (task === 'multiclass') return tf.softmax(logits);
    return scale ? tf.add(tf.mul(logits, scale.scale), scale.mean) : logits;
  }).dataSync() as Float32Array;
}

describe('toLayersModel', () => {
  const cases: [Task, Activation][] = (['binary', 'multiclass', 'regression'] as const).flatMap((task) => ACTIVATIONS.map((a): [Task, Activation] => [task, a]));

  it.each(cases)('%s, %s: the Sequential model computes what the training network computes', async (task, activation) => {
    const params = { ...defaultParams('mlp'), hidden: [6, 5], activation, dropout: 0.2 };
    const outputs = task === 'multiclass' ? 3 : 1;
    const net = createNetwork(4, outputs, params, task, 7);
    const scale = task === 'regression' ? { mean: 250, scale: 40 } : null;
    const model = toLayersModel(net, params, 4, scale);
    const x = inputs(32, 4, 1);
    const want = tf.tidy(() => expected(task, forward(net, tf.tensor2d(x, [32, 4])), scale));
    const got = await predictRows(model, x, 32, 4);
    model.dispose();
    disposeNetwork(net);
    expect(got).toHaveLength(32 * outputs);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!))));
  });

  it('the linear family is one Dense layer; dropout layers only between hidden layers', () => {
    const linear = toLayersModel(createNetwork(3, 1, defaultParams('linear'), 'binary', 1), defaultParams('linear'), 3, null);
    expect(linear.layers.map((l) => l.getClassName())).toEqual(['Dense']);
    const params = { ...defaultParams('mlp'), hidden: [4, 4], dropout: 0.5 };
    const mlp = toLayersModel(createNetwork(3, 2, params, 'multiclass', 1), params, 3, null);
    expect(mlp.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    linear.dispose();
    mlp.dispose();
  });
});

describe('predictRows', () => {
  it('slices large inputs without changing a value', async () => {
    const params = { ...defaultParams('mlp'), hidden: [3] };
    const net = createNetwork(2, 3, params, 'multiclass', 2);
    const model = toLayersModel(net, params, 2, null);
    disposeNetwork(net);
    const rows = 16_384 + 100;
    const x = inputs(rows, 2, 3);
    const all = await predictRows(model, x, rows, 2);
    const tail = await predictRows(model, x.subarray(16_384 * 2), 100, 2);
    expect(all).toHaveLength(rows * 3);
    expect(all.subarray(16_384 * 3)).toEqual(tail);
    expect(await latencyPer1000(layersScorer(model, 2))).toBeGreaterThan(0);
    model.dispose();
  });
});

describe('evaluation', () => {
  const card = (task: Task, classes: string[] | null): ModelCard => ({
    formatVersion: MODEL_CARD_VERSION,
    task,
    target: 'y',
    classes,
    preprocessing: { formatVersion: PREPROCESSING_VERSION, features: [], width: 0 },
    params: defaultParams(),
    seed: 1,
  });

  it('binary: scikit-learn`s metrics of the positive class`s probability; the ROC curve thinned to about 200 points', () => {
    const random = new Random(4);
    const n = 3000;
    const labels = Array.from({ length: n }, () => random.int(0, 1));
    const outputs = Float32Array.from(labels, (l) => Math.min(1, Math.max(0, 0.3 * l + random.float() * 0.7)));
    const report = scoreOutputs(card('binary', ['no', 'yes']), outputs, labels);
    expect(report.task).toBe('binary');
    const plots = evaluationPlots(report, outputs, labels);
    expect(plots.roc!.fpr.length).toBeLessThanOrEqual(201);
    expect(plots.roc!.fpr.length).toBe(plots.roc!.tpr.length);
    expect([plots.roc!.fpr[0], plots.roc!.tpr[0]]).toEqual([0, 0]);
    expect([plots.roc!.fpr.at(-1), plots.roc!.tpr.at(-1)]).toEqual([1, 1]);
  });

  it('multiclass: one thinned curve per class', () => {
    const labels = [0, 1, 2, 0, 1, 2];
    const outputs = Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.5, 0.3, 0.2, 0.3, 0.4, 0.3, 0.2, 0.2, 0.6]);
    const report = scoreOutputs(card('multiclass', ['a', 'b', 'c']), outputs, labels);
    expect(report.task).toBe('multiclass');
    expect(report.metrics).toMatchObject({ accuracy: 1 });
    expect(evaluationPlots(report, outputs, labels).rocPerClass).toHaveLength(3);
  });

  it('regression: RMSE, MAE, R²; at most 500 predicted-vs-actual pairs, taken evenly', () => {
    const labels = Array.from({ length: 1200 }, (_, i) => i);
    const outputs = Float32Array.from(labels, (v) => v + 1);
    const report = scoreOutputs(card('regression', null), outputs, labels);
    expect(report).toMatchObject({ task: 'regression', metrics: { rmse: 1, mae: 1 } });
    const { predictedVsActual } = evaluationPlots(report, outputs, labels);
    expect(predictedVsActual!.actual.length).toBeLessThanOrEqual(500);
    expect(predictedVsActual!.actual.slice(0, 3)).toEqual([0, 3, 6]);
    expect(predictedVsActual!.predicted.slice(0, 3)).toEqual([1, 4, 7]);
  });
});
