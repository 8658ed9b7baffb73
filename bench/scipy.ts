import { execFileSync } from 'node:child_process';
import { PYTHON } from './pandas.ts';

/** One column's numbers as both sides computed them, for the agreement check. */
export interface DriftNumbers {
  name: string;
  ksStatistic: number;
  ksPValue: number;
  /** Normalised as docs/statistics.md says: divided by max(std(reference), 0.001). */
  wasserstein: number;
}

export interface ScipyDrift {
  /** Seconds per run for every column's ks_2samp + wasserstein_distance. */
  seconds: number[];
  peakRssMb: number;
  columns: DriftNumbers[];
}

// Loading and dropping missing values happen before the clock starts: only the two statistics are
// timed, the docs/statistics.md reference calls. The normalising std is taken after the clock stops.
const KS_AND_WASSERSTEIN = `
import json, resource, sys, time
import numpy, pandas, scipy.stats
reference, current = pandas.read_csv(sys.argv[1]), pandas.read_csv(sys.argv[2])
runs = int(sys.argv[3])
pairs = [(name, reference[name].dropna().to_numpy(), current[name].dropna().to_numpy()) for name in reference.columns if name in current.columns]
seconds = []
for _ in range(runs):
    started = time.perf_counter()
    results = [(name, scipy.stats.ks_2samp(r, c), scipy.stats.wasserstein_distance(r, c)) for name, r, c in pairs]
    seconds.append(time.perf_counter() - started)
scales = [max(numpy.std(r), 1e-3) for _, r, _ in pairs]
columns = [{"name": name, "ksStatistic": float(ks.statistic), "ksPValue": float(ks.pvalue), "wasserstein": float(w / scale)}
           for (name, ks, w), scale in zip(results, scales)]
print(json.dumps({"seconds": seconds, "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "columns": columns}))
`;

/** SciPy's two-sample KS test and Wasserstein distance on every shared column, timed `runs` times after one load. */
export function scipyDrift(referenceCsv: string, currentCsv: string, runs: number): ScipyDrift {
  return JSON.parse(execFileSync(PYTHON, ['-c', KS_AND_WASSERSTEIN, referenceCsv, currentCsv, String(runs)], { encoding: 'utf8' }));
}
