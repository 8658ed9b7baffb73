import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTicks } from './chartTicks.ts';
import { formatMetric } from './modelFormat.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

const TABLE_ROWS = 30;

/**
 * Predicted against actual target values of holdout rows (at most 500, evenly picked); points on the
 * diagonal are exact. The text alternative summarises the gap and lists some of the pairs.
 */
export function PredictedActualChart({ actual, predicted, target }: { actual: number[]; predicted: number[]; target: string }) {
  const points = actual.flatMap((a, i) => {
    const p = predicted[i];
    return Number.isFinite(a) && p !== undefined && Number.isFinite(p) ? [{ actual: a, predicted: p }] : [];
  });
  const values = points.flatMap((p) => [p.actual, p.predicted]);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 1;
  const meanGap = points.length > 0 ? points.reduce((sum, p) => sum + Math.abs(p.predicted - p.actual), 0) / points.length : null;
  const ticks = niceTicks(low, high);
  const domain: [number, number] = [ticks[0]!, ticks[ticks.length - 1]!];
  const summary = `Predicted against actual “${target}” for ${points.length} holdout rows: on average ${formatMetric(meanGap)} apart; values range from ${formatMetric(low)} to ${formatMetric(high)}.`;
  const step = Math.max(1, Math.ceil(points.length / TABLE_ROWS));
  return (
    <figure className="scatter-figure">
      <div className="scatter-chart" role="img" aria-label={summary}>
        <ScatterChart responsive style={{ width: '100%', height: 300 }} margin={{ top: 8, right: 16, bottom: 16, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#edf0f3" />
          <XAxis dataKey="actual" type="number" name="actual" domain={domain} ticks={ticks} niceTicks="none" tickFormatter={(v: number) => formatMetric(v)} tick={plainAxisTick} label={{ value: `actual ${target}`, position: 'insideBottom', offset: -8, fontSize: 11, fill: '#5b6675' }} />
          <YAxis dataKey="predicted" type="number" name="predicted" domain={domain} ticks={ticks} niceTicks="none" tickFormatter={(v: number) => formatMetric(v)} tick={plainAxisTick} width={64} label={{ value: 'predicted', angle: -90, position: 'insideLeft', offset: 4, fontSize: 11, fill: '#5b6675' }} />
          <Tooltip isAnimationActive={false} formatter={(v) => formatMetric(typeof v === 'number' ? v : null)} cursor={{ strokeDasharray: '3 3' }} />
          <ReferenceLine segment={[{ x: domain[0], y: domain[0] }, { x: domain[1], y: domain[1] }]} stroke="#98a2b3" strokeDasharray="4 3" />
          <Scatter data={points} fill="#2553c7" fillOpacity={0.45} isAnimationActive={false} />
        </ScatterChart>
      </div>
      <div className="visually-hidden">
        <table>
          <caption>{summary}</caption>
          <thead>
            <tr>
              <th scope="col">Actual</th>
              <th scope="col">Predicted</th>
            </tr>
          </thead>
          <tbody>
            {points
              .filter((_, i) => i % step === 0)
              .map((p, i) => (
                <tr key={i}>
                  <td>{formatMetric(p.actual)}</td>
                  <td>{formatMetric(p.predicted)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
