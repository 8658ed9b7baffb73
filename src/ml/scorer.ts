import type * as tf from '@tensorflow/tfjs';
import type { ModelArtifactsRecord } from '../core/training/modelCard.ts';
import { ensembleFromArtifacts, isTreeArtifacts } from '../core/trees/artifacts.ts';
import { predictEnsemble, type TreeEnsemble } from '../core/trees/ensemble.ts';
import { loadArtifacts } from './artifacts.ts';
import { predictRows } from './layersModel.ts';

/**
 * A loaded model of any family: outputs for rows × inputs (probabilities, rows × 1 for binary or rows ×
 * classes, or values). Scoring, evaluating, comparing, the gate, canary and shadow all go through it.
 */
export interface Scorer {
  inputs: number;
  predict(x: Float32Array, rows: number): Promise<Float32Array>;
  /** Frees what the model holds (a network's tensors); call once, when done. */
  dispose(): void;
}

export function layersScorer(model: tf.LayersModel, inputs: number): Scorer {
  return { inputs, predict: (x, rows) => predictRows(model, x, rows, inputs), dispose: () => model.dispose() };
}

export function ensembleScorer(ensemble: TreeEnsemble): Scorer {
  return { inputs: ensemble.inputs, predict: (x, rows) => Promise.resolve(predictEnsemble(ensemble, x, rows)), dispose: () => undefined };
}

/** The scorer of a stored version: a tree ensemble or a tfjs network, by the artifacts' format. */
export async function loadScorer(record: ModelArtifactsRecord): Promise<Scorer> {
  if (isTreeArtifacts(record)) return ensembleScorer(ensembleFromArtifacts(record));
  return layersScorer(await loadArtifacts(record), record.card.preprocessing.width);
}

/** Median milliseconds to score 1,000 rows, after a warm-up. */
export async function latencyPer1000(scorer: Scorer): Promise<number> {
  const x = new Float32Array(1000 * scorer.inputs);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i);
  await scorer.predict(x, 1000);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    await scorer.predict(x, 1000);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2]!;
}
