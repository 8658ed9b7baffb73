import type { BatchMeta } from '../core/batch.ts';
import type { ColumnDrift } from '../core/drift/columnDrift.ts';
import type { Overlay } from '../core/drift/overlay.ts';
import type { CategoricalSummary, ColumnQuality, NumericSummary } from '../core/quality.ts';
import type { DriftReportRecord } from './db.ts';

/**
 * The fields of a batch and of a drift report that only the view of one batch shows, kept in tables of their
 * own (database version 5). A batch's quality report holds every category with its count and a histogram per
 * column (tens of kB for a date column); a drift report's overlays hold both sides' bins per column. Lists of
 * hundreds of batches read neither, so the page's thread does not clone megabytes it never draws.
 */

/** A column's quality without its histogram and category counts: what lists and forms read. */
export type LightQuality = Omit<ColumnQuality, 'numeric' | 'categorical'> & { numeric?: Omit<NumericSummary, 'histogram'> };

/** A batch as the `batches` table holds it: its quality report without the heavy parts. */
export type BatchSummary = Omit<BatchMeta, 'quality'> & { quality: LightQuality[] };

/** The heavy parts of a batch's quality report, one entry per column in column order, null where it has none (`batchQuality` table). */
export interface BatchQualityRecord {
  batchId: string;
  histograms: (NumericSummary['histogram'] | null)[];
  categories: (CategoricalSummary | null)[];
}

/** Whether a quality report still holds its heavy parts (a batch stored before database version 5). */
export const hasHeavyQuality = (quality: readonly LightQuality[]): boolean =>
  quality.some((q) => (q as ColumnQuality).categorical !== undefined || (q as ColumnQuality).numeric?.histogram !== undefined);

function lightQuality(q: ColumnQuality): LightQuality {
  const light: LightQuality & Partial<Pick<ColumnQuality, 'categorical'>> = { ...q };
  delete light.categorical;
  if (q.numeric) {
    const numeric: Partial<NumericSummary> = { ...q.numeric };
    delete numeric.histogram;
    light.numeric = numeric as LightQuality['numeric'];
  }
  return light;
}

export function splitBatch(meta: BatchMeta): { summary: BatchSummary; quality: BatchQualityRecord } {
  const quality: BatchQualityRecord = {
    batchId: meta.id,
    histograms: meta.quality.map((q) => q.numeric?.histogram ?? null),
    categories: meta.quality.map((q) => q.categorical ?? null),
  };
  return { summary: { ...meta, quality: meta.quality.map(lightQuality) }, quality };
}

/**
 * The whole batch again. Without a quality record (a histogram never made) a numeric column reads with an
 * empty histogram; a record stored before the split is returned as it is.
 */
export function joinBatch(summary: BatchSummary, heavy: BatchQualityRecord | undefined): BatchMeta {
  if (hasHeavyQuality(summary.quality)) return summary as BatchMeta;
  const quality = summary.quality.map((light, i): ColumnQuality => {
    const categorical = heavy?.categories[i];
    const { numeric, ...rest } = light;
    const column: ColumnQuality = categorical ? { ...rest, categorical } : rest;
    if (numeric) column.numeric = { ...numeric, histogram: heavy?.histograms[i] ?? { edges: [], counts: [] } };
    return column;
  });
  return { ...summary, quality };
}

/**
 * The drawn distributions of a drift report (`driftOverlays` table): one per column of `report.columns`, in
 * its order, null where the column has none; and the target's. `key` is the report's: a report checked again
 * replaces both records together, and an overlay of another key is never drawn over a report.
 */
export interface DriftOverlaysRecord {
  batchId: string;
  key: string;
  columns: (Overlay | null)[];
  labelDrift: Overlay | null;
}

const withoutDistribution = (column: ColumnDrift): ColumnDrift => {
  const light = { ...column };
  delete light.distribution;
  return light;
};

export function splitDriftReport(record: DriftReportRecord): { report: DriftReportRecord; overlays: DriftOverlaysRecord } {
  const { report } = record;
  const overlays: DriftOverlaysRecord = {
    batchId: record.batchId,
    key: record.key,
    columns: report.columns.map((c) => c.distribution ?? null),
    labelDrift: report.labelDrift?.distribution ?? null,
  };
  const light = { ...report, columns: report.columns.map(withoutDistribution), labelDrift: report.labelDrift && withoutDistribution(report.labelDrift) };
  return { report: { ...record, report: light }, overlays };
}

const drawn = (column: ColumnDrift, overlay: Overlay | null | undefined): ColumnDrift => (overlay ? { ...column, distribution: overlay } : column);

/** The report with its distributions, when `overlays` belongs to it (same key); otherwise as it is. */
export function joinDriftReport(record: DriftReportRecord, overlays: DriftOverlaysRecord | undefined): DriftReportRecord {
  if (!overlays || overlays.key !== record.key) return record;
  const { report } = record;
  const columns = report.columns.map((c, i) => drawn(c, overlays.columns[i]));
  return { ...record, report: { ...report, columns, labelDrift: report.labelDrift && drawn(report.labelDrift, overlays.labelDrift) } };
}
