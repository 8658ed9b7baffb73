import { memo, useMemo, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { EpochReport } from '../../core/training/history.ts';
import { PlainTooltip, XAxisLine, XTicks, YTicks } from '../components/PlainAxes.tsx';
import { linePath, linearScale, nearestIndex, plotArea } from '../components/plainChart.ts';
import { useChartWidth } from '../components/useChartWidth.ts';
import { niceTicks } from './chartTicks.ts';
import { formatMetric, stepName, type StepName } from './modelFormat.ts';

const CHART_HEIGHT = 240;
const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const Y_AXIS_WIDTH = 52;
const X_AXIS_HEIGHT = 30;
const LOSS = '#2553c7';
const VAL_LOSS = '#d9822b';
/** Rows of the text alternative: every epoch up to this many, else evenly spaced ones plus the last. */
const TABLE_ROWS = 40;
/** Points drawn: a long run is thinned the same way, so the chart stays cheap to redraw while it grows. */
const CHART_POINTS = 300;
/** Under this many points, each is marked with a dot. */
const DOTS_UNDER = 30;

// A diverging loss (Infinity, NaN) is left out of the line rather than flattening the axis.
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function thinned(history: EpochReport[], bestEpoch: number | null, most: number): EpochReport[] {
  if (history.length <= most) return history;
  const step = Math.ceil(history.length / most);
  return history.filter((h, i) => i % step === 0 || i === history.length - 1 || h.epoch === bestEpoch);
}

interface Point {
  epoch: number;
  loss: number | null;
  valLoss: number | null;
}

/** Where things go in a chart `width` wide: the plot, the scales and the ticks (epochs 1 to the last, at least 2). */
function geometry(data: Point[], width: number) {
  const plot = plotArea(width, CHART_HEIGHT, CHART_MARGIN, Y_AXIS_WIDTH, X_AXIS_HEIGHT);
  const losses = data.flatMap((d) => [d.loss, d.valLoss]).filter((v): v is number => v !== null);
  const yTicks = losses.length > 0 ? niceTicks(Math.min(...losses), Math.max(...losses)) : [0, 1];
  const lastEpoch = Math.max(2, data[data.length - 1]?.epoch ?? 0);
  return {
    plot,
    yTicks,
    xTicks: niceTicks(1, lastEpoch, 1).filter((t) => t >= 1 && t <= lastEpoch),
    x: linearScale([1, lastEpoch], [plot.left, plot.right]),
    y: linearScale([yTicks[0]!, yTicks[yTicks.length - 1]!], [plot.bottom, plot.top]),
  };
}

/** The two lines, their dots while there are few points, the grid, the axes and the best epoch's mark. */
const Lines = memo(function Lines({ data, width, bestEpoch }: { data: Point[]; width: number; bestEpoch: number | undefined }) {
  const { plot, yTicks, xTicks, x, y } = geometry(data, width);
  const dots = data.length < DOTS_UNDER;
  return (
    <>
      <YTicks ticks={yTicks} y={y} plot={plot} format={formatMetric} />
      <XTicks ticks={xTicks} x={x} plot={plot} format={String} />
      <XAxisLine plot={plot} />
      {bestEpoch !== undefined && (
        <g aria-hidden="true">
          <line x1={x(bestEpoch)} x2={x(bestEpoch)} y1={plot.top} y2={plot.bottom} stroke="#8a94a3" strokeDasharray="4 3" />
          <text x={x(bestEpoch) - 5} y={plot.top + 5} dy="0.71em" textAnchor="end" fontSize={11} fill="#5b6675">
            best
          </text>
        </g>
      )}
      {(['loss', 'valLoss'] as const).map((key) => {
        const colour = key === 'loss' ? LOSS : VAL_LOSS;
        const points = data.map((d) => ({ x: x(d.epoch), y: d[key] === null ? null : y(d[key]) }));
        return (
          <g key={key} className="loss-line" aria-hidden="true">
            <path d={linePath(points)} fill="none" stroke={colour} strokeWidth={2} />
            {dots && points.map((p, i) => p.y !== null && <circle key={data[i]!.epoch} cx={p.x} cy={p.y} r={3} fill="#fff" stroke={colour} strokeWidth={2} />)}
          </g>
        );
      })}
    </>
  );
});

/**
 * Training and validation loss per epoch (a line chart that grows while training runs), the best
 * epoch marked; a text alternative lists the numbers. A tree model's steps are boosting iterations or
 * trees: `step` names them. Plain SVG: redrawn by Recharts at each epoch, training a model showed a
 * main-thread task over 50 ms about every epoch.
 */
export const LossChart = memo(function LossChart({
  history,
  bestEpoch = null,
  label = 'Loss per epoch',
  step = stepName('mlp'),
}: {
  history: EpochReport[];
  bestEpoch?: number | null;
  label?: string;
  step?: StepName;
}) {
  const [box, width] = useChartWidth();
  const [pointed, setPointed] = useState<number | null>(null);
  const data = useMemo(() => thinned(history, bestEpoch, CHART_POINTS).map((h): Point => ({ epoch: h.epoch, loss: finiteOrNull(h.loss), valLoss: finiteOrNull(h.valLoss) })), [history, bestEpoch]);
  const last = history[history.length - 1];
  const best = bestEpoch === null ? undefined : history.find((h) => h.epoch === bestEpoch);
  const shape = width === null ? null : geometry(data, width);
  const point = pointed === null ? undefined : data[pointed];
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>): void => {
    if (!shape) return;
    const at = event.clientX - event.currentTarget.getBoundingClientRect().left;
    setPointed(nearestIndex(data.map((d) => shape.x(d.epoch)), at));
  };
  const summary = last
    ? `${label}: ${history.length} ${history.length === 1 ? step.one : step.many}; last training loss ${formatMetric(last.loss)}, validation loss ${formatMetric(last.valLoss)}${best ? `; best ${step.one} ${best.epoch} with validation loss ${formatMetric(best.valLoss)}` : ''}.`
    : `${label}: no ${step.one} has finished yet.`;
  return (
    <figure className="loss-figure">
      <figcaption className="chart-caption loss-legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: LOSS }} aria-hidden="true" /> training loss
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: VAL_LOSS }} aria-hidden="true" /> validation loss
        </span>
      </figcaption>
      <div ref={box} className="loss-chart plain-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        {width !== null && shape && (
          <svg width={width} height={CHART_HEIGHT} onPointerMove={onPointerMove} onPointerLeave={() => setPointed(null)}>
            <Lines data={data} width={width} bestEpoch={best?.epoch} />
            {point && <line x1={shape.x(point.epoch)} x2={shape.x(point.epoch)} y1={shape.plot.top} y2={shape.plot.bottom} stroke="#ccc" aria-hidden="true" />}
          </svg>
        )}
        {point && shape && width !== null && (
          <PlainTooltip x={shape.x(point.epoch)} width={width} plot={shape.plot}>
            <strong>
              {step.one} {point.epoch}
            </strong>
            <span style={{ color: LOSS }}>training loss: {formatMetric(point.loss)}</span>
            <span style={{ color: VAL_LOSS }}>validation loss: {formatMetric(point.valLoss)}</span>
          </PlainTooltip>
        )}
      </div>
      {/* A table ignores a 1px width, so the clipping box is a div: the hidden table must not widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{summary}</caption>
          <thead>
            <tr>
              <th scope="col">{step.title}</th>
              <th scope="col">Training loss</th>
              <th scope="col">Validation loss</th>
            </tr>
          </thead>
          <tbody>
            {thinned(history, bestEpoch, TABLE_ROWS).map((h) => (
              <tr key={h.epoch}>
                <th scope="row">{h.epoch}</th>
                <td>{formatMetric(h.loss)}</td>
                <td>{formatMetric(h.valLoss)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
});
