"""scikit-learn's MLPClassifier on the exact matrices Relearn trained on (bench/accuracy.ts writes them).

usage: sklearnAccuracy.py CASES_JSON
Each case: the split's standardised train, validation and holdout rows and class indices, the seed and the
hyper-parameters. Prints one JSON line: per case, the holdout accuracy with Relearn's early-stopping rule
(up to `epochs` epochs; stop after `patience` epochs without a better validation loss; keep the best epoch's
weights), and with a plain fit() of every epoch and no early stopping.
"""
import copy
import json
import sys
import warnings

import numpy
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

warnings.simplefilter("ignore", ConvergenceWarning)
# A batch size above the training rows is clipped to them, as Relearn's loop does: no need to say so.
warnings.filterwarnings("ignore", message="Got `batch_size` less than 1 or larger than sample size")


def matrix(part, width):
    return numpy.asarray(part["x"], dtype=numpy.float32).reshape(-1, width), numpy.asarray(part["y"], dtype=numpy.int64)


def model(case, max_iter):
    p = case["params"]
    # A RandomState instance, not an int: partial_fit re-reads random_state on every call, and an int would
    # give every epoch the same shuffle. The instance carries on from epoch to epoch, as fit()'s does.
    return MLPClassifier(hidden_layer_sizes=tuple(p["hidden"]), activation=p["activation"], solver="adam", alpha=p["l2"],
                         learning_rate_init=p["learningRate"], batch_size=p["batchSize"], max_iter=max_iter, shuffle=True,
                         random_state=numpy.random.RandomState(case["seed"]))


def with_early_stopping(case, train, validation, holdout):
    """Relearn's rule, run with scikit-learn's own epochs (partial_fit = one epoch of Adam, the optimizer kept)."""
    p = case["params"]
    labels = list(range(len(case["classes"])))
    clf = model(case, 1)
    best = None
    epochs = 0
    for epoch in range(1, p["epochs"] + 1):
        clf.partial_fit(*train, classes=labels)
        epochs = epoch
        loss = log_loss(validation[1], clf.predict_proba(validation[0]), labels=labels)
        if best is None or loss < best[0] - 1e-7:
            best = (loss, epoch, copy.deepcopy(clf.coefs_), copy.deepcopy(clf.intercepts_))
        elif p["patience"] > 0 and epoch - best[1] >= p["patience"]:
            break
    clf.coefs_, clf.intercepts_ = best[2], best[3]
    return {"accuracy": float((clf.predict(holdout[0]) == holdout[1]).mean()), "epochs": epochs, "bestEpoch": best[1]}


def plain_fit(case, train, holdout):
    p = case["params"]
    clf = model(case, p["epochs"])
    clf.set_params(tol=0, n_iter_no_change=p["epochs"] + 1)
    clf.fit(*train)
    return float((clf.predict(holdout[0]) == holdout[1]).mean())


results = []
for case in json.load(open(sys.argv[1])):
    w = case["width"]
    train, validation, holdout = (matrix(case[part], w) for part in ("train", "validation", "holdout"))
    result = with_early_stopping(case, train, validation, holdout)
    result["plainAccuracy"] = plain_fit(case, train, holdout)
    results.append(result)
print(json.dumps(results))
