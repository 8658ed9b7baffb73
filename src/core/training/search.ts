import type { HyperParameters, MaxFeatures } from './config.ts';
import type { Random } from './random.ts';

/** One configuration tried by a search, and what became of it. */
export interface Trial {
  index: number;
  params: HyperParameters;
  /** Successive halving's rung (0 = the shortest); 0 for random search. */
  rung: number;
  epochs: number;
  valLoss: number | null;
  ms: number;
  status: 'done' | 'pruned' | 'out of time' | 'failed';
  note: string;
}

const HIDDEN: number[][] = [[32], [64], [128], [32, 32], [64, 64], [128, 64], [128, 128]];
const BATCH_SIZES = [64, 128, 200, 256];
const DROPOUTS = [0, 0.1, 0.2];

const logUniform = (random: Random, low: number, high: number): number => Math.exp(Math.log(low) + random.float() * (Math.log(high) - Math.log(low)));
const round3 = (v: number): number => Number(v.toPrecision(3));

const LEAF_NODES = [15, 31, 63];
const GBDT_LEAF_ROWS = [5, 10, 20, 50];
const GBDT_L2 = [0, 0.1, 1];
const MAX_FEATURES: MaxFeatures[] = ['sqrt', 'log2', 0.5];
const FOREST_LEAF_ROWS = [1, 2, 5];
const DEPTHS: (number | null)[] = [null, 10, 20];

/**
 * A random point of the search space around the user's settings. Networks: layers, learning rate, L2,
 * dropout, batch size. gbdt: learning rate, leaves, rows per leaf, L2. Forest: features per split, rows
 * per leaf, depth. The number of epochs (iterations, trees) stays the user's: halving's rungs set it.
 */
export function sampleParams(base: HyperParameters, random: Random): HyperParameters {
  if (base.family === 'gbdt') {
    return { ...base, learningRate: round3(logUniform(random, 0.01, 0.3)), maxLeafNodes: random.pick(LEAF_NODES), minSamplesLeaf: random.pick(GBDT_LEAF_ROWS), l2: random.pick(GBDT_L2) };
  }
  if (base.family === 'forest') {
    return { ...base, maxFeatures: random.pick(MAX_FEATURES), minSamplesLeaf: random.pick(FOREST_LEAF_ROWS), maxDepth: random.pick(DEPTHS) };
  }
  return {
    ...base,
    hidden: base.family === 'mlp' ? random.pick(HIDDEN) : [],
    learningRate: round3(logUniform(random, 1e-4, 3e-2)),
    l2: round3(logUniform(random, 1e-6, 1e-2)),
    dropout: base.family === 'mlp' ? random.pick(DROPOUTS) : 0,
    batchSize: random.pick(BATCH_SIZES),
  };
}

/**
 * Successive halving with factor 3: every configuration first gets a third of a third of the epochs,
 * the best third goes on with three times as many, and so on until the full budget of epochs.
 */
export function halvingRungs(trials: number, epochs: number): { keep: number; epochs: number }[] {
  const rungs: { keep: number; epochs: number }[] = [];
  let keep = trials;
  let count = 0;
  while (keep > 1 && count < 3) {
    rungs.push({ keep, epochs: 0 });
    keep = Math.ceil(keep / 3);
    count++;
  }
  rungs.push({ keep, epochs: 0 });
  const last = rungs.length - 1;
  return rungs.map((r, i) => ({ keep: r.keep, epochs: Math.max(1, Math.round(epochs / 3 ** (last - i))) }));
}
