"""Writes importance.json next to this script from scikit-learn 1.2 / numpy 1.24 (Debian bookworm).

Run with /usr/bin/python3 test/golden/importance/generate.py. Deterministic; the data and the results are
written out, so Python is not needed at test time.

- `randomState`: numpy's legacy RandomState draws (randint(2^31) and in-place shuffles of arange(n),
  several shuffles in a row, n above 624 so MT19937 regenerates) for a few seeds.
- `cases`: sklearn.inspection.permutation_importance with its default scorer (accuracy for a classifier,
  R² for a regressor) on models both sides compute the same way:
  * `grouped-*`: an estimator on RAW columns (a numeric column; a numeric column with NaN, encoded as its
    value (0 when missing) and a missing indicator; a categorical code 0..2, one-hot) followed by a linear
    formula with fixed weights, summed in a fixed order. Relearn gets the encoded inputs and permutes each
    column's inputs together, which must equal scikit-learn permuting the raw column.
  * `sklearn-*`: LogisticRegression / LinearRegression with coef_ and intercept_ set by hand, one input per column.
  Inputs are float32 values (Relearn's inputs are float32), held as float64 here.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LinearRegression, LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
INT32_MAX = np.iinfo(np.int32).max


def random_state_cases():
    out = []
    for seed in [0, 1, 42, 2147483647, 4294967295]:
        rs = np.random.RandomState(seed)
        first = int(rs.randint(INT32_MAX + 1))
        shuffles = []
        for n in [1, 2, 5, 10, 700, 3]:
            a = np.arange(n)
            rs.shuffle(a)
            shuffles.append({"n": n, "result": a.tolist()})
        small = [int(rs.randint(7)) for _ in range(10)]
        out.append({"seed": seed, "randint31": first, "shuffles": shuffles, "randint7": small})
    return out


def encode(raw):
    """Raw columns [a, b (NaN = missing), c in {0,1,2}] to inputs [a, b or 0, b missing, c=0, c=1, c=2]."""
    b = raw[:, 1]
    missing = np.isnan(b)
    return [raw[:, 0], np.where(missing, 0.0, b), missing.astype(float)] + [(raw[:, 2] == k).astype(float) for k in range(3)]


def linear(inputs, coef, intercept):
    total = np.full(inputs[0].shape, intercept)
    for column, weight in zip(inputs, coef):
        total = total + column * weight
    return total


class GroupedClassifier(ClassifierMixin, BaseEstimator):
    def __init__(self, coef, intercept):
        self.coef = coef
        self.intercept = intercept
        self.classes_ = np.arange(len(intercept)) if len(intercept) > 1 else np.array([0, 1])

    def fit(self, raw, y):
        """The weights are fixed; scikit-learn's scorer only asks that an estimator has fit."""
        return self

    def predict(self, raw):
        inputs = encode(raw)
        if len(self.intercept) == 1:
            return (linear(inputs, self.coef[0], self.intercept[0]) > 0).astype(int)
        scores = np.stack([linear(inputs, c, b) for c, b in zip(self.coef, self.intercept)], axis=1)
        return np.argmax(scores, axis=1)


class GroupedRegressor(RegressorMixin, BaseEstimator):
    def __init__(self, coef, intercept):
        self.coef = coef
        self.intercept = intercept

    def fit(self, raw, y):
        """The weights are fixed; scikit-learn's scorer only asks that an estimator has fit."""
        return self

    def predict(self, raw):
        return linear(encode(raw), self.coef, self.intercept)


def raw_table(rng, n):
    a = rng.normal(size=n).astype(np.float32)
    b = rng.normal(2, 3, size=n).astype(np.float32).astype(float)
    b[rng.random(n) < 0.2] = np.nan
    c = rng.integers(0, 3, size=n).astype(float)
    return np.column_stack([a.astype(float), b, c])


def result(estimator, X, y, seed, repeats):
    r = permutation_importance(estimator, X, y, n_repeats=repeats, random_state=seed)
    return {"seed": seed, "repeats": repeats, "mean": r.importances_mean.tolist(), "std": r.importances_std.tolist(), "importances": r.importances.tolist()}


def grouped_case(name, rng, n, task, coef, intercept):
    raw = raw_table(rng, n)
    inputs = encode(raw)
    noise = rng.normal(0, 1.5, size=n)
    if task == "regression":
        estimator = GroupedRegressor(coef, intercept)
        y = estimator.predict(raw) + noise
    elif task == "binary":
        estimator = GroupedClassifier([coef], [intercept])
        y = (linear(inputs, coef, intercept) + noise > 0).astype(int)
    else:
        estimator = GroupedClassifier(coef, intercept)
        scores = np.stack([linear(inputs, c, b) for c, b in zip(coef, intercept)], axis=1) + rng.normal(0, 1.5, size=(n, len(intercept)))
        y = np.argmax(scores, axis=1)
    return {
        "name": name,
        "task": task,
        "coef": [coef] if task == "binary" else coef,
        "intercept": [intercept] if task == "binary" else intercept,
        "inputs": np.column_stack(inputs).tolist(),
        "groups": [{"column": "a", "offset": 0, "width": 1}, {"column": "b", "offset": 1, "width": 2}, {"column": "c", "offset": 3, "width": 3}],
        "labels": y.tolist(),
        "results": [result(estimator, raw, y, seed, repeats) for seed, repeats in [(42, 5), (0, 5), (7, 3)]],
    }


def sklearn_case(name, rng, n, task):
    X = rng.normal(size=(n, 4)).astype(np.float32).astype(float)
    coef = [1.5, -0.7, 0.2, 0.0]
    if task == "regression":
        estimator = LinearRegression()
        estimator.coef_ = np.array(coef)
        estimator.intercept_ = 0.3
        y = estimator.predict(X) + rng.normal(0, 1, size=n)
    else:
        estimator = LogisticRegression()
        estimator.coef_ = np.array([coef])
        estimator.intercept_ = np.array([0.3])
        estimator.classes_ = np.array([0, 1])
        y = (X @ np.array(coef) + 0.3 + rng.normal(0, 1, size=n) > 0).astype(int)
    return {
        "name": name,
        "task": task,
        "coef": coef if task == "regression" else [coef],
        "intercept": 0.3 if task == "regression" else [0.3],
        "inputs": X.tolist(),
        "groups": [{"column": f"x{j}", "offset": j, "width": 1} for j in range(4)],
        "labels": y.tolist(),
        "results": [result(estimator, X, y, seed, repeats) for seed, repeats in [(42, 5), (0, 5)]],
    }


def main():
    rng = np.random.default_rng(20261205)
    cases = [
        grouped_case("grouped-binary", rng, 240, "binary", [1.2, 0.5, -1.0, 0.8, -0.3, 0.0], -0.9),
        grouped_case("grouped-multiclass", rng, 700, "multiclass", [[1.0, 0.2, 0.0, 0.5, 0.0, -0.5], [-0.6, 0.4, 1.0, 0.0, 0.3, 0.0], [0.0, -0.3, -0.5, -0.4, 0.0, 0.6]], [0.1, -0.2, 0.0]),
        grouped_case("grouped-regression", rng, 180, "regression", [2.0, 0.7, -1.5, 1.0, 0.0, -0.8], 0.4),
        sklearn_case("sklearn-logistic", rng, 150, "binary"),
        sklearn_case("sklearn-linear", rng, 150, "regression"),
    ]
    doc = {"sklearn": sklearn.__version__, "numpy": np.__version__, "randomState": random_state_cases(), "cases": cases}
    with open(os.path.join(HERE, "importance.json"), "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
