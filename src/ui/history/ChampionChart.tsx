import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { loadChampionHistory, type ChampionHistory } from '../../bridge/trainBridge.ts';

interface Point {
  x: number;
  name: string;
  version: number | null;
  value: number | null;
  /** The first champion's metric on a batch that arrived before any champion. */
  before: number | null;
  firstVersion: number | null;
}

const axisTick = { fontSize: 11, fill: '#5b6675' };
const MARKER_COLOUR = { 'model.promoted': '#1f8a4c', 'model.rolledback': '#c2410c' } as const;

function PointTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.name}</strong>
      <span>
        {point.version === null
          ? `no champion yet when it arrived${point.firstVersion !== null && point.before !== null ? `; the first champion (version ${point.firstVersion}) scores ${point.before.toFixed(4)} on it` : ''}`
          : `version ${point.version}: ${point.value === null ? 'could not be scored' : point.value.toFixed(4)}`}
      </span>
    </div>
  );
}

/**
 * The champion's primary metric on each labeled batch, in arrival order (the champion being the version
 * serving when the batch arrived), with a line at each promotion and rollback where it happened among the batches.
 * `refresh` changes when promotions or rollbacks do, so the chart is scored again.
 */
export function ChampionChart({ refresh }: { refresh: string }) {
  const [history, setHistory] = useState<ChampionHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    loadChampionHistory().then(
      (h) => current && (setHistory(h), setError(null)),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [refresh]);
  if (error) return <p role="alert" className="muted champion-figure">The champion chart could not be made: {error}</p>;
  if (!history) return <p className="muted champion-figure">Scoring the champion on each labeled batch…</p>;
  if (history.points.length === 0) return <p className="muted champion-figure">No labeled batch and champion yet: the champion's metric on each batch appears here once a version is promoted.</p>;
  const data: Point[] = history.points.map((p, x) => ({ x, name: p.name, version: p.version, value: p.value, before: p.firstChampion?.value ?? null, firstVersion: p.firstChampion?.version ?? null }));
  // The hollow series joins the solid one at the first served batch, so the two read as one line.
  const firstServed = data.findIndex((d) => d.value !== null);
  if (firstServed > 0 && data[firstServed - 1]!.before !== null) data[firstServed]!.before = data[firstServed]!.value;
  const metric = history.points.find((p) => p.metricKey)?.metricKey ?? 'metric';
  // A promotion sits between the last batch that arrived before it and the next one.
  const markers = history.markers.map((m) => ({ ...m, x: history.points.filter((p) => p.arrivedAt < m.at).length - 0.5 }));
  // Events between the same two batches share one line, their labels joined in order.
  const lines: { x: number; kind: keyof typeof MARKER_COLOUR; label: string }[] = [];
  for (const m of markers) {
    const text = `${m.kind === 'model.promoted' ? '↑' : '↺'} v${m.version}`;
    const line = lines.find((l) => l.x === m.x);
    if (line) {
      line.label = `${line.label}, ${text}`;
      if (m.kind === 'model.rolledback') line.kind = m.kind;
    } else lines.push({ x: m.x, kind: m.kind, label: text });
  }
  const scored = data.filter((d) => d.value !== null || d.before !== null);
  const summary = `Champion ${metric} per labeled batch, in arrival order: ${data.map((d) => `${d.name} ${d.value === null ? (d.version === null ? `no champion yet${d.before !== null ? ` (first champion: ${d.before.toFixed(4)})` : ''}` : 'not scored') : `${d.value.toFixed(4)} (version ${d.version})`}`).join('; ')}. ${markers.map((m) => `${m.kind === 'model.promoted' ? 'Promotion' : 'Rollback'} to version ${m.version}`).join('; ')}.`;
  return (
    <figure className="champion-figure">
      <div className="champion-chart" role="img" aria-label={summary} data-points={scored.length} data-markers={markers.length}>
        <LineChart responsive style={{ width: '100%', height: 240 }} data={data} margin={{ top: 20, right: 24, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#edf0f3" />
          <XAxis dataKey="x" type="number" domain={[-0.5, Math.max(data.length - 0.5, 0.5)]} ticks={data.map((d) => d.x)} tickFormatter={(x: number) => data[x]?.name.replace(/\.(csv|tsv|txt)$/i, '') ?? ''} tick={axisTick} tickLine={false} />
          <YAxis tick={axisTick} width={52} axisLine={false} tickLine={false} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip content={PointTooltip} isAnimationActive={false} />
          {lines.map((l) => (
            <ReferenceLine key={l.x} x={l.x} stroke={MARKER_COLOUR[l.kind]} strokeDasharray="4 3" label={{ value: l.label, position: 'insideTopRight', fontSize: 11, fill: MARKER_COLOUR[l.kind] }} />
          ))}
          <Line dataKey="before" type="linear" stroke="#8a94a3" strokeWidth={1.5} strokeDasharray="3 3" dot={{ r: 4, fill: '#fff', stroke: '#8a94a3', strokeWidth: 2 }} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="value" type="linear" stroke="#2553c7" strokeWidth={2} dot={{ r: 4 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </div>
      <figcaption className="champion-legend">
        <span>
          <span className="swatch" style={{ background: '#2553c7' }} />
          champion {metric} on the batch
        </span>
        <span>
          <span className="swatch" style={{ background: MARKER_COLOUR['model.promoted'] }} />
          promotion
        </span>
        <span>
          <span className="swatch" style={{ background: MARKER_COLOUR['model.rolledback'] }} />
          rollback
        </span>
        {data.some((d) => d.version === null) && (
          <span>
            <span className="hollow" />
            {data.filter((d) => d.version === null).length} batch(es) arrived before any champion: the first champion{data.find((d) => d.firstVersion !== null) ? ` (version ${data.find((d) => d.firstVersion !== null)!.firstVersion})` : ''} scored on them, hollow
          </span>
        )}
      </figcaption>
    </figure>
  );
}
