"""Golden values of scipy.stats.ks_2samp(a, b) (method='auto', two-sided) on generated and hand-made samples."""
import itertools
import math
import warnings

import numpy as np
from scipy import stats
from scipy.stats import _stats_py

from lcg import checksum, sample

_seeds = itertools.count(1000)


def spec(n, shape='normal', loc=0.0, scale=1.0, **extra):
    return {'seed': next(_seeds), 'n': n, 'shape': shape, 'loc': loc, 'scale': scale, **extra}


def same(s):
    """A second sample drawn exactly like s (same seed): identical values."""
    return dict(s)


def _method(a, b, d):
    """'exact' when ks_2samp's exact attempt is made and succeeds, as SciPy 1.10 decides."""
    n1, n2 = len(a), len(b)
    if max(n1, n2) > 10000:
        return 'asymptotic'
    ok, _, _ = _stats_py._attempt_exact_2kssamp(n1, n2, math.gcd(n1, n2), d, 'two-sided')
    return 'exact' if ok else 'asymptotic'


def _result(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)  # the exact -> asymptotic switch warns
        r = stats.ks_2samp(np.array(a, dtype=float), np.array(b, dtype=float))
    return {'statistic': float(r.statistic), 'pValue': float(r.pvalue), 'method': _method(a, b, float(r.statistic))}


def generated_pairs():
    """(label, spec a, spec b): every path ks_2samp can take."""
    pairs = []
    for n in [1, 2, 3, 5, 10, 37, 100, 500, 1000, 3000, 10000]:
        pairs.append((f'equal n={n} same distribution', spec(n), spec(n)))
        pairs.append((f'equal n={n} shifted', spec(n), spec(n, loc=0.3)))
    for n1, n2 in [(20, 30), (100, 150), (600, 400), (5000, 10000), (8000, 10000), (2500, 7500)]:
        pairs.append((f'gcd>1 {n1} vs {n2}', spec(n1), spec(n2, loc=0.1)))
    for n1, n2 in [(7, 13), (97, 101), (1000, 999), (9999, 10000), (3001, 2999), (10000, 9973)]:
        pairs.append((f'coprime {n1} vs {n2}', spec(n1), spec(n2, loc=0.05, scale=1.1)))
    for levels, n1, n2 in [(2, 50, 60), (3, 300, 300), (5, 1000, 800), (20, 4000, 6000), (4, 10000, 10000), (10, 20000, 15000)]:
        pairs.append((f'ties: {levels} integer levels {n1} vs {n2}', spec(n1, 'int', levels=levels), spec(n2, 'int', levels=levels)))
        pairs.append((f'ties shifted: {levels} levels {n1} vs {n2}', spec(n1, 'int', levels=levels), spec(n2, 'int', loc=1, levels=levels)))
    for n1, n2 in [(1, 1), (1, 2), (1, 50), (50, 1), (2, 1000), (1, 10000), (1, 10001), (10001, 3)]:
        pairs.append((f'tiny side {n1} vs {n2}', spec(n1, 'uniform'), spec(n2, 'uniform')))
    for n1, n2 in [(10000, 10000), (10000, 10001), (10001, 10001), (10001, 500), (50000, 30000), (200000, 1000)]:
        pairs.append((f'around 10000: {n1} vs {n2}', spec(n1), spec(n2, loc=0.02)))
        pairs.append((f'around 10000 same distribution: {n1} vs {n2}', spec(n1, 'square'), spec(n2, 'square')))
    s = spec(4000, 'square', step=0.001)
    pairs.append(('identical samples 4000', s, same(s)))
    s = spec(30000, 'normal', step=0.01)
    pairs.append(('identical samples 30000 (asymptotic)', s, same(s)))
    for n in [5, 100, 3000, 10000, 12000]:
        pairs.append((f'complete separation n={n}', spec(n, 'uniform'), spec(n, 'uniform', loc=2.0)))
    pairs.append(('complete separation 40 vs 60', spec(40, 'uniform'), spec(60, 'uniform', loc=-3.0)))
    pairs.append(('negative and positive, rounded to 0.01', spec(700, 'normal', scale=100, step=0.01), spec(650, 'normal', loc=5, scale=100, step=0.01)))
    pairs.append(('skewed vs uniform', spec(2000, 'square'), spec(2500, 'uniform')))
    pairs.append(('small shift detectable only at large n', spec(9000, 'normal'), spec(9000, 'normal', loc=0.03)))
    return pairs


def hand_pairs():
    """Small explicit samples: D = 1/n (the exact sum lands on 1 and may round above it), negatives, -0."""
    return [
        ('D = 1/3, equal n', [1, 2, 3], [1, 2, 4]),
        ('D = 1/5, equal n', [1, 2, 3, 4, 5], [1, 2, 3, 4, 6]),
        ('D = 1/50, equal n', list(range(50)), list(range(49)) + [60]),
        ('D = 1/100, equal n', list(range(100)), list(range(99)) + [150]),
        ('one value each, equal', [3.5], [3.5]),
        ('one value each, different', [3.5], [-3.5]),
        ('zero and negative zero', [0.0, 1.0, 2.0], [-0.0, 1.0, 2.0]),
        ('all equal vs all equal, different values', [2.0] * 30, [3.0] * 20),
        ('all equal in both', [7.25] * 15, [7.25] * 9),
        ('interleaved', [1, 3, 5, 7, 9, 11], [2, 4, 6, 8, 10, 12]),
        ('huge magnitudes', [-1e300, -1.0, 0.0, 1e-300, 1e300], [-1e299, 5.0, 1e301]),
        ('one side inside the other', [0.1 * i for i in range(40)], [1.0 + 0.01 * i for i in range(25)]),
    ]


def ks_cases():
    cases = []
    for label, sa, sb in generated_pairs():
        a, b = sample(sa), sample(sb)
        case = {'label': label, 'a': sa, 'b': sb, 'checksum': [checksum(a), checksum(b)]}
        case.update(_result(a, b))
        cases.append(case)
    for label, a, b in hand_pairs():
        case = {'label': label, 'values': [[float(v) for v in a], [float(v) for v in b]]}
        case.update(_result(a, b))
        cases.append(case)
    return cases
