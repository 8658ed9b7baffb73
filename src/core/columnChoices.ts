/**
 * Which columns count in the dataset drift share and which are model features (docs/statistics.md,
 * "Column typing"): datetime and id-like columns are left out of both by default, each with its reason,
 * and the user can put any column back in or leave any column out, for drift and features separately.
 */

export type ColumnChoice = 'include' | 'exclude';

/** The user's overrides on the default, per column; a column not named follows the default. */
export type ColumnChoices = Record<string, ColumnChoice>;

/** Why a column is left out: by default (a date or an identifier), or by the user. */
export type Exclusion = 'datetime' | 'id-like' | 'user';

/** What the rule needs of a column: its type and whether the reference's values look like identifiers. */
export interface ColumnFacts {
  name: string;
  type: string;
  /** Unique on at least 95% of the reference's non-missing rows (the quality report's `idLike`). */
  idLike: boolean;
}

export interface DefaultLeftOut {
  reason: 'datetime' | 'id-like';
  text: string;
}

/** Why the default leaves a column out, or null when it is used. */
export function defaultLeftOut(column: ColumnFacts): DefaultLeftOut | null {
  if (column.type === 'datetime') return { reason: 'datetime', text: 'a date or time: every batch brings new values' };
  if (column.idLike) return { reason: 'id-like', text: 'id-like: a different value in (almost) every row' };
  return null;
}

/** How a column is used for one purpose (drift or features), and why, in words. */
export interface ColumnUse {
  used: boolean;
  /** Why it is left out; null when it is used. */
  excluded: Exclusion | null;
  /** The user's choice decides, not the default. */
  chosen: boolean;
  text: string;
}

export function columnUse(column: ColumnFacts, choice: ColumnChoice | undefined): ColumnUse {
  const left = defaultLeftOut(column);
  if (choice === 'exclude') return { used: false, excluded: 'user', chosen: true, text: left ? `left out by you (and by default: ${left.text})` : 'left out by you' };
  if (choice === 'include') return { used: true, excluded: null, chosen: true, text: left ? `put back in by you (left out by default: ${left.text})` : 'put in by you' };
  if (left) return { used: false, excluded: left.reason, chosen: false, text: `left out by default: ${left.text}` };
  return { used: true, excluded: null, chosen: false, text: 'used by default' };
}

/** The columns drift or training leaves out, by name, with why. */
export function exclusions(columns: readonly ColumnFacts[], choices: ColumnChoices): Map<string, ColumnUse> {
  return new Map(columns.map((c) => [c.name, columnUse(c, choices[c.name])] as const).filter(([, use]) => !use.used));
}

/** The default feature columns: every column but the target, less those left out, plus those put back in. */
export function defaultFeatures(columns: readonly ColumnFacts[], target: string, choices: ColumnChoices): string[] {
  return columns.filter((c) => c.name !== target && columnUse(c, choices[c.name]).used).map((c) => c.name);
}

/** Choices (null: back to the default) naming columns that do not exist, or an unknown choice, in words; empty when they can be stored. */
export function choicesProblems(choices: Record<string, ColumnChoice | null>, columnNames: readonly string[], purpose: 'drift' | 'features'): string[] {
  const known = new Set(columnNames);
  const problems: string[] = [];
  const unknown = Object.keys(choices).filter((name) => !known.has(name));
  if (unknown.length > 0) problems.push(`${purpose}: no column ${unknown.map((n) => `"${n}"`).join(', ')}; the columns are ${columnNames.join(', ')}`);
  for (const [name, choice] of Object.entries(choices)) {
    if (choice !== null && choice !== 'include' && choice !== 'exclude') problems.push(`${purpose}: column "${name}" can be included or excluded, not "${String(choice)}"`);
  }
  return problems;
}

/** The choices after one change: a choice per column, or null to return the column to its default. */
export function applyChoices(current: ColumnChoices, change: Record<string, ColumnChoice | null>): ColumnChoices {
  const next = { ...current };
  for (const [name, choice] of Object.entries(change)) {
    if (choice) next[name] = choice;
    else delete next[name];
  }
  return next;
}
