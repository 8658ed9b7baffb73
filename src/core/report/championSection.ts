import type { ColumnDrift } from '../drift/columnDrift.ts';
import { formatDecidingValue, formatThreshold, formatValue, NO_VALUE, statisticLabel, statisticText } from '../drift/format.ts';
import type { PerformanceEstimate } from '../estimation/cbpe.ts';
import { METRIC_LABELS, type MetricKey } from '../metrics/metricKey.ts';
import { badge, esc, table } from './html.ts';
import { overlaySvg } from './svg.ts';

/** The champion's side of a drift check, as the Monitor shows it: prediction drift and its label-free estimate. */
export interface ChampionSection {
  /** Whose predictions: "version 3", or a model directory for the CLI. */
  model: string;
  /** Prediction drift; null with `note` saying why there is none. */
  predictionDrift: ColumnDrift | null;
  note?: string;
  /** The label-free estimate with the realised metrics where the batch has labels; a string says why there is none; absent when not made. */
  estimate?: { estimate: PerformanceEstimate; realised: Partial<Record<MetricKey, number | null>> | null } | string;
}


function predictionDriftHtml(champion: ChampionSection): string {
  const c = champion.predictionDrift;
  if (!c) return `<p class="muted">Prediction drift: ${esc(champion.note ?? 'not compared')}.</p>`;
  if (!c.rule || c.drift === null) return `<p class="muted">Prediction drift: “${esc(c.name)}” not compared: ${esc(c.problem ?? 'no verdict')}.</p>`;
  const verdict = badge(c.drift ? 'prediction drift' : 'no prediction drift', c.drift ? 'fail' : 'pass').html;
  const line = `${champion.model}’s “${c.name}”: ${statisticLabel(c.rule.statistic)} ${formatDecidingValue(c.rule.statistic, c.value)} (${formatThreshold(c.rule.statistic, c.rule.threshold)})`;
  const chart = c.distribution ? `<div class="charts"><figure>${overlaySvg(c.name, c.distribution, false)}<figcaption>${esc(statisticText(c))}</figcaption></figure></div>` : '';
  return (
    `<p>${verdict} ${esc(line)} <span class="muted">(not counted in the dataset share)</span></p>` +
    `<p class="muted">Predictions on the reference (${esc(c.nReference.toLocaleString('en-US'))} rows) and on this batch (${esc(c.nCurrent.toLocaleString('en-US'))}). ${esc(c.rule.reason)}</p>${chart}`
  );
}

function estimateHtml(estimate: ChampionSection['estimate']): string {
  if (estimate === undefined) return '';
  if (typeof estimate === 'string') return `<p class="muted">Estimated performance: ${esc(estimate)}.</p>`;
  const keys = Object.keys(estimate.estimate.estimated) as MetricKey[];
  const rows = keys.map((key) => {
    const band = estimate.estimate.interval[key];
    return [METRIC_LABELS[key], formatValue(estimate.estimate.estimated[key]), band ? `${formatValue(band[0])}–${formatValue(band[1])}` : NO_VALUE, estimate.realised ? formatValue(estimate.realised[key]) : 'no labels'];
  });
  return table(
    `Estimated performance without labels (CBPE, ${estimate.estimate.rows.toLocaleString('en-US')} rows), beside the realised one`,
    [{ title: 'Metric' }, { title: 'Estimated', num: true }, { title: 'Interval', num: true }, { title: 'Realised', num: true }],
    rows,
  );
}

/** The body of the report's champion section. */
export const championHtml = (champion: ChampionSection): string => predictionDriftHtml(champion) + estimateHtml(champion.estimate);
