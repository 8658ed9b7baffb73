"""Writes scikit-learn's bundled classification sets as plain CSV files (a header, the class name as the
target) so that Relearn reads them as a user's upload would. usage: accuracyData.py OUT_DIR"""
import csv
import os
import sys

from sklearn import datasets

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, load in [("iris", datasets.load_iris), ("wine", datasets.load_wine), ("breast_cancer", datasets.load_breast_cancer), ("digits", datasets.load_digits)]:
    path = os.path.join(out, f"{name}.csv")
    if os.path.exists(path):
        continue
    bunch = load()
    # digits names its ten classes 0..9: written as text ("digit 0") so the target is a category, as for the others.
    labels = [f"digit {c}" if name == "digits" else str(c) for c in bunch.target_names]
    features = [str(f) for f in bunch.feature_names]
    with open(f"{path}.part", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(features + ["target"])
        for row, label in zip(bunch.data, bunch.target):
            writer.writerow([repr(float(v)) for v in row] + [labels[label]])
    os.replace(f"{path}.part", path)
print(out)
