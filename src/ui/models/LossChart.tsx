import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../../core/training/history.ts';
import { ALL_TICKS, useChartWidth } from '../components/useChartWidth.ts';
import { usePointerEntered } from '../components/usePointerEntered.ts';
import { niceTicks } from './chartTicks.ts';
import { formatMetric, stepName, type StepName } from './modelFormat.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

const CHART_HEIGHT = 240;
const LOSS = '#2553c7';
const VAL_LOSS = '#d9822b';
/** Rows of the text alternative: every epoch up to this many, else evenly spaced ones plus the last. */
const TABLE_ROWS = 40;
/** Points drawn: a long run is thinned the same way, so the chart stays cheap to redraw while it grows. */
const CHART_POINTS = 300;

// A diverging loss (Infinity, NaN) is left out of the line rather than flattening the axis.
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function thinned(history: EpochReport[], bestEpoch: number | null, most: number): EpochReport[] {
  if (history.length <= most) return history;
  const step = Math.ceil(history.length / most);
  return history.filter((h, i) => i % step === 0 || i === history.length - 1 || h.epoch === bestEpoch);
}

/**
 * Training and validation loss per epoch (a line chart that grows while training runs), the best
 * epoch marked; a text alternative lists the numbers. A tree model's steps are boosting iterations or
 * trees: `step` names them.
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
  const [pointed, pointer] = usePointerEntered();
  const data = thinned(history, bestEpoch, CHART_POINTS).map((h) => ({ epoch: h.epoch, loss: finiteOrNull(h.loss), valLoss: finiteOrNull(h.valLoss) }));
  const losses = data.flatMap((d) => [d.loss, d.valLoss]).filter((v): v is number => v !== null);
  const ticks = losses.length > 0 ? niceTicks(Math.min(...losses), Math.max(...losses)) : [0, 1];
  const last = history[history.length - 1];
  const best = bestEpoch === null ? undefined : history.find((h) => h.epoch === bestEpoch);
  const summary = last
    ? `${label}: ${history.length} ${history.length === 1 ? step.one : step.many}; last training loss ${formatMetric(last.loss)}, validation loss ${formatMetric(last.valLoss)}${best ? `; best ${step.one} ${best.epoch} with validation loss ${formatMetric(best.valLoss)}` : ''}.`
    : `${label}: no ${step.one} has finished yet.`;
  return (
    <figure className="loss-figure">
      {/* The legend in HTML: Recharts' own measures itself in the page at every redraw, a layout of the whole page per epoch. */}
      <figcaption className="chart-caption loss-legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: LOSS }} aria-hidden="true" /> training loss
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: VAL_LOSS }} aria-hidden="true" /> validation loss
        </span>
      </figcaption>
      <div {...pointer} ref={box} className="loss-chart" role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        {width !== null && (
        <LineChart width={width} height={CHART_HEIGHT} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#edf0f3" />
          <XAxis interval={ALL_TICKS} dataKey="epoch" type="number" domain={[1, (dataMax: number) => Math.max(2, dataMax)]} allowDecimals={false} tick={plainAxisTick} tickLine={false} />
          <YAxis interval={ALL_TICKS} tick={plainAxisTick} width={52} axisLine={false} tickLine={false} tickFormatter={(v: number) => formatMetric(v)} domain={[ticks[0]!, ticks[ticks.length - 1]!]} ticks={ticks} niceTicks="none" />
          {pointed && <Tooltip isAnimationActive={false} formatter={(v) => formatMetric(typeof v === 'number' ? v : null)} labelFormatter={(e) => `${step.one} ${String(e)}`} />}
          {best && <ReferenceLine x={best.epoch} stroke="#8a94a3" strokeDasharray="4 3" label={{ value: 'best', position: 'insideTopRight', fontSize: 11, fill: '#5b6675' }} />}
          <Line type="monotone" dataKey="loss" name="training loss" stroke={LOSS} strokeWidth={2} dot={data.length < 30} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="valLoss" name="validation loss" stroke={VAL_LOSS} strokeWidth={2} dot={data.length < 30} isAnimationActive={false} connectNulls />
        </LineChart>
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
