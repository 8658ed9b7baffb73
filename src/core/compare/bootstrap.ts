import { linearQuantile } from '../drift/binned.ts';
import { Random } from '../training/random.ts';

export interface BootstrapInterval {
  /** Percentile interval of metric(challenger) − metric(champion). */
  low: number;
  high: number;
  level: number;
  resamples: number;
  /** Resamples where a metric was undefined (one class only, say) and that were left out. */
  skipped: number;
}

export interface BootstrapOptions {
  resamples?: number;
  level?: number;
  seed: number;
}

/**
 * Paired bootstrap (docs/statistics.md): the same resampled rows score both models, so the interval is of the
 * difference on identical data. `metric(rows, which)` scores one model on the given row indices
 * (with repeats); null when undefined on that sample. Percentiles interpolate linearly, as numpy's.
 */
export function bootstrapDifference(n: number, metric: (rows: Uint32Array, which: 'champion' | 'challenger') => number | null, options: BootstrapOptions): BootstrapInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (n < 1) throw new RangeError('the bootstrap needs at least one row');
  const random = new Random(options.seed);
  const differences: number[] = [];
  const rows = new Uint32Array(n);
  let skipped = 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) rows[i] = random.int(0, n - 1);
    const champion = metric(rows, 'champion');
    const challenger = metric(rows, 'challenger');
    if (champion === null || challenger === null || !Number.isFinite(champion) || !Number.isFinite(challenger)) skipped++;
    else differences.push(challenger - champion);
  }
  if (differences.length === 0) throw new RangeError('the metric was undefined on every resample');
  const sorted = Float64Array.from(differences).sort();
  const tail = (1 - level) / 2;
  return { low: linearQuantile(sorted, tail), high: linearQuantile(sorted, 1 - tail), level, resamples, skipped };
}
