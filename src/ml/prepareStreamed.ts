import { messages } from '../core/problems.ts';
import { balancedClassWeights } from '../core/training/classWeights.ts';
import { CLASS_WEIGHT_REGRESSION, isTreeFamily, trainConfigProblems, type TrainConfig } from '../core/training/config.ts';
import { preparedCard } from '../core/training/modelCard.ts';
import { featureWidth, fitPreprocessing, transform, type Feature, type Preprocessing } from '../core/training/preprocess.ts';
import type { Random } from '../core/training/random.ts';
import { batchPlaces, splitRows } from '../core/training/split.ts';
import { epochWindows, rowsByChunk, type RowChunk } from '../core/training/streamOrder.ts';
import type { Series, Table } from '../core/training/table.ts';
import { analyseTarget, MIN_TRAINING_ROWS, TrainingInputError } from '../core/training/task.ts';
import { matricesFor, targetScale } from './matrices.ts';
import type { Matrices, StreamedMatrices } from './trainLoop.ts';
import { clearEpochMeasures, EPOCH_MEASURES, measureSince } from './epochMeasures.ts';
import { gatherWindow, splitColumn, splitRoles, tableOf } from './streamedColumns.ts';
import type { Prepared } from './trainModel.ts';
import { checkLeafRows, storedTreeRows, treeData } from './treeRows.ts';

/** Stored chunks read together in a streamed epoch: their training rows are shuffled together. */
export const SHUFFLE_BUFFER_CHUNKS = 4;
/** Reads of a streamed epoch asked for before they are trained on, beyond the one training. */
const READ_AHEAD = 2;

/**
 * Batches too large to hold as one table, read from storage as training needs them: a whole column at
 * a time (one column of every row fits where the table does not), or a few stored chunks of every column.
 */
export interface ChunkedTable {
  rows: number;
  batches: Table['batches'];
  /** Every stored chunk of the batches, in table order: the units read together. */
  chunks: RowChunk[];
  /** One column over every row, the batches appended in order. */
  column(name: string): Promise<Series>;
  /**
   * The named columns of the given chunks (indices into `chunks`): one table per chunk, in the order asked,
   * each holding that chunk's stored arrays as read (nothing copied into a table of every chunk).
   */
  read(indices: readonly number[], names: readonly string[]): Promise<Table[]>;
  /**
   * Where there is one, a streamed epoch's reads are made here instead of on the training thread: the
   * given chunks read, their rows gathered in the order given and put through the preprocessing, as
   * `inputsHere` makes them (a reader worker: chunkedTable.ts).
   */
  inputs?: ReadInputs;
}

/** The network inputs of a streamed read: the given chunks' rows (table rows, in the order to train on) through the preprocessing. */
export type ReadInputs = (chunks: readonly number[], rows: Uint32Array, preprocessing: Preprocessing) => Promise<Float32Array>;

/** A streamed read's network inputs made on this thread: the chunks read, then gathered and transformed. */
export function inputsHere(source: Pick<ChunkedTable, 'chunks' | 'read'>): ReadInputs {
  return async (indices, rows, preprocessing) => {
    const started = performance.now();
    const tables = await source.read(indices, preprocessing.features.map((f) => f.name));
    measureSince(EPOCH_MEASURES.read, started);
    const gathering = performance.now();
    const gathered = gatherWindow(preprocessing, tables, indices.map((c) => source.chunks[c]!), rows);
    measureSince(EPOCH_MEASURES.gather, gathering);
    const transforming = performance.now();
    const x = transform(preprocessing, gathered);
    measureSince(EPOCH_MEASURES.transform, transforming);
    return x;
  };
}

export const isChunked = (table: Table | ChunkedTable): table is ChunkedTable => 'read' in table;

/** Writes a one-feature transform into its columns of a wider row-major matrix. */
function place(part: Float32Array, partWidth: number, into: Float32Array, width: number, offset: number): void {
  const rows = part.length / Math.max(1, partWidth);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < partWidth; j++) into[r * width + offset + j] = part[r * partWidth + j]!;
  }
}

/**
 * What `prepare` makes of a table, for batches too large to hold whole: the target read whole, the same
 * seeded split, the preprocessing fitted on the training rows a feature at a time, each feature's column
 * read a few stored chunks at a time into its training, validation and holdout rows (streamedColumns.ts;
 * the same numbers as on the whole table), the validation and holdout rows held as matrices. A network's training rows are read
 * `SHUFFLE_BUFFER_CHUNKS` chunks at a time each epoch (streamOrder.ts says how that order differs from a
 * full shuffle); a tree family's are read a column at a time when binned (treeRows.ts), so only their bin
 * codes are ever held. `onColumn` hears of each feature column read and fitted: at 5,000,000 rows a batch
 * this takes a while, which the page shows as it goes.
 */
export async function prepareStreamed(source: ChunkedTable, config: TrainConfig, onColumn?: (done: number, of: number) => void): Promise<Prepared> {
  const problems = messages(trainConfigProblems(config));
  if (problems.length > 0) throw new TrainingInputError(problems.join('; '));
  if (!config.features || config.features.length === 0) throw new TrainingInputError(`there are no feature columns besides the target "${config.target}"`);
  const features = config.features;
  const target = analyseTarget(await source.column(config.target), source.rows, config.task);
  if (target.task === 'regression' && config.params.classWeight === 'balanced') throw new TrainingInputError(`"${target.name}" is a regression target; ${CLASS_WEIGHT_REGRESSION}`);
  const split = splitRows(target, config.shares, config.seed, batchPlaces(source.batches));
  if (split.train.length < MIN_TRAINING_ROWS) {
    throw new TrainingInputError(`only ${split.train.length} rows are left for training (at least ${MIN_TRAINING_ROWS} needed); add batches or lower the holdout and validation shares`);
  }
  const trees = isTreeFamily(config.params.family);
  if (trees) checkLeafRows(config.params, split.train.length);
  const fitted: Feature[] = [];
  const perFeature: Preprocessing[] = [];
  const parts: { feature: Feature; validation: Float32Array; holdout: Float32Array }[] = [];
  let head: Preprocessing | null = null;
  const roles = splitRoles(source.rows, split);
  const trainOrder = Uint32Array.from({ length: split.train.length }, (_, i) => i);
  for (const name of features) {
    // The column's training rows alone, in table order: fitted on them, it fits as on the whole column.
    const column = await splitColumn((indices, names) => source.read(indices, names), source.chunks, name, roles, split);
    // Trees learn where a missing value goes, as in `prepare`.
    const one = fitPreprocessing(tableOf(column.train, split.train.length), [name], trainOrder, config.topK, trees ? 'keep' : 'impute');
    head ??= one;
    perFeature.push(one);
    fitted.push(one.features[0]!);
    parts.push({
      feature: one.features[0]!,
      validation: transform(one, tableOf(column.validation, split.validation.length)),
      holdout: transform(one, tableOf(column.holdout, split.holdout.length)),
    });
    onColumn?.(parts.length, features.length);
  }
  const preprocessing: Preprocessing = { ...head!, features: fitted, width: fitted.reduce((w, f) => w + featureWidth(f), 0) };
  const { width } = preprocessing;
  const validationX = new Float32Array(split.validation.length * width);
  const holdoutX = new Float32Array(split.holdout.length * width);
  let offset = 0;
  // Each feature's part let go once placed: at 5M rows a batch they are as large as the matrices.
  for (let part = parts.shift(); part; part = parts.shift()) {
    const partWidth = featureWidth(part.feature);
    place(part.validation, partWidth, validationX, width, offset);
    place(part.holdout, partWidth, holdoutX, width, offset);
    offset += partWidth;
  }
  const classWeights = config.params.classWeight === 'balanced' ? balancedClassWeights(Array.from(split.train, (row) => target.labels[row]!), target.classes!.length) : null;
  const common = {
    target,
    features,
    // Calibration (label-free estimation) scores the validation rows, held here as a matrix.
    validationX,
    validationRows: split.validation,
    holdoutX,
    holdoutRows: split.holdout,
    card: preparedCard(target, preprocessing, config.seed, source.batches.map((b) => b.id), classWeights),
    counts: { train: split.train.length, validation: split.validation.length, holdout: split.holdout.length, missingTarget: target.missingRows },
  };
  if (trees) {
    const train = storedTreeRows(source, perFeature, width, target, split.train, classWeights);
    return { ...common, scale: null, data: { kind: 'trees', train, validation: treeData(validationX, width, target, split.validation, classWeights) } };
  }
  const scale = target.task === 'regression' ? targetScale(target, split.train) : null;
  const { chunks } = source;
  const byChunk = rowsByChunk(chunks, split.train);
  const validation = matricesFor(validationX, width, target, split.validation, scale, classWeights);

  const inputs = source.inputs ?? inputsHere(source);
  // This training's measures only (a train worker runs many).
  clearEpochMeasures();
  /** One read of the epoch: its chunks' columns fetched together, its training rows' matrices in the shuffled order. */
  const read = async (window: { chunks: number[]; rows: Uint32Array }): Promise<Matrices> =>
    matricesFor(await inputs(window.chunks, window.rows, preprocessing), width, target, window.rows, scale, classWeights);
  const train: StreamedMatrices = {
    rows: split.train.length,
    inputs: width,
    outputs: validation.outputs,
    async *epoch(random: Random): AsyncIterable<Matrices> {
      const windows = epochWindows(byChunk, SHUFFLE_BUFFER_CHUNKS, random);
      // The next READ_AHEAD reads are under way while this one trains: storage answers on its own thread,
      // and a reader worker (source.inputs) makes them on its own core. At most READ_AHEAD + 1 are held.
      const pending: Promise<Matrices>[] = [];
      try {
        for (let i = 0; i < windows.length; i++) {
          while (pending.length <= READ_AHEAD && i + pending.length < windows.length) pending.push(read(windows[i + pending.length]!));
          const waiting = performance.now();
          const next = await pending.shift()!;
          measureSince(EPOCH_MEASURES.wait, waiting);
          const training = performance.now();
          yield next;
          measureSince(EPOCH_MEASURES.train, training);
        }
      } finally {
        // An epoch stopped early (cancelled, failed) leaves reads no one waits for: their failures are no news.
        for (const later of pending) later.catch(() => undefined);
      }
    },
  };
  return { ...common, scale, data: { kind: 'network', train, validation } };
}
