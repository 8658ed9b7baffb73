import { useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { METRIC_LABELS, type MetricKey } from '../../core/metrics/metricKey.ts';
import type { BatchEstimate, DriftReportRecord } from '../../storage/db.ts';
import { isCurrentCheck } from '../../storage/queries/driftReports.ts';
import { ALL_TICKS, NO_GRID_LINES, labelInterval, useChartWidth, useDrawnInTurn, useSeriesDrawn } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { samePoints } from '../components/samePoints.ts';
import { useSame } from '../components/useSame.ts';
import { formatValue, NO_VALUE } from './driftFormat.ts';
import type { BatchDrift } from './useDriftData.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

/** The champion's estimate of the batch when its check is current, else why there is none. */
export function currentEstimate(record: DriftReportRecord | null, championVersion: number | null): BatchEstimate | { note: string } {
  if (championVersion === null) return { note: 'no champion to estimate with' };
  if (!record || !isCurrentCheck(record, championVersion)) return { note: `version ${championVersion} has not estimated this batch yet; it does as soon as the pipeline is idle` };
  return record.champion!.estimate!;
}

interface Point {
  name: string;
  estimate: number | null;
  band: [number, number] | null;
  realised: number | null;
}

/** One point per batch: the estimate of `key`, its interval, and the realised value where the batch had labels. */
function points(rows: BatchDrift[], championVersion: number | null, key: MetricKey): Point[] {
  return rows.map(({ batch, record }) => {
    const e = currentEstimate(record, championVersion);
    if (!('estimate' in e)) return { name: batch.name, estimate: null, band: null, realised: null };
    return { name: batch.name, estimate: e.estimate.estimated[key] ?? null, band: e.estimate.interval[key] ?? null, realised: e.realised?.[key] ?? null };
  });
}

/** The metric the chart follows: the primary one the estimates list first. */
function chartedMetric(rows: BatchDrift[], championVersion: number | null): MetricKey | null {
  for (const { record } of rows) {
    const e = currentEstimate(record, championVersion);
    if ('estimate' in e) return (Object.keys(e.estimate.estimated)[0] as MetricKey | undefined) ?? null;
  }
  return null;
}

function EstimateTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.name}</strong>
      <span>estimated {formatValue(point.estimate)}{point.band ? ` (${formatValue(point.band[0])}–${formatValue(point.band[1])})` : ''}</span>
      <span>realised {point.realised === null ? 'no labels' : formatValue(point.realised)}</span>
    </div>
  );
}

const CHART_HEIGHT = 240;
/** Room for one batch name under the axis ("day-2026-12-05.csv" at 11px, and a gap). */
const LABEL_PX = 120;
/**
 * Room for half a batch name on either side: the line's first and last points sit on the plot's edges,
 * and each name is centred under its point (left, beside the 44px y axis; right, past the last point,
 * where 16px cut the last name to "new-york-20").
 */
const MARGIN = { top: 16, right: LABEL_PX / 2, bottom: 4, left: 16 };
const ESTIMATE = '#2553c7';
const REALISED = '#d1432f';

/**
 * The champion's estimated primary metric per batch in arrival order (CBPE, no labels needed) with its
 * interval as a band, and the realised value as a point where the batch had labels. `rows` are all the
 * compared batches (which metric, or why none); `shown` the stretch of them drawn, and listed in the table.
 */
export function EstimateChart({ rows, shown, championVersion }: { rows: BatchDrift[]; shown: BatchDrift[]; championVersion: number | null }) {
  const [box, width] = useChartWidth();
  const [pointed, pointer] = usePointerEntered();
  const withLines = useSeriesDrawn(width);
  const key = chartedMetric(rows, championVersion);
  // Other points (another stretch, an estimate changed) are drawn in a task of their own.
  const data = useDrawnInTurn(useSame(useMemo(() => (key === null ? [] : points(shown, championVersion, key)), [shown, championVersion, key]), samePoints));
  // Drawn again only for other points or width, or once the pointer brings the tooltip: the Monitor draws
  // this panel again for each report a drift check stores, and new data makes Recharts draw it all again.
  const chart = useMemo(
    () =>
      width !== null && (
        <ComposedChart width={width} height={CHART_HEIGHT} data={data} margin={MARGIN} accessibilityLayer={false}>
          <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
          <XAxis dataKey="name" tick={plainAxisTick} interval={labelInterval(data.length, width, LABEL_PX)} tickLine={false} />
          <YAxis interval={ALL_TICKS} domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} niceTicks="none" tick={plainAxisTick} width={44} axisLine={false} tickLine={false} />
          {pointed && <Tooltip content={EstimateTooltip} isAnimationActive={false} />}
          {withLines && <Area dataKey="band" stroke="none" fill={ESTIMATE} fillOpacity={0.15} isAnimationActive={false} connectNulls={false} />}
          {withLines && <Line dataKey="estimate" stroke={ESTIMATE} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />}
          {withLines && <Line dataKey="realised" stroke="none" dot={{ r: 5, fill: REALISED, stroke: '#fff' }} activeDot={{ r: 6 }} isAnimationActive={false} />}
        </ComposedChart>
      ),
    [data, width, pointed, withLines],
  );
  if (key === null) {
    const reasons = rows.map(({ record }) => currentEstimate(record, championVersion)).filter((e): e is { problem: string } => 'problem' in e);
    const note = championVersion === null ? 'No champion: promote a version to estimate its performance on each batch.' : (reasons[0]?.problem ?? `Version ${championVersion} has not estimated the batches yet.`);
    return <p className="muted estimate-note">{note}</p>;
  }
  const metric = METRIC_LABELS[key];
  const summary = `Version ${championVersion}’s estimated ${metric} per batch in arrival order, with its interval, and the realised ${metric} where a batch has labels.`;
  return (
    <figure className="share-figure estimate-figure">
      <div {...pointer} ref={box} className="share-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        {chart}
      </div>
      <figcaption className="chart-caption">
        <span className="legend-item">
          <span className="swatch" style={{ background: ESTIMATE }} aria-hidden="true" /> estimated {metric} (band: its interval)
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: REALISED }} aria-hidden="true" /> realised {metric} (labeled batches)
        </span>
      </figcaption>
      <table className="visually-hidden">
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Estimated</th>
            <th scope="col">Interval</th>
            <th scope="col">Realised</th>
          </tr>
        </thead>
        <tbody>
          {data.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}</th>
              <td>{formatValue(p.estimate)}</td>
              <td>{p.band ? `${formatValue(p.band[0])}–${formatValue(p.band[1])}` : NO_VALUE}</td>
              <td>{p.realised === null ? 'no labels' : formatValue(p.realised)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The chosen batch's estimated metrics (primary first) with their intervals, beside the realised ones. */
export function EstimateNumbers({ record, championVersion }: { record: DriftReportRecord; championVersion: number | null }) {
  const e = currentEstimate(record, championVersion);
  if ('note' in e) return <p className="muted">{e.note}</p>;
  if ('problem' in e) return <p className="muted">{e.problem}</p>;
  const keys = Object.keys(e.estimate.estimated) as MetricKey[];
  return (
    <div className="table-wrap">
      <table className="data-table estimate-table" aria-label="Estimated performance">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Estimated</th>
            <th scope="col">Interval</th>
            <th scope="col">Realised</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const band = e.estimate.interval[key];
            return (
              <tr key={key} data-metric={key}>
                <th scope="row">{METRIC_LABELS[key]}</th>
                <td>{formatValue(e.estimate.estimated[key])}</td>
                <td>{band ? `${formatValue(band[0])}–${formatValue(band[1])}` : NO_VALUE}</td>
                <td>{e.realised ? formatValue(e.realised[key]) : 'no labels'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
