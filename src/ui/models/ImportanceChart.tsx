import { Bar, BarChart, CartesianGrid, ErrorBar, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { PermutationImportance } from '../../core/importance/permutation.ts';
import { formatCount } from '../format.ts';
import { formatMetric } from './modelFormat.ts';
import { axisTick, plainAxisTick } from '../components/plainTick.tsx';
import { plainBar } from '../components/openBar.tsx';

const SCORING_NAMES = { accuracy: 'accuracy', r2: 'R²' } as const;

const signed = (v: number): string => (v > 0 ? '+' : '') + String(Number(v.toPrecision(3)));

/** Mean importance with its ± std, most important column first. */
function Chart({ importance }: { importance: PermutationImportance }) {
  const data = [...importance.columns].sort((a, b) => b.mean - a.mean).map((c) => ({ column: c.column, mean: c.mean, std: c.std }));
  const height = Math.max(120, 50 + data.length * 28);
  const metric = SCORING_NAMES[importance.scoring];
  return (
    <BarChart responsive layout="vertical" style={{ width: '100%', height }} data={data} margin={{ top: 8, right: 24, bottom: 16, left: 4 }} barCategoryGap={5} accessibilityLayer={false}>
      <CartesianGrid horizontal={false} stroke="#edf0f3" />
      <XAxis type="number" tick={plainAxisTick} tickFormatter={signed} label={{ value: `drop in ${metric} when shuffled`, position: 'insideBottom', offset: -8, fontSize: 11, fill: '#5b6675' }} />
      <YAxis type="category" dataKey="column" tick={axisTick} width={140} tickLine={false} interval={0} />
      <Tooltip isAnimationActive={false} formatter={(v, _name, item) => `${signed(Number(v))} ± ${Number((item.payload as { std: number }).std).toPrecision(2)}`} />
      <ReferenceLine x={0} stroke="#98a2b3" />
      <Bar dataKey="mean" name={`drop in ${metric}`} fill="#2553c7" fillOpacity={0.75} isAnimationActive={false} shape={plainBar}>
        <ErrorBar dataKey="std" width={4} strokeWidth={1.5} stroke="#1d2939" direction="x" />
      </Bar>
    </BarChart>
  );
}

/**
 * Which columns the version relies on: permutation importance on its holdout rows (scikit-learn's
 * permutation_importance with its default scorer), as a sorted bar chart with the same numbers as a table.
 */
export function ImportanceChart({ importance, source }: { importance: PermutationImportance | null | undefined; source: 'trained' | 'imported' }) {
  if (!importance) {
    const why = source === 'imported' ? 'an imported version comes without its holdout rows.' : importance === null ? 'the holdout had fewer than two rows.' : 'this version was trained before Relearn computed it.';
    return (
      <div className="subpanel">
        <h3>Which columns matter</h3>
        <p className="muted">Permutation importance not computed: {why}</p>
      </div>
    );
  }
  const metric = SCORING_NAMES[importance.scoring];
  const sorted = [...importance.columns].sort((a, b) => b.mean - a.mean);
  const summary = `Permutation importance (drop in ${metric}) of ${sorted.length} columns; most important: ${sorted
    .slice(0, 3)
    .map((c) => `${c.column} ${signed(c.mean)}`)
    .join(', ')}`;
  return (
    <div className="subpanel" role="region" aria-label="Which columns matter">
      <div className="subpanel-header">
        <h3>Which columns matter</h3>
        <span className="muted">
          drop in holdout {metric} when one column’s values are shuffled across {formatCount(importance.rows)} holdout rows (baseline {formatMetric(importance.baseline)}); mean ± std over {importance.repeats}{' '}
          repeats, seed {importance.seed} (scikit-learn’s permutation_importance, random_state {importance.seed})
        </span>
      </div>
      <figure className="importance-figure">
        <div className="importance-chart" role="img" aria-label={summary}>
          <Chart importance={importance} />
        </div>
        <table className="visually-hidden">
          <caption>Permutation importance per column: drop in {metric}, mean and standard deviation over {importance.repeats} repeats</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.column}>
                <th scope="row">{c.column}</th>
                <td>{c.mean}</td>
                <td>{c.std}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <p className="muted">A column near 0 (or below) is one the model does without; a negative value means shuffling it helped by chance on these rows.</p>
    </div>
  );
}
