"""Writes isotonic.json and cbpe.json next to this script from scikit-learn 1.2 / numpy (Debian bookworm).

Run with /usr/bin/python3 test/golden/estimation/generate.py. Deterministic (numpy's PCG64, fixed seeds).

isotonic.json: IsotonicRegression(increasing=True, out_of_bounds="clip", y_min=0, y_max=1) fitted on scores
with many ties, near-ties closer than float64's resolution, decreasing data, one distinct x, one class;
its X_thresholds_ / y_thresholds_ and predict() on points outside, on and between the thresholds.

cbpe.json: NannyML's CBPE (nannyml/performance_estimation/confidence_based/metrics.py and
nannyml/sampling_error/*.py, transcribed below since nannyml is not packaged for Debian) on reference rows
(validation: probabilities and labels) and analysis rows (probabilities only): calibration per class
(binary: class 1), multiclass rows renormalised, estimated accuracy / precision / recall / F1 / ROC AUC
(binary: class 1; multiclass: macro) and the sampling error of each. Analysis scores have no ties, as
NannyML's ROC AUC estimate orders tied scores arbitrarily (np.argsort).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc

HERE = os.path.dirname(os.path.abspath(__file__))


def iso(x, y):
    return IsotonicRegression(increasing=True, out_of_bounds='clip', y_min=0, y_max=1).fit(x, y)


def isotonic_case(name, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    model = iso(x, y)
    lo, hi = float(np.min(x)), float(np.max(x))
    probe = np.concatenate([[lo - 1, hi + 1, lo, hi], np.asarray(model.X_thresholds_),
                            np.linspace(lo, hi, 37), x[: min(len(x), 40)]])
    return {'name': name, 'x': x.tolist(), 'y': y.tolist(), 'thresholdsX': model.X_thresholds_.tolist(),
            'thresholdsY': model.y_thresholds_.tolist(), 'probe': probe.tolist(), 'predicted': model.predict(probe).tolist()}


def isotonic_cases():
    rng = np.random.default_rng(7)
    cases = []
    p = rng.uniform(0, 1, 400)
    cases.append(isotonic_case('continuous scores', p, (rng.uniform(0, 1, 400) < p).astype(float)))
    p = np.round(rng.uniform(0, 1, 600) * 20) / 20
    cases.append(isotonic_case('scores on a 1/20 grid (ties)', p, (rng.uniform(0, 1, 600) < p ** 2).astype(float)))
    base = np.round(rng.uniform(0, 1, 200) * 10) / 10
    near = base + np.where(rng.uniform(0, 1, 200) < 0.5, 0.0, 4e-16)
    cases.append(isotonic_case('near-ties below float64 resolution', near, (rng.uniform(0, 1, 200) < base).astype(float)))
    p = rng.uniform(0, 1, 150)
    cases.append(isotonic_case('decreasing relation (one pooled block)', p, (rng.uniform(0, 1, 150) > p).astype(float)))
    cases.append(isotonic_case('one distinct x', [0.3] * 9, [1, 0, 0, 1, 1, 0, 1, 1, 1]))
    cases.append(isotonic_case('one class', rng.uniform(0, 1, 50), [0.0] * 50))
    cases.append(isotonic_case('two rows', [0.9, 0.1], [0, 1]))
    cases.append(isotonic_case('negative and large scores', rng.normal(0, 3, 300), (rng.uniform(0, 1, 300) < 0.4).astype(float)))
    return cases


# --- NannyML's CBPE, transcribed -------------------------------------------------------------------------

def estimate_roc_auc(calibrated, uncalibrated):
    order = np.argsort(uncalibrated)[::-1]
    t = calibrated[order]
    tps = np.cumsum(t)
    fps = 1 + np.arange(len(t)) - tps
    tps = np.round(np.r_[0, tps], 5)
    fps = np.round(np.r_[0, fps], 5)
    return auc(fps / fps[-1], tps / tps[-1])


def confusion(pred, p):
    tp = np.sum(np.where(pred == 1, p, 0))
    fp = np.sum(np.where(pred == 1, 1 - p, 0))
    fn = np.sum(np.where(pred == 0, p, 0))
    tn = np.sum(np.where(pred == 0, 1 - p, 0))
    return tp, fp, fn, tn


def ratio(a, b):
    return a / b if b != 0 else 0


def auroc_components(y, p, var):
    y, p = np.asarray(y), np.asarray(p)
    if np.mean(y) > 0.5:
        y, p = abs(y - 1), 1 - p
    idx = np.argsort(p)
    y = y[idx]
    positive_ranks = y * np.arange(len(p))
    indexes = np.unique(positive_ranks)[1:]
    ser = np.asarray([index - i for i, index in enumerate(indexes)]) / (len(y) - np.sum(y))
    return (np.var(ser) if var else np.std(ser)), np.sum(y) / len(y)


def class_components(y, pred, binary):
    spread = np.std if binary else np.var
    tp, fp, fn = np.sum((y == 1) & (pred == 1)), np.sum((y == 0) & (pred == 1)), np.sum((y == 1) & (pred == 0))
    f1_obs = np.concatenate([np.ones(tp), np.zeros(fn), np.zeros(fp)])
    if binary:
        f1_obs = f1_obs * (len(f1_obs) / ((fn + fp) * 0.5 + tp))
    with np.errstate(all='ignore'), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return {
            'precision': (spread(np.concatenate([np.ones(tp), np.zeros(fp)])), np.sum(pred) / len(pred)),
            'recall': (spread(np.concatenate([np.ones(tp), np.zeros(fn)])), np.sum(y) / len(pred)),
            'f1': (spread(f1_obs), len(f1_obs) / len(pred)),
        }


def finite(v):
    return float(v) if np.isfinite(v) else None


def cbpe_case(name, ref_p, ref_y, ana_p):
    """ref_p / ana_p: n × K probabilities; K = 2 is binary on class 1."""
    k = ref_p.shape[1]
    binary = k == 2
    classes = [1] if binary else list(range(k))
    calibrators = {c: iso(ref_p[:, c], (ref_y == c).astype(float)) for c in classes}
    if binary:
        cal = calibrators[1].predict(ana_p[:, 1])
        cal_rows = np.column_stack([1 - cal, cal])
    else:
        raw = np.column_stack([calibrators[c].predict(ana_p[:, c]) for c in classes])
        den = raw.sum(axis=1)[:, None]
        cal_rows = np.divide(raw, den, out=np.full_like(raw, 1 / k), where=den != 0)
    ana_pred = np.argmax(ana_p, axis=1)
    ref_pred = np.argmax(ref_p, axis=1)
    n = len(ana_p)
    per = {m: [] for m in ('precision', 'recall', 'f1', 'rocAuc')}
    se_parts = {m: [] for m in per}
    for c in classes:
        pred_c, p_c = (ana_pred == c).astype(int), cal_rows[:, c]
        tp, fp, fn, _ = confusion(pred_c, p_c)
        per['precision'].append(ratio(tp, tp + fp))
        per['recall'].append(ratio(tp, tp + fn))
        per['f1'].append(ratio(tp, tp + 0.5 * (fp + fn)))
        per['rocAuc'].append(estimate_roc_auc(p_c, ana_p[:, c]))
        comps = class_components((ref_y == c).astype(int), (ref_pred == c).astype(int), binary)
        comps['rocAuc'] = auroc_components((ref_y == c).astype(int), ref_p[:, c], not binary)
        for m in per:
            se_parts[m].append(comps[m])
    estimated = {'accuracy': float(np.mean(cal_rows[np.arange(n), ana_pred]))}
    sampling = {'accuracy': float(np.std((ref_y == ref_pred).astype(int)) / np.sqrt(n))}
    with np.errstate(all='ignore'):
        for m in per:
            estimated[m] = float(np.mean(per[m]))
            if binary:
                s, f = se_parts[m][0]
                sampling[m] = finite(s / np.sqrt(n * f))
            else:
                total = np.sqrt(np.sum([s / (n * f) for s, f in se_parts[m]])) / k
                sampling[m] = finite(total * 1.2 if m == 'rocAuc' else total)
    return {'name': name, 'classes': k, 'referenceProbabilities': ref_p.tolist(), 'referenceLabels': ref_y.tolist(),
            'analysisProbabilities': ana_p.tolist(), 'calibrated': cal_rows.tolist(),
            'estimated': estimated, 'samplingError': sampling}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cbpe_cases():
    rng = np.random.default_rng(11)
    cases = []
    for name, n_ref, n_ana, k, shift in [('binary', 800, 500, 2, 0.0), ('binary, shifted analysis', 600, 400, 2, 0.8),
                                         ('three classes', 900, 450, 3, 0.0), ('five classes, shifted', 1000, 300, 5, 0.5)]:
        def draw(n, s):
            y = rng.integers(0, k, n)
            z = rng.normal(0, 1, (n, k)) + 1.3 * np.eye(k)[y] + s * np.eye(k)[0]
            return y, softmax(z * 0.8)
        ref_y, ref_p = draw(n_ref, 0.0)
        _, ana_p = draw(n_ana, shift)
        cases.append(cbpe_case(name, ref_p, ref_y, ana_p))
    return cases


def main():
    meta = {'sklearn': sklearn.__version__, 'numpy': np.__version__}
    with open(os.path.join(HERE, 'isotonic.json'), 'w') as f:
        json.dump({**meta, 'cases': isotonic_cases()}, f)
    with open(os.path.join(HERE, 'cbpe.json'), 'w') as f:
        json.dump({**meta, 'cases': cbpe_cases()}, f)


if __name__ == '__main__':
    main()
