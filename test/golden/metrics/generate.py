"""Writes metrics.json next to this script from scikit-learn 1.2 / numpy (Debian bookworm).

Run with /usr/bin/python3 test/golden/metrics/generate.py. Deterministic: the data are either written
out or, for the large cases, described by an LCG spec that test/unit/metrics/golden.ts regenerates
bit for bit (a 32-bit LCG and IEEE + - * / floor only). Python is not needed at test time.

Each case holds the inputs, the headline numbers under the TS keys, the per-class scores
(labels=range(K), average=None), ROC curves for the small cases, and the UndefinedMetricWarnings or
errors scikit-learn raised while computing them (`sklearn`): the TS report must carry warnings exactly
when this list is non-empty.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, log_loss, mean_absolute_error,
                             mean_squared_error, precision_recall_fscore_support, precision_score, r2_score,
                             recall_score, roc_auc_score, roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))


def lcg(seed, n):
    """Uniforms in [0, 1): the same 32-bit LCG as golden.ts."""
    state = seed & 0xFFFFFFFF
    out = []
    for _ in range(n):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out.append(state / 4294967296)
    return out


def lcg_binary(spec):
    """Labels 1 with probability `rate`; a positive-class score on a 1/1000 grid (many ties)."""
    u, v = lcg(spec['seed'], spec['n']), lcg(spec['seed'] + 1, spec['n'])
    y = [1 if a < spec['rate'] else 0 for a in u]
    p = [math.floor((0.3 * t + 0.7 * b) * 1000) / 1000 for t, b in zip(y, v)]
    return y, p


def lcg_multiclass(spec):
    """Labels uniform over K; weights u_k (+ 0.5 for the true class), divided left to right by their sum."""
    n, k = spec['n'], spec['classes']
    u = lcg(spec['seed'], n * (k + 1))
    y, rows = [], []
    for i in range(n):
        label = math.floor(u[i * (k + 1)] * k)
        w = [u[i * (k + 1) + 1 + j] + (0.5 if j == label else 0.0) for j in range(k)]
        total = 0.0
        for x in w:
            total += x
        y.append(label)
        rows.append([x / total for x in w])
    return y, rows


def lcg_regression(spec):
    """y = 10·u + 5, prediction = y + 3·(v - 0.5)."""
    u, v = lcg(spec['seed'], spec['n']), lcg(spec['seed'] + 1, spec['n'])
    y = [10 * a + 5 for a in u]
    return y, [t + 3 * (b - 0.5) for t, b in zip(y, v)]


def caught(fn):
    """(value or None, [messages]) with every UndefinedMetricWarning and ValueError of `fn`."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter('always')
        try:
            value = fn()
        except ValueError as error:
            return None, [f'raised: {error}']
    messages = [str(w.message) for w in seen if issubclass(w.category, UndefinedMetricWarning)]
    return value, messages


def curve(y, s):
    fpr, tpr, thr = roc_curve(y, s)
    return {'fpr': fpr.tolist(), 'tpr': tpr.tolist(), 'thresholds': thr.tolist()}


def classification_case(name, y, proba=None, positive=None, spec=None, curves=True):
    """proba: n × K rows; positive: binary class-1 probabilities (1-D, as scikit-learn accepts)."""
    y = np.asarray(y)
    if positive is not None:
        p1 = np.asarray(positive, dtype=np.float64)
        k, pred, score1, y_pred = 2, (p1 > 0.5).astype(int), p1, p1
    else:
        proba = np.asarray(proba, dtype=np.float64)
        k = proba.shape[1]
        pred, score1, y_pred = proba.argmax(axis=1), proba[:, 1], proba
    notes = []

    def run(fn):
        value, messages = caught(fn)
        notes.extend(messages)
        return value

    expected = {'accuracy': accuracy_score(y, pred)}
    if k == 2:
        expected['precision'] = run(lambda: precision_score(y, pred))
        expected['recall'] = run(lambda: recall_score(y, pred))
        expected['f1'] = run(lambda: f1_score(y, pred))
        expected['rocAuc'] = run(lambda: roc_auc_score(y, score1))
    else:
        for avg in ('macro', 'weighted'):
            p, r, f, _ = run(lambda: precision_recall_fscore_support(y, pred, average=avg))
            expected['precision' + avg.title()], expected['recall' + avg.title()], expected['f1' + avg.title()] = p, r, f
        expected['rocAucOvrMacro'] = run(lambda: roc_auc_score(y, proba, multi_class='ovr', average='macro'))
    expected['logLoss'] = log_loss(y, y_pred, labels=list(range(k)))
    expected['confusionMatrix'] = confusion_matrix(y, pred, labels=list(range(k))).tolist()
    p, r, f, s = run(lambda: precision_recall_fscore_support(y, pred, labels=list(range(k)), average=None))
    per_class = [{'label': j, 'precision': p[j], 'recall': r[j], 'f1': f[j], 'support': int(s[j])} for j in range(k)]

    case = {'name': name, 'task': 'binary' if k == 2 else 'multiclass'}
    if spec is not None:
        case['lcg'] = spec
    else:
        case['yTrue'] = y.tolist()
        if positive is not None:
            case['positive'] = p1.tolist()
        else:
            case['proba'] = proba.tolist()
    case['expected'] = {key: (float(v) if isinstance(v, (float, np.floating)) else v) for key, v in expected.items()}
    case['perClass'] = [{key: (float(v) if isinstance(v, np.floating) else v) for key, v in c.items()} for c in per_class]
    if curves:
        if k == 2:
            case['roc'] = curve(y, score1) if len(set(y.tolist())) == 2 else None
        else:
            case['rocPerClass'] = [curve(y == j, proba[:, j]) if 0 < (y == j).sum() < len(y) else None for j in range(k)]
    case['sklearn'] = sorted(set(notes))
    return case


def classification_cases():
    rng = np.random.default_rng(20240612)
    cases = []

    # Binary: scores on a 0.1 grid, so most thresholds are ties between classes.
    y = rng.integers(0, 2, 60)
    s = np.clip(np.round(0.35 * y + rng.random(60) * 0.65, 1), 0, 1)
    cases.append(classification_case('binary: tied scores', y, np.c_[1 - s, s]))
    y = np.array([0, 0, 0, 1, 1, 1, 0, 1])
    s = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.45, 0.55])
    cases.append(classification_case('binary: perfect', y, np.c_[1 - s, s]))
    cases.append(classification_case('binary: inverted', y, np.c_[s, 1 - s]))
    y = rng.integers(0, 2, 40)
    s = rng.random(40) * 0.5
    cases.append(classification_case('binary: class 1 never predicted', y, np.c_[1 - s, s]))
    y = np.zeros(12, dtype=int)
    s = rng.random(12)
    cases.append(classification_case('binary: only class 0 in yTrue', y, np.c_[1 - s, s]))
    y = np.ones(9, dtype=int)
    s = np.array([0.9, 1.0, 0.2, 0.6, 0.7, 0.5, 0.4, 1.0, 0.8])
    cases.append(classification_case('binary: only class 1 in yTrue', y, positive=s))
    y = np.array([0, 1, 0, 1, 1, 0, 1, 0, 1, 0])
    s = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.5, 0.5, 1.0, 0.3])
    cases.append(classification_case('binary: probabilities exactly 0, 0.5 and 1', y, np.c_[1 - s, s]))
    cases.append(classification_case('binary (positive layout): exactly 0, 0.5 and 1', y, positive=s))
    y = (rng.random(300) < 0.08).astype(int)
    s = np.round(np.clip(0.25 * y + rng.beta(2, 5, 300), 0, 1), 3)
    cases.append(classification_case('binary: imbalanced 8% positive', y, positive=s))
    cases.append(classification_case('binary: rows not summing to 1', y, np.c_[(1 - s) * 0.7, s * 1.3]))

    # Multiclass.
    def softmax_rows(y, k, strength, decimals=6):
        """Rounded to keep the file small; rows still sum to 1 within np.allclose."""
        logits = rng.normal(0, 1, (len(y), k))
        logits[np.arange(len(y)), y] += strength
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        p = np.round(p, decimals)
        if decimals == 1:
            p[:, -1] = np.round(1 - p[:, :-1].sum(axis=1), 1)
        return p

    y = rng.integers(0, 3, 90)
    cases.append(classification_case('3 classes: tied probabilities', y, softmax_rows(y, 3, 1.2, decimals=1)))
    y = rng.choice(7, 400, p=[0.4, 0.2, 0.15, 0.1, 0.08, 0.05, 0.02])
    cases.append(classification_case('7 classes: imbalanced', y, softmax_rows(y, 7, 1.5), curves=False))
    y = rng.integers(0, 3, 50)
    p = softmax_rows(y, 3, 1.0)
    p[:, 2] = np.round(p[:, 2] * 0.05, 6)
    p[:, 0] = 1 - p[:, 1] - p[:, 2]
    cases.append(classification_case('3 classes: class 2 never predicted', y, p))
    y = rng.choice([0, 1, 2, 3, 4, 6], 120)
    cases.append(classification_case('7 classes: class 5 absent from yTrue, predicted', y, softmax_rows(y, 7, 0.8), curves=False))
    y = rng.choice([0, 1, 3], 60)
    p = softmax_rows(y, 4, 1.0)
    p[:, 2] = np.round(p[:, 2] * 0.01, 6)
    p[:, 0] = 1 - p[:, 1] - p[:, 2] - p[:, 3]
    cases.append(classification_case('4 classes: class 2 neither in yTrue nor predicted', y, p))
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    p = np.eye(3)[[0, 1, 2, 1, 1, 0, 0, 2]]
    cases.append(classification_case('3 classes: one-hot probabilities (0 and 1), some wrong', y, p))
    y = rng.integers(0, 3, 30)
    cases.append(classification_case('3 classes: rows not summing to 1', y, np.round(rng.random((30, 3)), 4)))
    y = rng.integers(0, 9, 200)
    cases.append(classification_case('9 classes: rows summed pairwise', y, softmax_rows(y, 9, 2.0), curves=False))

    # Large cases described by an LCG spec: sums past numpy's 8192-value chunks.
    spec = {'seed': 7, 'n': 30000, 'rate': 0.4}
    y, p = lcg_binary(spec)
    cases.append(classification_case('binary (positive layout): 30,000 rows on a 1/1000 grid', y, positive=p, spec=dict(spec, kind='binary'), curves=False))
    spec = {'seed': 11, 'n': 20000, 'classes': 5}
    y, rows = lcg_multiclass(spec)
    cases.append(classification_case('5 classes: 20,000 rows', y, rows, spec=dict(spec, kind='multiclass'), curves=False))
    return cases


def regression_case(name, y, pred, spec=None):
    value, messages = caught(lambda: r2_score(y, pred))
    case = {'name': name}
    if spec is not None:
        case['lcg'] = spec
    else:
        case['yTrue'] = [float(v) for v in y]
        case['pred'] = [float(v) for v in pred]
    case['expected'] = {
        'rmse': float(mean_squared_error(y, pred, squared=False)),
        'mae': float(mean_absolute_error(y, pred)),
        'r2': None if value is None or math.isnan(value) else float(value),
    }
    case['sklearn'] = sorted(set(messages))
    return case


def regression_cases():
    rng = np.random.default_rng(7)
    y = rng.normal(3, 2, 150)
    cases = [regression_case('normal noise', y, y + rng.normal(0, 1, 150))]
    y = rng.gamma(1.5, 100, 400)
    cases.append(regression_case('skewed, large values', y, y * 0.9 + rng.normal(0, 20, 400)))
    cases.append(regression_case('perfect predictions', y[:20], y[:20]))
    cases.append(regression_case('constant yTrue, perfect predictions', [2.0] * 5, [2.0] * 5))
    cases.append(regression_case('constant yTrue, imperfect predictions', [2.0] * 5, [2.0, 2.0, 2.5, 1.0, 2.0]))
    for n in (3, 10, 11):
        mean = np.mean([0.1] * n)
        label = 'exact' if mean == 0.1 else 'off by rounding'
        cases.append(regression_case(f'constant yTrue 0.1 × {n} (numpy mean {label}), imperfect', [0.1] * n, [0.1] * (n - 1) + [0.3]))
    cases.append(regression_case('constant yTrue 0.1 × 3, perfect predictions', [0.1] * 3, [0.1] * 3))
    cases.append(regression_case('one row', [1.5], [2.0]))
    cases.append(regression_case('two rows', [1.0, 3.0], [2.0, 2.5]))
    spec = {'seed': 3, 'n': 25000}
    y, pred = lcg_regression(spec)
    cases.append(regression_case('25,000 rows', y, pred, spec=spec))
    return cases


def main():
    if not sklearn.__version__.startswith('1.2'):
        sys.exit(f'docs/statistics.md names scikit-learn 1.2; this is {sklearn.__version__} (run /usr/bin/python3)')
    about = {'generator': 'test/golden/metrics/generate.py', 'sklearn': sklearn.__version__, 'numpy': np.__version__}
    classification, regression = classification_cases(), regression_cases()
    with open(os.path.join(HERE, 'metrics.json'), 'w') as f:
        f.write('{"about": ' + json.dumps(about) + ',\n "classification": [\n')
        f.write(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in classification))
        f.write('\n],\n "regression": [\n')
        f.write(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in regression))
        f.write('\n]}\n')
    for c in classification + regression:
        print(f'{c["name"]}: {c["expected"]}'[:160], c['sklearn'][:2])
    print(f'metrics.json: {os.path.getsize(os.path.join(HERE, "metrics.json"))} bytes')


if __name__ == '__main__':
    main()
