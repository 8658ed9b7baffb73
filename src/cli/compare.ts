import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CsvTable } from '../core/csv/readCsv.ts';
import { differenceText, judgeMetric } from '../core/metrics/difference.ts';
import { higherIsBetter, isMetricKey, METRIC_DIRECTION, metricValue, type MetricKey } from '../core/metrics/metricKey.ts';
import type { GateCheck, GateDecision } from '../core/pipeline/gate.ts';
import { defaultGateSettings, minImprovementFor, type GateSettings } from '../core/pipeline/settings.ts';
import type { ColumnType } from '../core/schema.ts';
import { imbalanceOf, type ImbalanceWarning } from '../core/training/imbalance.ts';
import { targetLabels } from '../core/training/labels.ts';
import { primaryMetric, TASK_METRICS, type HeadlineMetrics, type ModelCard } from '../core/training/modelCard.ts';
import { buildTable, type Table } from '../core/training/table.ts';
import { TrainingInputError } from '../core/training/task.ts';
import { compareModels, type ScoredModel } from '../app/compare/compareModels.ts';
import { coercionWarnings, FileError, metricName, namedClasses, num, numberOption, quoted, readCsvFile, reportInputError } from './inputs.ts';
import { readModelDir } from './modelDir.ts';
import { checkOutputPath, HTML_TAKES, writeFileAtomically } from './outputFile.ts';
import type { ClassScore } from '../core/metrics/precisionRecall.ts';
import { compareReportHtml, type ComparedVersion } from '../core/report/compareReport.ts';
import { paramValues, type ParamValue } from '../core/training/paramValues.ts';
import type { Scorer } from '../ml/scorer.ts';
import { nodeMl, type NodeMl } from './tfNode.ts';
import { countText, trainedOnRows, trainedOnWarning } from './trainedOn.ts';

/** Exit status under `--fail-on-keep` when the gate keeps the champion (for CI). */
export const KEPT = 3;


export interface CompareOptions {
  champion: string;
  challenger: string;
  data: string;
  json: boolean;
  /** The metric the gate judges by; null: the task's primary metric. */
  metric: MetricKey | null;
  gate: GateSettings;
  seed: number;
  resamples: number;
  /** Exit 3 instead of 0 when the decision is keep. */
  failOnKeep: boolean;
  /** --html FILE: also write the shareable HTML report there; null: none. */
  html: string | null;
}

/** What `relearn compare --json` prints. */
export interface CompareJson {
  primaryMetric: MetricKey;
  champion: HeadlineMetrics;
  challenger: HeadlineMetrics;
  /** Challenger against champion on primaryMetric, signed so that positive is better; null when not computed. */
  improvement: number | null;
  /** Exact McNemar on the discordant rows; null for regression. */
  mcnemar: { b: number; c: number; pValue: number } | null;
  /** Paired bootstrap percentile interval of challenger − champion on primaryMetric; null when not computed. */
  bootstrapCI: [number, number] | null;
  decision: 'promote' | 'keep';
  checks: GateCheck[];
  /** Of the compared rows, how many each model trained on (the file is one of its training batches); null: unknown, its card records none. */
  trainedOnRows: { champion: number | null; challenger: number | null };
  /** Each classifier's class-imbalance warning on the compared rows; null when it has none (or for regression). */
  imbalance: { champion: ImbalanceWarning | null; challenger: ImbalanceWarning | null };
}

const OPTIONS = {
  champion: { type: 'string' },
  challenger: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  metric: { type: 'string' },
  'min-improvement': { type: 'string' },
  relative: { type: 'boolean', default: false },
  significance: { type: 'string' },
  alpha: { type: 'string' },
  floor: { type: 'string' },
  'latency-budget': { type: 'string' },
  'size-budget': { type: 'string' },
  seed: { type: 'string' },
  resamples: { type: 'string' },
  'fail-on-keep': { type: 'boolean', default: false },
  html: { type: 'string' },
} as const;

const MAX_RESAMPLES = 100_000;
const MAX_SEED = 2 ** 31 - 1;

/** A whole-number option within [min, max]. */
function integerOption(flag: string, text: string | undefined, min: number, max: number, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (/^\s*[+-]?\d+\s*$/.test(text) && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  problems.push(`${flag} takes a whole number from ${min} to ${max}, not "${text}"`);
  return undefined;
}

/** The options of `relearn compare`, or every reason they cannot be used. */
export function parseCompareArgs(args: string[]): { options: CompareOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.champion) problems.push('compare needs --champion DIR');
  if (!values.challenger) problems.push('compare needs --challenger DIR');
  if (!values.data) problems.push('compare needs --data FILE');
  let metric: MetricKey | null = null;
  if (values.metric !== undefined) {
    if (isMetricKey(values.metric)) metric = values.metric;
    else problems.push(`--metric takes one of ${Object.keys(METRIC_DIRECTION).join(', ')}, not "${values.metric}"`);
  }
  // Unset flags take the gate's defaults, the ones the pipeline and the policy form start from.
  const defaults = defaultGateSettings();
  const minImprovement = numberOption('--min-improvement', values['min-improvement'], problems);
  if (minImprovement !== undefined && minImprovement < 0) problems.push('--min-improvement must be 0 or more');
  if (values.relative && minImprovement === undefined) problems.push('--relative needs --min-improvement X (the share of the champion\'s value)');
  if (values.relative && minImprovement !== undefined && minImprovement > 1) problems.push("with --relative, --min-improvement is a share of the champion's value: at most 1 (100%)");
  const significance = values.significance ?? defaults.significance ?? 'none';
  if (significance !== 'none' && significance !== 'mcnemar' && significance !== 'bootstrap') problems.push(`--significance takes none, mcnemar or bootstrap, not "${significance}"`);
  const alpha = numberOption('--alpha', values.alpha, problems) ?? defaults.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) problems.push('--alpha must be above 0 and below 1');
  const floor = numberOption('--floor', values.floor, problems) ?? null;
  const latencyBudgetMs = numberOption('--latency-budget', values['latency-budget'], problems) ?? null;
  if (latencyBudgetMs !== null && !(latencyBudgetMs > 0)) problems.push('--latency-budget must be above 0 milliseconds');
  const sizeBudgetBytes = integerOption('--size-budget', values['size-budget'], 1, Number.MAX_SAFE_INTEGER, problems) ?? null;
  const seed = integerOption('--seed', values.seed, 0, MAX_SEED, problems) ?? 42;
  const resamples = integerOption('--resamples', values.resamples, 1, MAX_RESAMPLES, problems) ?? 1000;
  if (values.html !== undefined && values.html.trim() === '') problems.push('--html needs a file name');
  if (problems.length > 0 || !values.champion || !values.challenger || !values.data) return { problems };
  return {
    options: {
      champion: values.champion,
      challenger: values.challenger,
      data: values.data,
      json: values.json,
      metric,
      gate: {
        ...defaults,
        ...(minImprovement === undefined ? {} : { minImprovementMode: 'set' as const, minImprovement, relative: values.relative }),
        approval: 'auto',
        significance: significance as 'none' | 'mcnemar' | 'bootstrap',
        alpha,
        floor,
        latencyBudgetMs,
        sizeBudgetBytes,
      },
      seed,
      resamples,
      failOnKeep: values['fail-on-keep'],
      html: values.html ?? null,
    },
  };
}

type Role = 'champion' | 'challenger';

interface LoadedModel {
  role: Role;
  dir: string;
  card: ModelCard;
  model: Scorer;
  /** As the pipeline counts it: the weights' bytes plus the topology's JSON length. */
  sizeBytes: number;
}

/** Opens a model directory: the card checked, the weights loaded. */
async function openModel(ml: NodeMl, role: Role, dir: string): Promise<LoadedModel> {
  const { modelJson, weights, jsonFile } = readModelDir(dir);
  let record;
  try {
    record = ml.parseModelFiles(modelJson, weights);
  } catch (error) {
    throw new FileError(jsonFile, error instanceof Error ? error.message : String(error));
  }
  const sizeBytes = record.weightData.byteLength + JSON.stringify(record.modelTopology).length;
  try {
    return { role, dir, card: record.card, model: await ml.loadScorer(record), sizeBytes };
  } catch (error) {
    throw new FileError(jsonFile, `this model cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const describeClasses = (classes: readonly string[] | null): string => (classes ? `[${classes.map((c) => `"${c}"`).join(', ')}]` : 'none');

/** The two models must be judged on the same question: same target, same task, same classes in the same order. */
function checkComparable(champion: LoadedModel, challenger: LoadedModel): void {
  const a = champion.card;
  const b = challenger.card;
  const against = `the champion (${champion.dir})`;
  if (a.target !== b.target) throw new FileError(challenger.dir, `predicts "${b.target}" but ${against} predicts "${a.target}": both models must predict the same target`);
  if (a.task !== b.task) throw new FileError(challenger.dir, `is a ${b.task} model but ${against} is a ${a.task} model: both models must have the same task`);
  const ca = a.classes ?? [];
  const cb = b.classes ?? [];
  if (ca.length !== cb.length || ca.some((c, i) => c !== cb[i])) {
    const onlyA = ca.filter((c) => !cb.includes(c));
    const onlyB = cb.filter((c) => !ca.includes(c));
    const detail =
      onlyA.length + onlyB.length > 0
        ? [...(onlyB.length > 0 ? [`only the challenger knows ${quoted(onlyB)}`] : []), ...(onlyA.length > 0 ? [`only the champion knows ${quoted(onlyA)}`] : [])].join('; ')
        : `the same classes in another order (challenger ${describeClasses(cb)}, champion ${describeClasses(ca)})`;
    throw new FileError(challenger.dir, `knows other classes of "${b.target}" than ${against}: ${detail}; the metrics of models with different classes are not comparable`);
  }
}

/** The column types both models were trained on (one reading of the file fits both), and the target's. */
function sharedTypes(models: LoadedModel[]): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  const readBy: Record<string, LoadedModel> = {};
  for (const m of models) {
    for (const f of m.card.preprocessing.features) {
      const before = types[f.name];
      if (before !== undefined && before !== f.kind) {
        const first = readBy[f.name]!;
        throw new FileError(m.dir, `reads column "${f.name}" as ${f.kind} but the ${first.role} (${first.dir}) reads it as ${before}: one reading of the file cannot fit both models`);
      }
      types[f.name] = f.kind;
      readBy[f.name] = m;
    }
  }
  const card = models[0]!.card;
  types[card.target] = card.task === 'regression' ? 'numeric' : 'categorical';
  return types;
}

/** Every feature either model needs, and the target, must be columns of the file; else one message naming them. */
function checkColumns(csv: CsvTable, models: LoadedModel[], file: string): void {
  const names = new Set(csv.columns.map((b) => b.column.name));
  const parts: string[] = [];
  const needs = new Map<string, Role[]>();
  for (const m of models) for (const f of m.card.preprocessing.features) if (!names.has(f.name)) needs.set(f.name, [...new Set([...(needs.get(f.name) ?? []), m.role])]);
  const byWho = new Map<string, string[]>();
  for (const [name, roles] of needs) {
    const who = roles.length === 2 ? 'both models need' : `the ${roles[0]} needs`;
    byWho.set(who, [...(byWho.get(who) ?? []), name]);
  }
  for (const [who, list] of byWho) parts.push(`the feature column${list.length === 1 ? '' : 's'} ${quoted(list)}, which ${who}`);
  const target = models[0]!.card.target;
  if (!names.has(target)) parts.push(`the target column "${target}", which the predictions are scored against`);
  if (parts.length > 0) throw new FileError(file, `lacks ${parts.join(', and ')}`);
}

async function outputsFor(ml: NodeMl, loaded: LoadedModel, table: Table, rows: Uint32Array, file: string): Promise<Float32Array> {
  try {
    return (await ml.predictTable(loaded.model, loaded.card, table, rows)).outputs;
  } catch (error) {
    if (error instanceof TrainingInputError) throw new FileError(file, error.message);
    throw error;
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The comparison itself, for --json or the table; the warnings are printed beside it. */
interface Comparison {
  json: CompareJson;
  gate: GateDecision;
  rows: number;
  fileRows: number;
  bootstrap: { level: number; resamples: number; skipped: number } | null;
  /** Each model's per-class scores on the compared rows; null for regression. */
  perClass: { champion: ClassScore[] | null; challenger: ClassScore[] | null };
  warnings: string[];
}

async function compare(ml: NodeMl, models: [LoadedModel, LoadedModel], options: CompareOptions): Promise<Comparison> {
  const [champion, challenger] = models;
  checkComparable(champion, challenger);
  const card = champion.card;
  const metric = options.metric ?? primaryMetric(card.task).key;
  if (!TASK_METRICS[card.task].includes(metric)) {
    throw new FileError(challenger.dir, `--metric ${metric} does not apply to ${card.task} models; theirs are ${TASK_METRICS[card.task].join(', ')}`);
  }
  const csv = await readCsvFile(options.data, sharedTypes(models));
  checkColumns(csv, models, options.data);
  const names = [...new Set([...models.flatMap((m) => m.card.preprocessing.features.map((f) => f.name)), card.target])];
  const table = buildTable([{ id: csv.sha256, name: options.data, columns: csv.columns.map((b) => b.column) }], names);
  const target = table.columns.get(card.target)!;
  // Same target, task and classes: the labels are the same for both models.
  const { labels, missing, unseen } = targetLabels(card, target, table.rows);
  const rows = Uint32Array.from(labels.keys()).filter((row) => labels[row] === labels[row]);
  const warnings = coercionWarnings(csv, options.data);
  if (missing > 0) warnings.push(`${plural(missing, 'row')} of ${options.data} ${missing === 1 ? 'has' : 'have'} no value in "${card.target}" and ${missing === 1 ? 'was' : 'were'} not compared`);
  if (unseen.size > 0) {
    const count = [...unseen.values()].reduce((a, b) => a + b, 0);
    const shown = [...unseen.keys()].slice(0, 5).map((c) => `"${c}"`).join(', ') + (unseen.size > 5 ? ` and ${unseen.size - 5} more` : '');
    warnings.push(`${plural(count, 'row')} of ${options.data} ${count === 1 ? 'has' : 'have'} a class the models never saw (${shown}) and ${count === 1 ? 'was' : 'were'} not compared`);
  }
  if (rows.length === 0) throw new FileError(options.data, `no row has a value in "${card.target}" that the models can be scored against`);
  const trainedOn = { champion: trainedOnRows(champion.card, csv.sha256, rows.length), challenger: trainedOnRows(challenger.card, csv.sha256, rows.length) };
  for (const m of models) {
    const warning = trainedOnWarning(`the ${m.role}`, trainedOn[m.role], rows.length, options.data);
    if (warning) warnings.push(warning);
  }
  const picked = Float64Array.from(rows, (row) => labels[row]!);
  const scored: ScoredModel[] = [];
  const metrics: HeadlineMetrics[] = [];
  const imbalances: CompareJson['imbalance'] = { champion: null, challenger: null };
  const perClass: Comparison['perClass'] = { champion: null, challenger: null };
  for (const m of models) {
    const outputs = await outputsFor(ml, m, table, rows, options.data);
    let report;
    try {
      report = ml.scoreOutputs(m.card, outputs, picked);
    } catch (error) {
      if (error instanceof RangeError) throw new FileError(m.dir, `the ${m.role}'s predictions on ${options.data} cannot be scored: ${error.message}`);
      throw error;
    }
    warnings.push(...report.warnings.map((w) => `${m.role} metrics: ${namedClasses(w, m.card.classes)}`));
    const imbalance = imbalanceOf(report.metrics, m.card.classes, `the rows of ${options.data}`);
    if (imbalance) warnings.push(`${m.role} class imbalance: ${imbalance.message}`);
    imbalances[m.role] = imbalance;
    perClass[m.role] = report.task === 'regression' ? null : report.perClass;
    metrics.push(report.metrics);
    scored.push({ card: m.card, outputs, labels: picked, metrics: report.metrics, latencyMs: null, sizeBytes: m.sizeBytes });
  }
  let latencyMs: number | null = null;
  if (options.gate.latencyBudgetMs != null) {
    latencyMs = await ml.latencyPer1000(challenger.model);
  }
  const { paired, gate } = compareModels({
    metric: { key: metric, higherIsBetter: higherIsBetter(metric) },
    champion: scored[0]!,
    challenger: { ...scored[1]!, latencyMs },
    gate: options.gate,
    seed: options.seed,
    resamples: options.resamples,
  });
  const bootstrap = paired?.bootstrap ?? null;
  if (bootstrap && bootstrap.skipped > 0) warnings.push(`bootstrap: ${metric} was undefined on ${plural(bootstrap.skipped, 'resample')} of ${bootstrap.resamples}, left out of the interval`);
  const json: CompareJson = {
    primaryMetric: metric,
    champion: metrics[0]!,
    challenger: metrics[1]!,
    improvement: gate.improvement,
    mcnemar: paired?.mcnemar ? { b: paired.mcnemar.b, c: paired.mcnemar.c, pValue: paired.mcnemar.pValue } : null,
    bootstrapCI: bootstrap ? [bootstrap.low, bootstrap.high] : null,
    decision: gate.decision,
    checks: gate.checks.map(({ name, value, threshold, pass, gating }) => ({ name, value, threshold, pass, gating })),
    trainedOnRows: trainedOn,
    imbalance: imbalances,
  };
  return {
    json,
    gate,
    rows: rows.length,
    fileRows: csv.rows,
    bootstrap: bootstrap ? { level: bootstrap.level, resamples: bootstrap.resamples, skipped: bootstrap.skipped } : null,
    perClass,
    warnings,
  };
}

/** The side-by-side table: each scalar metric for both models, then challenger − champion with whether that is better. */
function metricTable(json: CompareJson, classes: readonly string[] | null): string[] {
  // In the order the report lists them; every key but the confusion matrix is a metric.
  const keys = Object.keys(json.champion).filter(isMetricKey);
  const rows = keys.map((k) => {
    const a = metricValue(json.champion, k);
    const b = metricValue(json.challenger, k);
    const judged = judgeMetric(k, a, b);
    return [`${k === json.primaryMetric ? '* ' : '  '}${metricName(k, classes)}`, num(a), num(b), judged ? differenceText(judged, num) : 'n/a'];
  });
  const header = ['  metric', 'champion', 'challenger', 'challenger − champion'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function humanReport(c: Comparison, models: [LoadedModel, LoadedModel], options: CompareOptions): string {
  const { json, gate } = c;
  const describe = (m: LoadedModel): string => `${m.dir} (${m.card.task} on "${m.card.target}", ${m.card.params.family}, ${m.sizeBytes.toLocaleString('en-US')} bytes)`;
  const direction = higherIsBetter(json.primaryMetric) ? 'higher' : 'lower';
  const lines = [
    `champion:   ${describe(models[0])}`,
    `challenger: ${describe(models[1])}`,
    `data: ${options.data} (${plural(c.fileRows, 'row')}, ${plural(c.rows, 'row')} compared)`,
    `trained-on rows: champion ${countText(json.trainedOnRows.champion)}, challenger ${countText(json.trainedOnRows.challenger)} (of the ${c.rows} compared)`,
    `metrics on the same rows (* the gate's metric, ${json.primaryMetric}: ${direction} is better; each difference is challenger − champion, marked better or worse for the challenger):`,
    ...metricTable(json, models[0].card.classes),
  ];
  if (json.mcnemar) {
    const { b, c: cc, pValue } = json.mcnemar;
    lines.push(`McNemar (exact): champion right only ${b}, challenger right only ${cc}, p = ${pValue < 1e-4 ? pValue.toExponential(2) : pValue.toFixed(4)}`);
  } else lines.push('McNemar: not applicable (regression)');
  if (json.bootstrapCI && c.bootstrap) {
    const [low, high] = json.bootstrapCI;
    lines.push(
      `bootstrap ${Math.round(c.bootstrap.level * 100)}% interval of challenger − champion (${json.primaryMetric}): [${num(low)}, ${num(high)}] (${plural(c.bootstrap.resamples, 'resample')}, seed ${options.seed}${c.bootstrap.skipped > 0 ? `, ${c.bootstrap.skipped} skipped` : ''})`,
    );
  } else lines.push(`bootstrap interval: not computed (${json.primaryMetric} was undefined on every resample)`);
  const min = minImprovementFor(options.gate, json.primaryMetric);
  lines.push(`gate (minimum improvement ${min.relative ? `${num(min.minImprovement * 100)}% of the champion` : num(min.minImprovement)}${options.gate.minImprovementMode === 'metric' ? ", the metric's default" : ''}; significance: ${options.gate.significance ?? 'none'}):`);
  for (const check of gate.checks) lines.push(`  ${check.pass ? 'PASS' : 'FAIL'}${check.gating ? '' : ' (shown, not gating)'}  ${check.name}: ${check.value} (needs ${check.threshold})`);
  lines.push(`decision: ${gate.decision} — ${gate.reason}`);
  lines.push(...c.warnings.map((w) => `warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

/** What a model directory's card says shaped it: its hyper-parameters, features and seed (as the page's comparison lists a version's). */
const cardSettings = (card: ModelCard): ParamValue[] => [
  ...paramValues(card.params),
  { key: 'features', label: 'Features', value: card.preprocessing.features.map((f) => f.name).join(', ') || 'none' },
  { key: 'seed', label: 'Seed', value: String(card.seed) },
];

/** The comparison as the shareable HTML report: the champion plays the page's left version, the challenger its right one. */
function compareHtml(c: Comparison, models: [LoadedModel, LoadedModel], options: CompareOptions): string {
  const { json } = c;
  const side = (m: LoadedModel): ComparedVersion => ({
    name: `the ${m.role} (${m.dir})`,
    label: m.role === 'champion' ? 'Champion' : 'Challenger',
    metrics: json[m.role],
    perClass: c.perClass[m.role],
    latencyMs: null,
    sizeBytes: m.sizeBytes,
    settings: cardSettings(m.card),
  });
  return compareReportHtml({
    task: models[0].card.task,
    classes: models[0].card.classes,
    metric: json.primaryMetric,
    rowsText: `the same ${c.rows.toLocaleString('en-US')} rows of ${path.basename(options.data)}`,
    a: side(models[0]),
    b: side(models[1]),
    improvement: json.improvement,
    mcnemar: json.mcnemar,
    bootstrap: json.bootstrapCI && c.bootstrap ? { level: c.bootstrap.level, low: json.bootstrapCI[0], high: json.bootstrapCI[1], resamples: c.bootstrap.resamples } : null,
    gate: c.gate,
    notes: c.warnings,
    generatedAt: Date.now(),
  });
}

/** Scores champion and challenger on the same rows and lets the gate decide; exit 0 (3 on keep with --fail-on-keep), or 1 on bad input. */
export async function runCompare(options: CompareOptions): Promise<number> {
  const loaded: LoadedModel[] = [];
  try {
    if (options.html !== null) checkOutputPath(options.html, HTML_TAKES);
    const ml = await nodeMl();
    loaded.push(await openModel(ml, 'champion', options.champion));
    loaded.push(await openModel(ml, 'challenger', options.challenger));
    const models = loaded as [LoadedModel, LoadedModel];
    const result = await compare(ml, models, options);
    if (options.html !== null) writeFileAtomically(options.html, [compareHtml(result, models, options)], HTML_TAKES);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    } else {
      process.stdout.write(humanReport(result, models, options));
    }
    return options.failOnKeep && result.json.decision === 'keep' ? KEPT : 0;
  } catch (error) {
    return reportInputError(error);
  } finally {
    for (const m of loaded) m.model.dispose();
  }
}
