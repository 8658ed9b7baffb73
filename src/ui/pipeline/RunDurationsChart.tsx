import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { Outcome } from '../../core/pipeline/runState.ts';
import { workedMs } from '../../core/pipeline/runTime.ts';
import type { RunRecord } from '../../storage/db.ts';
import { OpenBar, openableBar } from '../components/openBar.tsx';
import { ALL_TICKS, NO_GRID_LINES, labelInterval, useChartWidth } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { niceTicks } from '../models/chartTicks.ts';
import { formatDuration } from '../models/modelFormat.ts';
import { navigate, runHref } from '../route.ts';
import { OUTCOME_LOOK, TRIGGER_LABELS } from './taskStates.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

interface Point {
  id: string;
  label: string;
  seconds: number;
  outcome: Outcome;
  trigger: string;
}

const describe = (p: Point): string => `${p.label} (${p.trigger}): ${formatDuration(p.seconds * 1000)}, ${OUTCOME_LOOK[p.outcome].label}`;

const durationBar = openableBar((point: Point) => ({ fill: OUTCOME_LOOK[point.outcome].colour, className: 'duration-bar' }));

function DurationTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.label}</strong>
      <span>{describe(point)}</span>
    </div>
  );
}

const CHART_HEIGHT = 240;
/** Room for one "Run 100" under the axis, and a gap. */
const LABEL_PX = 64;
const CHART_MARGIN = { top: 12, right: 16, bottom: 4, left: 0 };
const SHOWN: Outcome[] = ['promoted', 'rejected', 'skipped', 'failed'];

/**
 * How long each finished run worked (its tasks' tries, every one of them), oldest on the left like the
 * grid, coloured by outcome. Waits (for approval, before a re-run) are not work. A bar opens its run.
 */
export const RunDurationsChart = memo(function RunDurationsChart({ runs, selectedId }: { runs: RunRecord[]; selectedId: string | null }) {
  const [box, width] = useChartWidth();
  const [pointed, pointer] = usePointerEntered();
  const data = useMemo(
    (): Point[] =>
      [...runs]
        .sort((a, b) => a.number - b.number)
        .flatMap((r) => (r.endedAt !== null && r.outcome !== null ? [{ id: r.id, label: `Run ${r.number}`, seconds: workedMs(r, r.endedAt) / 1000, outcome: r.outcome, trigger: TRIGGER_LABELS[r.trigger.kind] }] : [])),
    [runs],
  );
  // Whole seconds.
  const ticks = useMemo(() => niceTicks(0, Math.max(0, ...data.map((p) => p.seconds)), 1), [data]);
  // Drawn again only for other runs or another width: the open run's outline comes through OpenBar.
  const chart = useMemo(
    () =>
      width !== null && (
        <BarChart width={width} height={CHART_HEIGHT} data={data} margin={CHART_MARGIN} barCategoryGap="25%" maxBarSize={48} accessibilityLayer={false}>
          <CartesianGrid vertical={false} verticalCoordinatesGenerator={NO_GRID_LINES} stroke="#edf0f3" />
          <XAxis dataKey="label" tick={plainAxisTick} interval={labelInterval(data.length, width, LABEL_PX)} tickLine={false} />
          <YAxis interval={ALL_TICKS} domain={[0, ticks[ticks.length - 1]!]} ticks={ticks} niceTicks="none" tickFormatter={(v: number) => `${v} s`} tick={plainAxisTick} width={52} axisLine={false} tickLine={false} />
          {pointed && <Tooltip content={DurationTooltip} cursor={{ fill: 'rgba(37, 83, 199, 0.06)' }} isAnimationActive={false} />}
          <Bar
            dataKey="seconds"
            isAnimationActive={false}
            cursor="pointer"
            shape={durationBar}
            onClick={(item) => {
              const point = item.payload as Point | undefined;
              if (point) navigate(runHref(point.id));
            }}
          />
        </BarChart>
      ),
    [data, ticks, width, pointed],
  );
  if (data.length === 0) return <p className="muted durations-figure">No run has finished yet: their durations appear here.</p>;
  const summary = `Time each finished run worked, oldest first: ${data.map(describe).join('; ')}.`;
  return (
    <figure className="durations-figure">
      <h3 className="figure-title">Run durations (worked)</h3>
      <div {...pointer} ref={box} className="durations-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        <OpenBar.Provider value={selectedId}>{chart}</OpenBar.Provider>
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
