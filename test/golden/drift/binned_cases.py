"""Golden values of the binned statistics (PSI, Jensen-Shannon), Wasserstein, and p-value corrections."""
import itertools

import numpy as np
from scipy import spatial, stats

from lcg import checksum, sample

PSI_FLOOR = 1e-4
DECILES = np.arange(1, 10) / 10
_seeds = itertools.count(5000)


def spec(n, shape='normal', loc=0.0, scale=1.0, **extra):
    return {'seed': next(_seeds), 'n': n, 'shape': shape, 'loc': loc, 'scale': scale, **extra}


def psi(ref_counts, cur_counts):
    r = np.maximum(np.asarray(ref_counts, float) / np.sum(ref_counts), PSI_FLOOR)
    c = np.maximum(np.asarray(cur_counts, float) / np.sum(cur_counts), PSI_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def jensen_shannon(ref_counts, cur_counts):
    p = np.asarray(ref_counts, float) / np.sum(ref_counts)
    q = np.asarray(cur_counts, float) / np.sum(cur_counts)
    return float(spatial.distance.jensenshannon(p, q))


def numeric_binned(ref, cur):
    """docs/statistics.md: interior edges = unique linear deciles of R; a value equal to an edge goes right."""
    ref = np.asarray(ref, float)
    cur = np.asarray(cur, float)
    quantiles = np.quantile(ref, DECILES, method='linear')
    edges = np.unique(quantiles)
    ref_counts = np.bincount(np.searchsorted(edges, ref, side='right'), minlength=len(edges) + 1)
    cur_counts = np.bincount(np.searchsorted(edges, cur, side='right'), minlength=len(edges) + 1)
    std = float(np.std(ref))
    wasserstein = float(stats.wasserstein_distance(ref, cur))
    return {
        'quantiles': [float(q) for q in quantiles],
        'edges': [float(e) for e in edges],
        'refCounts': [int(c) for c in ref_counts],
        'curCounts': [int(c) for c in cur_counts],
        'psi': psi(ref_counts, cur_counts),
        'jensenShannon': jensen_shannon(ref_counts, cur_counts),
        'wasserstein': wasserstein,
        'std': std,
        'wassersteinNormalized': wasserstein / max(std, 1e-3),
    }


def numeric_pairs():
    pairs = []
    for n1, n2 in [(2, 2), (3, 7), (10, 10), (11, 9), (101, 99), (1000, 1200), (5000, 4000), (50000, 30000)]:
        pairs.append((f'normal {n1} vs {n2}', spec(n1), spec(n2, loc=0.2, scale=1.3)))
    for levels in [2, 3, 6, 12]:
        pairs.append((f'{levels} integer levels (edges collapse)', spec(900, 'int', levels=levels), spec(800, 'int', levels=levels + 1)))
    pairs.append(('skewed, rounded to 0.001', spec(3000, 'square', step=0.001), spec(2000, 'square', scale=1.5, step=0.001)))
    pairs.append(('negative values', spec(500, 'normal', loc=-50, scale=10), spec(400, 'normal', loc=-45, scale=10)))
    pairs.append(('current entirely above', spec(300, 'uniform'), spec(200, 'uniform', loc=5)))
    pairs.append(('current entirely below', spec(300, 'uniform'), spec(200, 'uniform', loc=-5)))
    pairs.append(('tiny scale (std below 1e-3)', spec(400, 'uniform', scale=1e-4), spec(400, 'uniform', loc=1e-5, scale=1e-4)))
    pairs.append(('large magnitudes', spec(600, 'normal', loc=1e9, scale=1e6), spec(600, 'normal', loc=1.001e9, scale=1e6)))
    pairs.append(('mostly one value', spec(1000, 'int', levels=40, step=30.0), spec(1000, 'int', levels=40, step=25.0)))
    s = spec(2000, 'square')
    pairs.append(('identical samples', s, dict(s)))
    return pairs


def hand_numeric():
    return [
        ('one reference value', [4.0], [1.0, 4.0, 9.0]),
        ('all-equal reference', [2.5] * 50, [2.5] * 30 + [3.0] * 5),
        ('all equal, both sides', [1.0] * 10, [1.0] * 12),
        ('values on the edges', [float(i) for i in range(11)], [float(i) for i in range(11)] + [0.5, 9.5]),
        ('two values', [0.0, 1.0], [0.0, 0.0, 1.0]),
    ]


def numeric_cases():
    cases = []
    for label, sa, sb in numeric_pairs():
        a, b = sample(sa), sample(sb)
        case = {'label': label, 'a': sa, 'b': sb, 'checksum': [checksum(a), checksum(b)]}
        case.update(numeric_binned(a, b))
        cases.append(case)
    for label, a, b in hand_numeric():
        case = {'label': label, 'values': [a, b]}
        case.update(numeric_binned(a, b))
        cases.append(case)
    return cases


def fdr_bh(p):
    """statsmodels.stats.multitest.multipletests(p, method='fdr_bh')[1], written out (statsmodels is not installed)."""
    p = np.asarray(p, float)
    order = np.argsort(p)
    ranked = p[order] / (np.arange(1, len(p) + 1) / len(p))
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    out = np.empty_like(p)
    out[order] = adjusted
    return [float(v) for v in out]


def pvalue_cases():
    rng = np.random.RandomState(7)
    lists = [[], [0.03], [0.01, 0.04, 0.03, 0.005], [0.5, 0.5, 0.5], [0.0, 1.0, 0.2, 0.2, 0.049],
             [1e-300, 0.9, 0.04, 0.011, 0.012, 0.013], rng.uniform(size=25).tolist(), (rng.uniform(size=40) ** 4).tolist()]
    return [{'pValues': ps, 'bonferroni': [min(1.0, p * len(ps)) for p in ps], 'fdr': fdr_bh(ps) if ps else []} for ps in lists]
