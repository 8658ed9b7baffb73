import type { ColumnChoices } from '../core/columnChoices.ts';
import { quoted } from './inputs.ts';

/** A comma-separated list of column names (--features, --include, --exclude); empty names and repeats are refused. */
export function namesOption(flag: string, text: string | undefined, problems: string[]): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) problems.push(`${flag} takes column names separated by commas, not "${text}"`);
  const twice = names.filter((n, i) => n !== '' && names.indexOf(n) !== i);
  if (twice.length > 0) problems.push(`${flag} names ${quoted([...new Set(twice)])} more than once`);
  return names.filter((n) => n !== '');
}

/** --include and --exclude as choices on the default; a column in both is refused. */
export function flagChoices(include: string[] | undefined, exclude: string[] | undefined, problems: string[]): ColumnChoices {
  const both = (include ?? []).filter((n) => exclude?.includes(n));
  if (both.length > 0) problems.push(`${quoted(both)} cannot be both in --include and in --exclude`);
  return { ...Object.fromEntries((include ?? []).map((n) => [n, 'include'])), ...Object.fromEntries((exclude ?? []).map((n) => [n, 'exclude'])) };
}

/** The first flag that names a column the file does not have, with those names; null when all are known. */
export function unknownColumns(flags: Record<string, readonly string[] | null | undefined>, columns: readonly string[]): { flag: string; names: string[] } | null {
  for (const [flag, names] of Object.entries(flags)) {
    const unknown = (names ?? []).filter((n) => !columns.includes(n));
    if (unknown.length > 0) return { flag, names: unknown };
  }
  return null;
}
