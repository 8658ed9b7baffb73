import { formatBytes, formatCount, formatTime } from '../format.ts';
import { differenceText, judgeDifference, judgeMetric, type JudgedDifference } from '../metrics/difference.ts';
import { formatMetric, metricRows } from '../metrics/format.ts';
import { METRIC_LABELS, metricValue, type MetricKey } from '../metrics/metricKey.ts';
import type { ClassScore } from '../metrics/precisionRecall.ts';
import type { GateCheck, GateDecision } from '../pipeline/gate.ts';
import type { HeadlineMetrics } from '../training/modelCard.ts';
import type { ParamValue } from '../training/paramValues.ts';
import type { Task } from '../training/task.ts';
import { badge, document, esc, raw, section, table, type Cell } from './html.ts';

/** One side of the comparison as the page (a version) or the CLI (a model directory) knows it. */
export interface ComparedVersion {
  /** How the text names it: "version 3", "the challenger (models/v3)". */
  name: string;
  /** A column's head: "Version 3", "Challenger". */
  label: string;
  metrics: HeadlineMetrics | null;
  perClass: ClassScore[] | null;
  latencyMs: number | null;
  sizeBytes: number | null;
  /** Its hyper-parameters and the rest that shaped it, in reading order. */
  settings: ParamValue[];
}

/** The comparison view's numbers (or `relearn compare`'s): `a` plays the champion, `b` the challenger. */
export interface CompareReportInput {
  task: Task;
  classes: string[] | null;
  metric: MetricKey;
  /** "the same 120 holdout rows of version 3", "120 rows of holdout.csv". */
  rowsText: string;
  a: ComparedVersion;
  b: ComparedVersion;
  /** b − a on the metric, signed so that positive means b is better; null when not computed. */
  improvement: number | null;
  mcnemar: { b: number; c: number; pValue: number } | null;
  bootstrap: { level: number; low: number; high: number; resamples: number } | null;
  gate: GateDecision;
  /** Caveats said beside the numbers (rows a version trained on, left-out rows, warnings). */
  notes: string[];
  generatedAt: number;
}

const toneClass = (d: JudgedDifference | null): string | undefined => (d === null || d.verdict === 'same' ? undefined : d.verdict);
const judged = (d: JudgedDifference | null, format: (x: number) => string): Cell => {
  const text = differenceText(d, format);
  const tone = toneClass(d);
  return tone ? raw(`<span class="${tone}">${esc(text)}</span>`) : text;
};
const milliseconds = (ms: number): string => `${ms.toFixed(1)} ms`;

function metricsTable(input: CompareReportInput): string {
  const { a, b } = input;
  const left = a.metrics ? metricRows(input.task, a.metrics, input.classes) : [];
  const right = b.metrics ? metricRows(input.task, b.metrics, input.classes) : [];
  const rows: Cell[][] = left.map((row) => {
    const other = right.find((x) => x.key === row.key)?.value;
    const label = row.key === input.metric ? raw(`${esc(row.label)} ${badge('primary', 'accent').html}`) : row.label;
    return [label, formatMetric(row.value), formatMetric(other), judged(judgeMetric(row.key, row.value, other), formatMetric)];
  });
  // Latency and size: lower is better.
  rows.push([
    'Latency per 1,000 rows',
    a.latencyMs === null ? '—' : milliseconds(a.latencyMs),
    b.latencyMs === null ? '—' : milliseconds(b.latencyMs),
    judged(judgeDifference(a.latencyMs, b.latencyMs, false), milliseconds),
  ]);
  rows.push(['Size', a.sizeBytes === null ? '—' : formatBytes(a.sizeBytes), b.sizeBytes === null ? '—' : formatBytes(b.sizeBytes), judged(judgeDifference(a.sizeBytes, b.sizeBytes, false), formatBytes)]);
  const primaryRow = left.findIndex((r) => r.key === input.metric);
  return table(
    'Metrics side by side',
    [{ title: 'Metric' }, { title: a.label, num: true }, { title: b.label, num: true }, { title: `${b.label} − ${a.label}`, num: true }],
    rows,
    (i) => (i === primaryRow ? 'primary' : undefined),
  );
}

function pairedTests(input: CompareReportInput): string {
  const { mcnemar, bootstrap, a, b } = input;
  const mcnemarText = mcnemar
    ? `${a.name} right only on ${formatCount(mcnemar.b)} rows, ${b.name} right only on ${formatCount(mcnemar.c)}: p = ${mcnemar.pValue < 1e-4 ? mcnemar.pValue.toExponential(2) : mcnemar.pValue.toFixed(4)}`
    : 'not applicable (regression)';
  const bootstrapText = bootstrap
    ? `${Math.round(bootstrap.level * 100)}% interval of ${METRIC_LABELS[input.metric]} (${b.name} − ${a.name}): [${formatMetric(bootstrap.low)}, ${formatMetric(bootstrap.high)}], ${formatCount(bootstrap.resamples)} resamples`
    : 'not computed';
  return `<dl class="facts"><div><dt>McNemar (exact)</dt><dd>${esc(mcnemarText)}</dd></div><div><dt>Bootstrap interval</dt><dd>${esc(bootstrapText)}</dd></div></dl>`;
}

/** Every check of a gate with its value, threshold and result; a check shown for information says so. */
export function gateChecksTable(checks: GateCheck[]): string {
  const result = (c: GateCheck): Cell => (c.gating === false ? badge(`${c.pass ? 'pass' : 'fail'}: shown, not gating`, 'neutral') : badge(c.pass ? 'pass' : 'fail', c.pass ? 'pass' : 'fail'));
  return table(
    'Gate checks',
    [{ title: 'Check' }, { title: 'Value' }, { title: 'Threshold' }, { title: 'Result' }],
    checks.map((c) => [c.name, c.value, c.threshold, result(c)]),
  );
}

function gateSection(input: CompareReportInput): string {
  const { gate } = input;
  const head = gate.decision === 'promote' ? badge('would promote', 'pass') : badge(`would keep ${input.a.name}`, 'fail');
  return `<p>${head.html} ${esc(gate.reason)}</p>${gateChecksTable(gate.checks)}`;
}

function perClassTable(input: CompareReportInput): string {
  const { a, b } = input;
  const left = a.perClass ?? [];
  const right = b.perClass ?? [];
  const rows = left.map((s, k): Cell[] => {
    const o = right[k];
    return [input.classes?.[s.label] ?? `class ${s.label}`, formatCount(s.support), formatMetric(s.recall), formatMetric(o?.recall), formatMetric(s.f1), formatMetric(o?.f1), judged(judgeMetric('f1', s.f1, o?.f1), formatMetric)];
  });
  return table(
    'Per class side by side',
    [
      { title: 'Class' },
      { title: 'Support', num: true },
      { title: `Recall ${a.label}`, num: true },
      { title: `Recall ${b.label}`, num: true },
      { title: `F1 ${a.label}`, num: true },
      { title: `F1 ${b.label}`, num: true },
      { title: `F1 ${b.label} − ${a.label}`, num: true },
    ],
    rows,
  );
}

/** Every setting either side has, in the order they were given, with whether they differ. */
function paramsTable(input: CompareReportInput): string {
  const keys: { key: string; label: string }[] = [];
  for (const p of [...input.a.settings, ...input.b.settings]) if (!keys.some((k) => k.key === p.key)) keys.push({ key: p.key, label: p.label });
  const value = (side: ComparedVersion, key: string): string => side.settings.find((p) => p.key === key)?.value ?? '—';
  const rows = keys.map(({ key, label }): Cell[] => {
    const [x, y] = [value(input.a, key), value(input.b, key)];
    return [label, x, y, x === y ? 'same' : badge('differs', 'warn')];
  });
  return table('Settings of both sides', [{ title: 'Setting' }, { title: input.a.label }, { title: input.b.label }, { title: 'Differs' }], rows, (i) => (rows[i]![3] === 'same' ? undefined : 'highlight'));
}

function lede(input: CompareReportInput): string {
  const { a, b, metric, improvement } = input;
  const primary = judgeMetric(metric, metricValue(a.metrics, metric), metricValue(b.metrics, metric));
  const how = improvement === null ? 'could not be compared on' : improvement > 0 ? 'is better on' : improvement < 0 ? 'is worse on' : 'ties on';
  return `On ${input.rowsText}: ${b.name} ${how} ${METRIC_LABELS[metric]}${improvement !== null && primary ? ` (${differenceText(primary, formatMetric)})` : ''}.`;
}

/** Two versions side by side on the same rows, the paired tests and the gate, as one self-contained HTML document. */
export function compareReportHtml(input: CompareReportInput): string {
  const notes = input.notes.length ? `<ul>${input.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const body = [
    section('Summary', `<p class="lede">${esc(lede(input))}</p>${notes}`),
    section('Metrics', metricsTable(input), `Each difference is ${input.b.name} − ${input.a.name}, marked better or worse for ${input.b.name}.`),
    section('Paired tests', pairedTests(input), 'Who got which rows right, and how sure the difference is.'),
    section('Gate on these rows', gateSection(input), `The pipeline gate with ${input.b.name} as challenger.`),
    input.task === 'regression' ? '' : section('Per class', perClassTable(input)),
    section('Parameters', paramsTable(input)),
  ].join('\n');
  return document(`Comparison: ${input.a.label} against ${input.b.label}`, `${input.a.name} against ${input.b.name}, on ${input.rowsText}`, body, formatTime(input.generatedAt));
}
