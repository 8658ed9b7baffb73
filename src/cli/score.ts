import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CsvTable } from '../core/csv/readCsv.ts';
import type { ColumnType } from '../core/schema.ts';
import type { HeadlineMetrics, ModelCard } from '../core/training/modelCard.ts';
import { predictionHeader, predictionsCsvParts } from '../core/training/predictions.ts';
import { targetLabels } from '../core/training/labels.ts';
import { buildTable, type Table } from '../core/training/table.ts';
import { TrainingInputError } from '../core/training/task.ts';
import { coercionWarnings, FileError, metricLines, namedClasses, quoted, readCsvFile, reportInputError } from './inputs.ts';
import { readModelDir } from './modelDir.ts';
import { writeFileAtomically } from './outputFile.ts';
import { nodeMl, type NodeMl } from './tfNode.ts';
import type { Scorer } from '../ml/scorer.ts';
import { imbalanceOf, type ImbalanceWarning } from '../core/training/imbalance.ts';
import { countText, trainedOnRows, trainedOnWarning } from './trainedOn.ts';

export interface ScoreOptions {
  model: string;
  data: string;
  /** predict only: the CSV file to write. */
  out: string | null;
  json: boolean;
}

/** What `relearn evaluate --json` prints. */
export interface EvaluateJson {
  /** Rows scored: those whose target is present (and, for a classifier, a class the model knows). */
  rows: number;
  metrics: HeadlineMetrics;
  /** Of the scored rows, how many the model trained on (the file is one of its training batches); null: unknown, its card records none. */
  trainedOnRows: number | null;
  /** The class-imbalance warning on the scored rows (docs/statistics.md); null when none, or for regression. */
  imbalance: ImbalanceWarning | null;
}

const OPTIONS = {
  model: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The options of `relearn evaluate` or `relearn predict`, or every reason they cannot be used. */
export function parseScoreArgs(command: 'evaluate' | 'predict', args: string[]): { options: ScoreOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.model) problems.push(`${command} needs --model DIR`);
  if (!values.data) problems.push(`${command} needs --data FILE`);
  if (command === 'predict' && !values.out) problems.push('predict needs --out FILE');
  if (command === 'evaluate' && values.out !== undefined) problems.push('evaluate writes no file: --out belongs to predict');
  if (command === 'predict' && values.out && values.data && path.resolve(values.out) === path.resolve(values.data)) {
    problems.push('--out must differ from --data: predict does not overwrite its input');
  }
  if (problems.length > 0 || !values.model || !values.data) return { problems };
  return { options: { model: values.model, data: values.data, out: values.out ?? null, json: values.json } };
}

export interface LoadedModel {
  ml: NodeMl;
  card: ModelCard;
  model: Scorer;
}

/** Opens a model directory: TensorFlow.js on wasm, the card checked, the network or the trees loaded. */
export async function openModel(dir: string): Promise<LoadedModel> {
  const ml = await nodeMl();
  const { modelJson, weights, jsonFile } = readModelDir(dir);
  let record;
  try {
    record = ml.parseModelFiles(modelJson, weights);
  } catch (error) {
    throw new FileError(jsonFile, error instanceof Error ? error.message : String(error));
  }
  try {
    return { ml, card: record.card, model: await ml.loadScorer(record) };
  } catch (error) {
    throw new FileError(jsonFile, `this model cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The column types the model was trained on, so a file's cells are read the way training read them. */
export function modelTypes(card: ModelCard, withTarget: boolean): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = Object.fromEntries(card.preprocessing.features.map((f) => [f.name, f.kind]));
  if (withTarget) types[card.target] = card.task === 'regression' ? 'numeric' : 'categorical';
  return types;
}

/** Every feature the model needs must be a column (and the target too, to evaluate); else one message naming them. */
export function checkColumns(csv: CsvTable, card: ModelCard, file: string, needTarget: boolean): void {
  const names = new Set(csv.columns.map((b) => b.column.name));
  const features = card.preprocessing.features.map((f) => f.name).filter((n) => !names.has(n));
  const target = needTarget && !names.has(card.target);
  if (features.length === 0 && !target) return;
  const parts = [
    ...(features.length > 0 ? [`the feature column${features.length === 1 ? '' : 's'} ${quoted(features)}, which the model needs`] : []),
    ...(target ? [`the target column "${card.target}", which the predictions are scored against`] : []),
  ];
  throw new FileError(file, `lacks ${parts.join(', and ')}`);
}

/** The model's outputs for every row of the file, or a FileError saying why the file does not fit the model. */
export async function outputsFor(loaded: LoadedModel, table: Table, file: string): Promise<Float32Array> {
  try {
    return (await loaded.ml.predictTable(loaded.model, loaded.card, table)).outputs;
  } catch (error) {
    if (error instanceof TrainingInputError) throw new FileError(file, error.message);
    throw error;
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Scores the rows of a file whose target is known; exit status 0, or 1 on bad input. */
export async function runEvaluate(options: ScoreOptions): Promise<number> {
  let loaded: LoadedModel | null = null;
  try {
    loaded = await openModel(options.model);
    const { card } = loaded;
    const csv = await readCsvFile(options.data, modelTypes(card, true));
    checkColumns(csv, card, options.data, true);
    const names = card.preprocessing.features.map((f) => f.name);
    const table = buildTable([{ id: csv.sha256, name: options.data, columns: csv.columns.map((b) => b.column) }], [...new Set([...names, card.target])]);
    const { labels, missing, unseen } = targetLabels(card, table.columns.get(card.target)!, table.rows);
    const scored = Uint32Array.from(labels.keys()).filter((row) => labels[row] === labels[row]);
    const warnings = coercionWarnings(csv, options.data);
    if (missing > 0) warnings.push(`${plural(missing, 'row')} of ${options.data} ${missing === 1 ? 'has' : 'have'} no value in "${card.target}" and ${missing === 1 ? 'was' : 'were'} not scored`);
    if (unseen.size > 0) {
      const count = [...unseen.values()].reduce((a, b) => a + b, 0);
      const names = [...unseen.keys()].slice(0, 5).map((c) => `"${c}"`).join(', ') + (unseen.size > 5 ? ` and ${unseen.size - 5} more` : '');
      warnings.push(`${plural(count, 'row')} of ${options.data} ${count === 1 ? 'has' : 'have'} a class the model never saw (${names}) and ${count === 1 ? 'was' : 'were'} not scored`);
    }
    if (scored.length === 0) throw new FileError(options.data, `no row has a value in "${card.target}" that the model can be scored against`);
    const outputs = await outputsFor(loaded, table, options.data);
    const k = card.task === 'multiclass' ? card.classes!.length : 1;
    const picked = new Float32Array(scored.length * k);
    scored.forEach((row, i) => picked.set(outputs.subarray(row * k, row * k + k), i * k));
    let report;
    try {
      report = loaded.ml.scoreOutputs(card, picked, Float64Array.from(scored, (row) => labels[row]!));
    } catch (error) {
      if (error instanceof RangeError) throw new FileError(options.data, `the model's predictions cannot be scored: ${error.message}`);
      throw error;
    }
    warnings.push(...report.warnings.map((w) => `metrics: ${namedClasses(w, card.classes)}`));
    const trainedOn = trainedOnRows(card, csv.sha256, scored.length);
    const flattered = trainedOnWarning('the model', trainedOn, scored.length, options.data);
    if (flattered) warnings.push(flattered);
    const imbalance = imbalanceOf(report.metrics, card.classes, `the rows of ${options.data}`);
    if (imbalance) warnings.push(`class imbalance: ${imbalance.message}`);
    const json: EvaluateJson = { rows: scored.length, metrics: report.metrics, trainedOnRows: trainedOn, imbalance };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    } else {
      process.stdout.write(
        [
          `model: ${options.model} (${card.task} on "${card.target}", ${card.params.family})`,
          `data: ${options.data} (${plural(csv.rows, 'row')}, ${plural(scored.length, 'row')} scored)`,
          `trained-on rows: ${countText(trainedOn)} of the ${scored.length} scored`,
          'metrics:',
          ...metricLines(report.metrics, card.classes),
          ...warnings.map((w) => `warning: ${w}`),
        ].join('\n') + '\n',
      );
    }
    return 0;
  } catch (error) {
    return reportInputError(error);
  } finally {
    loaded?.model.dispose();
  }
}

/** Writes the input's columns with the predictions; exit status 0, or 1 on bad input. */
export async function runPredict(options: ScoreOptions): Promise<number> {
  let loaded: LoadedModel | null = null;
  const out = options.out!;
  try {
    loaded = await openModel(options.model);
    const { card } = loaded;
    const csv = await readCsvFile(options.data, modelTypes(card, false));
    checkColumns(csv, card, options.data, false);
    const columns = csv.columns.map((b) => b.column);
    const table = buildTable([{ id: csv.sha256, name: options.data, columns }], card.preprocessing.features.map((f) => f.name));
    const outputs = await outputsFor(loaded, table, options.data);
    writeFileAtomically(out, predictionsCsvParts(columns, card, outputs), '--out takes the CSV file to write');
    const warnings = coercionWarnings(csv, options.data);
    const added = predictionHeader(card);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ rows: csv.rows, out, columns: added }, null, 2)}\n`);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    } else {
      const classes = card.classes ? `, the most probable of ${plural(card.classes.length, 'class', 'classes')} and each one's probability` : '';
      process.stdout.write([`wrote ${out}: ${plural(csv.rows, 'row')}, the input's ${plural(columns.length, 'column')} and ${added.join(', ')}`, `model: ${options.model} (${card.task} on "${card.target}"${classes})`, ...warnings.map((w) => `warning: ${w}`)].join('\n') + '\n');
    }
    return 0;
  } catch (error) {
    return reportInputError(error);
  } finally {
    loaded?.model.dispose();
  }
}
