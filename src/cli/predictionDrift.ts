import type { CsvTable } from '../core/csv/readCsv.ts';
import type { ColumnDrift } from '../core/drift/columnDrift.ts';
import { predictionDrift, predictionProfile } from '../core/drift/predictionDrift.ts';
import type { DriftSettings } from '../core/drift/settings.ts';
import { retypeColumn } from '../core/retype.ts';
import type { ModelCard } from '../core/training/modelCard.ts';
import { buildTable } from '../core/training/table.ts';
import { checkColumns, openModel, outputsFor, type LoadedModel } from './score.ts';

/** A file read for drift, with the path it was read from. */
export interface ReadBatch {
  file: string;
  csv: CsvTable;
}

/** The model's predictions on every row of a file: its feature columns read as the model reads them. */
async function profileOf(loaded: LoadedModel, batch: ReadBatch) {
  const { card } = loaded;
  checkColumns(batch.csv, card, batch.file, false);
  const byName = new Map(batch.csv.columns.map((b) => [b.column.name, b.column]));
  // Drift reads the files by inference and the reference's types; the model reads each feature as it was trained.
  const columns = card.preprocessing.features.map((f) => retypeColumn(byName.get(f.name)!, f.kind).column);
  const table = buildTable([{ id: batch.csv.sha256, name: batch.file, columns }], columns.map((c) => c.name));
  return predictionProfile(card, await outputsFor(loaded, table, batch.file), table.rows);
}

/**
 * `relearn drift --model DIR`: the model's predictions on the current file against those on the reference
 * (docs/statistics.md, prediction drift). Bad input (no model, a file missing a feature) is a FileError.
 */
export async function modelPredictionDrift(dir: string, reference: ReadBatch, current: ReadBatch, settings: DriftSettings): Promise<{ drift: ColumnDrift; card: ModelCard }> {
  const loaded = await openModel(dir);
  try {
    return { drift: predictionDrift(await profileOf(loaded, reference), await profileOf(loaded, current), settings), card: loaded.card };
  } finally {
    loaded.model.dispose();
  }
}
