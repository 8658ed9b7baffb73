import type { BatchId } from './ids.ts';
import type { ColumnQuality } from './quality.ts';
import type { ColumnSchema } from './schema.ts';
import type { ValidationResult } from './validation.ts';

/** Bumped when the stored shape of a batch changes; readers refuse newer versions. */
export const BATCH_FORMAT_VERSION = 1;

/** One uploaded CSV file. Its data (columns) is stored apart; this record never changes its content. */
export interface BatchMeta {
  formatVersion: number;
  id: BatchId;
  name: string;
  /** Milliseconds since the epoch. */
  arrivedAt: number;
  bytes: number;
  rows: number;
  delimiter: string;
  encoding: string;
  bom: boolean;
  columns: ColumnSchema[];
  quality: ColumnQuality[];
  /** Against the reference batch; null for the reference itself. */
  validation: ValidationResult | null;
}

export function assertBatchFormat(meta: { formatVersion?: number; name?: string }): void {
  if (meta.formatVersion !== BATCH_FORMAT_VERSION) {
    throw new Error(
      `batch "${meta.name ?? '?'}" has format version ${meta.formatVersion ?? 'none'}; this build reads version ${BATCH_FORMAT_VERSION}`,
    );
  }
}

/** Each column's name and type: what a drift report or a version's score on the batch was made under. */
export const columnTypes = (batch: Pick<BatchMeta, 'columns'>): [string, string][] => batch.columns.map((c) => [c.name, c.type]);
