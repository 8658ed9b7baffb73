"""scikit-learn's MLPClassifier on the training throughput data (bench/trainData.ts's file layout).

usage: sklearnTrain.py TRAIN_FILE ROWS FEATURES BATCH EPOCHS RUNS
Prints one JSON line: fit seconds per run (wall and CPU, all threads), the training loss after each epoch of the last run, peak RSS.
"""
import json
import resource
import sys
import time
import warnings

import numpy
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

path, rows, features, batch, epochs, runs = sys.argv[1], *map(int, sys.argv[2:7])
data = numpy.fromfile(path, dtype="<f4")
x = data[: rows * features].reshape(rows, features)
y = data[rows * features :].astype(numpy.int64)
warnings.simplefilter("ignore", ConvergenceWarning)


def model(max_iter):
    # tol=0 with n_iter_no_change above max_iter: every epoch runs, as in the TensorFlow.js rows.
    return MLPClassifier(hidden_layer_sizes=(64, 64), activation="relu", solver="adam", alpha=1e-4, learning_rate_init=1e-3,
                         batch_size=batch, max_iter=max_iter, shuffle=True, random_state=0, tol=0, n_iter_no_change=max_iter + 1)


# Warm-up on the first 2,000 rows, as the TensorFlow.js rows do.
model(1).fit(x[:2000], y[:2000])
seconds = []
cpu_seconds = []
for _ in range(runs):
    fitted = model(epochs)
    started, cpu_started = time.perf_counter(), time.process_time()
    fitted.fit(x, y)
    seconds.append(time.perf_counter() - started)
    cpu_seconds.append(time.process_time() - cpu_started)
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "losses": [float(v) for v in fitted.loss_curve_],
                  "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
