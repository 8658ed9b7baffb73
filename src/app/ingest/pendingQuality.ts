import type { Column } from '../../core/columns.ts';
import { finishColumn } from '../../core/csv/columnBuilder.ts';
import { profileColumn, type ColumnQuality, type NumericSummary } from '../../core/quality.ts';
import type { ColumnType } from '../../core/schema.ts';
import { outOfRange } from '../../core/validation.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { pendingColumnChunks } from '../../storage/queries/pendingColumns.ts';

/** One column of a batch being written, and what its report needs: plain data, so it crosses to a worker. */
export interface PendingColumn {
  batchId: string;
  index: number;
  name: string;
  /** Its dictionary when stored as text; null when stored as numbers. */
  dictionary: string[] | null;
  /** This file's own inference, the type it is read as, and the type the report names as inferred. */
  inferredType: ColumnType;
  type: ColumnType;
  reportedInferredType: ColumnType;
  /** The reference's range of this column, when it has one: values outside it are counted. */
  referenceRange: Pick<NumericSummary, 'min' | 'max'> | null;
}

export interface PendingColumnReport {
  quality: ColumnQuality;
  /** Values outside the reference's range; null when not counted. */
  outside: number | null;
}

/**
 * A stored column's quality report and out-of-range count, read back from its chunks: the same
 * functions on the same column as the one-pass path, holding this one column only.
 */
export async function profilePendingColumn(db: RelearnDb, c: PendingColumn): Promise<PendingColumnReport> {
  const data = await pendingColumnChunks(db, c.batchId, c.index);
  const stored: Column = c.dictionary
    ? { name: c.name, type: 'categorical', dictionary: c.dictionary, chunks: data as Int32Array[] }
    : { name: c.name, type: 'numeric', chunks: data as Float64Array[] };
  const built = finishColumn(stored, c.inferredType, c.type);
  const quality = profileColumn({ ...built, inferredType: c.reportedInferredType });
  const outside = c.referenceRange && built.column.type === 'numeric' ? outOfRange(built.column, c.referenceRange.min, c.referenceRange.max) : null;
  return { quality, outside };
}
