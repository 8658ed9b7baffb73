import { parseArgs } from 'node:util';
import type { CsvTable } from '../core/csv/readCsv.ts';
import { calibrationFromOutputs, estimateFromOutputs, EstimationError, regressionRefusal, type Calibration, type PerformanceEstimate } from '../core/estimation/index.ts';
import { metricValue, type MetricKey } from '../core/metrics/metricKey.ts';
import { targetLabels } from '../core/training/labels.ts';
import { buildTable } from '../core/training/table.ts';
import { coercionWarnings, FileError, metricName, num, readCsvFile, reportInputError } from './inputs.ts';
import { readModelDir } from './modelDir.ts';
import { checkColumns, modelTypes, openModel, outputsFor, type LoadedModel } from './score.ts';

export interface EstimateOptions {
  model: string;
  data: string;
  /** Labelled rows to calibrate on when the model directory carries no calibration. */
  calibrateOn: string | null;
  json: boolean;
}

/** What `relearn estimate --json` prints. */
export interface EstimateJson {
  rows: number;
  /** Metric key → estimate (the task's primary metric first); binary: of the positive class, multiclass: macro. */
  estimated: PerformanceEstimate['estimated'];
  /** Metric key → [low, high]: the estimate ± 3 sampling errors (NannyML's band), within [0, 1]. */
  interval: PerformanceEstimate['interval'];
  /** The same metrics on the rows of FILE that have a label; null when FILE has no target column or no labelled row. */
  realised: Partial<Record<MetricKey, number | null>> | null;
  /** Rows the realised metrics were computed on (those with a known class); 0 when realised is null. */
  realisedRows: number;
  positiveClass: string | null;
  /** Which labelled rows the calibration was fitted on, and how many. */
  calibration: { fittedOn: string; rows: number };
}

const OPTIONS = {
  model: { type: 'string' },
  data: { type: 'string' },
  'calibrate-on': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export function parseEstimateArgs(args: string[]): { options: EstimateOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.model) problems.push('estimate needs --model DIR');
  if (!values.data) problems.push('estimate needs --data FILE');
  if (problems.length > 0 || !values.model || !values.data) return { problems };
  return { options: { model: values.model, data: values.data, calibrateOn: values['calibrate-on'] ?? null, json: values.json } };
}

/** The model's outputs on every row of a file, and on its rows with a known class with their labels. */
async function scoreFile(loaded: LoadedModel, file: string, csv: CsvTable): Promise<{ outputs: Float32Array; labelled: { outputs: Float32Array; labels: Float64Array } | null }> {
  const { card } = loaded;
  const hasTarget = csv.columns.some((b) => b.column.name === card.target);
  const names = [...new Set([...card.preprocessing.features.map((f) => f.name), ...(hasTarget ? [card.target] : [])])];
  const table = buildTable([{ id: csv.sha256, name: file, columns: csv.columns.map((b) => b.column) }], names);
  const outputs = await outputsFor(loaded, table, file);
  if (!hasTarget) return { outputs, labelled: null };
  const { labels } = targetLabels(card, table.columns.get(card.target)!, table.rows);
  const rows = Array.from(labels.keys()).filter((row) => labels[row] === labels[row]);
  if (rows.length === 0) return { outputs, labelled: null };
  const k = card.task === 'multiclass' ? card.classes!.length : 1;
  const picked = new Float32Array(rows.length * k);
  rows.forEach((row, i) => picked.set(outputs.subarray(row * k, row * k + k), i * k));
  return { outputs, labelled: { outputs: picked, labels: Float64Array.from(rows, (row) => labels[row]!) } };
}

/** The calibration model.json carries, or one made on --calibrate-on's labelled rows, or a FileError saying neither is there. */
async function calibrationFor(loaded: LoadedModel, options: EstimateOptions, warnings: string[]): Promise<Calibration> {
  const { modelJson, jsonFile } = readModelDir(options.model);
  let carried: Calibration | null;
  try {
    carried = loaded.ml.calibrationOfModelJson(modelJson);
  } catch (error) {
    throw new FileError(jsonFile, (error as Error).message);
  }
  if (carried && !options.calibrateOn) return carried;
  if (!options.calibrateOn) {
    throw new FileError(
      jsonFile,
      'carries no calibration (the model was saved before Relearn kept one), and a model directory holds no labelled rows to make one: train it again with relearn train, or give --calibrate-on FILE with labelled rows the model did not train on',
    );
  }
  const file = options.calibrateOn;
  const csv = await readCsvFile(file, modelTypes(loaded.card, true));
  checkColumns(csv, loaded.card, file, true);
  warnings.push(...coercionWarnings(csv, file));
  const { labelled } = await scoreFile(loaded, file, csv);
  if (!labelled) throw new FileError(file, `no row has a class the model knows in "${loaded.card.target}" to calibrate on`);
  try {
    return { ...calibrationFromOutputs(loaded.card, labelled.outputs, labelled.labels), fittedOn: 'labelled file' };
  } catch (error) {
    if (error instanceof RangeError) throw new FileError(file, `cannot calibrate on these rows: ${error.message}`);
    throw error;
  }
}

/** Estimates a classifier's metrics on a file without using its labels; exit status 0, or 1 on bad input. */
export async function runEstimate(options: EstimateOptions): Promise<number> {
  let loaded: LoadedModel | null = null;
  try {
    loaded = await openModel(options.model);
    const { card } = loaded;
    if (card.task === 'regression') throw new FileError(options.model, regressionRefusal(card.target));
    const warnings: string[] = [];
    const calibration = await calibrationFor(loaded, options, warnings);
    const csv = await readCsvFile(options.data, modelTypes(card, true));
    checkColumns(csv, card, options.data, false);
    warnings.push(...coercionWarnings(csv, options.data));
    if (csv.rows === 0) throw new FileError(options.data, 'has no rows to estimate on');
    const { outputs, labelled } = await scoreFile(loaded, options.data, csv);
    let estimate: PerformanceEstimate;
    try {
      estimate = estimateFromOutputs(calibration, card, outputs);
    } catch (error) {
      if (error instanceof EstimationError) throw new FileError(options.model, error.message);
      if (error instanceof RangeError) throw new FileError(options.data, `the model's predictions cannot be used: ${error.message}`);
      throw error;
    }
    const realised = labelled ? realisedMetrics(loaded, labelled, Object.keys(estimate.estimated) as MetricKey[]) : null;
    if (labelled && labelled.labels.length < estimate.rows) warnings.push(`realised metrics are on the ${labelled.labels.length} of ${estimate.rows} rows with a class the model knows in "${card.target}"`);
    const json: EstimateJson = {
      rows: estimate.rows,
      estimated: estimate.estimated,
      interval: estimate.interval,
      realised,
      realisedRows: realised ? labelled!.labels.length : 0,
      positiveClass: estimate.positiveClass,
      calibration: { fittedOn: calibration.fittedOn ?? 'validation', rows: calibration.rows },
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    } else {
      process.stdout.write(`${formatEstimate(json, options, card.classes!)}\n${warnings.map((w) => `warning: ${w}\n`).join('')}`);
    }
    return 0;
  } catch (error) {
    return reportInputError(error);
  } finally {
    loaded?.model.dispose();
  }
}

function realisedMetrics(loaded: LoadedModel, labelled: { outputs: Float32Array; labels: Float64Array }, keys: MetricKey[]): Partial<Record<MetricKey, number | null>> {
  const report = loaded.ml.scoreOutputs(loaded.card, labelled.outputs, labelled.labels);
  return Object.fromEntries(keys.map((key) => [key, metricValue(report.metrics, key)]));
}

function formatEstimate(json: EstimateJson, options: EstimateOptions, classes: readonly string[]): string {
  const keys = Object.keys(json.estimated) as MetricKey[];
  const names = keys.map((key) => metricName(key, classes));
  const width = Math.max(...names.map((n) => n.length), 'metric'.length);
  const lines = [
    `model: ${options.model}`,
    `data: ${options.data} (${json.rows} rows; labels ${json.realised ? `used only for "realised", on ${json.realisedRows} rows` : 'absent'})`,
    `calibration: isotonic, on ${json.calibration.rows} ${json.calibration.fittedOn} rows`,
    `  ${'metric'.padEnd(width)}  ${'estimated'.padStart(9)}  ${'interval (±3 SE)'.padEnd(18)}  realised`,
  ];
  keys.forEach((key, i) => {
    const range = json.interval[key];
    const interval = range ? `[${num(range[0])}, ${num(range[1])}]` : 'n/a';
    lines.push(`  ${names[i]!.padEnd(width)}  ${num(json.estimated[key]).padStart(9)}  ${interval.padEnd(18)}  ${json.realised ? num(json.realised[key]) : '-'}`);
  });
  return lines.join('\n');
}
