// One training step of a dense network (mini-batch Adam, as src/ml/network.ts and src/ml/adam.ts define
// it) in one call: forward, loss, back-propagation, L2 term and Adam, on buffers laid out once by `setup`
// in this module's memory. The JavaScript side copies a batch's rows in and calls `step`; nothing here
// allocates (runtime stub), so a step costs only its arithmetic, not an engine's per-operation overhead.
import { gemm, gemmTN } from './gemm';
import { activate, backSlope, lossAndDelta } from './loss';

const MOST_LAYERS = 64;
/** Layer widths, input first: written by the JavaScript side before `setup`. */
const sizes = memory.data(4 * (MOST_LAYERS + 1), 16);
/** Per layer: where its kernel starts in the parameter vector (floats), its transposed kernel, its outputs. */
const kernelAt = memory.data(4 * MOST_LAYERS, 16);
const transposedAt = memory.data(4 * MOST_LAYERS, 16);
const outputsAt = memory.data(4 * MOST_LAYERS, 16);

let layers = 0;
let activation = 0;
let task = 0;
let total = 0;
let cursor: usize = 0;
let params: usize = 0;
let grads: usize = 0;
let moment1: usize = 0;
let moment2: usize = 0;
let inputs: usize = 0;
let targets: usize = 0;
let rowWeights: usize = 0;
let deltaA: usize = 0;
let deltaB: usize = 0;

// @ts-ignore: decorator
@inline
function width(layer: i32): i32 {
  return load<i32>(sizes + (<usize>layer << 2));
}
// @ts-ignore: decorator
@inline
function table(at: usize, layer: i32): usize {
  return load<usize>(at + (<usize>layer << 2));
}

/** `floats` float32s from the cursor, 16-byte aligned for the SIMD loads. */
function take(floats: i32): usize {
  const at = cursor;
  cursor = (cursor + (<usize>floats << 2) + 15) & ~(<usize>15);
  return at;
}

export function sizesAt(): usize {
  return sizes;
}

/**
 * Lays out every buffer for a network of `count` layers (widths in `sizes`), `maxBatch` rows a step, and
 * grows the memory to hold them. activation: 0 relu, 1 tanh, 2 sigmoid, 3 elu; task: 0 binary,
 * 1 multiclass, 2 regression. The moments start at zero; the weights are written by the caller.
 */
export function setup(count: i32, hiddenActivation: i32, lossTask: i32, maxBatch: i32): void {
  layers = count;
  activation = hiddenActivation;
  task = lossTask;
  cursor = (__heap_base + 15) & ~(<usize>15);
  total = 0;
  let widest = 0;
  for (let l = 0; l < count; l++) {
    store<usize>(kernelAt + (<usize>l << 2), <usize>total);
    total += width(l) * width(l + 1) + width(l + 1);
    widest = max(widest, width(l + 1));
  }
  params = take(total);
  grads = take(total);
  moment1 = take(total);
  moment2 = take(total);
  for (let l = 0; l < count; l++) store<usize>(transposedAt + (<usize>l << 2), take(width(l) * width(l + 1)));
  for (let l = 0; l < count; l++) store<usize>(outputsAt + (<usize>l << 2), take(maxBatch * width(l + 1)));
  inputs = take(maxBatch * width(0));
  targets = take(maxBatch * width(count));
  rowWeights = take(maxBatch);
  deltaA = take(maxBatch * widest);
  deltaB = take(maxBatch * widest);
  const pages = <i32>((cursor + 0xffff) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) unreachable();
  memory.fill(moment1, 0, <usize>total << 3);
}

export function paramsAt(): usize {
  return params;
}
export function gradsAt(): usize {
  return grads;
}
export function paramCount(): i32 {
  return total;
}
export function inputsAt(): usize {
  return inputs;
}
export function targetsAt(): usize {
  return targets;
}
export function rowWeightsAt(): usize {
  return rowWeights;
}

/**
 * One Adam step on the `batch` rows in inputs/targets (and rowWeights when `weighted`); returns the
 * batch's mean loss (row-weighted, without the L2 term). `l2Scale` is l2 / batch (0: no L2 term) and
 * `stepSize` Adam's step with scikit-learn's bias correction folded in, both computed by the caller.
 */
export function step(batch: i32, weighted: bool, l2Scale: f32, stepSize: f64): f64 {
  const loss = gradients(batch, weighted, batch);
  update(l2Scale, stepSize);
  return loss / <f64>batch;
}

/**
 * Forward, loss and back-propagation on the `batch` rows in inputs/targets: every gradient of the mean
 * loss over `divisor` rows (the whole mini-batch, of which another thread may have the other rows),
 * without the L2 term. Returns the sum of these rows' (weighted) losses.
 */
export function gradients(batch: i32, weighted: bool, divisor: i32): f64 {
  // Δ·Wᵀ reads a transposed copy of each kernel, so that product is the same register-blocked kernel.
  for (let l = 1; l < layers; l++) transpose(params + (table(kernelAt, l) << 2), table(transposedAt, l), width(l), width(l + 1));
  const loss = lossAndDelta(task, forward(batch), targets, weighted ? rowWeights : 0, deltaA, batch, width(layers), divisor);
  let delta = deltaA;
  let back = deltaB;
  for (let l = layers - 1; l >= 0; l--) {
    const before = l == 0 ? inputs : table(outputsAt, l - 1);
    gemmTN(before, delta, grads + (table(kernelAt, l) << 2), batch, width(l), width(l + 1));
    columnSums(delta, grads + (<usize>(table(kernelAt, l) + width(l) * width(l + 1)) << 2), batch, width(l + 1));
    if (l == 0) break;
    gemm(delta, table(transposedAt, l), back, batch, width(l + 1), width(l), 0);
    backSlope(activation, back, before, batch * width(l));
    const swap = delta;
    delta = back;
    back = swap;
  }
  return loss;
}

/**
 * The sum of the `batch` rows' losses in inputs/targets (row-weighted when `weighted`), without the L2
 * term, at the weights now: the forward pass and loss of `gradients`, nothing else (the validation loss).
 */
export function lossSum(batch: i32, weighted: bool): f64 {
  return lossAndDelta(task, forward(batch), targets, weighted ? rowWeights : 0, 0, batch, width(layers), batch);
}

/** The forward pass over the `batch` rows in inputs: every layer's outputs; returns where the last one's are. */
function forward(batch: i32): usize {
  let input = inputs;
  for (let l = 0; l < layers; l++) {
    const kernel = params + (table(kernelAt, l) << 2);
    const out = table(outputsAt, l);
    gemm(input, kernel, out, batch, width(l), width(l + 1), kernel + (<usize>(width(l) * width(l + 1)) << 2));
    if (l < layers - 1) activate(activation, out, batch * width(l + 1));
    input = out;
  }
  return input;
}

/** The L2 term (l2Scale · W, 0: none) added to each kernel's gradient, then Adam's update of every weight. */
export function update(l2Scale: f32, stepSize: f64): void {
  if (l2Scale != 0) {
    for (let l = 0; l < layers; l++) {
      const at = table(kernelAt, l) << 2;
      addScaled(grads + at, params + at, l2Scale, width(l) * width(l + 1));
    }
  }
  adam(stepSize);
}

/** T[n×k] = W[k×n]ᵀ. */
function transpose(w: usize, t: usize, k: i32, n: i32): void {
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) store<f32>(t + (<usize>(j * k + p) << 2), load<f32>(w + (<usize>(p * n + j) << 2)));
}

/** g += w · scale, as tfjs adds the L2 term: the product rounded to float32 first. */
function addScaled(g: usize, w: usize, scale: f32, count: i32): void {
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 2;
    v128.store(g + at, f32x4.add(v128.load(g + at), f32x4.mul(v128.load(w + at), s)));
  }
  for (; i < count; i++) store<f32>(g + (<usize>i << 2), load<f32>(g + (<usize>i << 2)) + load<f32>(w + (<usize>i << 2)) * scale);
}

/** The bias gradient: the delta's column sums. */
function columnSums(d: usize, out: usize, m: i32, n: i32): void {
  memory.fill(out, 0, <usize>n << 2);
  for (let r = 0; r < m; r++) {
    const row = d + (<usize>(r * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), f32x4.add(v128.load(out + (<usize>j << 2)), v128.load(row + (<usize>j << 2))));
    for (; j < n; j++) store<f32>(out + (<usize>j << 2), load<f32>(out + (<usize>j << 2)) + load<f32>(row + (<usize>j << 2)));
  }
}

/**
 * Adam over every parameter, the arithmetic of HostAdam (src/ml/adam.ts) step for step: float64
 * expressions, moments and weights stored as float32, so both give the same bits for the same gradient.
 */
function adam(stepSize: f64): void {
  for (let i = 0; i < total; i++) {
    const at = <usize>i << 2;
    const g = <f64>load<f32>(grads + at);
    const m = <f32>(0.9 * <f64>load<f32>(moment1 + at) + (1.0 - 0.9) * g);
    const v = <f32>(0.999 * <f64>load<f32>(moment2 + at) + (1.0 - 0.999) * g * g);
    store<f32>(moment1 + at, m);
    store<f32>(moment2 + at, v);
    store<f32>(params + at, <f32>(<f64>load<f32>(params + at) - (stepSize * <f64>m) / (Math.sqrt(<f64>v) + 1e-8)));
  }
}
