import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { OpenBar, openableBar } from '../components/openBar.tsx';
import { ALL_TICKS, NO_GRID_LINES, labelInterval, useChartWidth, useDrawnInTurn, useSeriesDrawn } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { samePoints } from '../components/samePoints.ts';
import { useSame } from '../components/useSame.ts';
import { monitorHref, navigate } from '../route.ts';
import { formatPercent } from './driftFormat.ts';
import type { BatchDrift } from './useDriftData.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

interface Point {
  id: string;
  name: string;
  /** Drifted share of feature columns; null when not checked or nothing could be compared. */
  share: number | null;
  drift: boolean;
  checked: boolean;
  current: boolean;
  drifted: number;
  checkedColumns: number;
}

const toPoint = ({ batch, record, current }: BatchDrift): Point => ({
  id: batch.id,
  name: batch.name,
  share: record?.report.dataset.driftedShare ?? null,
  drift: record?.report.dataset.drift ?? false,
  checked: record !== null,
  current,
  drifted: record?.report.dataset.driftedColumns ?? 0,
  checkedColumns: record?.report.dataset.checkedColumns ?? 0,
});

const describe = (p: Point): string =>
  !p.checked
    ? 'not checked yet'
    : p.share === null
      ? 'no column could be compared'
      : `${formatPercent(p.share)} of columns drifted (${p.drifted} of ${p.checkedColumns}), ${p.drift ? 'dataset drift' : 'no dataset drift'}${p.current ? '' : ' (being checked again)'}`;

const DRIFT = '#d1432f';
const NO_DRIFT = '#5b7fd9';

const shareBar = openableBar((point: Point) => ({ fill: point.drift ? DRIFT : NO_DRIFT, fillOpacity: point.current ? 1 : 0.45, className: 'share-bar' }));

function ShareTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.name}</strong>
      <span>{describe(point)}</span>
    </div>
  );
}

const CHART_HEIGHT = 240;
/** Room for one batch name under the axis ("day-2026-12-05.csv" at 11px, and a gap). */
const LABEL_PX = 120;
/** Left: room beside the y axis for half of the first batch name, which is centred under the first batch. */
const MARGIN = { top: 20, right: 16, bottom: 4, left: 16 };

/**
 * The drifted share of every compared batch in arrival order, against the dataset threshold; drifted
 * batches in red, the open one outlined. A bar opens its batch.
 */
export function DriftShareChart({ rows, threshold, selectedId }: { rows: BatchDrift[]; threshold: number; selectedId: string | null }) {
  // Other bars (another stretch, a report changed) are drawn in a task of their own.
  const data = useDrawnInTurn(useSame(useMemo(() => rows.map(toPoint), [rows]), samePoints));
  const drifted = data.filter((p) => p.drift).length;
  const summary = `Share of drifted columns per batch in arrival order, threshold ${formatPercent(threshold)}: ${drifted} of ${data.length} batches show dataset drift.`;
  const [box, width] = useChartWidth();
  const [pointed, pointer] = usePointerEntered();
  const withBars = useSeriesDrawn(width);
  // Drawn again only for other batches, threshold or width: the open batch's outline comes through OpenBar.
  const chart = useMemo(
    () =>
      width !== null && (
        <BarChart width={width} height={CHART_HEIGHT} data={data} margin={MARGIN} barCategoryGap="25%" accessibilityLayer={false}>
          <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
          <XAxis dataKey="name" tick={plainAxisTick} interval={labelInterval(data.length, width, LABEL_PX)} tickLine={false} />
          <YAxis interval={ALL_TICKS} domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} niceTicks="none" tickFormatter={(v: number) => formatPercent(v)} tick={plainAxisTick} width={44} axisLine={false} tickLine={false} />
          {pointed && <Tooltip content={ShareTooltip} cursor={{ fill: 'rgba(37, 83, 199, 0.06)' }} isAnimationActive={false} />}
          {withBars && <Bar
            dataKey="share"
            isAnimationActive={false}
            cursor="pointer"
            shape={shareBar}
            onClick={(item) => {
              const point = item.payload as Point | undefined;
              if (point) navigate(monitorHref(point.id));
            }}
          />}
          {withBars && <ReferenceLine y={threshold} stroke="#b42318" strokeDasharray="5 4" ifOverflow="extendDomain" />}
        </BarChart>
      ),
    [data, width, threshold, pointed, withBars],
  );
  return (
    <figure className="share-figure">
      <div {...pointer} ref={box} className="share-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        <OpenBar.Provider value={selectedId}>{chart}</OpenBar.Provider>
      </div>
      <figcaption className="chart-caption">
        <span className="legend-item">
          <span className="swatch" style={{ background: DRIFT }} aria-hidden="true" /> dataset drift
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: NO_DRIFT }} aria-hidden="true" /> no dataset drift
        </span>
        <span className="legend-item">
          <span className="swatch swatch-line" aria-hidden="true" /> drift threshold {formatPercent(threshold)}
        </span>
        <span className="muted">Click a bar to open its batch.</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Drifted share</th>
          </tr>
        </thead>
        <tbody>
          {data.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{describe(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
