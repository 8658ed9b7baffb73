import type { ColumnDrift } from './columnDrift.ts';
import { STATISTIC_LABELS } from './settings.ts';
import { driftStrength, testPValue } from './format.ts';

export type SortKey = 'column' | 'statistic' | 'value' | 'threshold' | 'pValue' | 'drift';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Drifted first, most clearly drifted at the top: what a person checks first. */
export const DEFAULT_SORT: Sort = { key: 'drift', descending: true };

type SortValue = number | string | null;

function sortValue(column: ColumnDrift, key: SortKey): SortValue {
  switch (key) {
    case 'column':
      return column.name.toLowerCase();
    case 'statistic':
      return column.rule ? STATISTIC_LABELS[column.rule.statistic] : null;
    case 'value':
      return column.value;
    case 'threshold':
      return column.rule?.threshold ?? null;
    case 'pValue':
      return testPValue(column) ?? null;
    case 'drift':
      // Drift and its strength in one number: drifted columns sort above every column that did not.
      return column.drift === null ? null : (column.drift ? 10 : 0) + (driftStrength(column) ?? 0);
  }
}

/**
 * Columns in the chosen order. Columns without a value for the key (not compared) always come last,
 * whichever the direction; ties keep the report's column order.
 */
export function sortColumns(columns: ColumnDrift[], sort: Sort): ColumnDrift[] {
  const keyed = columns.map((column, index) => ({ column, index, value: sortValue(column, sort.key) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
    const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
    return (sort.descending ? -order : order) || a.index - b.index;
  });
  return keyed.map((k) => k.column);
}
