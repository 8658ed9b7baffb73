"""Real data compared column by column with the full default report.

weather.csv ships in the vega-datasets npm package, so its cases name the file and the row prefixes that
split it (the TS test splits it the same way); scikit-learn's bundled sets are not there at test time,
so their two halves are written out as CSV.
"""
import csv
import gzip
import io
import json
import os

from report_model import report

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
WEATHER = 'node_modules/vega-datasets/data/weather.csv'
SKLEARN_DATA = '/usr/lib/python3/dist-packages/sklearn/datasets/data'

WEATHER_CASES = [
    ('weather_seattle_vs_new_york', 'Seattle,', 'New York,', {}),
    ('weather_seattle_2012_vs_2015', 'Seattle,2012-', 'Seattle,2015-', {}),
    ('weather_seattle_2012_vs_2015_fdr', 'Seattle,2012-', 'Seattle,2015-', {'correction': 'fdr'}),
    ('weather_new_york_2013_vs_2014_bonferroni', 'New York,2013-', 'New York,2014-', {'correction': 'bonferroni'}),
]


def split_lines(text, prefix):
    """Header plus the lines that start with prefix, '\n'-terminated: what the TS test builds."""
    lines = text.split('\n')
    return '\n'.join([lines[0]] + [line for line in lines[1:] if line.startswith(prefix)]) + '\n'


def to_csv(header, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator='\n').writerows([header] + rows)
    return out.getvalue()


def wine_halves():
    """Wine, first 89 rows vs last 89 (the file is ordered by class, so the halves differ), with a few
    cells blanked on purpose so that missing values of real data are counted too."""
    from sklearn.datasets import load_wine
    names = list(load_wine().feature_names) + ['class']
    with open(os.path.join(SKLEARN_DATA, 'wine_data.csv')) as f:
        rows = list(csv.reader(f))[1:]
    for i, row in enumerate(rows):
        if i % 13 == 5:
            row[4] = 'NA'  # magnesium
        if i % 7 == 3:
            row[10] = ''  # hue
    return to_csv(names, rows[:89]), to_csv(names, rows[89:])


def diabetes_halves():
    """Diabetes (raw units), rows 0-220 vs 221-441, with the disease progression as the target."""
    with gzip.open(os.path.join(SKLEARN_DATA, 'diabetes_data_raw.csv.gz'), 'rt') as f:
        data = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(SKLEARN_DATA, 'diabetes_target.csv.gz'), 'rt') as f:
        target = [repr(float(line)) for line in f if line.strip()]
    names = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression']
    rows = [d + [t] for d, t in zip(data, target)]
    return to_csv(names, rows[:221]), to_csv(names, rows[221:])


def write_case(root, name, case, reference, current):
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    settings = {k: v for k, v in case.items() if k in ('correction',)}
    expected = report(reference, current, case.get('target'), **settings)
    with open(os.path.join(folder, 'case.json'), 'w') as f:
        json.dump(case, f, indent=1)
        f.write('\n')
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')
    return expected


def real_cases(root):
    written = {}
    with open(os.path.join(REPO, WEATHER)) as f:
        weather = f.read()
    for name, ref_prefix, cur_prefix, settings in WEATHER_CASES:
        case = {'source': WEATHER, 'referencePrefix': ref_prefix, 'currentPrefix': cur_prefix, **settings}
        written[name] = write_case(root, name, case, split_lines(weather, ref_prefix), split_lines(weather, cur_prefix))
    for name, (reference, current), case in [
        ('wine_halves', wine_halves(), {'target': 'class'}),
        ('diabetes_halves', diabetes_halves(), {'target': 'progression'}),
    ]:
        folder = os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        for file, text in [('reference.csv', reference), ('current.csv', current)]:
            with open(os.path.join(folder, file), 'w') as f:
                f.write(text)
        written[name] = write_case(root, name, case, reference, current)
    return written
