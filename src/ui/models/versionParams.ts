import type { HyperParameters } from '../../core/training/config.ts';
import type { ModelRecord } from '../../storage/db.ts';

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
const rank = (key: string): number => (LAST.includes(key) ? KNOWN.length + 1 + LAST.indexOf(key) : KNOWN.includes(key) ? KNOWN.indexOf(key) : KNOWN.length);

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

/** Everything that shaped a version: its hyper-parameters, then its features, training batches and seed. */
export function versionSettings(model: ModelRecord): ParamValue[] {
  const batches = model.lineage.batches.map((b) => b.name);
  return [
    ...paramValues(model.card.params),
    { key: 'features', label: 'Features', value: model.card.preprocessing.features.map((f) => f.name).join(', ') || 'none' },
    { key: 'trainingBatches', label: 'Training batches', value: batches.length === 0 ? (model.source === 'imported' ? 'imported' : 'none') : batches.join(', ') },
    { key: 'seed', label: 'Seed', value: String(model.card.seed) },
  ];
}

// Already columns of the table: the family, and the batches under "Trained on".
const SHOWN_ANYWAY = new Set(['family', 'trainingBatches']);

/** The parameters any version has that can become a column, with their labels, in reading order. */
export function parameterChoices(models: ModelRecord[]): { key: string; label: string }[] {
  const choices: { key: string; label: string }[] = [];
  for (const { key, label } of models.flatMap(versionSettings)) if (!SHOWN_ANYWAY.has(key) && !choices.some((c) => c.key === key)) choices.push({ key, label });
  return choices;
}

/** One row of the settings diff: a setting's value in each version (a dash where a version has none), and whether they differ. */
export interface SettingRow {
  key: string;
  label: string;
  values: string[];
  differs: boolean;
}

export const NO_SETTING = '—';

/** Every setting any of the versions has, in reading order, with each version's value. */
export function settingsDiff(models: ModelRecord[]): SettingRow[] {
  const perModel = models.map(versionSettings);
  const rows: SettingRow[] = [];
  for (const settings of perModel) {
    for (const { key, label } of settings) {
      if (rows.some((r) => r.key === key)) continue;
      const values = perModel.map((s) => s.find((p) => p.key === key)?.value ?? NO_SETTING);
      rows.push({ key, label, values, differs: new Set(values).size > 1 });
    }
  }
  return rows.sort((a, b) => rank(a.key) - rank(b.key));
}

/** How much better b is than a (b − a, negated where lower is better); null unless both are known. */
export type Better = (a: number | null, b: number | null) => number | null;

const isKnown = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The indexes of the best values of a row (ties share it); none when fewer than two values are known. */
export function bestOf(values: (number | null)[], better: Better): number[] {
  const known = values.flatMap((v, i) => (isKnown(v) ? [i] : []));
  if (known.length < 2) return [];
  let best = known[0]!;
  for (const i of known) if ((better(values[best]!, values[i]!) ?? 0) > 0) best = i;
  return known.filter((i) => (better(values[best]!, values[i]!) ?? 0) >= 0 && (better(values[i]!, values[best]!) ?? 0) >= 0);
}

