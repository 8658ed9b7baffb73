import type { ColumnDrift } from '../drift/columnDrift.ts';
import { DEFAULT_SORT, sortColumns } from '../drift/columnSort.ts';
import { CORRECTION_LABELS, formatDecidingValue, formatPercent, formatPValue, formatThreshold, formatValue, statisticLabel, testPValue } from '../drift/format.ts';
import type { DriftReport } from '../drift/report.ts';
import type { DriftSettings } from '../drift/settings.ts';
import { formatCount, formatTime, plural } from '../format.ts';
import { badge, document, esc, facts, raw, section, table, type Cell } from './html.ts';
import { championHtml, type ChampionSection } from './championSection.ts';
import { overlaySvg } from './svg.ts';

/** One side of the check: the batch's name (a file name in the CLI), and its size when known. */
export interface DriftSide {
  name: string;
  rows: number | null;
  columns: number | null;
  /** When the batch arrived (the page); null for a file. */
  arrivedAt: number | null;
}

/** What the Monitor shows for one batch (or `relearn drift` computes for two files). */
export interface DriftReportInput {
  report: DriftReport;
  reference: DriftSide;
  current: DriftSide;
  target: string | null;
  settings: DriftSettings;
  checkedAt: number;
  /** The whole check's time in milliseconds, where it was measured. */
  totalMs: number | null;
  warnings: string[];
  /** When the report file is made. */
  generatedAt: number;
  /** The champion's predictions on both batches and its label-free estimate; absent when no model was asked for. */
  champion?: ChampionSection;
}

const dash = '—';

function verdictText(report: DriftReport): string {
  const { dataset } = report;
  if (dataset.driftedShare === null) return 'No dataset verdict: no feature column could be compared.';
  return `${dataset.drift ? 'Dataset drift' : 'No dataset drift'}: ${dataset.driftedColumns} of ${plural(dataset.checkedColumns, 'feature column')} drifted (${formatPercent(dataset.driftedShare)}), ${dataset.drift ? 'at or above' : 'below'} the ${formatPercent(dataset.driftShare)} threshold.`;
}

function labelDriftText(column: ColumnDrift | null, target: string | null): Cell {
  if (!target) return 'no target column chosen';
  if (!column) return `“${target}” is not in both batches`;
  if (!column.rule || column.drift === null) return `“${target}” not compared: ${column.problem ?? 'no verdict'}`;
  const text = `“${column.name}”: ${statisticLabel(column.rule.statistic)} ${formatDecidingValue(column.rule.statistic, column.value)} (${formatThreshold(column.rule.statistic, column.rule.threshold)})`;
  return raw(`${badge(column.drift ? 'label drift' : 'no label drift', column.drift ? 'fail' : 'pass').html} ${esc(text)} <span class="muted">(not counted in the dataset share)</span>`);
}

const names = (list: string[]): string => (list.length === 0 ? 'none' : list.map((n) => `“${n}”`).join(', '));

function driftBadge(column: ColumnDrift): Cell {
  if (column.excluded) return badge('left out', 'neutral');
  if (column.drift === null) return badge('not compared', 'neutral');
  return badge(column.drift ? 'drift' : 'no drift', column.drift ? 'fail' : 'pass');
}

/** Every column: its deciding statistic, value, threshold, p-value, verdict, and the rule's reason in full. */
function columnsTable(report: DriftReport): string {
  const corrected = report.dataset.correction !== 'none';
  const columns = [
    { title: 'Column' },
    { title: 'Type' },
    { title: 'Decided by' },
    { title: 'Value', num: true },
    { title: 'Threshold', num: true },
    { title: 'p-value', num: true },
    ...(corrected ? [{ title: 'Adjusted p', num: true }] : []),
    { title: 'Drift' },
    { title: 'Why this rule' },
  ];
  const sorted = sortColumns(report.columns, DEFAULT_SORT);
  const rows = sorted.map((c): Cell[] => {
    const name = c.role === 'target' ? `${c.name} (target)` : c.name;
    const rule = c.rule;
    if (!rule) {
      const why = c.excluded ? `Left out of the dataset share: ${c.excludedText ?? c.excluded}.` : `Not compared: ${c.problem ?? 'no result'}.`;
      return [name, c.type, dash, dash, dash, dash, ...(corrected ? [dash] : []), driftBadge(c), why];
    }
    const p = testPValue(c);
    return [
      name,
      c.type,
      statisticLabel(rule.statistic),
      formatDecidingValue(rule.statistic, c.value),
      formatThreshold(rule.statistic, rule.threshold),
      p === undefined ? dash : formatPValue(p),
      ...(corrected ? [c.adjustedPValue === undefined ? dash : formatPValue(c.adjustedPValue)] : []),
      driftBadge(c),
      rule.reason,
    ];
  });
  return table('Column drift, drifted columns first', columns, rows, (i) => (sorted[i]!.drift ? 'highlight' : undefined));
}

/** Small overlays of reference and current for every drifted column, the label among them where it drifted. */
function overlays(report: DriftReport): string {
  const drifted = report.columns.filter((c) => c.drift && c.distribution);
  if (drifted.length === 0) return '<p class="muted">No column drifted: no distribution to show.</p>';
  const figures = drifted.map(
    (c) => `<figure>${overlaySvg(c.name, c.distribution!, c.type === 'datetime')}<figcaption>“${esc(c.name)}”${c.role === 'target' ? ' (target)' : ''}: ${esc(statisticLabel(c.rule!.statistic))} ${esc(formatDecidingValue(c.rule!.statistic, c.value))}</figcaption></figure>`,
  );
  return `<div class="charts">${figures.join('\n')}</div>`;
}

function settingsFacts(settings: DriftSettings): string {
  const pins = Object.entries(settings.columnPins);
  return facts([
    ['Significance level (α)', formatValue(settings.alpha)],
    ['Wasserstein threshold', formatValue(settings.wassersteinThreshold)],
    ['Jensen-Shannon threshold', formatValue(settings.jensenShannonThreshold)],
    ['Dataset drift at a share of', formatPercent(settings.driftShare)],
    ['Correction', CORRECTION_LABELS[settings.correction]],
    ['Pinned for all columns', settings.pin ? `${statisticLabel(settings.pin.statistic)}, ${formatThreshold(settings.pin.statistic, settings.pin.threshold)}` : 'none'],
    ['Pinned per column', pins.length === 0 ? 'none' : pins.map(([n, pin]) => `“${n}”: ${statisticLabel(pin.statistic)} ${formatThreshold(pin.statistic, pin.threshold)}`).join('; ')],
  ]);
}

const sideText = (side: DriftSide): string =>
  [side.rows === null ? null : plural(side.rows, 'row'), side.columns === null ? null : plural(side.columns, 'column'), side.arrivedAt === null ? null : `arrived ${formatTime(side.arrivedAt)}`]
    .filter(Boolean)
    .join(', ');

/** The drift check of one batch against the reference as one self-contained HTML document. */
export function driftReportHtml(input: DriftReportInput): string {
  const { report } = input;
  const { dataset } = report;
  const tone = dataset.drift ? 'fail' : dataset.driftedShare === null ? 'neutral' : 'pass';
  const verdict = `<p class="lede">${badge(dataset.drift ? 'drift' : 'no drift', tone).html} ${esc(verdictText(report))}</p>`;
  const summary = facts([
    ['Current batch', raw(`<strong>${esc(input.current.name)}</strong> <span class="muted">${esc(sideText(input.current))}</span>`)],
    ['Reference batch', raw(`<strong>${esc(input.reference.name)}</strong> <span class="muted">${esc(sideText(input.reference))}</span>`)],
    ['Drifted share', `${formatPercent(dataset.driftedShare)} of ${formatCount(dataset.checkedColumns)} · threshold ${formatPercent(dataset.driftShare)}`],
    ['Correction', CORRECTION_LABELS[dataset.correction]],
    ['Label drift', labelDriftText(report.labelDrift, input.target)],
    ['Left out', names(report.columns.filter((c) => c.excluded).map((c) => c.name))],
    ['Missing columns', names(dataset.missingColumns)],
    ['Extra columns', names(dataset.extraColumns)],
    ['Checked', `${formatTime(input.checkedAt)}${input.totalMs === null ? '' : ` in ${Math.round(input.totalMs)} ms`}`],
  ]);
  const warnings = input.warnings.length ? section('Warnings', `<ul>${input.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`) : '';
  const body = [
    section('Verdict', verdict + summary),
    section('Columns', columnsTable(report), 'Each column is decided by one statistic; the last column says why that one (the rule and its facts).'),
    section('Distributions of the drifted columns', overlays(report), 'Shares of the reference and the current rows on shared bins (numeric) or categories.'),
    input.champion ? section('The champion’s predictions', championHtml(input.champion), 'Prediction drift and the label-free estimate are shown beside the columns, never counted in the share.') : '',
    section('Settings used', settingsFacts(input.settings)),
    warnings,
  ].join('\n');
  return document(`Drift report: ${input.current.name}`, `${input.current.name} against the reference ${input.reference.name}, checked ${formatTime(input.checkedAt)}`, body, formatTime(input.generatedAt));
}
