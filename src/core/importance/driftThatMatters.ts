/**
 * "Drift that matters": how much of what the champion relies on has drifted. The share of the champion's
 * positive permutation importance carried by the columns a batch's drift report marks as drifted:
 *
 *   share = Σ_{drifted c} max(0, mean_c) / Σ_c max(0, mean_c)
 *
 * over the champion's feature columns. A negative mean importance (shuffling the column helped by chance
 * on the holdout) counts as 0: the model does not rely on that column, so neither its drift nor its weight
 * should move the share. Columns the drift report did not compare (left out of drift, or absent from the
 * batch) count as not drifted.
 */
import type { PermutationImportance } from './permutation.ts';

export const NO_IMPORTANCE = 'no importance: champion trained before it was computed';
export const NO_CHAMPION = 'no champion: nothing to weigh drift by';

export interface ImportantDrift {
  /** null when it cannot be computed; `note` says why. */
  share: number | null;
  /** Drifted columns the champion relies on (positive importance), most important first. */
  columns: { column: string; importance: number }[];
  note: string;
}

export type ChampionImportance = { version: number; importance: PermutationImportance | null | undefined } | null;

export function importantDrift(champion: ChampionImportance, drifted: ReadonlySet<string>): ImportantDrift {
  if (!champion) return { share: null, columns: [], note: NO_CHAMPION };
  const { importance } = champion;
  if (importance === undefined) return { share: null, columns: [], note: NO_IMPORTANCE };
  if (importance === null) return { share: null, columns: [], note: `no importance: version ${champion.version} has none (imported, or fewer than two holdout rows)` };
  let total = 0;
  let carried = 0;
  const columns: ImportantDrift['columns'] = [];
  for (const c of importance.columns) {
    const weight = Math.max(0, c.mean);
    total += weight;
    if (drifted.has(c.column) && weight > 0) {
      carried += weight;
      columns.push({ column: c.column, importance: weight });
    }
  }
  if (total === 0) return { share: null, columns: [], note: `version ${champion.version}'s importance is 0 or below for every column: nothing to weigh drift by` };
  columns.sort((a, b) => b.importance - a.importance);
  const share = carried / total;
  const named = columns.length ? `: ${columns.map((c) => c.column).join(', ')}` : '';
  return { share, columns, note: `${Math.round(share * 1000) / 10}% of version ${champion.version}'s importance is in drifted columns${named}` };
}

/** The columns a drift report marks as drifted. */
export const driftedColumns = (columns: readonly { name: string; drift: boolean | null }[]): Set<string> => new Set(columns.filter((c) => c.drift === true).map((c) => c.name));
