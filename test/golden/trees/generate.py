"""Writes gbdt.json next to this script from scikit-learn 1.2's HistGradientBoosting* (Debian bookworm).

Run with /usr/bin/python3 test/golden/trees/generate.py. Deterministic (numpy's PCG64 with fixed seeds).

Each case: training rows (features on a grid of quarters with at most 255 distinct values, so scikit-learn's
bins and Relearn's are the same whatever the float width), a target, optional sample weights, the settings,
and scikit-learn's raw scores and outputs (predict_proba, or predict for regression) on test rows that
include missing values, in features that had some in training and in ones that had none. Fitted without
early stopping, so every iteration's trees are kept on both sides.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

HERE = os.path.dirname(os.path.abspath(__file__))


def features(rng, rows):
    x = np.column_stack([
        np.round(rng.normal(0, 2, rows) * 4) / 4,
        rng.integers(0, 40, rows).astype(float),
        np.round(rng.uniform(-3, 3, rows) * 4) / 4,
        rng.integers(0, 5, rows).astype(float),
    ])
    return x


def with_missing(rng, x, column, share):
    x = x.copy()
    x[rng.uniform(size=len(x)) < share, column] = np.nan
    return x


def as_json(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in a]


def case(name, task, seed, params, weighted=False, classes=2, rows=300):
    rng = np.random.default_rng(seed)
    x = features(rng, rows)
    # Column 2 has missing values in training; columns 0, 1 and 3 get some at test time only.
    x = with_missing(rng, x, 2, 0.1)
    signal = np.nan_to_num(x[:, 2]) * 0.8 + x[:, 0] - 0.05 * x[:, 1] + 0.5 * x[:, 3] + rng.normal(0, 1, rows)
    if task == "regression":
        y = signal
    elif classes == 2:
        y = (signal > np.median(signal)).astype(float)
    else:
        y = np.digitize(signal, np.quantile(signal, np.linspace(0, 1, classes + 1)[1:-1])).astype(float)
    w = rng.uniform(0.5, 2, rows) if weighted else None
    test = features(rng, 60)
    test = with_missing(rng, test, 2, 0.2)
    for column in (0, 1, 3):
        test = with_missing(rng, test, column, 0.15)
    test = np.vstack([x[:40], test])
    model_class = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
    model = model_class(early_stopping=False, random_state=0, **params).fit(x, y, sample_weight=w)
    raw = model._raw_predict(test)
    out = model.predict(test) if task == "regression" else model.predict_proba(test)
    return {
        "name": name,
        "task": task if task == "regression" else ("binary" if classes == 2 else "multiclass"),
        "classes": 1 if task == "regression" else classes,
        "params": params,
        "x": as_json(x),
        "y": y.tolist(),
        "w": None if w is None else w.tolist(),
        "test": as_json(test),
        "raw": raw.T.tolist(),
        "output": np.atleast_2d(out.T).T.tolist() if task == "regression" else out.tolist(),
    }


cases = [
    case("binary", "classification", 1, {"max_iter": 10}),
    case("binary, 5 leaves, depth 3, l2 1, weighted", "classification", 2, {"max_iter": 12, "max_leaf_nodes": 5, "max_depth": 3, "l2_regularization": 1.0, "learning_rate": 0.3}, weighted=True),
    case("multiclass", "classification", 3, {"max_iter": 10, "min_samples_leaf": 10}, classes=3),
    case("multiclass, 6 leaves, weighted", "classification", 4, {"max_iter": 8, "max_leaf_nodes": 6, "min_samples_leaf": 5, "learning_rate": 0.2}, weighted=True, classes=4),
    case("regression", "regression", 5, {"max_iter": 10}),
    case("regression, 4 leaves, l2 2, weighted", "regression", 6, {"max_iter": 15, "max_leaf_nodes": 4, "l2_regularization": 2.0, "min_samples_leaf": 8}, weighted=True),
]
with open(os.path.join(HERE, "gbdt.json"), "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print(os.path.join(HERE, "gbdt.json"))
