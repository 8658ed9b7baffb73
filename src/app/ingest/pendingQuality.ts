import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { finishColumn, type BuiltColumn } from '../../core/csv/columnBuilder.ts';
import { profileColumn, type ColumnQuality, type NumericSummary } from '../../core/quality.ts';
import type { ColumnType } from '../../core/schema.ts';
import { outOfRange } from '../../core/validation.ts';
import { writePendingChunks } from '../../storage/commands/pendingBatches.ts';
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
 * One column of a file read whole: stored as read, as a pending batch's chunks, while its report is made
 * from the column as the read finished it (read as `type`), so that nothing is retyped twice.
 */
export interface HeldColumn extends Omit<PendingColumn, 'dictionary'>, Pick<BuiltColumn, 'stored' | 'column' | 'coercedToMissing'> {
  /** The file's name, for the storage-full message. */
  file: string;
}

/** A held column's report, and its chunks' write, which may still be under way. */
export interface HeldColumnStore {
  report: PendingColumnReport;
  written: Promise<void>;
}

/** The reference's range of each numeric column, by name: values outside it are counted (validation). */
export function referenceRanges(reference: BatchMeta | undefined): Map<string, Pick<NumericSummary, 'min' | 'max'>> {
  return new Map((reference?.quality ?? []).flatMap((q) => (q.numeric ? [[q.name, { min: q.numeric.min, max: q.numeric.max }] as const] : [])));
}

/** The counts of values outside the reference's ranges, by column name, where they were counted. */
export function outsideByName(columns: readonly Pick<PendingColumn, 'name'>[], reports: readonly PendingColumnReport[]): Map<string, number> {
  return new Map(reports.flatMap((r, j) => (r.outside === null ? [] : [[columns[j]!.name, r.outside] as const])));
}

/**
 * A held column's chunks written under its batch (with no batch record yet: commands/pendingBatches.ts),
 * its report and out-of-range count made while the browser stores them: the same functions on the same
 * column as profilePendingColumn, without reading the chunks back. Answers once the report is made; the
 * write is `written`, so that the next column can be begun while the browser is still storing this one.
 */
export async function beginHeldColumn(db: RelearnDb, c: HeldColumn): Promise<HeldColumnStore> {
  const written = writePendingChunks(db, c.file, c.stored.chunks.map((data, chunk) => ({ batchId: c.batchId, column: c.index, chunk, data })));
  // Its failure is taken where it is awaited.
  written.catch(() => undefined);
  // The write goes on after this turn (its bytes staged in a file, then the transaction's body): the
  // browser then stores them while the report is made here.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { report: profileBuilt(c, c), written };
}

/** beginHeldColumn, answered once the column is stored too (the helper worker's call). */
export async function storeHeldColumn(db: RelearnDb, c: HeldColumn): Promise<PendingColumnReport> {
  const { report, written } = await beginHeldColumn(db, c);
  await written;
  return report;
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
  return profileBuilt(c, finishColumn(stored, c.inferredType, c.type));
}

function profileBuilt(c: Pick<PendingColumn, 'reportedInferredType' | 'referenceRange'>, built: Pick<BuiltColumn, 'column' | 'type' | 'coercedToMissing'>): PendingColumnReport {
  const quality = profileColumn({ column: built.column, type: built.type, inferredType: c.reportedInferredType, coercedToMissing: built.coercedToMissing });
  const outside = c.referenceRange && built.column.type === 'numeric' ? outOfRange(built.column, c.referenceRange.min, c.referenceRange.max) : null;
  return { quality, outside };
}
