/**
 * TensorFlow.js for the command line, loaded on first use only: `relearn inspect` and `drift` never pay
 * the second it takes. Node runs the `wasm` backend (WebAssembly with SIMD, one thread), which finds its
 * .wasm files in node_modules by itself; the same seed gives the same weights, byte for byte, on every run.
 */
import type * as Tf from '@tensorflow/tfjs';
import type * as Artifacts from '../ml/artifacts.ts';
import type * as Evaluate from '../ml/evaluate.ts';
import type * as Scorers from '../ml/scorer.ts';
import type * as TrainModel from '../ml/trainModel.ts';

export const NODE_BACKEND = 'wasm';

export interface NodeMl {
  tf: typeof Tf;
  trainModel: typeof TrainModel.trainModel;
  loadScorer: typeof Scorers.loadScorer;
  latencyPer1000: typeof Scorers.latencyPer1000;
  modelFiles: typeof Artifacts.modelFiles;
  parseModelFiles: typeof Artifacts.parseModelFiles;
  calibrationOfModelJson: typeof Artifacts.calibrationOfModelJson;
  predictTable: typeof Evaluate.predictTable;
  scoreOutputs: typeof Evaluate.scoreOutputs;
}

let loading: Promise<NodeMl> | null = null;

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * The wasm backend's Emscripten module, started in Node, adds process handlers that rethrow every uncaught
 * exception and unhandled rejection from inside its one-line minified file: a crash then prints that whole
 * line (hundreds of kilobytes) and exits 7. Those handlers do nothing useful here, so they are removed again.
 */
async function withoutNewProcessHandlers<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  try {
    return await start();
  } finally {
    for (const event of PROCESS_EVENTS) {
      for (const listener of process.listeners(event)) if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

async function load(): Promise<NodeMl> {
  const tf = await withoutNewProcessHandlers(async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    // setBackend, not getBackend: asking for the current backend first would start the best registered one (webgl, cpu).
    if (!(await tf.setBackend(NODE_BACKEND))) throw new Error(`the TensorFlow.js ${NODE_BACKEND} backend did not start`);
    await tf.ready();
    return tf;
  });
  const [{ trainModel }, artifacts, evaluate, scorers] = await Promise.all([import('../ml/trainModel.ts'), import('../ml/artifacts.ts'), import('../ml/evaluate.ts'), import('../ml/scorer.ts')]);
  return {
    tf,
    trainModel,
    loadScorer: scorers.loadScorer,
    latencyPer1000: scorers.latencyPer1000,
    modelFiles: artifacts.modelFiles,
    parseModelFiles: artifacts.parseModelFiles,
    calibrationOfModelJson: artifacts.calibrationOfModelJson,
    predictTable: evaluate.predictTable,
    scoreOutputs: evaluate.scoreOutputs,
  };
}

/** TensorFlow.js on the wasm backend and the src/ml functions the commands use; loaded once per process. */
export async function nodeMl(): Promise<NodeMl> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  const ml = await loading;
  // Whatever else ran in this process (a test, say) may have switched backends since.
  if (ml.tf.engine().backendName !== NODE_BACKEND && !(await ml.tf.setBackend(NODE_BACKEND))) {
    throw new Error(`the TensorFlow.js ${NODE_BACKEND} backend did not start`);
  }
  return ml;
}
