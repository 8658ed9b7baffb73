import type { ModelArtifactsRecord, ModelCard, WeightSpec } from '../training/modelCard.ts';
import type { Task } from '../training/task.ts';
import type { Tree, TreeEnsemble } from './ensemble.ts';

/** model.json's `format` for a tree ensemble; a network is tfjs's `layers-model`. */
export const TREE_FORMAT = 'relearn-trees';
export const TREE_FORMAT_VERSION = 1;

/**
 * What `modelTopology` holds for a tree ensemble. The nodes of every tree lie end to end in the weight
 * arrays, tree by tree, in the order of `trees`; a child's index is local to its tree.
 */
export interface TreeTopology {
  format: typeof TREE_FORMAT;
  formatVersion: number;
  kind: TreeEnsemble['kind'];
  task: Task;
  inputs: number;
  outputs: number;
  baseline: number[];
  trees: { nodes: number }[];
}

/**
 * The arrays in weights.bin, in this order. `missing_left` is last: one byte a node (tfjs's bool), so the
 * four-byte arrays before it start on four-byte boundaries.
 */
const ARRAYS = ['feature', 'threshold', 'left', 'right', 'value', 'missing_left'] as const;
const DTYPES: Record<(typeof ARRAYS)[number], WeightSpec['dtype']> = { feature: 'int32', threshold: 'float32', left: 'int32', right: 'int32', value: 'float32', missing_left: 'bool' };

/** Values per node: one for gbdt (tree t serves output t % outputs), one per output for a forest. */
const valuesPerNode = (kind: TreeEnsemble['kind'], outputs: number): number => (kind === 'gbdt' ? 1 : outputs);

export const isTreeArtifacts = (record: Pick<ModelArtifactsRecord, 'modelTopology'>): boolean => (record.modelTopology as { format?: unknown }).format === TREE_FORMAT;

/** The ensemble as a stored version's artifacts, beside its card. */
export function ensembleToArtifacts(ensemble: TreeEnsemble, card: ModelCard): ModelArtifactsRecord {
  const per = valuesPerNode(ensemble.kind, ensemble.outputs);
  const total = ensemble.trees.reduce((n, t) => n + t.feature.length, 0);
  const sizes = { feature: total, threshold: total, left: total, right: total, value: total * per, missing_left: total };
  const bytes = ARRAYS.reduce((n, name) => n + sizes[name] * (DTYPES[name] === 'bool' ? 1 : 4), 0);
  const weightData = new ArrayBuffer(bytes);
  let offset = 0;
  const views = {} as Record<(typeof ARRAYS)[number], Int32Array | Float32Array | Uint8Array>;
  for (const name of ARRAYS) {
    const Kind = DTYPES[name] === 'float32' ? Float32Array : DTYPES[name] === 'int32' ? Int32Array : Uint8Array;
    views[name] = new Kind(weightData, offset, sizes[name]);
    offset += views[name].byteLength;
  }
  let at = 0;
  for (const tree of ensemble.trees) {
    const n = tree.feature.length;
    if (tree.value.length !== n * per) throw new Error(`a tree of ${n} nodes has ${tree.value.length} leaf values; ${n * per} expected`);
    views.feature.set(tree.feature, at);
    views.threshold.set(tree.threshold, at);
    views.left.set(tree.left, at);
    views.right.set(tree.right, at);
    views.value.set(tree.value, at * per);
    views.missing_left.set(tree.missingLeft, at);
    at += n;
  }
  const topology: TreeTopology = {
    format: TREE_FORMAT,
    formatVersion: TREE_FORMAT_VERSION,
    kind: ensemble.kind,
    task: ensemble.task,
    inputs: ensemble.inputs,
    outputs: ensemble.outputs,
    baseline: Array.from(ensemble.baseline),
    trees: ensemble.trees.map((t) => ({ nodes: t.feature.length })),
  };
  const weightSpecs: WeightSpec[] = ARRAYS.map((name) => ({ name, shape: [sizes[name]], dtype: DTYPES[name] }));
  return { modelTopology: topology, weightSpecs, weightData, card };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkedTopology(record: ModelArtifactsRecord): TreeTopology {
  const t = record.modelTopology as Partial<TreeTopology>;
  if (t.format !== TREE_FORMAT) throw new Error(`the model's format is "${String(t.format)}", not "${TREE_FORMAT}"`);
  if (t.formatVersion !== TREE_FORMAT_VERSION) throw new Error(`the tree model has format version ${String(t.formatVersion)}; this build reads version ${TREE_FORMAT_VERSION}`);
  if (t.kind !== 'gbdt' && t.kind !== 'forest') throw new Error(`the tree model's kind is "${String(t.kind)}"; gbdt or forest expected`);
  const { card } = record;
  if (t.task !== card.task) throw new Error(`the trees are a ${String(t.task)} model but the model card says ${card.task}`);
  const outputs = card.task === 'multiclass' ? (card.classes?.length ?? 0) : 1;
  if (t.outputs !== outputs) throw new Error(`the trees give ${String(t.outputs)} outputs a row; a ${card.task} model with this card gives ${outputs}`);
  if (t.inputs !== card.preprocessing.width) throw new Error(`the trees read ${String(t.inputs)} inputs but the card's preprocessing writes ${card.preprocessing.width}`);
  if (!Array.isArray(t.baseline) || t.baseline.length !== outputs || !t.baseline.every((v) => typeof v === 'number')) throw new Error(`the tree model's baseline must be ${outputs} number${outputs === 1 ? '' : 's'}`);
  // A gbdt whose first iteration did not help is its baseline alone; a forest needs trees.
  if (!Array.isArray(t.trees) || (t.kind === 'forest' && t.trees.length === 0) || !t.trees.every((tree) => isCount(tree?.nodes) && tree.nodes >= 1)) throw new Error('the tree model lists no trees, or a tree without nodes');
  return t as TreeTopology;
}

/** The arrays weights.bin must hold for this topology, in order. */
function expectedSpecs(t: TreeTopology): WeightSpec[] {
  const total = t.trees.reduce((n, tree) => n + tree.nodes, 0);
  const per = valuesPerNode(t.kind, t.outputs);
  return ARRAYS.map((name) => ({ name, shape: [name === 'value' ? total * per : total], dtype: DTYPES[name] }));
}

/** Children come after their parent (so a walk ends), within the tree; a split reads an input that exists. */
function checkTree(tree: Tree, inputs: number, index: number): void {
  const n = tree.feature.length;
  for (let node = 0; node < n; node++) {
    const f = tree.feature[node]!;
    if (f < 0) continue;
    const left = tree.left[node]!;
    const right = tree.right[node]!;
    if (f >= inputs || left <= node || right <= node || left >= n || right >= n) {
      throw new Error(`tree ${index + 1}, node ${node}: a split on input ${f} with children ${left} and ${right} does not fit a tree of ${n} nodes over ${inputs} inputs`);
    }
  }
}

/** Reads a tree ensemble back from a stored version's artifacts; a clear error when they do not fit together. */
export function ensembleFromArtifacts(record: ModelArtifactsRecord): TreeEnsemble {
  const t = checkedTopology(record);
  const expected = expectedSpecs(t);
  const same = record.weightSpecs.length === expected.length && expected.every((e, i) => record.weightSpecs[i]!.name === e.name && record.weightSpecs[i]!.dtype === e.dtype && record.weightSpecs[i]!.shape.join() === e.shape.join());
  if (!same) throw new Error(`the tree model's weights manifest does not describe its ${t.trees.length} trees: expected ${expected.map((e) => `${e.name} ${e.dtype}[${e.shape[0]}]`).join(', ')}`);
  const bytes = expected.reduce((n, e) => n + e.shape[0]! * (e.dtype === 'bool' ? 1 : 4), 0);
  if (record.weightData.byteLength !== bytes) throw new Error(`the tree model's weights have ${record.weightData.byteLength} bytes; its manifest describes ${bytes}`);
  // A copy: the stored buffer may be any slice of a larger one, and typed views need aligned offsets.
  const data = record.weightData.slice(0);
  const arrays = {} as Record<(typeof ARRAYS)[number], Int32Array | Float32Array | Uint8Array>;
  let offset = 0;
  for (const e of expected) {
    const name = e.name as (typeof ARRAYS)[number];
    const Kind = e.dtype === 'float32' ? Float32Array : e.dtype === 'int32' ? Int32Array : Uint8Array;
    arrays[name] = new Kind(data, offset, e.shape[0]);
    offset += arrays[name].byteLength;
  }
  const per = valuesPerNode(t.kind, t.outputs);
  let at = 0;
  const trees = t.trees.map(({ nodes }, index): Tree => {
    const tree: Tree = {
      feature: (arrays.feature as Int32Array).subarray(at, at + nodes),
      threshold: (arrays.threshold as Float32Array).subarray(at, at + nodes),
      missingLeft: (arrays.missing_left as Uint8Array).subarray(at, at + nodes),
      left: (arrays.left as Int32Array).subarray(at, at + nodes),
      right: (arrays.right as Int32Array).subarray(at, at + nodes),
      value: (arrays.value as Float32Array).subarray(at * per, (at + nodes) * per),
    };
    checkTree(tree, t.inputs, index);
    at += nodes;
    return tree;
  });
  return { kind: t.kind, task: t.task, inputs: t.inputs, outputs: t.outputs, baseline: Float32Array.from(t.baseline), trees };
}
