"""Writes forest.json next to this script from scikit-learn 1.2 / numpy (Debian bookworm).

Run with /usr/bin/python3 test/golden/forest/generate.py. Deterministic (numpy's PCG64 and scikit-learn's
random_state fixed); the data are written out, so Python is not needed at test time.

trees: single trees as RandomForest{Classifier,Regressor}(n_estimators=1, bootstrap=False,
  max_features=None) grows them, on features with few distinct values (so Relearn's bins are the values and
  its search is exact), and what they predict (predict_proba or predict) for the training rows and for a
  grid of other points, values between and beyond the training ones included. A tree's shape can depend on
  how scikit-learn breaks a tie between features (it visits them in a random order): each case is kept only
  when ten random_states give the same predictions (to 1e-9: a mean sums its rows in another order), so the predictions do not depend on the tie-break.
forests: 100 trees with the defaults (bootstrap, sqrt of the features for a classifier, all for a
  regression) on make_classification / make_regression data (continuous values: quantile bins in Relearn),
  with the holdout accuracy or R² of RandomForest*(n_jobs=1) for random_state 0 to 9: a forest is random,
  so Relearn's (its own random streams) is compared with that spread.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

HERE = os.path.dirname(os.path.abspath(__file__))


def few_values(rng, rows, levels):
    return np.stack([rng.choice(values, size=rows) for values in levels], axis=1).astype(np.float32)


def grid(rng, levels, rows):
    # Points between the training values and beyond them, where the threshold's place decides the side.
    return np.round(np.stack([rng.uniform(min(v) - 1, max(v) + 1, size=rows) for v in levels], axis=1), 2).astype(np.float32)


def predictions(model, x, classifier):
    if not classifier:
        return model.predict(x)
    p = model.predict_proba(x)
    return p[:, 1] if p.shape[1] == 2 else p


def single_tree(name, seed, classes, rows=120, max_depth=None, min_samples_leaf=1):
    levels = [[0, 1, 2, 3], [0.5, 1.5, 4.0], [-2, 0, 2, 5, 7], [1, 2], [10, 20, 30]]
    for attempt in range(300):
        rng = np.random.default_rng(seed + attempt)
        x = few_values(rng, rows, levels)
        score = x[:, 0] - 0.8 * x[:, 1] + 0.3 * x[:, 2] * x[:, 3] - 0.05 * x[:, 4] + rng.normal(0, 0.8, rows)
        if classes:
            cuts = np.quantile(score, np.linspace(0, 1, classes + 1)[1:-1])
            y = np.searchsorted(cuts, score).astype(float)
            model_type = RandomForestClassifier
        else:
            y = np.round(score, 3)
            model_type = RandomForestRegressor
        test = np.concatenate([x, grid(rng, levels, 200)])
        outs = []
        for state in range(10):
            model = model_type(n_estimators=1, bootstrap=False, max_features=None, max_depth=max_depth, min_samples_leaf=min_samples_leaf, random_state=state)
            model.fit(x, y)
            outs.append(predictions(model, test, bool(classes)))
        if all(np.allclose(outs[0], o, rtol=0, atol=1e-9) for o in outs[1:]):
            return {
                "name": name,
                "classes": classes,
                "maxDepth": max_depth,
                "minSamplesLeaf": min_samples_leaf,
                "x": x.tolist(),
                "y": y.tolist(),
                "test": test.astype(float).round(2).tolist(),
                "expected": np.asarray(outs[0]).tolist(),
                "nodes": int(model.estimators_[0].tree_.node_count),
            }
    raise RuntimeError(f"{name}: no tie-free data in 300 attempts")


def forest(name, classes):
    if classes:
        x, y = make_classification(n_samples=1500, n_features=10, n_informative=5, n_classes=classes, random_state=0)
        model_type = RandomForestClassifier
    else:
        x, y = make_regression(n_samples=1500, n_features=10, n_informative=5, noise=10, random_state=0)
        model_type = RandomForestRegressor
    x = np.round(x, 3).astype(np.float32)
    scores = [model_type(n_estimators=100, n_jobs=1, random_state=state).fit(x[:1000], y[:1000]).score(x[1000:], y[1000:]) for state in range(10)]
    return {"name": name, "classes": classes, "x": x.astype(float).round(3).tolist(), "y": y.tolist(), "train": 1000, "scores": scores}


golden = {
    "sklearn": sklearn.__version__,
    "trees": [
        single_tree("binary, fully grown", 1, 2),
        single_tree("three classes, fully grown", 100, 3, rows=60),
        single_tree("binary, max_depth 4", 200, 2, max_depth=4),
        single_tree("three classes, min_samples_leaf 5", 300, 3, min_samples_leaf=5),
        single_tree("regression, max_depth 4", 400, 0, max_depth=4),
        single_tree("regression, max_depth 5, min_samples_leaf 3", 500, 0, max_depth=5, min_samples_leaf=3),
    ],
    "forests": [forest("binary", 2), forest("three classes", 3), forest("regression", 0)],
}
with open(os.path.join(HERE, "forest.json"), "w") as f:
    json.dump(golden, f, separators=(",", ":"))
print({c["name"]: c["nodes"] for c in golden["trees"]}, {c["name"]: (min(c["scores"]), max(c["scores"])) for c in golden["forests"]})
