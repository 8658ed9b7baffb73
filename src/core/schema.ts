import type { Column } from './columns.ts';
import type { ColumnChoices } from './columnChoices.ts';

/** Column typing of docs/statistics.md, shared by validation, drift and training. */
export type ColumnType = 'numeric' | 'categorical' | 'datetime';

export const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'datetime'];

/** How a column of a type is held in memory: a datetime column keeps its text (see src/core/datetime.ts). */
export const storageType = (type: ColumnType): Column['type'] => (type === 'numeric' ? 'numeric' : 'categorical');

/** What a reader saw in a column, enough to type it without keeping its text. */
export interface ColumnEvidence {
  nonMissing: number;
  /** Every non-missing cell parsed as a finite number. */
  allNumeric: boolean;
  /** Every parsed value is an integer. */
  allInteger: boolean;
  /** Distinct parsed values, counted up to 6 (the rule only asks "more than 5"). */
  distinctNumbers: number;
  /** Every non-missing cell is a datetime (src/core/datetime.ts). */
  allDatetime: boolean;
}

export const CATEGORICAL_INTEGER_MAX_DISTINCT = 5;

/**
 * datetime: every non-missing value is a date or date-time. numeric: every non-missing value is a
 * finite number, and more than 5 distinct values or not all integers. Everything else (text, booleans,
 * integer codes with <= 5 values, all-missing) is categorical.
 */
export function inferColumnType(evidence: ColumnEvidence): ColumnType {
  if (evidence.nonMissing === 0) return 'categorical';
  if (evidence.allDatetime) return 'datetime';
  if (!evidence.allNumeric) return 'categorical';
  if (evidence.distinctNumbers > CATEGORICAL_INTEGER_MAX_DISTINCT || !evidence.allInteger) return 'numeric';
  return 'categorical';
}

export interface ColumnSchema {
  name: string;
  /**
   * What inference says for the workspace: the reference batch's inferred type (types are fixed by the
   * reference); the batch's own inference only for a column the reference lacks.
   */
  inferredType: ColumnType;
  /** What is used: the user's override when there is one, else the inferred type. */
  type: ColumnType;
}

/** The user's choices, kept with the workspace and applied to every later batch. */
export interface SchemaChoices {
  target: string | null;
  typeOverrides: Record<string, ColumnType>;
  /** Overrides on which columns count in the dataset drift share (columnChoices.ts); absent in older records: {}. */
  drift: ColumnChoices;
  /** Overrides on which columns are model features by default; absent in older records: {}. */
  features: ColumnChoices;
}

export const emptySchemaChoices = (): SchemaChoices => ({ target: null, typeOverrides: {}, drift: {}, features: {} });

/**
 * The type every batch reads a column with: the user's override, else the reference's inferred type,
 * else (a column the reference lacks) the batch's own inference.
 */
export function effectiveType(name: string, own: ColumnType, referenceInferred: ReadonlyMap<string, ColumnType>, overrides: Record<string, ColumnType>): { inferredType: ColumnType; type: ColumnType } {
  const inferredType = referenceInferred.get(name) ?? own;
  return { inferredType, type: overrides[name] ?? inferredType };
}
