"""Golden values of scipy.stats.kstwo.sf and scipy.special.smirnov over grids that reach every branch."""
import math

from scipy import special, stats

KSTWO_N = [1, 2, 3, 5, 7, 10, 25, 50, 100, 139, 140, 141, 200, 1000, 5000, 20000, 100000, 100001, 500000, 2000000]
SMIRNOV_N = [1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 140, 141, 1000, 10000, 100000, 1000000, 1000001, 2000000]


def kstwo_branch(n, x):
    """The branch of scipy's _kolmogn(n, x, cdf=False) (scipy/stats/_ksstats.py, SciPy 1.10)."""
    if x >= 1.0:
        return 'x>=1'
    if x <= 0.0:
        return 'x<=0'
    t = n * x
    if t <= 1.0:
        if t <= 0.5:
            return 't<=0.5'
        return 'ruben-gambino-low n<=140' if n <= 140 else 'ruben-gambino-low n>140'
    if t >= n - 1:
        return 'ruben-gambino-high'
    if x >= 0.5:
        return 'x>=0.5 smirnov'
    nxsquared = t * x
    if n <= 140:
        if nxsquared <= 0.754693:
            return 'n<=140 durbin'
        if nxsquared <= 4:
            return 'n<=140 pomeranz'
        return 'n<=140 smirnov'
    if nxsquared >= 370.0:
        return 'n>140 zero'
    if nxsquared >= 2.2:
        return 'n>140 smirnov'
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return 'n>140 durbin'
    return 'n>140 pelz-good'


def _kstwo_xs(n):
    xs = {0.0, 1.0, 1.5, -0.25}
    for t in [0.25, 0.5, 0.5000001, 0.6, 0.75, 0.9, 1.0, 1.0000001, 1.2, 1.5, 2.0, 2.5, 3.5]:
        xs.add(t / n)
    for z in [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.86, 0.9, 1.0, 1.1, 1.2, 1.3, 1.36, 1.45, 1.5,
              1.6, 1.8, 2.0, 2.3, 2.6, 3.0, 3.5, 4.0, 5.0, 7.0, 10.0, 13.0, 19.0, 25.0]:
        xs.add(z / math.sqrt(n))
    for x in [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.49, 0.5, 0.51, 0.6, 0.75, 0.9, 0.99]:
        xs.add(x)
    for edge in [(n - 1) / n, (n - 1.5) / n, 1 - 0.5 / n, 1 - 1e-9]:
        xs.add(edge)
    # Just inside and outside the branch thresholds on n x^2 and n x^1.5.
    for nx2 in [0.754693, 2.2, 4.0, 18.0, 370.0]:
        x = math.sqrt(nx2 / n)
        xs.update([x * (1 - 1e-9), x, x * (1 + 1e-9)])
    x = (1.4 / n) ** (2 / 3)
    xs.update([x * (1 - 1e-9), x * (1 + 1e-9)])
    # Beyond 1 every n takes the same branch: one point there is enough.
    return sorted(x for x in xs if x <= 1 or x == 1.5)


def kstwo_cases():
    cases = []
    for n in KSTWO_N:
        for x in _kstwo_xs(n):
            sf = float(stats.kstwo.sf(x, n))
            cases.append({'n': n, 'x': x, 'sf': sf, 'branch': kstwo_branch(n, x)})
    return cases


def smirnov_branch(n, x):
    """The branch of cephes' _smirnov(n, x) (approximately: floor(n x) here is in double precision)."""
    if n == 1 or x == 0 or x == 1:
        return 'trivial'
    nx = n * x
    if nx <= 1:
        return 'x<=1/n'
    if -2 * n * x * x < -745.1332191019412:
        return 'underflow'
    if math.floor(nx) >= n - 1:
        return 'x>=1-1/n'
    if n > 1000000:
        return 'n>1e6 approximation'
    return 'sum'


def _smirnov_xs(n):
    xs = {0.0, 1.0, 1e-12, 0.5 / n, 1 / n, (1 / n) * (1 - 1e-9), (1 / n) * (1 + 1e-9), 1.5 / n, 2 / n, 3 / n, 7.5 / n}
    for z in [0.05, 0.1, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 12.0, 19.0, 19.4, 20.0]:
        xs.add(z / math.sqrt(n))
    for x in [0.01, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9]:
        xs.add(x)
    for edge in [1 - 1 / n, (1 - 1 / n) * (1 - 1e-12), (1 - 1 / n) * (1 + 1e-12), 1 - 0.5 / n, (n - 2) / n]:
        xs.add(edge)
    return sorted(x for x in xs if 0 <= x <= 1)


def smirnov_cases():
    cases = []
    for n in SMIRNOV_N:
        for x in _smirnov_xs(n):
            cases.append({'n': n, 'x': x, 'sf': float(special.smirnov(n, x)), 'branch': smirnov_branch(n, x)})
    return cases
