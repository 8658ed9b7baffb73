import * as tf from '@tensorflow/tfjs';
import { assertModelCard, type ModelArtifactsRecord, type ModelCard, type WeightSpec } from '../core/training/modelCard.ts';

const WEIGHTS_FILE = 'weights.bin';

/**
 * An IOHandler that hands what `model.save` writes to `onSave` (the Dexie table in the page, files in the
 * CLI), and loads from a record. The model card travels as model.json's `userDefinedMetadata.relearn`.
 */
export function artifactsHandler(card: ModelCard, onSave: (record: ModelArtifactsRecord) => void | Promise<void>): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      if (!(artifacts.modelTopology && artifacts.weightSpecs && artifacts.weightData)) throw new Error('the model gave no topology or weights to save');
      const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await onSave({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs as WeightSpec[], weightData, card });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

export async function saveArtifacts(model: tf.LayersModel, card: ModelCard): Promise<ModelArtifactsRecord> {
  let saved: ModelArtifactsRecord | null = null;
  await model.save(artifactsHandler(card, (record) => void (saved = record)));
  if (!saved) throw new Error('saving the model wrote nothing');
  return saved;
}

export function loadArtifacts(record: ModelArtifactsRecord): Promise<tf.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: record.modelTopology, weightSpecs: record.weightSpecs, weightData: record.weightData, format: 'layers-model', userDefinedMetadata: { relearn: record.card } }),
  );
}

/** The standard tfjs files: `model.json` (topology, manifest pointing at weights.bin, the card) and `weights.bin`. */
export function modelFiles(record: ModelArtifactsRecord): { modelJson: string; weights: ArrayBuffer } {
  const json = {
    modelTopology: record.modelTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: record.weightSpecs }],
    userDefinedMetadata: { relearn: record.card },
  };
  return { modelJson: JSON.stringify(json), weights: record.weightData };
}

/** Reads `model.json` + `weights.bin` back; refuses files that are not a Relearn model or do not fit together. */
export function parseModelFiles(modelJson: string, weights: ArrayBuffer): ModelArtifactsRecord {
  let json: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: WeightSpec[] }[]; userDefinedMetadata?: { relearn?: unknown } };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (error) {
    // The parser's own message can quote raw bytes of a binary file; say plainly what is wrong instead.
    throw new Error('model.json is not JSON: choose the model.json file that Relearn (or tfjs) saved', { cause: error });
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error('model.json has no modelTopology or weightsManifest: it is not a tfjs layers model');
  const card = json.userDefinedMetadata?.relearn;
  assertModelCard(card);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const bytesPerValue: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  const expected = weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (bytesPerValue[spec.dtype] ?? 4), 0);
  if (expected !== weights.byteLength) throw new Error(`weights.bin has ${weights.byteLength} bytes; model.json describes ${expected} bytes`);
  return { modelTopology: json.modelTopology, weightSpecs, weightData: weights, card };
}
