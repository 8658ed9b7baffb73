// Hidden activations, their slopes and the output loss with its delta: the float32 formulas of
// src/ml/network.ts (forward, activationSlope, batchLoss, outputDelta), written out element by element.
// exp, log and tanh are taken in float64 and rounded once, as tfjs's cpu backend does (JavaScript's Math):
// with float32 Mathf the sigmoid's last bit differed often enough that the losses of a 1,500-step training
// drifted apart in the fourth decimal.

const RELU = 0;
const TANH = 1;
const SIGMOID = 2;
const BINARY = 0;
const MULTICLASS = 1;

/** h = activation(h) in place over `count` floats. */
export function activate(activation: i32, h: usize, count: i32): void {
  if (activation == RELU) {
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= count; i += 4) v128.store(h + (<usize>i << 2), f32x4.max(v128.load(h + (<usize>i << 2)), zero));
    for (; i < count; i++) store<f32>(h + (<usize>i << 2), max<f32>(load<f32>(h + (<usize>i << 2)), 0));
    return;
  }
  for (let i = 0; i < count; i++) {
    const at = h + (<usize>i << 2);
    const x = load<f32>(at);
    let y: f32;
    if (activation == TANH) y = <f32>Math.tanh(<f64>x);
    else if (activation == SIGMOID) y = <f32>(1.0 / (1.0 + Math.exp(-<f64>x)));
    else y = x > 0 ? x : <f32>Math.exp(<f64>x) - 1; // elu, alpha 1
    store<f32>(at, y);
  }
}

/** back *= activation'(h), from the activation's output h, in place over `count` floats. */
export function backSlope(activation: i32, back: usize, h: usize, count: i32): void {
  if (activation == RELU) {
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      v128.store(back + at, v128.and(v128.load(back + at), f32x4.gt(v128.load(h + at), zero)));
    }
    for (; i < count; i++) if (!(load<f32>(h + (<usize>i << 2)) > 0)) store<f32>(back + (<usize>i << 2), 0);
    return;
  }
  for (let i = 0; i < count; i++) {
    const y = load<f32>(h + (<usize>i << 2));
    let slope: f32;
    if (activation == TANH) slope = 1 - y * y;
    else if (activation == SIGMOID) slope = y * (1 - y);
    else slope = y > 0 ? 1 : y + 1; // elu with alpha 1: h + 1 below zero
    store<f32>(back + (<usize>i << 2), load<f32>(back + (<usize>i << 2)) * slope);
  }
}

/**
 * The sum of the `m` rows' losses (each times its weight when `w` is not 0) and d mean loss / d output
 * into `delta` (0: the loss only), the mean over `divisor` rows (more than m when another thread has the
 * batch's other rows): binary cross-entropy from logits, softmax cross-entropy over `n` classes, or squared error.
 */
export function lossAndDelta(task: i32, out: usize, y: usize, w: usize, delta: usize, m: i32, n: i32, divisor: i32): f64 {
  const rows = <f32>divisor;
  let sum: f64 = 0;
  for (let r = 0; r < m; r++) {
    const o = out + (<usize>(r * n) << 2);
    const t = y + (<usize>(r * n) << 2);
    const d = delta + (<usize>(r * n) << 2);
    const weight: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    let loss: f32 = 0;
    if (task == BINARY) {
      const x = load<f32>(o);
      const label = load<f32>(t);
      loss = max<f32>(x, 0) - x * label + <f32>Math.log1p(<f64><f32>Math.exp(-<f64>Mathf.abs(x)));
      if (delta) store<f32>(d, ((<f32>(1.0 / (1.0 + Math.exp(-<f64>x))) - label) / rows) * weight);
    } else if (task == MULTICLASS) {
      let top = load<f32>(o);
      for (let j = 1; j < n; j++) top = max<f32>(top, load<f32>(o + (<usize>j << 2)));
      let exps: f32 = 0;
      for (let j = 0; j < n; j++) exps += <f32>Math.exp(<f64>(load<f32>(o + (<usize>j << 2)) - top));
      const logSum = top + <f32>Math.log(<f64>exps);
      for (let j = 0; j < n; j++) {
        const x = load<f32>(o + (<usize>j << 2));
        const label = load<f32>(t + (<usize>j << 2));
        loss -= label * (x - logSum);
        if (delta) store<f32>(d + (<usize>j << 2), ((<f32>Math.exp(<f64>(x - logSum)) - label) / rows) * weight);
      }
    } else {
      const diff = load<f32>(o) - load<f32>(t);
      loss = diff * diff;
      if (delta) store<f32>(d, diff * <f32>(2.0 / <f64>divisor) * weight);
    }
    sum += <f64>(loss * weight);
  }
  return sum;
}
