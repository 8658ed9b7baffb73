import { paramValues, rank, type ParamValue } from '../../core/training/paramValues.ts';
import type { ModelRecord } from '../../storage/db.ts';

export { humanLabel, paramValues, type ParamValue } from '../../core/training/paramValues.ts';

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

