"""Golden values of scipy.stats.chi2_contingency on 2 x K tables and of scipy.stats.chi2.sf."""
import math

import numpy as np
from scipy import stats

from binned_cases import jensen_shannon, psi


def _chi2(table):
    chi2, p, dof, _ = stats.chi2_contingency(np.array(table, dtype=float))
    return {'statistic': float(chi2), 'pValue': float(p), 'dof': int(dof)}


def contingency_tables():
    rng = np.random.RandomState(20240607)
    tables = [
        ('K=1 (dof 0)', [[5], [7]]), ('K=1 single counts', [[1], [1]]),
        ('K=2 diagonal', [[1, 0], [0, 1]]), ('K=2 small', [[5, 3], [2, 8]]),
        ('K=2 Yates moves less than 0.5', [[10, 10], [10, 11]]), ('K=2 equal', [[1, 1], [1, 1]]),
        ('K=2 separated', [[100, 0], [0, 100]]), ('K=2 separated, p underflows', [[5000, 0], [0, 5000]]),
        ('K=2 huge counts', [[1e9, 2e9], [3e9, 1e9]]),
        ('K=2 huge, nearly equal', [[1e12, 1e12 + 1], [1e12, 1e12]]),
        ('K=3 new category', [[40, 60, 0], [30, 50, 7]]),
        ('K=3 huge counts', [[123456789, 987654321, 55555555], [111111111, 999999999, 66666666]]),
    ]
    for k in [3, 4, 5, 8, 13, 21, 34, 50]:
        small = rng.randint(0, 4, size=(2, k))
        small[0, small.sum(axis=0) == 0] = 1  # every category is seen somewhere
        tables.append((f'K={k} small counts', small.tolist()))
        base = rng.randint(1, 200, size=k)
        tables.append((f'K={k} moderate counts, same shape', [rng.poisson(base * 3).clip(1).tolist(), rng.poisson(base * 2).clip(1).tolist()]))
        tables.append((f'K={k} moderate counts, drifted', [rng.poisson(base).clip(1).tolist(), rng.poisson(base[::-1]).clip(1).tolist()]))
    big = rng.randint(1, 30, size=(2, 2000))
    tables.append(('K=2000', big.tolist()))
    # Thousands of categories with few rows each, drawn alike: statistic near the dof, p far from 0 and 1.
    # This is where chi2.sf needs x/2 > 1000 with a ~ x/2 (the branch @stdlib gammainc gets wrong).
    for k, size in [(2100, 3), (3000, 2), (5000, 2)]:
        weights = rng.uniform(0.5, 1.5, size=k)
        ref = rng.poisson(weights * size)
        cur = rng.poisson(weights * size * (1 + 0.15 * (rng.uniform(size=k) - 0.5)))
        ref[(ref + cur) == 0] = 1
        tables.append((f'K={k}, few rows per category', [ref.tolist(), cur.tolist()]))
    return tables


def categorical_cases():
    cases = []
    for label, (ref, cur) in contingency_tables():
        cases.append({'label': label, 'ref': ref, 'cur': cur, 'chi2': _chi2([ref, cur]),
                      'psi': psi(ref, cur), 'jensenShannon': jensen_shannon(ref, cur)})
    return cases


def chi2_sf_cases():
    """chi2.sf(x, k) on a grid: k from 1 to 2e6, x from the far left to the far right tail, across x/2 = 1000."""
    cases = []
    for k in [1, 2, 3, 5, 10, 29, 59, 60, 61, 100, 399, 400, 1000, 1500, 1999, 2000, 2001, 2100, 3000, 10000, 50000, 200000, 2000000]:
        xs = {k + z * math.sqrt(2 * k) for z in [-8, -4, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 4, 8, 16, 30, 38]}
        xs.update([1999.0, 2000.0, 2001.0, 2002.5, 2100.0, 0.5 * k, 1.4 * k, 2 * k + 1500, 3 * k + 1500])
        for x in sorted(v for v in xs if v > 0):
            cases.append({'x': x, 'k': k, 'sf': float(stats.chi2.sf(x, k))})
    return cases
