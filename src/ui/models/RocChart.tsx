import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from './modelFormat.ts';
import { plainAxisTick } from '../components/plainTick.tsx';

export interface RocSeries {
  name: string;
  fpr: number[];
  tpr: number[];
}

const PALETTE = ['#2553c7', '#d9822b', '#1f8a5b', '#b42318', '#7a4cc2', '#0f8b9c', '#c2417a', '#6b7a1f'];
const READ_AT = [0.05, 0.1, 0.2, 0.5];

/** The true-positive rate the curve reaches without passing a false-positive rate. */
function tprAt(series: RocSeries, fpr: number): number {
  let best = 0;
  series.fpr.forEach((f, i) => {
    if (f <= fpr + 1e-12) best = Math.max(best, series.tpr[i] ?? 0);
  });
  return best;
}

const tick = (v: number): string => formatMetric(v);

/**
 * ROC curves (true-positive against false-positive rate) on the holdout: one for a binary model, one
 * per class against the rest for a multiclass one; the diagonal is guessing. The text alternative
 * reads each curve at a few false-positive rates.
 */
export function RocChart({ series, summary }: { series: RocSeries[]; summary: string }) {
  const lines = series.map((s) => ({ name: s.name, data: s.fpr.map((f, i) => ({ fpr: f, tpr: s.tpr[i] ?? 0 })) }));
  return (
    <figure className="roc-figure">
      <div className="roc-chart" role="img" aria-label={summary}>
        <LineChart responsive style={{ width: '100%', height: 300 }} margin={{ top: 8, right: 16, bottom: 16, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#edf0f3" />
          <XAxis dataKey="fpr" type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} niceTicks="none" tickFormatter={tick} tick={plainAxisTick} label={{ value: 'false-positive rate', position: 'insideBottom', offset: -8, fontSize: 11, fill: '#5b6675' }} />
          <YAxis dataKey="tpr" type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} niceTicks="none" tickFormatter={tick} tick={plainAxisTick} width={60} label={{ value: 'true-positive rate', angle: -90, position: 'insideLeft', offset: 4, fontSize: 11, fill: '#5b6675' }} />
          <Tooltip isAnimationActive={false} formatter={(v) => formatMetric(typeof v === 'number' ? v : null)} labelFormatter={(f) => `false-positive rate ${formatMetric(typeof f === 'number' ? f : null)}`} />
          {lines.length > 1 && <Legend verticalAlign="top" align="right" height={24} wrapperStyle={{ fontSize: 12 }} />}
          <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="#98a2b3" strokeDasharray="4 3" />
          {lines.map((line, i) => (
            <Line key={line.name} data={line.data} dataKey="tpr" name={line.name} type="linear" stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
      <div className="visually-hidden">
        <table>
          <caption>{summary} True-positive rate reached at a few false-positive rates:</caption>
          <thead>
            <tr>
              <th scope="col">Curve</th>
              {READ_AT.map((f) => (
                <th key={f} scope="col">
                  at false-positive rate {f}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                {READ_AT.map((f) => (
                  <td key={f}>{formatMetric(tprAt(s, f))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
