import path from 'node:path';
import { parseArgs } from 'node:util';
import { exclusions, type ColumnChoices } from '../core/columnChoices.ts';
import type { CsvTable } from '../core/csv/readCsv.ts';
import type { ColumnDrift } from '../core/drift/columnDrift.ts';
import { columnJson, driftJson } from '../core/drift/fixtureJson.ts';
import { profileForDrift, type ColumnProfile } from '../core/drift/profile.ts';
import { driftReport, withColumnTypes, type DriftReport } from '../core/drift/report.ts';
import {
  defaultDriftSettings,
  driftSettingsProblems,
  isPValueStatistic,
  STATISTIC_LABELS,
  type Correction,
  type DriftSettings,
  type DriftStatistic,
} from '../core/drift/settings.ts';
import { InputError } from '../core/errors.ts';
import { messages } from '../core/problems.ts';
import { profileColumn as qualityOf } from '../core/quality.ts';
import type { ColumnType } from '../core/schema.ts';
import { flagChoices, namesOption, unknownColumns } from './columnFlags.ts';
import { driftReportHtml, type DriftSide } from '../core/report/driftReport.ts';
import { coercionWarnings, numberOption, quoted, reportInputError } from './inputs.ts';
import { checkOutputPath, HTML_TAKES, writeFileAtomically } from './outputFile.ts';
import { readCsvPath } from './csvThreads.ts';
import { modelPredictionDrift } from './predictionDrift.ts';

export interface DriftOptions {
  reference: string;
  current: string;
  json: boolean;
  /** Exit 3 instead of 0 when the dataset drifted, so a scheduler can branch on the status. */
  failOnDrift: boolean;
  target: string | null;
  settings: DriftSettings;
  /** --include / --exclude: overrides on which columns count in the dataset share. */
  columns: ColumnChoices;
  /** --html FILE: also write the shareable HTML report there; null: none. */
  html: string | null;
  /** --model DIR: also the model's prediction drift, outside the dataset share. */
  model: string | null;
}

/** A model's prediction drift between the two files, and the model directory it came from. */
export interface PredictionDriftResult {
  model: string;
  target: string;
  drift: ColumnDrift;
}

/** Exit status when `--fail-on-drift` is given and the dataset drifted. */
export const DRIFT_FOUND = 3;

const OPTIONS = {
  reference: { type: 'string' },
  current: { type: 'string' },
  json: { type: 'boolean', default: false },
  alpha: { type: 'string' },
  'drift-share': { type: 'string' },
  correction: { type: 'string' },
  target: { type: 'string' },
  statistic: { type: 'string' },
  threshold: { type: 'string' },
  include: { type: 'string' },
  exclude: { type: 'string' },
  'fail-on-drift': { type: 'boolean', default: false },
  html: { type: 'string' },
  model: { type: 'string' },
} as const;

/** The options of `relearn drift`, or every reason they cannot be used. */
export function parseDriftArgs(args: string[]): { options: DriftOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!values.reference) problems.push('drift needs --reference FILE');
  if (!values.current) problems.push('drift needs --current FILE');
  const settings = defaultDriftSettings();
  settings.alpha = numberOption('--alpha', values.alpha, problems) ?? settings.alpha;
  settings.driftShare = numberOption('--drift-share', values['drift-share'], problems) ?? settings.driftShare;
  // Unknown names are cast here and refused by driftSettingsProblems below, which knows the valid ones.
  if (values.correction !== undefined) settings.correction = values.correction as Correction;
  if ((values.statistic === undefined) !== (values.threshold === undefined)) {
    problems.push('--statistic and --threshold go together: a pinned statistic needs its threshold');
  } else if (values.statistic !== undefined) {
    const threshold = numberOption('--threshold', values.threshold, problems);
    if (threshold !== undefined) settings.pin = { statistic: values.statistic as DriftStatistic, threshold };
  }
  problems.push(...messages(driftSettingsProblems(settings)));
  const columns = flagChoices(namesOption('--include', values.include, problems), namesOption('--exclude', values.exclude, problems), problems);
  if (values.html !== undefined && values.html.trim() === '') problems.push('--html needs a file name');
  if (problems.length > 0 || !values.reference || !values.current) return { problems };
  return {
    options: {
      reference: values.reference,
      current: values.current,
      json: values.json,
      failOnDrift: values['fail-on-drift'],
      target: values.target ?? null,
      settings,
      columns,
      html: values.html ?? null,
      model: values.model ?? null,
    },
  };
}

/** Reads one batch; on bad input prints `error: FILE:LINE: what` and gives null. */
async function readBatch(file: string, typeOverrides: Record<string, ColumnType> = {}): Promise<CsvTable | null> {
  try {
    return await readCsvPath(file, { typeOverrides });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`error: ${error.describe(file)}\n`);
    return null;
  }
}

const statisticsOf = (c: ColumnDrift): [string, number | undefined][] => [
  ['ks.statistic', c.ks?.statistic],
  ['ks.pValue', c.ks?.pValue],
  ['chi2.statistic', c.chi2?.statistic],
  ['chi2.pValue', c.chi2?.pValue],
  ['wasserstein', c.wasserstein],
  ['psi', c.psi],
  ['jensenShannon', c.jensenShannon],
  ['adjustedPValue', c.adjustedPValue],
];

/**
 * Statistics that came out NaN or infinite (sums overflow on values near 1e308, for one). JSON prints
 * them as null and the table as "not finite", so each is named here with what it means.
 */
function nonFiniteWarnings(report: DriftReport): string[] {
  return report.columns.flatMap((c) =>
    statisticsOf(c)
      .filter(([, v]) => v !== undefined && !Number.isFinite(v))
      .map(([key, v]) => `column "${c.name}": ${key} is ${String(v)}, not a finite number (values too large for double precision?), so this column's verdict is unreliable`),
  );
}

/** A reference spread that overflows makes the normalised Wasserstein 0 or NaN whatever the data do (in SciPy too). */
function overflowWarnings(reference: readonly ColumnProfile[]): string[] {
  return reference
    .filter((p) => p.type === 'numeric' && p.sorted.length > 0 && !Number.isFinite(p.std))
    .map((p) => `column "${p.name}": the reference's standard deviation overflows double precision, so its normalised Wasserstein distance says nothing`);
}

/** Compares the two files and prints the report; the exit status is 0, 1 (bad input), 2 (bad target) or 3. */
export async function runDrift(options: DriftOptions): Promise<number> {
  if (options.html !== null) {
    try {
      checkOutputPath(options.html, HTML_TAKES);
    } catch (error) {
      return reportInputError(error);
    }
  }
  const checkedAt = Date.now();
  const started = performance.now();
  const reference = await readBatch(options.reference);
  if (!reference) return 1;
  if (options.target !== null && !reference.columns.some((b) => b.column.name === options.target)) {
    process.stderr.write(`error: --target "${options.target}" is not a column of ${options.reference}\n`);
    return 2;
  }
  const names = reference.columns.map((b) => b.column.name);
  const choices = Object.entries(options.columns);
  const unknown = unknownColumns(
    { '--include': choices.filter(([, c]) => c === 'include').map(([n]) => n), '--exclude': choices.filter(([, c]) => c === 'exclude').map(([n]) => n) },
    names,
  );
  if (unknown) {
    process.stderr.write(`error: ${unknown.flag} ${quoted(unknown.names)} ${unknown.names.length === 1 ? 'is not a column' : 'are not columns'} of ${options.reference}; the columns are ${names.join(', ')}\n`);
    return 2;
  }
  const typeOverrides = Object.fromEntries(reference.columns.map((b) => [b.column.name, b.type]));
  const current = await readBatch(options.current, typeOverrides);
  if (!current) return 1;
  const referenceProfiles = reference.columns.map((b) => profileForDrift(b.column, b.type));
  const currentProfiles = current.columns.map((b) => profileForDrift(b.column, b.type));
  // Datetime and id-like columns of the reference are left out of the share unless --include puts them back.
  const excluded = exclusions(reference.columns.map(qualityOf), options.columns);
  const types = new Map(reference.columns.map((b) => [b.column.name, b.type]));
  const report = withColumnTypes(driftReport(referenceProfiles, currentProfiles, options.settings, options.target, excluded), types);
  const warnings = [...coercionWarnings(current, options.current, "the reference's"), ...overflowWarnings(referenceProfiles), ...nonFiniteWarnings(report)];
  let prediction: PredictionDriftResult | null = null;
  if (options.model !== null) {
    try {
      const { drift, card } = await modelPredictionDrift(options.model, { file: options.reference, csv: reference }, { file: options.current, csv: current }, options.settings);
      prediction = { model: options.model, target: card.target, drift };
    } catch (error) {
      return reportInputError(error);
    }
  }
  if (options.html !== null) {
    const side = (file: string, table: CsvTable): DriftSide => ({ name: path.basename(file), rows: table.rows, columns: table.columns.length, arrivedAt: null });
    const html = driftReportHtml({
      report,
      reference: side(options.reference, reference),
      current: side(options.current, current),
      target: options.target,
      settings: options.settings,
      checkedAt,
      totalMs: performance.now() - started,
      warnings,
      generatedAt: Date.now(),
      ...(prediction ? { champion: { model: prediction.model, predictionDrift: prediction.drift } } : {}),
    });
    try {
      writeFileAtomically(options.html, [html], HTML_TAKES);
    } catch (error) {
      return reportInputError(error);
    }
  }
  if (options.json) {
    // stdout stays exactly the fixtures' shape (with prediction drift beside it under --model); anything else goes to stderr.
    const json = prediction ? { ...(driftJson(report) as object), predictionDrift: { model: prediction.model, ...columnJson(prediction.drift) } } : driftJson(report);
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  } else {
    process.stdout.write(`${formatDrift(report, options, { reference, current }, warnings, prediction)}\n`);
  }
  return options.failOnDrift && report.dataset.drift ? DRIFT_FOUND : 0;
}

/** Four significant digits; tiny p-values in exponent form; never a bare NaN or Infinity. */
function num(v: number): string {
  if (!Number.isFinite(v)) return 'not finite';
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

const percent = (share: number): string => `${Number((share * 100).toPrecision(4))}%`;

const CORRECTION_TEXT: Record<Correction, string> = {
  none: '',
  bonferroni: ', p-values corrected by Bonferroni',
  fdr: ', p-values corrected by Benjamini-Hochberg (FDR)',
};

function deciding(c: ColumnDrift): { value: string; threshold: string; pValue: string } {
  const rule = c.rule;
  if (!rule || c.value === null) return { value: '', threshold: '', pValue: '' };
  if (!isPValueStatistic(rule.statistic)) return { value: num(c.value), threshold: `≥ ${rule.threshold}`, pValue: '' };
  const test = rule.statistic === 'ks' ? `D ${num(c.ks?.statistic ?? NaN)}` : `χ² ${num(c.chi2?.statistic ?? NaN)} (dof ${c.chi2?.dof ?? '?'})`;
  const adjusted = c.adjustedPValue === undefined ? '' : ` (adjusted ${num(c.adjustedPValue)})`;
  return { value: test, threshold: `p < ${rule.threshold}`, pValue: `${num(c.value)}${adjusted}` };
}

/** "34% of rows — x, y, z and 3 more": how much of the batch is new, then the first names. */
function newCategoriesText(c: ColumnDrift): string {
  const names = c.newCategories ?? [];
  if (names.length === 0) return '';
  const shown = names.slice(0, 5).join(', ');
  const list = names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
  return c.newCategoryShare === undefined ? list : `${percent(c.newCategoryShare)} of rows — ${list}`;
}

const verdict = (drift: boolean | null): string => (drift === null ? '—' : drift ? 'yes' : 'no');

function table(report: DriftReport): string[] {
  const header = ['column', 'type', 'decided by', 'value', 'threshold', 'p-value', 'drift', 'new categories'];
  const rows = report.columns.map((c) => {
    const { value, threshold, pValue } = deciding(c);
    const name = c.role === 'target' ? `${c.name} (target)` : c.name;
    const decided = c.rule ? STATISTIC_LABELS[c.rule.statistic] : c.excluded ? `left out (${c.excluded})` : 'not compared';
    return [name, c.type, decided, value, threshold, pValue, verdict(c.drift), newCategoriesText(c)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function datasetLine(report: DriftReport): string {
  const d = report.dataset;
  if (d.driftedShare === null) return 'dataset drift: no — no feature column could be compared';
  return (
    `dataset drift: ${d.drift ? 'yes' : 'no'} — ${d.driftedColumns} of ${d.checkedColumns} checked columns drifted ` +
    `(${percent(d.driftedShare)}; drift when ≥ ${percent(d.driftShare)})${CORRECTION_TEXT[d.correction]}`
  );
}

function labelLine(report: DriftReport, target: string): string {
  const label = report.labelDrift;
  if (!label) return `label drift (target "${target}"): not checked, the column is missing from the current batch`;
  if (label.drift === null || !label.rule) return `label drift (target "${target}"): not checked, ${label.problem ?? 'no verdict'}`;
  return `label drift (target "${target}"): ${verdict(label.drift)}, by the ${STATISTIC_LABELS[label.rule.statistic]} (not counted in the dataset share)`;
}

/** The prediction drift line: the verdict, the deciding statistic with its value and threshold, never in the share. */
function predictionLine({ model, drift }: PredictionDriftResult): string {
  const head = `prediction drift (model ${model}, "${drift.name}")`;
  if (drift.drift === null || !drift.rule) return `${head}: not checked, ${drift.problem ?? 'no verdict'}`;
  const { value, threshold, pValue } = deciding(drift);
  const measured = pValue ? `${value}, p = ${pValue}` : value;
  return `${head}: ${verdict(drift.drift)}, by the ${STATISTIC_LABELS[drift.rule.statistic]}: ${measured} (drift when ${threshold}; not counted in the dataset share)`;
}

export function formatDrift(
  report: DriftReport,
  options: DriftOptions,
  tables: { reference: CsvTable; current: CsvTable },
  warnings: string[],
  prediction: PredictionDriftResult | null = null,
): string {
  const size = (t: CsvTable): string => `${t.rows} rows, ${t.columns.length} columns`;
  const { missingColumns, extraColumns } = report.dataset;
  return [
    `reference: ${options.reference} (${size(tables.reference)})`,
    `current:   ${options.current} (${size(tables.current)})`,
    '',
    ...table(report),
    '',
    datasetLine(report),
    ...(options.target !== null ? [labelLine(report, options.target)] : []),
    ...(prediction ? [predictionLine(prediction)] : []),
    ...(missingColumns.length ? [`missing from the current batch (not compared): ${missingColumns.join(', ')}`] : []),
    ...(extraColumns.length ? [`extra in the current batch (not compared): ${extraColumns.join(', ')}`] : []),
    ...report.columns.filter((c) => c.problem).map((c) => `not compared: ${c.name} — ${c.problem}`),
    ...report.columns
      .filter((c) => c.excluded)
      .map((c) => `left out of the dataset share: ${c.name} — ${c.excludedText ?? c.excluded}${c.excluded === 'user' ? '' : ` (--include ${c.name} puts it back)`}`),
    ...warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
