"""scikit-learn's tree ensembles beside Relearn's (bench/treesNode.ts drives this).

usage:
  sklearnTrees.py data DIR ROWS FEATURES VALIDATION_ROWS   writes DIR/train.bin and DIR/validation.bin:
      make_classification(random_state=0), float32 row-major x then the labels, little-endian
  sklearnTrees.py fit DIR ROWS FEATURES FAMILY MODE RUNS   times fit() on train.bin; prints one JSON line: wall and CPU
      seconds per run (CPU time stays fair on a loaded machine). FAMILY gbdt: HistGradientBoostingClassifier, MODE plain (early_stopping=False, max_iter=100) or
      default (early_stopping='auto': on above 10,000 rows, with its own 10% validation split)
      FAMILY forest: RandomForestClassifier(n_estimators=100, n_jobs=1), MODE plain
  sklearnTrees.py accuracy CASES_JSON FAMILY   for gbdt: HistGradientBoostingClassifier on Relearn's exact split and
      encoding: holdout accuracy of early_stopping=False (train rows only) and of early stopping on
      Relearn's validation rows (scikit-learn's rule, all trees kept), one JSON line
"""
import json
import os
import resource
import sys
import time

import numpy
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier


def read(path, rows, features):
    data = numpy.fromfile(path, dtype="<f4")
    return data[: rows * features].reshape(rows, features), data[rows * features:].astype(numpy.int64)


def write_data(out, rows, features, validation_rows):
    os.makedirs(out, exist_ok=True)
    x, y = make_classification(n_samples=rows + validation_rows, n_features=features, n_informative=10, n_redundant=5,
                               random_state=0)
    x = x.astype(numpy.float32)
    for name, part in (("train", slice(0, rows)), ("validation", slice(rows, rows + validation_rows))):
        numpy.concatenate([x[part].ravel(), y[part].astype(numpy.float32)]).astype("<f4").tofile(os.path.join(out, f"{name}.bin"))
    print(json.dumps({"dir": out}))


def model(family, mode):
    if family == "gbdt":
        return HistGradientBoostingClassifier(max_iter=100, early_stopping=False if mode == "plain" else "auto", random_state=0)
    return RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0)


def time_fit(out, rows, features, family, mode, runs):
    x, y = read(os.path.join(out, "train.bin"), rows, features)
    seconds = []
    cpu = []
    for _ in range(runs):
        fitted = model(family, mode)
        started, started_cpu = time.perf_counter(), time.process_time()
        fitted.fit(x, y)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    iterations = getattr(fitted, "n_iter_", None)
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "iterations": iterations,
                      "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def matrix(part, width):
    return numpy.asarray(part["x"], dtype=numpy.float32).reshape(-1, width), numpy.asarray(part["y"], dtype=numpy.int64)


def accuracy(path, family):
    if family != "gbdt":
        raise SystemExit(f"no accuracy runs for {family}")
    with open(path) as f:
        cases = json.load(f)
    results = []
    for case in cases:
        width = case["width"]
        train, validation, holdout = (matrix(case[p], width) for p in ("train", "validation", "holdout"))
        plain = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(*train)
        # Early stopping on the same validation rows Relearn watches: warm_start adds one iteration a time.
        stopped = HistGradientBoostingClassifier(early_stopping=False, warm_start=True, max_iter=1, random_state=0)
        # The loss of the intercept-only model first (the class shares of the training rows), as scikit-learn's rule has it.
        prior = numpy.bincount(train[1], minlength=len(numpy.unique(train[1]))) / len(train[1])
        losses = [-numpy.mean(numpy.log(numpy.clip(prior[validation[1]], 1e-15, 1)))]
        for iteration in range(1, 101):
            stopped.set_params(max_iter=iteration)
            stopped.fit(*train)
            proba = numpy.clip(stopped.predict_proba(validation[0]), 1e-15, 1)
            losses.append(-numpy.mean(numpy.log(proba[numpy.arange(len(validation[1])), validation[1]])))
            if len(losses) > 10 and not any(l < losses[-11] - 1e-7 for l in losses[-10:]):
                break
        results.append({"plain": float((plain.predict(holdout[0]) == holdout[1]).mean()),
                        "stopped": float((stopped.predict(holdout[0]) == holdout[1]).mean()), "iterations": len(losses) - 1})
    print(json.dumps(results))


if sys.argv[1] == "data":
    write_data(sys.argv[2], *map(int, sys.argv[3:6]))
elif sys.argv[1] == "fit":
    time_fit(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], int(sys.argv[7]))
else:
    accuracy(sys.argv[2], sys.argv[3])
