import type { HyperParameters } from './config.ts';

/** One setting of a version as the comparison and the versions table show it. */
export interface ParamValue {
  key: string;
  label: string;
  value: string;
}

// Human labels of the hyper-parameters this page knows, in the order a person reads them; any other key
// a newer version stores is shown too, its camelCase name spelled out (see humanLabel).
const PARAM_LABELS: Record<string, string> = {
  family: 'Model family',
  hidden: 'Hidden layers',
  activation: 'Activation',
  dropout: 'Dropout',
  l2: 'L2 penalty',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs (trees, iterations)',
  patience: 'Patience',
  classWeight: 'Class weights',
  maxLeafNodes: 'Max leaf nodes',
  minSamplesLeaf: 'Min samples per leaf',
  maxDepth: 'Max depth',
  maxFeatures: 'Max features per split',
  maxBins: 'Max bins',
};

const KNOWN = Object.keys(PARAM_LABELS);
const LAST = ['features', 'trainingBatches', 'seed'];
/** Reading order: the known hyper-parameters, any other, then features, training batches and seed. */
export const rank = (key: string): number => (LAST.includes(key) ? KNOWN.length + 1 + LAST.indexOf(key) : KNOWN.includes(key) ? KNOWN.indexOf(key) : KNOWN.length);

// What a null means for the keys where it is a choice, not a missing value.
const NULL_MEANS: Record<string, string> = { maxDepth: 'no limit', maxFeatures: 'default' };

const FAMILY_NAMES: Record<string, string> = { linear: 'linear', mlp: 'MLP (neural network)', gbdt: 'gradient boosting', forest: 'random forest' };

/** "minSamplesLeaf" → "Min samples leaf". */
export function humanLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function paramText(key: string, value: unknown): string {
  if (value === null) return NULL_MEANS[key] ?? 'none';
  if (key === 'family' && typeof value === 'string') return FAMILY_NAMES[value] ?? value;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join('-');
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  return String(value);
}

// Keys that only shape one family, shown for the versions of that family alone.
const MLP_ONLY = new Set(['hidden', 'activation', 'dropout']);

/** The hyper-parameters of one version, every stored key, with human labels and values. */
export function paramValues(params: HyperParameters): ParamValue[] {
  const entries = Object.entries(params as unknown as Record<string, unknown>).filter(([key, value]) => value !== undefined && !(MLP_ONLY.has(key) && params.family !== 'mlp'));
  return entries.sort(([a], [b]) => rank(a) - rank(b)).map(([key, value]) => ({ key, label: PARAM_LABELS[key] ?? humanLabel(key), value: paramText(key, value) }));
}
