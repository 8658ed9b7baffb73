import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, defaultTrainConfig } from '../../../src/core/training/config.ts';
import { MODEL_CARD_VERSION } from '../../../src/core/training/modelCard.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { loadArtifacts, modelFiles, parseModelFiles } from '../../../src/ml/artifacts.ts';
import { predictTable } from '../../../src/ml/evaluate.ts';
import { layersScorer } from '../../../src/ml/scorer.ts';
import { predictRows } from '../../../src/ml/layersModel.ts';
import { trainModel, type TrainedModel } from '../../../src/ml/trainModel.ts';
import { pointColumns, points, tableOf } from '../helpers/training.ts';

const dir = mkdtempSync(join(tmpdir(), 'relearn-artifacts-'));
const models = new Map<Task, TrainedModel>();
const tables = new Map<Task, ReturnType<typeof tableOf>>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    const table = tableOf(pointColumns(task, points(task, 150, 31)));
    const params = { ...defaultParams('mlp'), hidden: [8], dropout: 0.1, learningRate: 0.03, batchSize: 32, epochs: 5, patience: 0 };
    models.set(task, await trainModel({ table, config: { ...defaultTrainConfig('target'), params } }));
    tables.set(task, table);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A plain Node IOHandler, as another program would write one: model.json and weights.bin from a folder. */
function nodeFolder(folder: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
        modelTopology: object;
        format: string;
        generatedBy: string;
        convertedBy: string | null;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        userDefinedMetadata: { [key: string]: object };
      };
      const buffers = json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(folder, p))));
      const bytes = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

async function outputs(model: tf.LayersModel, task: Task): Promise<Float32Array> {
  const trained = models.get(task)!;
  try {
    return (await predictTable(layersScorer(model, trained.card.preprocessing.width), trained.card, tables.get(task)!)).outputs;
  } finally {
    model.dispose();
  }
}

describe.each(['binary', 'multiclass', 'regression'] as const)('artifacts of a %s model', (task) => {
  it('modelFiles → parseModelFiles → loadArtifacts gives identical predictions', async () => {
    const trained = models.get(task)!;
    const { modelJson, weights } = modelFiles(trained.artifacts);
    const parsed = parseModelFiles(modelJson, weights.slice(0));
    expect(parsed.card).toEqual(trained.card);
    expect(parsed.weightSpecs).toEqual(trained.artifacts.weightSpecs);
    const direct = await outputs(await loadArtifacts(trained.artifacts), task);
    const roundTrip = await outputs(await loadArtifacts(parsed), task);
    expect(roundTrip).toEqual(direct);
    expect(direct.every(Number.isFinite)).toBe(true);
  });

  it('tf.loadLayersModel opens the files from a folder through a plain Node handler, card included', async () => {
    const trained = models.get(task)!;
    const folder = mkdtempSync(join(dir, `${task}-`));
    const { modelJson, weights } = modelFiles(trained.artifacts);
    writeFileSync(join(folder, 'model.json'), modelJson);
    writeFileSync(join(folder, 'weights.bin'), new Uint8Array(weights));
    const json = JSON.parse(modelJson) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }], userDefinedMetadata: { relearn: trained.card } });
    const model = await tf.loadLayersModel(nodeFolder(folder));
    expect(model.getUserDefinedMetadata()).toEqual({ relearn: trained.card });
    const opened = await outputs(model, task);
    expect(opened).toEqual(await outputs(await loadArtifacts(trained.artifacts), task));
  });
});

describe('the saved model is a standard tfjs model', () => {
  it('gives probabilities for classification: one per row (binary) or a row summing to 1 (multiclass)', async () => {
    const binary = await outputs(await loadArtifacts(models.get('binary')!.artifacts), 'binary');
    expect(binary).toHaveLength(150);
    expect(binary.every((p) => p >= 0 && p <= 1)).toBe(true);
    const multi = await outputs(await loadArtifacts(models.get('multiclass')!.artifacts), 'multiclass');
    expect(multi).toHaveLength(450);
    for (let row = 0; row < 150; row++) expect(multi[row * 3]! + multi[row * 3 + 1]! + multi[row * 3 + 2]!).toBeCloseTo(1, 5);
  });

  it('regression: the de-standardisation is in the last layer, so the output is in the target`s units', async () => {
    const trained = models.get('regression')!;
    const predicted = await outputs(await loadArtifacts(trained.artifacts), 'regression');
    const mean = predicted.reduce((a, b) => a + b, 0) / predicted.length;
    // value = 3·x1 − 2·x2 + 5 over [-1, 1]²: its mean is about 5, its spread about 2.
    expect(mean).toBeGreaterThan(3.5);
    expect(mean).toBeLessThan(6.5);
    const topology = JSON.stringify(trained.artifacts.modelTopology);
    expect(topology).toContain('"activation":"linear"');
  });

  it('dropout is kept in the topology but does nothing when predicting', async () => {
    const trained = models.get('binary')!;
    expect(JSON.stringify(trained.artifacts.modelTopology)).toContain('Dropout');
    const model = await loadArtifacts(trained.artifacts);
    const x = new Float32Array(trained.card.preprocessing.width * 4).fill(0.5);
    const a = await predictRows(model, x, 4, trained.card.preprocessing.width);
    const b = await predictRows(model, x, 4, trained.card.preprocessing.width);
    model.dispose();
    expect(b).toEqual(a);
    expect(a.every((v) => v === a[0])).toBe(true);
  });
});

describe('parseModelFiles refuses files that do not fit', () => {
  const files = () => modelFiles(models.get('binary')!.artifacts);

  it('a truncated weights.bin', () => {
    const { modelJson, weights } = files();
    expect(() => parseModelFiles(modelJson, weights.slice(0, weights.byteLength - 4))).toThrow(`weights.bin has ${weights.byteLength - 4} bytes; model.json describes ${weights.byteLength}`);
    expect(() => parseModelFiles(modelJson, new ArrayBuffer(weights.byteLength + 4))).toThrow(/weights\.bin has \d+ bytes; model\.json describes \d+/);
  });

  it('a model.json without the Relearn card (a tfjs model saved elsewhere)', () => {
    const { modelJson, weights } = files();
    const json = JSON.parse(modelJson) as Record<string, unknown>;
    delete json.userDefinedMetadata;
    expect(() => parseModelFiles(JSON.stringify(json), weights)).toThrow(
      'this model.json has no Relearn model card (userDefinedMetadata.relearn): it was not saved by Relearn',
    );
  });

  it('a card of a newer format version', () => {
    const { modelJson, weights } = files();
    const json = JSON.parse(modelJson) as { userDefinedMetadata: { relearn: { formatVersion: number } } };
    json.userDefinedMetadata.relearn.formatVersion = MODEL_CARD_VERSION + 1;
    expect(() => parseModelFiles(JSON.stringify(json), weights)).toThrow(`the model card has format version ${MODEL_CARD_VERSION + 1}; this build reads version ${MODEL_CARD_VERSION}`);
  });

  it('text that is not JSON, or JSON that is not a layers model', () => {
    const { weights } = files();
    expect(() => parseModelFiles('{"modelTopology": ', weights)).toThrow(/^model\.json is not JSON: /);
    expect(() => parseModelFiles('{"format": "graph-model"}', weights)).toThrow('model.json has no modelTopology or weightsManifest: it is not a tfjs layers model');
  });
});
