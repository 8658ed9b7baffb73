"""Writes preprocess.json next to this script from scikit-learn 1.2 / numpy (Debian bookworm).

Run with /usr/bin/python3 test/golden/training/generate.py. Deterministic (numpy's PCG64 with fixed
seeds); the data are written out, so Python is not needed at test time.

Each case is a small table: numeric columns (missing = null) and categorical ones (no missing: scikit-learn
treats a missing category as a category of its own, Relearn as all zeros, tested apart), the training
rows, and what scikit-learn fits on those rows only and gives for every row:
  numeric:     SimpleImputer(strategy="median", add_indicator=True) then StandardScaler on the imputed
               values: statistics_, mean_, scale_, the indicator's features, the transformed values;
  categorical: OneHotEncoder(max_categories=K + 1, handle_unknown="infrequent_if_exist"): the frequent
               categories (kept) and the one-hot values, the infrequent column last ("other").
Case data avoid ties in count at the K-th category: scikit-learn keeps the later category in sorted order
on a tie, Relearn the earlier (tested apart).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def numeric_golden(values, train):
    column = np.array([np.nan if v is None else v for v in values], dtype=float).reshape(-1, 1)
    imputer = SimpleImputer(strategy="median", add_indicator=True).fit(column[train])
    imputed_train = imputer.transform(column[train])[:, :1]
    scaler = StandardScaler().fit(imputed_train)
    out = imputer.transform(column)
    scaled = scaler.transform(out[:, :1])[:, 0]
    indicator = imputer.indicator_ is not None and len(imputer.indicator_.features_) > 0
    return {
        "median": float(imputer.statistics_[0]),
        "mean": float(scaler.mean_[0]),
        "scale": float(scaler.scale_[0]),
        "missingIndicator": bool(indicator),
        "scaled": [float(v) for v in scaled],
        "indicator": [float(v) for v in out[:, 1]] if indicator else None,
    }


def categorical_golden(values, train, k):
    column = np.array(values, dtype=object).reshape(-1, 1)
    encoder = OneHotEncoder(max_categories=k + 1, handle_unknown="infrequent_if_exist", sparse_output=False)
    encoder.fit(column[train])
    infrequent = encoder.infrequent_categories_[0]
    infrequent = [] if infrequent is None else list(infrequent)
    kept = [c for c in encoder.categories_[0] if c not in infrequent]
    onehot = encoder.transform(column)
    names = list(encoder.get_feature_names_out(["c"]))
    by_name = {}
    for j, name in enumerate(names):
        label = "other" if name == "c_infrequent_sklearn" else name[2:]
        by_name[label] = [float(v) for v in onehot[:, j]]
    counts = {c: int(sum(1 for r in train if values[r] == c)) for c in encoder.categories_[0]}
    return {"kept": kept, "infrequent": infrequent, "counts": counts, "onehot": by_name}


def case(name, seed, rows, train_share, k):
    rng = np.random.default_rng(seed)
    train = sorted(int(i) for i in rng.choice(rows, size=int(rows * train_share), replace=False))
    wide = rng.normal(1e6, 2.5e3, rows)
    small = rng.normal(-3, 0.01, rows)
    spotty = [None if rng.random() < 0.25 else float(np.round(v, 3)) for v in rng.gamma(2.0, 3.0, rows)]
    constant = [7.5] * rows
    ints = [float(v) for v in rng.integers(-5, 6, rows)]
    # Category weights fall off steeply, so counts at the K-th place are unlikely to tie (checked below).
    labels = [f"k{i}" for i in range(9)]
    weights = np.array([0.3, 0.2, 0.14, 0.1, 0.08, 0.07, 0.05, 0.04, 0.02])
    colour = [str(v) for v in rng.choice(labels, size=rows, p=weights / weights.sum())]
    # Holdout rows get categories training never saw.
    holdout = [r for r in range(rows) if r not in set(train)]
    for r in holdout[:3]:
        colour[r] = "never-seen"
    # Constant in training at a value binary floating point cannot hold: its computed spread is rounding
    # error (about 1e-17), which StandardScaler treats as zero (scale 1). Two holdout rows differ.
    tenth = [0.1] * rows
    for r in [r for r in range(rows) if r not in set(train)][:2]:
        tenth[r] = 0.3
    numeric = {"wide": wide.tolist(), "small": small.tolist(), "spotty": spotty, "constant": constant, "tenth": tenth, "ints": ints}
    result = {
        "name": name,
        "rows": rows,
        "train": train,
        "k": k,
        "numeric": {n: {"values": v, **numeric_golden(v, train)} for n, v in numeric.items()},
        "categorical": {"colour": {"values": colour, **categorical_golden(colour, train, k)}},
    }
    counts = sorted(result["categorical"]["colour"]["counts"].values(), reverse=True)
    if len(counts) > k and counts[k - 1] == counts[k]:
        raise SystemExit(f"{name}: a tie at the {k}-th category; change the seed")
    return result


def main():
    cases = [case("sixty rows, K=3", 11, 60, 0.7, 3), case("two hundred rows, K=5", 23, 200, 0.6, 5), case("odd training count (31 rows), K=2", 5, 41, 0.78, 2)]
    out = {"generatedBy": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}", "cases": cases}
    with open(os.path.join(HERE, "preprocess.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
