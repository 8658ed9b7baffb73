"""scikit-learn's RandomForestClassifier (n_jobs=1), the reference for Relearn's forest (bench/forestNode.ts).

usage: sklearnForest.py speed TRAIN_FILE ROWS FEATURES TRAIN_ROWS TREES
         bench/trainData.ts's file: the first TRAIN_ROWS rows fit TREES trees; scoring is timed on those
         rows (predict_proba), accuracy taken on the rest.
       sklearnForest.py accuracy CASES_JSON
         per case: Relearn's split of the rows, encoded by Relearn's fitted preprocessing; fit on the
         training rows with random_state = the case's seed, holdout accuracy.
Prints one JSON line.
"""
import json
import resource
import sys
import time

import numpy
from sklearn.ensemble import RandomForestClassifier


def forest(trees, seed):
    return RandomForestClassifier(n_estimators=trees, n_jobs=1, random_state=seed)


def speed(path, rows, features, train_rows, trees):
    data = numpy.fromfile(path, dtype="<f4")
    x = data[: rows * features].reshape(rows, features)
    y = data[rows * features :].astype(numpy.int64)
    model = forest(trees, 1)
    started = time.perf_counter()
    model.fit(x[:train_rows], y[:train_rows])
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model.predict_proba(x[:train_rows])
    score_seconds = time.perf_counter() - started
    return {
        "fitSeconds": fit_seconds,
        "scoreSeconds": score_seconds,
        "accuracy": float((model.predict_proba(x[train_rows:]).argmax(axis=1) == y[train_rows:]).mean()),
        "nodes": int(sum(e.tree_.node_count for e in model.estimators_)),
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def accuracy(cases_path):
    with open(cases_path) as f:
        cases = json.load(f)
    results = []
    for case in cases:
        width = case["width"]
        train_x = numpy.asarray(case["train"]["x"], dtype=numpy.float32).reshape(-1, width)
        holdout_x = numpy.asarray(case["holdout"]["x"], dtype=numpy.float32).reshape(-1, width)
        model = forest(100, case["seed"]).fit(train_x, numpy.asarray(case["train"]["y"], dtype=numpy.int64))
        results.append({"accuracy": float(model.score(holdout_x, numpy.asarray(case["holdout"]["y"], dtype=numpy.int64)))})
    return results


if sys.argv[1] == "speed":
    print(json.dumps(speed(sys.argv[2], *map(int, sys.argv[3:7]))))
else:
    print(json.dumps(accuracy(sys.argv[2])))
