import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/training/config.ts';
import { MODEL_CARD_VERSION, type ModelArtifactsRecord, type ModelCard } from '../../../src/core/training/modelCard.ts';
import { PREPROCESSING_VERSION } from '../../../src/core/training/preprocess.ts';
import { ensembleFromArtifacts, ensembleToArtifacts, isTreeArtifacts, TREE_FORMAT } from '../../../src/core/trees/artifacts.ts';
import { predictEnsemble, type Tree, type TreeEnsemble } from '../../../src/core/trees/ensemble.ts';

const card = (task: ModelCard['task'], classes: string[] | null, family: 'gbdt' | 'forest'): ModelCard => ({
  formatVersion: MODEL_CARD_VERSION,
  task,
  target: 'y',
  classes,
  preprocessing: {
    formatVersion: PREPROCESSING_VERSION,
    features: [
      { name: 'a', kind: 'numeric', median: 0, mean: 0, scale: 1, missingIndicator: false },
      { name: 'b', kind: 'numeric', median: 0, mean: 0, scale: 1, missingIndicator: false },
    ],
    width: 2,
    missing: 'keep',
  },
  params: defaultParams(family),
  seed: 1,
});

/** A stump on input f at t (missing values go left when missingLeft), leaves holding `left` and `right`. */
const stump = (f: number, t: number, missingLeft: boolean, left: number[], right: number[]): Tree => ({
  feature: Int32Array.from([f, -1, -1]),
  threshold: Float32Array.from([t, 0, 0]),
  missingLeft: Uint8Array.from([missingLeft ? 1 : 0, 0, 0]),
  left: Int32Array.from([1, -1, -1]),
  right: Int32Array.from([2, -1, -1]),
  value: Float32Array.from([...left.map(() => 0), ...left, ...right]),
});

const gbdt: TreeEnsemble = { kind: 'gbdt', task: 'binary', inputs: 2, outputs: 1, baseline: Float32Array.from([0.25]), trees: [stump(0, 0.5, true, [-1], [1]), stump(1, -0.5, false, [0.5], [-0.25])] };
const forest: TreeEnsemble = { kind: 'forest', task: 'multiclass', inputs: 2, outputs: 3, baseline: new Float32Array(3), trees: [stump(0, 0, false, [1, 0, 0], [0, 0.5, 0.5]), stump(1, 0.3, true, [0, 1, 0], [0, 0, 1])] };
const x = Float32Array.from([0, 0, 1, -1, NaN, 2, 0.7, NaN, -3, 0.3]);

describe('tree artifacts', () => {
  it.each([
    ['gbdt', gbdt, card('binary', ['n', 'y'], 'gbdt')],
    ['forest', forest, card('multiclass', ['a', 'b', 'c'], 'forest')],
  ] as const)('a %s round trip predicts exactly as the ensemble did', (_, ensemble, c) => {
    const record = ensembleToArtifacts(ensemble, c);
    expect(isTreeArtifacts(record)).toBe(true);
    expect(record.modelTopology).toMatchObject({ format: TREE_FORMAT, formatVersion: 1, kind: ensemble.kind, task: ensemble.task, trees: [{ nodes: 3 }, { nodes: 3 }] });
    expect(record.weightSpecs.map((s) => `${s.name}:${s.dtype}[${s.shape.join()}]`)).toEqual([
      'feature:int32[6]',
      'threshold:float32[6]',
      'left:int32[6]',
      'right:int32[6]',
      `value:float32[${6 * (ensemble.kind === 'gbdt' ? 1 : 3)}]`,
      'missing_left:bool[6]',
    ]);
    const back = ensembleFromArtifacts({ ...record, weightData: record.weightData.slice(0) });
    expect(back.trees).toHaveLength(2);
    expect(predictEnsemble(back, x, 5)).toEqual(predictEnsemble(ensemble, x, 5));
  });

  it('missing values follow the learned direction after the round trip', () => {
    const back = ensembleFromArtifacts(ensembleToArtifacts(gbdt, card('binary', ['n', 'y'], 'gbdt')));
    // Row (NaN, 2): tree 1 sends NaN left (−1), tree 2 sends 2 right (−0.25): sigmoid(0.25 − 1 − 0.25).
    expect(predictEnsemble(back, Float32Array.from([NaN, 2]), 1)[0]).toBeCloseTo(1 / (1 + Math.exp(1)), 6);
  });

  it('refuses artifacts that do not fit together, saying what is wrong', () => {
    const good = ensembleToArtifacts(gbdt, card('binary', ['n', 'y'], 'gbdt'));
    const topology = good.modelTopology as Record<string, unknown>;
    const broken = (change: Partial<ModelArtifactsRecord>): ModelArtifactsRecord => ({ ...good, ...change });
    expect(() => ensembleFromArtifacts(broken({ modelTopology: { ...topology, formatVersion: 2 } }))).toThrow('the tree model has format version 2; this build reads version 1');
    expect(() => ensembleFromArtifacts(broken({ modelTopology: { ...topology, kind: 'svm' } }))).toThrow('the tree model\'s kind is "svm"; gbdt or forest expected');
    expect(() => ensembleFromArtifacts(broken({ card: card('regression', null, 'gbdt') }))).toThrow('the trees are a binary model but the model card says regression');
    expect(() => ensembleFromArtifacts(broken({ modelTopology: { ...topology, inputs: 3 } }))).toThrow("the trees read 3 inputs but the card's preprocessing writes 2");
    expect(() => ensembleFromArtifacts(broken({ modelTopology: { ...topology, trees: [{ nodes: 3 }] } }))).toThrow(/weights manifest does not describe its 1 trees/);
    expect(() => ensembleFromArtifacts(broken({ weightData: good.weightData.slice(0, good.weightData.byteLength - 1) }))).toThrow(/weights have \d+ bytes; its manifest describes \d+/);
    const looping = good.weightData.slice(0);
    new Int32Array(looping, 2 * 6 * 4, 6)[0] = 0;
    expect(() => ensembleFromArtifacts(broken({ weightData: looping }))).toThrow('tree 1, node 0: a split on input 0 with children 0 and 2 does not fit a tree of 3 nodes over 2 inputs');
  });
});
