import { isTreeFamily, type Family, type HyperParameters } from '../../core/training/config.ts';

/**
 * What the train form and the pipeline's policy form share about a model family: its name in a select,
 * the labels and help of its settings, and the tree settings as typed.
 */

export const FAMILY_OPTIONS: { value: Family; label: string }[] = [
  { value: 'mlp', label: 'MLP (neural network)' },
  { value: 'linear', label: 'linear' },
  { value: 'gbdt', label: 'gradient boosting (trees)' },
  { value: 'forest', label: 'random forest' },
];

export const FAMILY_HELP: Record<Family, string> = {
  mlp: 'Hidden layers learn interactions between features.',
  linear: 'One layer: logistic (classification) or linear regression.',
  gbdt: 'Histogram gradient boosting, as scikit-learn’s HistGradientBoosting: each tree corrects the ones before it.',
  forest: 'Trees on bootstrap samples of the rows, averaged, as scikit-learn’s RandomForest.',
};

/** A forest's features per split as a select: scikit-learn's default, sqrt, log2, or a share typed beside it. */
export type MaxFeaturesChoice = 'default' | 'sqrt' | 'log2' | 'share';

export const MAX_FEATURES_OPTIONS: { value: MaxFeaturesChoice; label: string }[] = [
  { value: 'default', label: 'default' },
  { value: 'sqrt', label: 'sqrt of the inputs' },
  { value: 'log2', label: 'log2 of the inputs' },
  { value: 'share', label: 'a share of the inputs' },
];

/** The tree settings as typed; numbers stay text until read. */
export interface TreeDraft {
  maxLeafNodes: string;
  minSamplesLeaf: string;
  /** Blank: no limit. */
  maxDepth: string;
  maxFeatures: MaxFeaturesChoice;
  /** The share, read when maxFeatures is 'share'. */
  maxFeaturesShare: string;
}

const text = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export function treeDraft(p: HyperParameters): TreeDraft {
  const m = p.maxFeatures;
  return {
    maxLeafNodes: text(p.maxLeafNodes),
    minSamplesLeaf: text(p.minSamplesLeaf),
    maxDepth: text(p.maxDepth),
    maxFeatures: m === null || m === undefined ? 'default' : typeof m === 'number' ? 'share' : m,
    maxFeaturesShare: typeof m === 'number' ? String(m) : '0.5',
  };
}

// An empty field is not zero: it reads as NaN so the form says it is missing.
const read = (t: string): number => (t.trim() === '' ? NaN : Number(t));

/** The tree settings a family reads from the draft; none for a network. */
export function readTreeDraft(d: TreeDraft, family: Family): Partial<HyperParameters> {
  if (!isTreeFamily(family)) return {};
  const depth = { minSamplesLeaf: read(d.minSamplesLeaf), maxDepth: d.maxDepth.trim() === '' ? null : Number(d.maxDepth) };
  if (family === 'gbdt') return { ...depth, maxLeafNodes: read(d.maxLeafNodes) };
  return { ...depth, maxFeatures: d.maxFeatures === 'default' ? null : d.maxFeatures === 'share' ? read(d.maxFeaturesShare) : d.maxFeatures };
}

/** Settings whose label and help depend on the family. */
export type SharedParam = 'epochs' | 'learningRate' | 'l2' | 'patience' | 'seed';

const NETWORK: Record<SharedParam, { label: string; help: string }> = {
  epochs: { label: 'Epochs', help: 'Passes over the training rows (at most; see patience).' },
  learningRate: { label: 'Learning rate', help: 'Adam’s step size, above 0 and at most 1.' },
  l2: { label: 'L2 penalty', help: 'Weight decay, 0 to 1.' },
  patience: { label: 'Patience', help: 'Epochs without a better validation loss before stopping; 0 never stops early.' },
  seed: { label: 'Seed', help: 'Same seed, same split and same starting weights.' },
};

const GBDT: Record<SharedParam, { label: string; help: string }> = {
  epochs: { label: 'Boosting iterations', help: 'Trees added one after another, at most (max_iter; see patience). A multiclass model adds one per class each iteration.' },
  learningRate: { label: 'Learning rate', help: 'Shrinks each tree’s contribution (learning_rate), above 0 and at most 1.' },
  l2: { label: 'L2 regularization', help: 'Penalty on the leaf values (l2_regularization), 0 to 1.' },
  patience: { label: 'Patience', help: 'Iterations without a better validation loss before stopping (early stopping); 0 never stops early.' },
  seed: { label: 'Seed', help: 'Same seed, same split and the same trees.' },
};

const FOREST: Record<SharedParam, { label: string; help: string }> = {
  ...GBDT,
  epochs: { label: 'Trees', help: 'Trees in the forest (n_estimators), each grown on a bootstrap sample of the training rows.' },
  seed: { label: 'Seed', help: 'Same seed, same split, same bootstrap samples and feature draws.' },
};

export const sharedParam = (family: Family, field: SharedParam): { label: string; help: string } => (family === 'gbdt' ? GBDT : family === 'forest' ? FOREST : NETWORK)[field];

/** Labels and help of the settings only trees have. */
export const TREE_PARAMS: Record<keyof TreeDraft, { label: string; help: string }> = {
  maxLeafNodes: { label: 'Max leaf nodes', help: 'Leaves per tree at most (max_leaf_nodes), 2 or more; a tree grows its best split first.' },
  minSamplesLeaf: { label: 'Min samples per leaf', help: 'Training rows a leaf holds at least (min_samples_leaf).' },
  maxDepth: { label: 'Max depth', help: 'Splits from the root to a leaf, at most (max_depth). Blank: no limit.' },
  maxFeatures: { label: 'Max features', help: 'Inputs tried at each split (max_features). The default, as scikit-learn’s: sqrt of them for a classifier, all for a regression.' },
  maxFeaturesShare: { label: 'Share of inputs', help: 'Above 0 and at most 1, when the max features are a share.' },
};
