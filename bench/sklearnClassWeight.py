"""scikit-learn's LogisticRegression, without and with class_weight='balanced', on the exact matrices Relearn
trained on (bench/classWeight.ts writes them: Relearn's split and fitted preprocessing).

usage: sklearnClassWeight.py CASES_JSON
Prints one JSON line: per case and weighting, the holdout accuracy, macro F1 and each class's recall.
MLPClassifier takes no class_weight (nor sample_weight) in scikit-learn 1.2, so only the linear model is compared.
"""
import json
import sys

import numpy
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, recall_score


def matrix(part, width):
    return numpy.asarray(part["x"], dtype=numpy.float64).reshape(-1, width), numpy.asarray(part["y"], dtype=numpy.int64)


results = []
for case in json.load(open(sys.argv[1])):
    labels = list(range(len(case["classes"])))
    train, holdout = matrix(case["train"], case["width"]), matrix(case["holdout"], case["width"])
    result = {}
    for weight in ("none", "balanced"):
        clf = LogisticRegression(class_weight=None if weight == "none" else "balanced", max_iter=5000, random_state=case["seed"])
        clf.fit(*train)
        predicted = clf.predict(holdout[0])
        result[weight] = {
            "accuracy": float(accuracy_score(holdout[1], predicted)),
            "f1Macro": float(f1_score(holdout[1], predicted, labels=labels, average="macro", zero_division=0)),
            "recall": [float(r) for r in recall_score(holdout[1], predicted, labels=labels, average=None, zero_division=0)],
        }
    results.append(result)
print(json.dumps(results))
