import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { loadChampionHistory, type ChampionHistory, type ChampionMarker, type ScoringProgress } from '../../bridge/trainBridge.ts';
import { isMetricKey, METRIC_LABELS } from '../../core/metrics/metricKey.ts';
import { formatTime } from '../format.ts';
import { distinctlyLabelled, markerLanes, shareOf, timeAxis } from './championLayout.ts';
import { plainAxisTick } from '../components/plainTick.tsx';
import { ALL_TICKS, NO_GRID_LINES, useChartWidth } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { niceTicks } from '../models/chartTicks.ts';

interface Point {
  at: number;
  name: string;
  version: number | null;
  value: number | null;
  /** The first champion's metric on a batch that arrived before any champion. */
  before: number | null;
  firstVersion: number | null;
}

const MARGIN = { top: 12, right: 24, bottom: 4, left: 8 };
const Y_AXIS_WIDTH = 64;
const LANE_HEIGHT = 20;
/** The least share of the plot's width between two markers in one lane: a marker and its "v12" label. */
const MARKER_GAP = 0.045;
/** Above this many batches a dot per point hides the line and costs hundreds of SVG nodes: the line alone, dots on hover. */
const DOTS_UP_TO = 60;
const MARKER = {
  'model.promoted': { colour: '#1f8a4c', path: 'M0,-6 L6,5 L-6,5 Z', word: 'Promotion', legend: 'promotion' },
  'model.rolledback': { colour: '#c2410c', path: 'M0,6 L6,-5 L-6,-5 Z', word: 'Rollback', legend: 'rollback' },
} as const;


const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function PointTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.name}</strong>
      <span>arrived {formatTime(point.at)}</span>
      <span>
        {point.version === null
          ? `no champion yet when it arrived${point.firstVersion !== null && point.before !== null ? `; the first champion (version ${point.firstVersion}) scores ${point.before.toFixed(4)} on it` : ''}`
          : `version ${point.version}: ${point.value === null ? 'could not be scored' : point.value.toFixed(4)}`}
      </span>
    </div>
  );
}

/** Promotions and rollbacks in a band under the plot, on the same time axis: never on a point, never on each other. */
function MarkerBand({ markers, domain }: { markers: ChampionMarker[]; domain: [number, number] }) {
  const shares = markers.map((m) => shareOf(m.at, domain));
  const lanes = markerLanes(shares, MARKER_GAP);
  const height = (Math.max(-1, ...lanes) + 1) * LANE_HEIGHT + 4;
  return (
    <svg className="champion-markers" height={height} style={{ marginLeft: MARGIN.left + Y_AXIS_WIDTH, width: `calc(100% - ${MARGIN.left + Y_AXIS_WIDTH + MARGIN.right}px)` }} aria-hidden="true">
      {markers.map((m, i) => (
        <svg key={m.seq} x={`${shares[i]! * 100}%`} y={lanes[i]! * LANE_HEIGHT + LANE_HEIGHT / 2 + 2} overflow="visible" className="champion-marker" data-kind={m.kind} data-lane={lanes[i]}>
          <title>{`${MARKER[m.kind].word} to version ${m.version}, ${formatTime(m.at)} (${m.actor === 'auto' ? 'automatic' : 'by a person'})`}</title>
          <line y1={-LANE_HEIGHT / 2 - 2 - lanes[i]! * LANE_HEIGHT} y2={-7} stroke={MARKER[m.kind].colour} strokeWidth={1} strokeDasharray="2 2" />
          <path d={MARKER[m.kind].path} fill={MARKER[m.kind].colour} />
          <text x={9} y={4} fontSize={11} fill={MARKER[m.kind].colour}>
            v{m.version}
          </text>
        </svg>
      ))}
    </svg>
  );
}

/**
 * The champion's primary metric on each labeled batch at the time the batch arrived (the champion being
 * the version serving then), with each promotion and rollback marked at its time in a band under the plot.
 * `refresh` changes when promotions, rollbacks or batches do, so the chart is scored again.
 */
export function ChampionChart({ refresh }: { refresh: string }) {
  const [history, setHistory] = useState<ChampionHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ScoringProgress | null>(null);
  useEffect(() => {
    let current = true;
    loadChampionHistory((p) => current && setProgress(p)).then(
      (h) => current && (setHistory(h), setError(null), setProgress(null)),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [refresh]);
  if (error) return <p role="alert" className="muted champion-figure">The champion chart could not be made: {error}</p>;
  if (!history) {
    // Scores made before are read from storage; progress comes only for the batches scored now.
    return (
      <p className="muted champion-figure" role="status">
        {progress ? `Scoring the champion on the batches not scored before: ${progress.done} of ${progress.of}…` : 'Reading the champion’s scores on each labeled batch…'}
      </p>
    );
  }
  if (history.points.length === 0) return <p className="muted champion-figure">No labeled batch and champion yet: the champion's metric on each batch appears here once a version is promoted.</p>;
  return <ChampionPlot history={history} />;
}

/** The points of the chart, the metric's label and the axes' ticks: worked out once per history. */
function plotOf(history: ChampionHistory) {
  const data: Point[] = history.points.map((p) => ({ at: p.arrivedAt, name: p.name, version: p.version, value: p.value, before: p.firstChampion?.value ?? null, firstVersion: p.firstChampion?.version ?? null }));
  // The hollow series joins the solid one at the first served batch, so the two read as one line.
  const firstServed = data.findIndex((d) => d.value !== null);
  if (firstServed > 0 && data[firstServed - 1]!.before !== null) data[firstServed]!.before = data[firstServed]!.value;
  const key = history.points.find((p) => p.metricKey)?.metricKey ?? null;
  const metric = key && isMetricKey(key) ? METRIC_LABELS[key] : (key ?? 'metric');
  const axis = timeAxis([...data.map((d) => d.at), ...history.markers.map((m) => m.at)]);
  const tickText = (at: number): string => (axis.withDate ? dayAndTime : timeOfDay).format(at);
  const timeTicks = distinctlyLabelled(axis.ticks, tickText);
  const values = data.flatMap((d) => [d.value, d.before]).filter((v): v is number => v !== null);
  // Two decimals on the axis: steps no finer than 0.01, so no two labels read the same.
  const ticks = values.length > 0 ? niceTicks(Math.min(...values), Math.max(...values), 0.01) : [0, 1];
  const summary = `Champion ${metric} per labeled batch, by arrival time: ${data.map((d) => `${d.name} (arrived ${formatTime(d.at)}) ${d.value === null ? (d.version === null ? `no champion yet${d.before !== null ? ` (first champion: ${d.before.toFixed(4)})` : ''}` : 'not scored') : `${d.value.toFixed(4)} (version ${d.version})`}`).join('; ')}. ${history.markers.map((m) => `${MARKER[m.kind].word} to version ${m.version} at ${formatTime(m.at)}`).join('; ')}.`;
  return { data, metric, axis, timeTicks, tickText, ticks, summary };
}

const CHART_HEIGHT = 240;

/**
 * The chart of a champion history. Drawn at a measured width, in turn with other charts, after the page
 * is laid out (useChartWidth), with its ticks given: left to Recharts, a year of batches made its first
 * draw one task of 100–750 ms, most of it working out where vertical grid lines (none drawn) and each
 * axis's labels would go by measuring label text in the page. Drawn again only for another history,
 * width or once the pointer brings the tooltip.
 */
function ChampionPlot({ history }: { history: ChampionHistory }) {
  const { data, metric, axis, timeTicks, tickText, ticks, summary } = useMemo(() => plotOf(history), [history]);
  const [box, width] = useChartWidth();
  const [pointed, pointer] = usePointerEntered();
  const scored = data.filter((d) => d.value !== null || d.before !== null);
  const beforeAny = data.filter((d) => d.version === null);
  const dots = data.length <= DOTS_UP_TO;
  const firstVersion = data.find((d) => d.firstVersion !== null)?.firstVersion;
  const chart = useMemo(() => {
    if (width === null) return null;
    return (
      <LineChart width={width} height={CHART_HEIGHT} data={data} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
        <XAxis dataKey="at" type="number" scale="time" domain={axis.domain} ticks={timeTicks} niceTicks="none" interval={ALL_TICKS} tickFormatter={tickText} tick={plainAxisTick} tickLine={false} allowDataOverflow />
        <YAxis interval={ALL_TICKS} tick={plainAxisTick} width={Y_AXIS_WIDTH} axisLine={false} tickLine={false} domain={[ticks[0]!, ticks[ticks.length - 1]!]} ticks={ticks} niceTicks="none" tickFormatter={(v: number) => v.toFixed(2)} label={{ value: metric, angle: -90, position: 'insideLeft', offset: 4, style: { textAnchor: 'middle', fontSize: 12, fill: '#3d4756' } }} />
        {pointed && <Tooltip content={PointTooltip} isAnimationActive={false} />}
        <Line dataKey="before" type="linear" stroke="#8a94a3" strokeWidth={1.5} strokeDasharray="3 3" dot={dots && { r: 4, fill: '#fff', stroke: '#8a94a3', strokeWidth: 2, strokeDasharray: '0' }} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="value" type="linear" stroke="#2553c7" strokeWidth={2} dot={dots && { r: 4, fill: '#2553c7', stroke: '#fff', strokeWidth: 1 }} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    );
  }, [data, axis, timeTicks, tickText, ticks, metric, dots, width, pointed]);
  return (
    <figure className="champion-figure">
      <div className="champion-chart" role="img" aria-label={summary} data-points={scored.length} data-markers={history.markers.length}>
        <div {...pointer} ref={box} style={{ height: CHART_HEIGHT }}>
          {chart}
        </div>
        {history.markers.length > 0 && <MarkerBand markers={history.markers} domain={axis.domain} />}
      </div>
      <figcaption className="champion-legend">
        <span>
          <span className="swatch" style={{ background: '#2553c7' }} />
          champion’s {metric} on the batch, at its arrival
        </span>
        {(['model.promoted', 'model.rolledback'] as const).map((kind) => (
          <span key={kind}>
            <svg width="12" height="12" viewBox="-6 -6 12 12" aria-hidden="true" className="legend-shape">
              <path d={MARKER[kind].path} fill={MARKER[kind].colour} />
            </svg>
            {MARKER[kind].legend}
          </span>
        ))}
        {beforeAny.length > 0 && (
          <span>
            <span className="hollow" />
            {beforeAny.length} batch(es) arrived before any champion: the first champion{firstVersion !== undefined && firstVersion !== null ? ` (version ${firstVersion})` : ''} scored on them, hollow
          </span>
        )}
      </figcaption>
    </figure>
  );
}
