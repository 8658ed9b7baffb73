"""The full drift report of docs/statistics.md computed from CSV text, independently of the TypeScript code.

The output has the shape of test/fixtures/stats/drift/*/expected.json (driftJson in fixtureJson.ts).
"""
import csv
import io
import re
import warnings

import numpy as np
from scipy import stats

from binned_cases import fdr_bh, jensen_shannon, numeric_binned, psi

MISSING = {'', 'na', 'n/a', 'nan', 'null', 'none'}
NUMBER = re.compile(r'^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$')
DEFAULTS = {'alpha': 0.05, 'wasserstein': 0.1, 'jensenShannon': 0.1, 'driftShare': 0.5, 'correction': 'none'}


def is_missing(cell):
    return cell.strip().lower() in MISSING


def parse_number(cell):
    return float(cell) if NUMBER.match(cell) else None


def infer_type(cells):
    present = [c for c in cells if not is_missing(c)]
    numbers = [parse_number(c) for c in present]
    if not present or any(v is None for v in numbers):
        return 'categorical'
    if len(set(numbers)) > 5 or not all(v == int(v) for v in numbers):
        return 'numeric'
    return 'categorical'


def read_columns(text, types=None):
    """{name: (type, values, missing)}: numbers for numeric columns, cell texts for categorical ones."""
    rows = [r for r in csv.reader(io.StringIO(text)) if r != [] and r != ['']]
    header = [h.strip() for h in rows[0]]
    columns = {}
    for j, name in enumerate(header):
        cells = [r[j] for r in rows[1:]]
        inferred = infer_type(cells)
        kind = (types or {}).get(name, inferred)
        if kind == 'numeric':
            values = [parse_number(c) if not is_missing(c) else None for c in cells]
        else:
            if inferred == 'numeric':
                raise NotImplementedError('a numeric-looking column read as categorical is respelled by the reader')
            values = [None if is_missing(c) else c for c in cells]
        present = [v for v in values if v is not None]
        columns[name] = (kind, present, len(cells) - len(present))
    return columns


def _categories(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


def compare(name, ref, cur, settings):
    kind, rv, rmiss = ref
    _, cv, cmiss = cur
    out = {'name': name, 'type': kind, 'nReference': len(rv), 'nCurrent': len(cv), 'missingReference': rmiss, 'missingCurrent': cmiss}
    if not rv or not cv:
        raise NotImplementedError('a column with no values on one side is covered by the unit tests')
    if kind == 'numeric':
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            ks = stats.ks_2samp(np.array(rv), np.array(cv))
        out['ks'] = {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue)}
        distinct = sorted(set(rv) | set(cv))
        if len(distinct) <= 5:
            rc, cc = _categories(rv), _categories(cv)
            out['chi2'] = chi2([[rc.get(v, 0) for v in distinct], [cc.get(v, 0) for v in distinct]])
        binned = numeric_binned(rv, cv)
        out.update({'wasserstein': binned['wassersteinNormalized'], 'psi': binned['psi'], 'jensenShannon': binned['jensenShannon']})
        u = len(distinct)
    else:
        rc, cc = _categories(rv), _categories(cv)
        order = list(rc) + [c for c in cc if c not in rc]
        table = [[rc.get(c, 0) for c in order], [cc.get(c, 0) for c in order]]
        out['chi2'] = chi2(table)
        new = [c for c in cc if c not in rc]
        out.update({'psi': psi(*table), 'jensenShannon': jensen_shannon(*table), 'newCategories': new})
        out['newCategoryShare'] = sum(cc[c] for c in new) / len(cv)
        u = len(order)
    small = len(rv) <= 1000
    if kind == 'numeric' and u > 5:
        decided, threshold = ('ks', settings['alpha']) if small else ('wasserstein', settings['wasserstein'])
    else:
        decided, threshold = ('chi2', settings['alpha']) if small else ('jensenShannon', settings['jensenShannon'])
    value = out[decided]['pValue'] if decided in ('ks', 'chi2') else out[decided]
    out['decidedBy'] = decided
    out['drift'] = bool(value < threshold) if decided in ('ks', 'chi2') else bool(value >= threshold)
    out['drift'] = out['drift'] or new_categories_drift(out)
    out['_value'], out['_threshold'] = value, threshold
    return out


def new_categories_drift(out):
    """A categorical column drifts when >= 20% of the current rows have a category the reference never had."""
    return out.get('newCategoryShare', 0) >= 0.2


def chi2(table):
    statistic, p, dof, _ = stats.chi2_contingency(np.array(table, dtype=float))
    return {'statistic': float(statistic), 'pValue': float(p), 'dof': int(dof)}


def adjust(pvalues, correction):
    m = len(pvalues)
    if correction == 'bonferroni':
        return [min(1.0, p * m) for p in pvalues]
    return fdr_bh(pvalues)


def report(reference_text, current_text, target=None, **overrides):
    settings = {**DEFAULTS, **overrides}
    ref = read_columns(reference_text)
    cur = read_columns(current_text, {name: col[0] for name, col in ref.items()})
    columns, roles = [], []
    for name in ref:
        if name in cur:
            columns.append(compare(name, ref[name], cur[name], settings))
            roles.append('target' if name == target else 'feature')
    if settings['correction'] != 'none':
        tested = [c for c, role in zip(columns, roles) if role == 'feature' and c['decidedBy'] in ('ks', 'chi2')]
        for c, p in zip(tested, adjust([c['_value'] for c in tested], settings['correction'])):
            c['adjustedPValue'] = p
            c['drift'] = bool(p < c['_threshold']) or new_categories_drift(c)
    features = [c for c, role in zip(columns, roles) if role == 'feature']
    drifted = sum(1 for c in features if c['drift'])
    share = drifted / len(features) if features else None
    dataset = {'driftedShare': share, 'drift': share is not None and share >= settings['driftShare']}
    missing = [n for n in ref if n not in cur]
    extra = [n for n in cur if n not in ref]
    if missing:
        dataset['missingColumns'] = missing
    if extra:
        dataset['extraColumns'] = extra
    for c in columns:
        del c['_value'], c['_threshold']
    return {'columns': columns, 'dataset': dataset}
