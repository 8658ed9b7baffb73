"""Writes the drift golden files next to this script from SciPy 1.10 / numpy (Debian bookworm).

Run from anywhere with /usr/bin/python3 test/golden/drift/generate.py. Deterministic: seeds are fixed,
so a second run rewrites identical files. The TS tests in test/unit/drift read the files; Python is
not needed at test time.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ next to the committed goldens

import numpy  # noqa: E402
import scipy  # noqa: E402

from binned_cases import numeric_cases, pvalue_cases  # noqa: E402
from chi2_cases import categorical_cases, chi2_sf_cases  # noqa: E402
from kolmogorov_cases import kstwo_cases, smirnov_cases  # noqa: E402
from ks_cases import ks_cases  # noqa: E402
from real_cases import real_cases  # noqa: E402


def write(name, cases):
    """One case per line: small diffs when a value changes, and no pretty-printing bloat."""
    header = {'generator': 'test/golden/drift/generate.py', 'scipy': scipy.__version__, 'numpy': numpy.__version__}
    with open(os.path.join(HERE, name), 'w') as f:
        f.write('{"about": ' + json.dumps(header) + ',\n "cases": [\n')
        f.write(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in cases))
        f.write('\n]}\n')
    print(f'{name}: {len(cases)} cases')


def main():
    if not scipy.__version__.startswith('1.10'):
        sys.exit(f'docs/statistics.md names SciPy 1.10; this is {scipy.__version__} (run /usr/bin/python3)')
    kstwo = kstwo_cases()
    print('kstwo branches:', dict(collections.Counter(c['branch'] for c in kstwo)))
    write('kstwo.json', kstwo)
    smirnov = smirnov_cases()
    print('smirnov branches:', dict(collections.Counter(c['branch'] for c in smirnov)))
    write('smirnov.json', smirnov)
    ks = ks_cases()
    print('ks_2samp methods:', dict(collections.Counter(c['method'] for c in ks)))
    write('ks2samp.json', ks)
    write('numeric-binned.json', numeric_cases())
    write('categorical.json', categorical_cases())
    write('chi2-sf.json', chi2_sf_cases())
    write('pvalue-corrections.json', pvalue_cases())
    for name, expected in real_cases(os.path.join(HERE, 'real')).items():
        decided = collections.Counter(c['decidedBy'] for c in expected['columns'])
        print(f'real/{name}: {len(expected["columns"])} columns, decided by {dict(decided)}, dataset {expected["dataset"]}')


if __name__ == '__main__':
    main()
