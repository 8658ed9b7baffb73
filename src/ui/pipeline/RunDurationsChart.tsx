import { memo, useMemo, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Outcome } from '../../core/pipeline/runState.ts';
import { workedMs } from '../../core/pipeline/runTime.ts';
import type { RunRecord } from '../../storage/db.ts';
import { openOutline } from '../components/openBar.tsx';
import { PlainTooltip, XAxisLine, XLabel, YTicks } from '../components/PlainAxes.tsx';
import { bands, labelled, linearScale, plotArea, slot, slotAt } from '../components/plainChart.ts';
import { roundedTopBar } from '../components/roundedTopBar.ts';
import { labelInterval, useChartWidth } from '../components/useChartWidth.ts';
import { niceTicks } from '../models/chartTicks.ts';
import { formatDuration } from '../models/modelFormat.ts';
import { navigate, runHref } from '../route.ts';
import { OUTCOME_LOOK, TRIGGER_LABELS } from './taskStates.ts';

interface Point {
  id: string;
  label: string;
  seconds: number;
  outcome: Outcome;
  trigger: string;
}

const describe = (p: Point): string => `${p.label} (${p.trigger}): ${formatDuration(p.seconds * 1000)}, ${OUTCOME_LOOK[p.outcome].label}`;

const CHART_HEIGHT = 240;
/** Room for one "Run 100" under the axis, and a gap. */
const LABEL_PX = 64;
const CHART_MARGIN = { top: 12, right: 16, bottom: 4, left: 0 };
const Y_AXIS_WIDTH = 52;
const X_AXIS_HEIGHT = 30;
const SHOWN: Outcome[] = ['promoted', 'rejected', 'skipped', 'failed'];
const secondsText = (v: number): string => `${v} s`;

/** The bars, each opening its run: drawn again only for other runs, another width or another open run. */
function Bars({ data, width, ticks, selectedId }: { data: Point[]; width: number; ticks: number[]; selectedId: string | null }) {
  const plot = plotArea(width, CHART_HEIGHT, CHART_MARGIN, Y_AXIS_WIDTH, X_AXIS_HEIGHT);
  const y = linearScale([0, ticks[ticks.length - 1]!], [plot.bottom, plot.top]);
  const slots = bands(data.length, plot.left, plot.right, 0.25, 48);
  return (
    <>
      <YTicks ticks={ticks} y={y} plot={plot} format={secondsText} />
      {data.map((p, i) => {
        const { x, width: w } = slots[i]!;
        const d = roundedTopBar(x, y(p.seconds), w, plot.bottom - y(p.seconds), 3);
        return d === null ? null : <path key={p.id} d={d} fill={OUTCOME_LOOK[p.outcome].colour} {...openOutline(p.id === selectedId)} className="duration-bar" onClick={() => navigate(runHref(p.id))} />;
      })}
      <XAxisLine plot={plot} />
      <g aria-hidden="true">
        {labelled(data.length, labelInterval(data.length, width, LABEL_PX)).map((i) => (
          <XLabel key={data[i]!.id} x={slots[i]!.x + slots[i]!.width / 2} plot={plot}>
            {data[i]!.label}
          </XLabel>
        ))}
      </g>
    </>
  );
}

/**
 * How long each finished run worked (its tasks' tries, every one of them), oldest on the left like the
 * grid, coloured by outcome. Waits (for approval, before a re-run) are not work. A bar opens its run. Plain
 * SVG: drawn by Recharts, a hundred runs' bars were a long task of their own on the Pipeline page.
 */
export const RunDurationsChart = memo(function RunDurationsChart({ runs, selectedId }: { runs: RunRecord[]; selectedId: string | null }) {
  const [box, width] = useChartWidth();
  const [pointed, setPointed] = useState<number | null>(null);
  const data = useMemo(
    (): Point[] =>
      [...runs]
        .sort((a, b) => a.number - b.number)
        .flatMap((r) => (r.endedAt !== null && r.outcome !== null ? [{ id: r.id, label: `Run ${r.number}`, seconds: workedMs(r, r.endedAt) / 1000, outcome: r.outcome, trigger: TRIGGER_LABELS[r.trigger.kind] }] : [])),
    [runs],
  );
  // Whole seconds.
  const ticks = useMemo(() => niceTicks(0, Math.max(0, ...data.map((p) => p.seconds)), 1), [data]);
  const bars = useMemo(() => width !== null && <Bars data={data} width={width} ticks={ticks} selectedId={selectedId} />, [data, width, ticks, selectedId]);
  // Worked out once per set of runs: the chart is drawn again as the pointer moves over it.
  const summary = useMemo(() => `Time each finished run worked, oldest first: ${data.map(describe).join('; ')}.`, [data]);
  if (data.length === 0) return <p className="muted durations-figure">No run has finished yet: their durations appear here.</p>;
  const plot = width === null ? null : plotArea(width, CHART_HEIGHT, CHART_MARGIN, Y_AXIS_WIDTH, X_AXIS_HEIGHT);
  const point = pointed === null ? undefined : data[pointed];
  const band = plot && pointed !== null ? slot(pointed, data.length, plot.left, plot.right) : null;
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>): void => {
    if (plot) setPointed(slotAt(event.clientX - event.currentTarget.getBoundingClientRect().left, data.length, plot.left, plot.right));
  };
  return (
    <figure className="durations-figure">
      <h3 className="figure-title">Run durations (worked)</h3>
      <div ref={box} className="durations-chart plain-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        {width !== null && plot && (
          <svg width={width} height={CHART_HEIGHT} onPointerMove={onPointerMove} onPointerLeave={() => setPointed(null)}>
            {point && band && <rect x={band.x} y={plot.top} width={band.width} height={plot.bottom - plot.top} fill="rgba(37, 83, 199, 0.06)" />}
            {bars}
          </svg>
        )}
        {point && band && plot && width !== null && (
          <PlainTooltip x={band.x + band.width / 2} width={width} plot={plot}>
            <strong>{point.label}</strong>
            <span>{describe(point)}</span>
          </PlainTooltip>
        )}
      </div>
      <figcaption className="chart-caption">
        {SHOWN.map((o) => (
          <span key={o} className="legend-item">
            <span className="swatch" style={{ background: OUTCOME_LOOK[o].colour }} aria-hidden="true" /> {OUTCOME_LOOK[o].label}
          </span>
        ))}
        <span className="muted">Seconds of work: every try of every task; waits for approval or before a re-run are left out. Click a bar to open its run.</span>
      </figcaption>
    </figure>
  );
});
