import { parseArgs } from 'node:util';
import { defaultFeatures, exclusions, type ColumnChoices } from '../core/columnChoices.ts';
import type { CsvTable } from '../core/csv/readCsv.ts';
import { messages } from '../core/problems.ts';
import { CLASS_WEIGHTS, type ClassWeight } from '../core/training/classWeights.ts';
import { profileColumn as qualityOf } from '../core/quality.ts';
import { defaultTrainConfig, FAMILIES, isTreeFamily, STEP_NAMES, trainConfigProblems, type Family, type TrainConfig } from '../core/training/config.ts';
import type { ImbalanceWarning } from '../core/training/imbalance.ts';
import type { HeadlineMetrics } from '../core/training/modelCard.ts';
import { buildTable, TableError } from '../core/training/table.ts';
import { TrainingInputError } from '../core/training/task.ts';
import type { TrainedModel, TrainProgress } from '../ml/trainModel.ts';
import { flagChoices, namesOption, unknownColumns } from './columnFlags.ts';
import { columnList, FileError, metricLines, namedClasses, num, quoted, readCsvFile, reportInputError } from './inputs.ts';
import { MODEL_JSON, outDirState, WEIGHTS_BIN, writeModelDir } from './modelDir.ts';
import { nodeMl } from './tfNode.ts';
import { applyTreeFlags, TREE_OPTIONS, treeModelText } from './treeFlags.ts';
import type { PermutationImportance } from '../core/importance/permutation.ts';

export interface TrainOptions {
  data: string;
  out: string;
  json: boolean;
  /** Target, features, task, family, seed and epochs set; everything else as defaultTrainConfig. */
  config: TrainConfig;
  /** --include / --exclude: overrides on the default features (config.features is null then). */
  columns: ColumnChoices;
}

/** What `relearn train --json` prints. */
export interface TrainJson {
  task: string;
  model: Family;
  backend: string;
  /** Labelled rows used: train + validation + holdout (rows with a missing target are left out). */
  rows: number;
  counts: { train: number; validation: number; holdout: number; missingTarget: number };
  /** Holdout metrics. */
  metrics: HeadlineMetrics;
  /** none or balanced; with balanced, each class's weight by label. */
  classWeight: ClassWeight;
  classWeights: Record<string, number> | null;
  /** A classifier that ignores a class on the holdout rows; null when it does not, and for regression. */
  imbalance: ImbalanceWarning | null;
  /** Permutation importance of each feature column on the holdout rows (scikit-learn's default scorer, 5 repeats, the seed). */
  importance: PermutationImportance | null;
  trainMs: number;
}

const OPTIONS = {
  data: { type: 'string' },
  target: { type: 'string' },
  model: { type: 'string' },
  seed: { type: 'string' },
  epochs: { type: 'string' },
  task: { type: 'string' },
  features: { type: 'string' },
  'class-weight': { type: 'string' },
  include: { type: 'string' },
  exclude: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  ...TREE_OPTIONS,
} as const;

/** A whole-number option; range checks are trainConfigProblems' job. */
function integerOption(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (/^\s*[+-]?\d+\s*$/.test(text) && Number.isSafeInteger(value)) return value;
  problems.push(`${flag} takes a whole number, not "${text}"`);
  return undefined;
}

/** The options of `relearn train`, or every reason they cannot be used. */
export function parseTrainArgs(args: string[]): { options: TrainOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.data) problems.push('train needs --data FILE');
  if (!values.target) problems.push('train needs --target COLUMN');
  if (!values.out) problems.push('train needs --out DIR');
  const model = values.model ?? 'mlp';
  const family = FAMILIES.find((f) => f === model);
  if (!family) problems.push(`--model takes ${FAMILIES.slice(0, -1).join(', ')} or ${FAMILIES.at(-1)!}, not "${model}"`);
  const config = defaultTrainConfig(values.target ?? '', family ?? 'mlp');
  config.seed = integerOption('--seed', values.seed, problems) ?? config.seed;
  config.params.epochs = integerOption('--epochs', values.epochs, problems) ?? config.params.epochs;
  if (family) applyTreeFlags(values, config.params, problems);
  if (values.task !== undefined) {
    if (values.task === 'classification' || values.task === 'regression') config.task = values.task;
    else problems.push(`--task takes classification or regression, not "${values.task}"`);
  }
  const classWeight = values['class-weight'];
  if (classWeight !== undefined) {
    if (CLASS_WEIGHTS.some((w) => w === classWeight)) config.params.classWeight = classWeight as ClassWeight;
    else problems.push(`--class-weight takes ${CLASS_WEIGHTS.join(' or ')}, not "${classWeight}"`);
  }
  config.features = namesOption('--features', values.features, problems) ?? null;
  const columns = flagChoices(namesOption('--include', values.include, problems), namesOption('--exclude', values.exclude, problems), problems);
  if (config.features && Object.keys(columns).length > 0) problems.push('--features names the columns exactly; it does not go with --include or --exclude');
  if (values.target) problems.push(...messages(trainConfigProblems(config)));
  if (problems.length > 0 || !values.data || !values.target || !values.out) return { problems };
  return { options: { data: values.data, out: values.out, json: values.json, config, columns } };
}

/**
 * The feature columns: as given by --features, else every column of the file but the target less the
 * datetime and id-like ones, with --include / --exclude on top. Unknown names are bad input.
 */
export function featureColumns(csv: CsvTable, options: Pick<TrainOptions, 'data' | 'config' | 'columns'>): { features: string[]; leftOut: string[] } {
  const names = csv.columns.map((b) => b.column.name);
  const { target, features } = options.config;
  if (!names.includes(target)) throw new FileError(options.data, `no column "${target}" for --target; the columns are ${columnList(csv)}`);
  const byChoice = (choice: string): string[] => Object.keys(options.columns).filter((n) => options.columns[n] === choice);
  const unknown = unknownColumns({ '--features': features, '--include': byChoice('include'), '--exclude': byChoice('exclude') }, names);
  if (unknown) throw new FileError(options.data, `no column ${quoted(unknown.names)} for ${unknown.flag}; the columns are ${columnList(csv)}`);
  if (features) return { features, leftOut: [] };
  const facts = csv.columns.map(qualityOf);
  const chosen = defaultFeatures(facts, target, options.columns);
  const excluded = exclusions(facts, options.columns);
  excluded.delete(target);
  const leftOut = [...excluded].map(([name, use]) => `${name} (${use.text})`);
  if (chosen.length === 0) throw new FileError(options.data, `no feature columns are left besides the target "${target}" (datetime and id-like columns are left out unless --include names them)`);
  return { features: chosen, leftOut };
}

/** One line per few epochs (iterations, trees) on stderr: about ten lines for the whole run, and the first one. */
function progressPrinter(epochs: number, family: Family): (progress: TrainProgress) => void {
  const every = Math.max(1, Math.ceil(epochs / 10));
  return ({ epoch }) => {
    if (!epoch || (epoch.epoch !== 1 && epoch.epoch % every !== 0)) return;
    const width = String(epoch.epochs).length;
    process.stderr.write(`${STEP_NAMES[family].one} ${String(epoch.epoch).padStart(width)}/${epoch.epochs}: loss ${fixed(epoch.loss)}, validation loss ${fixed(epoch.valLoss)} (${seconds(epoch.elapsedMs)})\n`);
  };
}

const fixed = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : String(v));
const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Trains on one CSV file and writes the model directory; exit status 0, or 1 on bad input. */
export async function runTrain(options: TrainOptions): Promise<number> {
  try {
    // Refuse an unusable --out before spending the training time.
    outDirState(options.out);
    const csv = await readCsvFile(options.data);
    const { features, leftOut } = featureColumns(csv, options);
    const config: TrainConfig = { ...options.config, features };
    const ml = await nodeMl();
    let trained: TrainedModel;
    try {
      const table = buildTable([{ id: csv.sha256, name: options.data, columns: csv.columns.map((b) => b.column) }], [config.target, ...features]);
      trained = await ml.trainModel({ table, config, onProgress: options.json ? undefined : progressPrinter(config.params.epochs, config.params.family) });
    } catch (error) {
      if (error instanceof TrainingInputError || error instanceof TableError) throw new FileError(options.data, error.message);
      // The metrics refuse predictions that are not finite: the network overflowed on extreme values.
      if (error instanceof RangeError && /not a finite number/.test(error.message)) {
        throw new FileError(options.data, `the trained model's holdout predictions are not all finite numbers (${error.message.replace(/\.$/, '')}); look for extreme values in the target or the features`);
      }
      throw error;
    }
    const files = ml.modelFiles(trained.artifacts, trained.calibration);
    const written = writeModelDir(options.out, files);
    const warnings = trained.evaluation.warnings.map((w) => `holdout metrics: ${namedClasses(w, trained.card.classes)}`);
    if (trained.imbalance) warnings.push(`class imbalance: ${trained.imbalance.message}`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(trainJson(trained), null, 2)}\n`);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    } else {
      process.stdout.write(`${formatTrain(trained, options, { written, bytes: Buffer.byteLength(files.modelJson) + files.weights.byteLength, features, leftOut }, warnings)}\n`);
    }
    return 0;
  } catch (error) {
    return reportInputError(error);
  }
}

function classWeightsByLabel(trained: TrainedModel): Record<string, number> | null {
  const { classWeights, classes } = trained.card;
  return classWeights && classes ? Object.fromEntries(classes.map((c, i) => [c, classWeights[i]!])) : null;
}

export function trainJson(trained: TrainedModel): TrainJson {
  const { train, validation, holdout, missingTarget } = trained.counts;
  return {
    task: trained.card.task,
    model: trained.card.params.family,
    backend: trained.backend,
    rows: train + validation + holdout,
    counts: { train, validation, holdout, missingTarget },
    metrics: trained.evaluation.metrics,
    classWeight: trained.card.params.classWeight ?? 'none',
    classWeights: classWeightsByLabel(trained),
    imbalance: trained.imbalance,
    importance: trained.importance,
    trainMs: Math.round(trained.trainMs),
  };
}

const stopText = (reason: TrainedModel['stopReason'], family: Family): string =>
  reason === 'epochs' ? `ran every ${STEP_NAMES[family].one}` : reason === 'early stopping' ? 'stopped early: the validation loss had not improved' : 'stopped by the time budget';

function modelText(trained: TrainedModel): string {
  const { params, task } = trained.card;
  const kind = task === 'regression' ? 'regression' : task === 'binary' ? 'binary classifier' : `${trained.card.classes!.length}-class classifier`;
  return `${treeModelText(params) ?? (params.family === 'mlp' ? `MLP (${params.hidden.join(', ')} ${params.activation} units)` : 'linear')} ${kind}`;
}

export function formatTrain(trained: TrainedModel, options: TrainOptions, saved: { written: 'created' | 'replaced'; bytes: number; features: string[]; leftOut: string[] }, warnings: string[]): string {
  const { card, counts, history } = trained;
  const labelled = counts.train + counts.validation + counts.holdout;
  const shown = saved.features.length > 8 ? `${saved.features.slice(0, 8).join(', ')} and ${saved.features.length - 8} more` : saved.features.join(', ');
  const last = history.at(-1);
  const step = STEP_NAMES[card.params.family];
  // Trees are fitted in plain JavaScript, not on a TensorFlow.js backend.
  const where = isTreeFamily(card.params.family) ? 'in JavaScript' : `on the ${trained.backend} backend`;
  return [
    `trained: ${modelText(trained)} on "${card.target}" from ${options.data}`,
    `task: ${card.task} (${trained.targetReason})`,
    ...(card.classes ? [`classes: ${card.classes.join(', ')}`] : []),
    `features: ${saved.features.length} (${shown}) → ${card.preprocessing.width} inputs`,
    ...(saved.leftOut.length > 0 ? [`left out: ${saved.leftOut.join('; ')}`] : []),
    `rows: ${labelled} labelled — ${counts.train} train, ${counts.validation} validation, ${counts.holdout} holdout (seed ${card.seed})`,
    ...(card.classWeights && card.classes ? [`class weights: balanced (${card.classes.map((c, i) => `${c} ${num(card.classWeights![i]!)}`).join(', ')})`] : []),
    counts.missingTarget > 0 ? `dropped: ${counts.missingTarget} row${counts.missingTarget === 1 ? '' : 's'} with no value in "${card.target}"` : `dropped: none (every row has a value in "${card.target}")`,
    `${step.many}: ${history.length} of ${card.params.epochs}, ${stopText(trained.stopReason, card.params.family)}; best ${step.one} ${trained.bestEpoch}${last ? ` (validation loss ${fixed(history.find((h) => h.epoch === trained.bestEpoch)?.valLoss ?? NaN)})` : ''}`,
    `time: ${seconds(trained.trainMs)} ${where} (${Math.round(trained.samplesPerSecond).toLocaleString('en-US')} samples/s)`,
    'holdout metrics:',
    ...metricLines(trained.evaluation.metrics, card.classes),
    `saved: ${options.out}/${MODEL_JSON} and ${WEIGHTS_BIN} (${saved.bytes.toLocaleString('en-US')} bytes${saved.written === 'replaced' ? ', replacing the model that was there' : ''})`,
    ...warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
