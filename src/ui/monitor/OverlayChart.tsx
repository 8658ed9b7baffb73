import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { Overlay } from '../../core/drift/overlay.ts';
import { ALL_TICKS, NO_GRID_LINES, labelInterval, useChartWidth, useSeriesDrawn } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { niceTicks } from '../models/chartTicks.ts';
import { formatPercent, formatValue } from './driftFormat.ts';
import { categoryAxisTick, plainAxisTick } from '../components/plainTick.tsx';
import { plainBar } from '../components/openBar.tsx';

/** One bin or category: its label and the share of reference and current rows in it. */
interface Share {
  label: string;
  /** The bin's range or the category, as the tooltip and the text alternative name it. */
  title: string;
  reference: number;
  current: number;
}

const DAY_MS = 86_400_000;

/** Epoch milliseconds as a UTC date, with the time of day when bins are narrower than a day. */
function dateFormat(edges: readonly number[]): (v: number | undefined) => string {
  const width = edges.length > 1 ? (edges[edges.length - 1]! - edges[0]!) / (edges.length - 1) : DAY_MS;
  return (v) => (v === undefined || !Number.isFinite(v) ? formatValue(v) : new Date(v).toISOString().slice(0, width < DAY_MS ? 16 : 10).replace('T', ' '));
}

function shares(overlay: Overlay, datetime: boolean): Share[] {
  if (overlay.type === 'categorical') {
    return overlay.categories.map((category, i) => ({ label: category, title: category, reference: overlay.reference[i] ?? 0, current: overlay.current[i] ?? 0 }));
  }
  const format = datetime ? dateFormat(overlay.edges) : formatValue;
  return overlay.reference.map((reference, i) => {
    const from = format(overlay.edges[i]);
    const to = format(overlay.edges[i + 1]);
    return { label: from, title: `${from} – ${to}`, reference, current: overlay.current[i] ?? 0 };
  });
}

function ShareTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const share = payload?.[0]?.payload as Share | undefined;
  if (!active || !share) return null;
  return (
    <div className="chart-tooltip">
      <strong>{share.title}</strong>
      <span>
        <span className="swatch swatch-reference" aria-hidden="true" /> reference {formatPercent(share.reference)}
      </span>
      <span>
        <span className="swatch swatch-current" aria-hidden="true" /> current {formatPercent(share.current)}
      </span>
    </div>
  );
}

const NUMERIC_HEIGHT = 300;
/** Room for one bin's label under the axis ("1,234.5" at 11px, and a gap). */
const BIN_LABEL_PX = 56;
const percentTick = (v: number): string => formatPercent(v);
/** The share axis's ticks: up to the next tenth above the largest bar (shares never pass 100%). */
function shareTicks(data: Share[]): number[] {
  const largest = Math.max(0, ...data.map((d) => Math.max(d.reference, d.current)));
  return niceTicks(0, Math.min(1, Math.ceil(largest * 10 + 1e-9) / 10));
}
const REFERENCE = '#98a2b3';
const CURRENT = '#2553c7';
// The numeric bars are see-through, so where they overlap a third colour shows: the legend names it.
const REFERENCE_OPACITY = 0.55;
const CURRENT_OPACITY = 0.45;

/**
 * Swatches painted as the bars are (the same colours and opacities, stacked the same way), so the
 * overlap's colour matches the chart's; the categorical bars stand side by side, solid. In the page, not
 * Recharts' Legend, which reads its box in the page as the chart is drawn (a forced layout of the page).
 */
function OverlayLegend({ numeric }: { numeric: boolean }) {
  const layer = (colour: string, opacity: number) => <span className="overlay-layer" style={{ background: colour, opacity: numeric ? opacity : 1 }} />;
  return (
    <ul className="overlay-legend" aria-label="Legend">
      <li>
        <span className="overlay-swatch" aria-hidden="true">
          {layer(REFERENCE, REFERENCE_OPACITY)}
        </span>
        reference
      </li>
      <li>
        <span className="overlay-swatch" aria-hidden="true">
          {layer(CURRENT, CURRENT_OPACITY)}
        </span>
        current
      </li>
      {numeric && (
        <li>
          <span className="overlay-swatch" aria-hidden="true">
            {layer(REFERENCE, REFERENCE_OPACITY)}
            {layer(CURRENT, CURRENT_OPACITY)}
          </span>
          both (overlap)
        </li>
      )}
    </ul>
  );
}

/** Numeric: both histograms on the same bins, drawn over each other (each bar series on its own x axis, so they overlap instead of standing side by side). */
function NumericOverlay({ data, width, pointed, bars }: { data: Share[]; width: number; pointed: boolean; bars: boolean }) {
  const ticks = shareTicks(data);
  return (
    <BarChart width={width} height={NUMERIC_HEIGHT} data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} barCategoryGap={1} accessibilityLayer={false}>
      <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
      <XAxis xAxisId="reference" dataKey="label" tick={plainAxisTick} interval={labelInterval(data.length, width, BIN_LABEL_PX)} tickLine={false} />
      <XAxis xAxisId="current" dataKey="label" hide height={0} />
      <YAxis interval={ALL_TICKS} domain={[0, ticks[ticks.length - 1]!]} ticks={ticks} niceTicks="none" tickFormatter={percentTick} tick={plainAxisTick} width={48} axisLine={false} tickLine={false} />
      {pointed && <Tooltip content={ShareTooltip} cursor={{ fill: 'rgba(37, 83, 199, 0.06)' }} isAnimationActive={false} />}
      {bars && <Bar xAxisId="reference" dataKey="reference" name="reference" fill={REFERENCE} fillOpacity={REFERENCE_OPACITY} isAnimationActive={false} shape={plainBar} />}
      {bars && <Bar xAxisId="current" dataKey="current" name="current" fill={CURRENT} fillOpacity={CURRENT_OPACITY} isAnimationActive={false} shape={plainBar} />}
    </BarChart>
  );
}

/** Categorical: grouped horizontal bars, categories (most frequent first) read down the side. */
const categoricalHeight = (data: Share[]): number => Math.max(140, 60 + data.length * 30);

function CategoricalOverlay({ data, width, pointed, bars }: { data: Share[]; width: number; pointed: boolean; bars: boolean }) {
  const ticks = shareTicks(data);
  return (
    <BarChart
      width={width}
      height={categoricalHeight(data)}
      layout="vertical"
      data={data}
      margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
      barCategoryGap={5}
      barGap={1}
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} horizontalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
      <XAxis interval={ALL_TICKS} type="number" domain={[0, ticks[ticks.length - 1]!]} ticks={ticks} niceTicks="none" tickFormatter={percentTick} tick={plainAxisTick} tickLine={false} />
      <YAxis type="category" dataKey="label" tick={categoryAxisTick} width={130} tickLine={false} interval={ALL_TICKS} />
      {pointed && <Tooltip content={ShareTooltip} cursor={{ fill: 'rgba(37, 83, 199, 0.06)' }} isAnimationActive={false} />}
      {bars && <Bar dataKey="reference" name="reference" fill={REFERENCE} isAnimationActive={false} shape={plainBar} />}
      {bars && <Bar dataKey="current" name="current" fill={CURRENT} isAnimationActive={false} shape={plainBar} />}
    </BarChart>
  );
}

/**
 * Reference and current as shares of their rows on shared bins, with the same numbers as a table for screen
 * readers. Memoised, and its data kept while the overlay is the same: the Monitor's verdict around it is
 * drawn again at each step of a drift check, and new data makes Recharts draw the whole chart again.
 */
export const OverlayChart = memo(function OverlayChart({ column, overlay, datetime = false }: { column: string; overlay: Overlay; datetime?: boolean }) {
  const data = useMemo(() => shares(overlay, datetime), [overlay, datetime]);
  const [box, width] = useChartWidth();
  const [pointed, pointer] = usePointerEntered();
  const bars = useSeriesDrawn(width);
  const what = overlay.type === 'numeric' ? `${data.length} bins from ${data[0]?.title.split(' – ')[0] ?? '—'} to ${data.at(-1)?.title.split(' – ')[1] ?? '—'}` : `${data.length} categories`;
  return (
    <figure className="overlay-figure">
      <OverlayLegend numeric={overlay.type === 'numeric'} />
      <div
        {...pointer}
        ref={box}
        className="overlay-chart"
        role="img"
        aria-label={`Distribution of ${column} in the reference and the current batch: ${what}`}
        style={{ height: overlay.type === 'numeric' ? NUMERIC_HEIGHT : categoricalHeight(data) }}
      >
        {width !== null && (overlay.type === 'numeric' ? <NumericOverlay data={data} width={width} pointed={pointed} bars={bars} /> : <CategoricalOverlay data={data} width={width} pointed={pointed} bars={bars} />)}
      </div>
      <table className="visually-hidden">
        <caption>Share of rows of {column} per {overlay.type === 'numeric' ? 'bin' : 'category'}</caption>
        <thead>
          <tr>
            <th scope="col">{overlay.type === 'numeric' ? 'Bin' : 'Category'}</th>
            <th scope="col">Reference</th>
            <th scope="col">Current</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d, i) => (
            <tr key={i}>
              <th scope="row">{d.title}</th>
              <td>{formatPercent(d.reference)}</td>
              <td>{formatPercent(d.current)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
