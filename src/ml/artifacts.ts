import * as tf from '@tensorflow/tfjs';
import { assertCalibration, type Calibration } from '../core/estimation/calibration.ts';
import { assertModelCard, type ModelArtifactsRecord, type ModelCard, type WeightSpec } from '../core/training/modelCard.ts';
import { ensembleFromArtifacts, isTreeArtifacts, TREE_FORMAT, TREE_FORMAT_VERSION } from '../core/trees/artifacts.ts';

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

/**
 * The model's files: `model.json` (topology, manifest pointing at weights.bin, the card) and `weights.bin`.
 * A network's are the standard tfjs files (`format: 'layers-model'`); a tree ensemble's have the same layout
 * with `format: 'relearn-trees'` and its trees as typed arrays (src/core/trees/artifacts.ts). A classifier's
 * calibration, when given, travels as `userDefinedMetadata.relearnCalibration` (label-free estimates).
 */
export function modelFiles(record: ModelArtifactsRecord, calibration?: Calibration | null): { modelJson: string; weights: ArrayBuffer } {
  const trees = isTreeArtifacts(record);
  const json = {
    modelTopology: record.modelTopology,
    format: trees ? TREE_FORMAT : 'layers-model',
    ...(trees ? { formatVersion: TREE_FORMAT_VERSION } : {}),
    generatedBy: trees ? 'Relearn' : `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: record.weightSpecs }],
    userDefinedMetadata: { relearn: record.card, ...(calibration ? { relearnCalibration: calibration } : {}) },
  };
  return { modelJson: JSON.stringify(json), weights: record.weightData };
}

/** Reads `model.json` + `weights.bin` back; refuses files that are not a Relearn model or do not fit together. */
export function parseModelFiles(modelJson: string, weights: ArrayBuffer): ModelArtifactsRecord {
  let json: { format?: unknown; modelTopology?: object; weightsManifest?: { paths: string[]; weights: WeightSpec[] }[]; userDefinedMetadata?: { relearn?: unknown } };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (error) {
    // The parser's own message can quote raw bytes of a binary file; say plainly what is wrong instead.
    throw new Error('model.json is not JSON: choose the model.json file that Relearn (or tfjs) saved', { cause: error });
  }
  const trees = json.format === TREE_FORMAT;
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(trees ? 'model.json has no modelTopology or weightsManifest: the tree model is incomplete' : 'model.json has no modelTopology or weightsManifest: it is not a tfjs layers model');
  }
  const card = json.userDefinedMetadata?.relearn;
  assertModelCard(card);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const bytesPerValue: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  const expected = weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (bytesPerValue[spec.dtype] ?? 4), 0);
  if (expected !== weights.byteLength) throw new Error(`weights.bin has ${weights.byteLength} bytes; model.json describes ${expected} bytes`);
  const record = { modelTopology: json.modelTopology, weightSpecs, weightData: weights, card };
  // Every check of the trees' arrays now, so a bad file is refused before anything is stored.
  if (trees) ensembleFromArtifacts(record);
  else if (isTreeArtifacts(record)) throw new Error(`model.json's modelTopology is a tree model but its format is "${String(json.format)}", not "${TREE_FORMAT}"`);
  return record;
}

/**
 * The calibration a model.json carries (`userDefinedMetadata.relearnCalibration`); null when it carries
 * none (saved before calibrations were kept, or a regression model). A damaged one is refused.
 */
export function calibrationOfModelJson(modelJson: string): Calibration | null {
  let json: { userDefinedMetadata?: { relearnCalibration?: unknown } };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (error) {
    throw new Error('model.json is not JSON: choose the model.json file that Relearn (or tfjs) saved', { cause: error });
  }
  const calibration = json?.userDefinedMetadata?.relearnCalibration;
  if (calibration === undefined || calibration === null) return null;
  try {
    assertCalibration(calibration);
  } catch (error) {
    throw new Error(`model.json's calibration (userDefinedMetadata.relearnCalibration) cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return calibration;
}
