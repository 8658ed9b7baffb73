// The two matrix products of a training step, as f32x4 register-blocked kernels over row-major float32
// matrices in linear memory. Plain mul + add (no relaxed-simd FMA): every machine gives the same bits.
// Four rows × eight columns of accumulators (8 of the 16 SIMD registers) per block: each loaded vector of
// the right operand is used four times, each broadcast value of the left one eight times.

/** C[m×n] = A[m×k] · B[k×n], plus bias[n] on every row when `bias` is not 0. */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, bias: usize): void {
  const rowA = <usize>k << 2;
  const rowB = <usize>n << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * rowA;
    const c0 = c + <usize>i * rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const bj = b + (<usize>j << 2);
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        const bp = bj + <usize>p * rowB;
        const b0 = v128.load(bp), b1 = v128.load(bp, 16);
        const ap = a0 + (<usize>p << 2);
        const r0 = f32x4.splat(load<f32>(ap)), r1 = f32x4.splat(load<f32>(ap + rowA));
        const r2 = f32x4.splat(load<f32>(ap + 2 * rowA)), r3 = f32x4.splat(load<f32>(ap + 3 * rowA));
        s00 = f32x4.add(s00, f32x4.mul(r0, b0)); s01 = f32x4.add(s01, f32x4.mul(r0, b1));
        s10 = f32x4.add(s10, f32x4.mul(r1, b0)); s11 = f32x4.add(s11, f32x4.mul(r1, b1));
        s20 = f32x4.add(s20, f32x4.mul(r2, b0)); s21 = f32x4.add(s21, f32x4.mul(r2, b1));
        s30 = f32x4.add(s30, f32x4.mul(r3, b0)); s31 = f32x4.add(s31, f32x4.mul(r3, b1));
      }
      if (bias) {
        const b0 = v128.load(bias + (<usize>j << 2)), b1 = v128.load(bias + (<usize>j << 2), 16);
        s00 = f32x4.add(s00, b0); s01 = f32x4.add(s01, b1); s10 = f32x4.add(s10, b0); s11 = f32x4.add(s11, b1);
        s20 = f32x4.add(s20, b0); s21 = f32x4.add(s21, b1); s30 = f32x4.add(s30, b0); s31 = f32x4.add(s31, b1);
      }
      const cj = c0 + (<usize>j << 2);
      v128.store(cj, s00); v128.store(cj, s01, 16);
      v128.store(cj + rowB, s10); v128.store(cj + rowB, s11, 16);
      v128.store(cj + 2 * rowB, s20); v128.store(cj + 2 * rowB, s21, 16);
      v128.store(cj + 3 * rowB, s30); v128.store(cj + 3 * rowB, s31, 16);
    }
    // Fewer than eight columns left (a narrow output layer): each row's dot products, vectorised along k.
    for (; j < n; j++) for (let r = 0; r < 4; r++) store<f32>(c0 + <usize>r * rowB + (<usize>j << 2), dotColumn(a0 + <usize>r * rowA, b + (<usize>j << 2), k, n, bias, j));
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>i * rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const bj = b + (<usize>j << 2);
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        const bp = bj + <usize>p * rowB;
        const r = f32x4.splat(load<f32>(ai + (<usize>p << 2)));
        s0 = f32x4.add(s0, f32x4.mul(r, v128.load(bp)));
        s1 = f32x4.add(s1, f32x4.mul(r, v128.load(bp, 16)));
      }
      if (bias) {
        s0 = f32x4.add(s0, v128.load(bias + (<usize>j << 2)));
        s1 = f32x4.add(s1, v128.load(bias + (<usize>j << 2), 16));
      }
      v128.store(ci + (<usize>j << 2), s0);
      v128.store(ci + (<usize>j << 2), s1, 16);
    }
    for (; j < n; j++) store<f32>(ci + (<usize>j << 2), dotColumn(ai, b + (<usize>j << 2), k, n, bias, j));
  }
}

/** Σ_p a[p] · B[p][j] (+ bias[j]): one row of A against one column of B (a stride of n floats). */
// @ts-ignore: decorator
@inline
function dotColumn(a: usize, bj: usize, k: i32, n: i32, bias: usize, j: i32): f32 {
  const rowB = <usize>n << 2;
  let s: f32 = 0;
  for (let p = 0; p < k; p++) s += load<f32>(a + (<usize>p << 2)) * load<f32>(bj + <usize>p * rowB);
  return bias ? s + load<f32>(bias + (<usize>j << 2)) : s;
}

/**
 * G[k×n] = Aᵀ · D for A[m×k], D[m×n] (a kernel's gradient: inputs transposed times the layer's delta),
 * without transposing A: for each row r, four of its inputs broadcast times eight of its deltas.
 */
export function gemmTN(a: usize, d: usize, g: usize, m: i32, k: i32, n: i32): void {
  const rowA = <usize>k << 2;
  const rowD = <usize>n << 2;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const ap = a + (<usize>p << 2);
    const gp = g + <usize>p * rowD;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      for (let r = 0; r < m; r++) {
        const dr = d + <usize>r * rowD + (<usize>j << 2);
        const d0 = v128.load(dr), d1 = v128.load(dr, 16);
        const ar = ap + <usize>r * rowA;
        const x0 = f32x4.splat(load<f32>(ar)), x1 = f32x4.splat(load<f32>(ar, 4));
        const x2 = f32x4.splat(load<f32>(ar, 8)), x3 = f32x4.splat(load<f32>(ar, 12));
        s00 = f32x4.add(s00, f32x4.mul(x0, d0)); s01 = f32x4.add(s01, f32x4.mul(x0, d1));
        s10 = f32x4.add(s10, f32x4.mul(x1, d0)); s11 = f32x4.add(s11, f32x4.mul(x1, d1));
        s20 = f32x4.add(s20, f32x4.mul(x2, d0)); s21 = f32x4.add(s21, f32x4.mul(x2, d1));
        s30 = f32x4.add(s30, f32x4.mul(x3, d0)); s31 = f32x4.add(s31, f32x4.mul(x3, d1));
      }
      const gj = gp + (<usize>j << 2);
      v128.store(gj, s00); v128.store(gj, s01, 16);
      v128.store(gj + rowD, s10); v128.store(gj + rowD, s11, 16);
      v128.store(gj + 2 * rowD, s20); v128.store(gj + 2 * rowD, s21, 16);
      v128.store(gj + 3 * rowD, s30); v128.store(gj + 3 * rowD, s31, 16);
    }
    // Columns left over (a narrow output layer): four inputs at once times one delta per row.
    for (; j < n; j++) {
      let s = f32x4.splat(0);
      for (let r = 0; r < m; r++) s = f32x4.add(s, f32x4.mul(v128.load(ap + <usize>r * rowA), f32x4.splat(load<f32>(d + <usize>r * rowD + (<usize>j << 2)))));
      const gj = gp + (<usize>j << 2);
      store<f32>(gj, f32x4.extract_lane(s, 0));
      store<f32>(gj + rowD, f32x4.extract_lane(s, 1));
      store<f32>(gj + 2 * rowD, f32x4.extract_lane(s, 2));
      store<f32>(gj + 3 * rowD, f32x4.extract_lane(s, 3));
    }
  }
  for (; p < k; p++) {
    const ap = a + (<usize>p << 2);
    const gp = g + <usize>p * rowD;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s = f32x4.splat(0);
      for (let r = 0; r < m; r++) s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(ap + <usize>r * rowA)), v128.load(d + <usize>r * rowD + (<usize>j << 2))));
      v128.store(gp + (<usize>j << 2), s);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      for (let r = 0; r < m; r++) s += load<f32>(ap + <usize>r * rowA) * load<f32>(d + <usize>r * rowD + (<usize>j << 2));
      store<f32>(gp + (<usize>j << 2), s);
    }
  }
}
