import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './pandas.ts';
import { TRAIN_FEATURES, type TrainFile } from './trainData.ts';

const script = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export interface SklearnTrain {
  /** Fit seconds per run (MLPClassifier.fit on the whole file). */
  seconds: number[];
  /** CPU seconds per run (process time, every thread of it: NumPy's BLAS may use more than one). */
  cpuSeconds: number[];
  /** Training loss after each epoch of the last run (with the L2 term, as scikit-learn reports it). */
  losses: number[];
  peakRssMb: number;
}

/** scikit-learn's MLPClassifier like the bench's default MLP, `runs` fits after a warm-up, in one Python process. */
export function sklearnTrain(file: TrainFile, batchSize: number, epochs: number, runs: number): SklearnTrain {
  const args = [script('./sklearnTrain.py'), file.path, String(file.rows), String(TRAIN_FEATURES), String(batchSize), String(epochs), String(runs)];
  return JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as SklearnTrain;
}
