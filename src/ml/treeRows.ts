import { rowWeights } from '../core/training/classWeights.ts';
import type { HyperParameters } from '../core/training/config.ts';
import { transform, type Preprocessing } from '../core/training/preprocess.ts';
import type { Series, Table } from '../core/training/table.ts';
import { TrainingInputError, type Target } from '../core/training/task.ts';
import type { ColumnBlock } from '../core/trees/binning.ts';
import type { ColumnTreeData, TreeData } from '../core/trees/fit.ts';

/** The rows as trees fit them: inputs with NaN kept, the class index or the target's own value, class weights. */
export function treeData(x: Float32Array, inputs: number, target: Target, rows: Uint32Array, classWeights: readonly number[] | null): TreeData {
  const y = Float64Array.from(rows, (row) => target.labels[row]!);
  return { rows: rows.length, inputs, x, y, ...(classWeights ? { w: rowWeights(classWeights, y) } : {}) };
}

/** A tree cannot split fewer than twice min_samples_leaf rows: refuse rather than fit trees that are one leaf. */
export function checkLeafRows(params: HyperParameters, trainRows: number): void {
  const perLeaf = params.minSamplesLeaf ?? 1;
  if (trainRows < 2 * perLeaf) {
    throw new TrainingInputError(`too few rows for min_samples_leaf: ${trainRows} training rows cannot be split into two leaves of at least ${perLeaf} rows each; lower the rows per leaf to at most ${Math.floor(trainRows / 2)}, or add batches`);
  }
}

/** Where the training rows' columns come from: one stored column over every row, read when asked. */
export interface ColumnSource {
  rows: number;
  batches: Table['batches'];
  column(name: string): Promise<Series>;
}

/**
 * Training rows for trees that are never one float matrix: each binning pass reads one stored column
 * at a time, transforms its training rows with that feature's fitted preprocessing (`perFeature`, one
 * feature each, in input order) and hands them over as a block of the inputs that feature makes.
 */
export function storedTreeRows(source: ColumnSource, perFeature: readonly Preprocessing[], width: number, target: Target, rows: Uint32Array, classWeights: readonly number[] | null): ColumnTreeData {
  const y = Float64Array.from(rows, (row) => target.labels[row]!);
  return {
    rows: rows.length,
    inputs: width,
    y,
    ...(classWeights ? { w: rowWeights(classWeights, y) } : {}),
    async *columns(): AsyncIterable<ColumnBlock> {
      let offset = 0;
      for (const one of perFeature) {
        const name = one.features[0]!.name;
        const table: Table = { rows: source.rows, columns: new Map([[name, await source.column(name)]]), batches: source.batches };
        yield { offset, width: one.width, values: transform(one, table, rows) };
        offset += one.width;
      }
    },
  };
}
