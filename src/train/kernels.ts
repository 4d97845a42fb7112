/**
 * The numeric kernels of the trainer, on Float64Array row-major matrices with explicit offsets. Everything
 * a layer computes is one of three products of "rows × features" matrices (conv layers go through im2col):
 *
 * - `gemmNT`:  Y[M×K] = X[M×C] · W[K×C]ᵀ + b          (forward of fc and im2col'd conv)
 * - `gemmNN`:  D[M×C] = G[M×K] · W[K×C]               (gradient w.r.t. the layer input)
 * - `gemmTN`:  V[K×C] += G[M×K]ᵀ · X[M×C]             (gradient w.r.t. the weights)
 *
 * The inner loops run over contiguous memory; `gemmNT` keeps a 2 × 4 register block (two rows of X against
 * four rows of W: 6 loads per 8 multiply-adds), the other two fold four rank-1 terms per pass over a row.
 * Zero entries of G (ReLU) skip their work. Summation order is fixed, so results are bit-reproducible.
 */

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Y[yo + m·K + k] = Σ_c X[xo + m·C + c] · W[k·C + c] + b[k]. */
export const gemmNT = (
  x: Float64Array, xo: number, M: number, C: number,
  w: Float64Array, K: number, b: Float64Array,
  y: Float64Array, yo: number,
): void => {
  let m = 0;
  for (; m + 1 < M; m += 2) {
    const x0 = xo + m * C;
    const x1 = x0 + C;
    const y0 = yo + m * K;
    const y1 = y0 + K;
    let k = 0;
    for (; k + 3 < K; k += 4) {
      const w0 = k * C;
      const w1 = w0 + C;
      const w2 = w1 + C;
      const w3 = w2 + C;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let c = 0; c < C; c++) {
        const u = x[x0 + c]!;
        const v = x[x1 + c]!;
        const p = w[w0 + c]!;
        const q = w[w1 + c]!;
        const r = w[w2 + c]!;
        const s = w[w3 + c]!;
        a0 += u * p; a1 += u * q; a2 += u * r; a3 += u * s;
        b0 += v * p; b1 += v * q; b2 += v * r; b3 += v * s;
      }
      y[y0 + k] = a0 + b[k]!; y[y0 + k + 1] = a1 + b[k + 1]!; y[y0 + k + 2] = a2 + b[k + 2]!; y[y0 + k + 3] = a3 + b[k + 3]!;
      y[y1 + k] = b0 + b[k]!; y[y1 + k + 1] = b1 + b[k + 1]!; y[y1 + k + 2] = b2 + b[k + 2]!; y[y1 + k + 3] = b3 + b[k + 3]!;
    }
    for (; k < K; k++) {
      const w0 = k * C;
      let a0 = 0, b0 = 0;
      for (let c = 0; c < C; c++) {
        const p = w[w0 + c]!;
        a0 += x[x0 + c]! * p;
        b0 += x[x1 + c]! * p;
      }
      y[y0 + k] = a0 + b[k]!;
      y[y1 + k] = b0 + b[k]!;
    }
  }
  if (m < M) {
    const x0 = xo + m * C;
    const y0 = yo + m * K;
    for (let k = 0; k < K; k++) {
      const w0 = k * C;
      let a0 = 0;
      for (let c = 0; c < C; c++) a0 += x[x0 + c]! * w[w0 + c]!;
      y[y0 + k] = a0 + b[k]!;
    }
  }
};

/** D[do + m·C + c] = Σ_k G[go + m·K + k] · W[k·C + c] (D overwritten). */
export const gemmNN = (
  g: Float64Array, go: number, M: number, K: number,
  w: Float64Array, C: number,
  d: Float64Array, dOff: number,
): void => {
  for (let m = 0; m < M; m++) {
    const d0 = dOff + m * C;
    d.fill(0, d0, d0 + C);
    const g0 = go + m * K;
    let k = 0;
    for (; k + 3 < K; k += 4) {
      const p = g[g0 + k]!;
      const q = g[g0 + k + 1]!;
      const r = g[g0 + k + 2]!;
      const s = g[g0 + k + 3]!;
      if (p === 0 && q === 0 && r === 0 && s === 0) continue;
      const w0 = k * C;
      const w1 = w0 + C;
      const w2 = w1 + C;
      const w3 = w2 + C;
      for (let c = 0; c < C; c++) d[d0 + c] = d[d0 + c]! + (p * w[w0 + c]! + q * w[w1 + c]! + r * w[w2 + c]! + s * w[w3 + c]!);
    }
    for (; k < K; k++) {
      const p = g[g0 + k]!;
      if (p === 0) continue;
      const w0 = k * C;
      for (let c = 0; c < C; c++) d[d0 + c] = d[d0 + c]! + p * w[w0 + c]!;
    }
  }
};

/** V[k·C + c] += Σ_m G[go + m·K + k] · X[xo + m·C + c];  gb[k] += Σ_m G[go + m·K + k]. */
export const gemmTN = (
  g: Float64Array, go: number, M: number, K: number,
  x: Float64Array, xo: number, C: number,
  v: Float64Array, gb: Float64Array,
): void => {
  for (let k = 0; k < K; k++) {
    const v0 = k * C;
    let bs = 0;
    let m = 0;
    for (; m + 3 < M; m += 4) {
      const p = g[go + m * K + k]!;
      const q = g[go + (m + 1) * K + k]!;
      const r = g[go + (m + 2) * K + k]!;
      const s = g[go + (m + 3) * K + k]!;
      if (p === 0 && q === 0 && r === 0 && s === 0) continue;
      bs += p + q + r + s;
      const x0 = xo + m * C;
      const x1 = x0 + C;
      const x2 = x1 + C;
      const x3 = x2 + C;
      for (let c = 0; c < C; c++) v[v0 + c] = v[v0 + c]! + (p * x[x0 + c]! + q * x[x1 + c]! + r * x[x2 + c]! + s * x[x3 + c]!);
    }
    for (; m < M; m++) {
      const p = g[go + m * K + k]!;
      if (p === 0) continue;
      bs += p;
      const x0 = xo + m * C;
      for (let c = 0; c < C; c++) v[v0 + c] = v[v0 + c]! + p * x[x0 + c]!;
    }
    gb[k] = gb[k]! + bs;
  }
};

/**
 * im2col of `nb` samples stored NHWC (`H×W×C` each, from offset `xo`): one row per output position
 * (b, p, q), `C·R·S` columns in the order c·R·S + r·S + s; input rows h = p·stride − pad + r (likewise w),
 * zero outside the image.
 */
export const im2col = (
  x: Float64Array, xo: number, nb: number, H: number, W: number, C: number,
  R: number, S: number, stride: number, pad: number, P: number, Q: number,
  col: Float64Array,
): void => {
  const cols = C * R * S;
  let row = 0;
  for (let b = 0; b < nb; b++) {
    const xb = xo + b * H * W * C;
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++, row++) {
        const r0 = row * cols;
        for (let r = 0; r < R; r++) {
          const h = p * stride - pad + r;
          const inH = h >= 0 && h < H;
          for (let s = 0; s < S; s++) {
            const w = q * stride - pad + s;
            const o = r0 + r * S + s;
            if (inH && w >= 0 && w < W) {
              const xi = xb + (h * W + w) * C;
              for (let c = 0; c < C; c++) col[o + c * R * S] = x[xi + c]!;
            } else {
              for (let c = 0; c < C; c++) col[o + c * R * S] = 0;
            }
          }
        }
      }
    }
  }
};

/** The adjoint of `im2col`: adds each column entry back to the input element it was read from. */
export const col2imAdd = (
  col: Float64Array, nb: number, H: number, W: number, C: number,
  R: number, S: number, stride: number, pad: number, P: number, Q: number,
  dx: Float64Array, xo: number,
): void => {
  const cols = C * R * S;
  let row = 0;
  for (let b = 0; b < nb; b++) {
    const xb = xo + b * H * W * C;
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++, row++) {
        const r0 = row * cols;
        for (let r = 0; r < R; r++) {
          const h = p * stride - pad + r;
          if (h < 0 || h >= H) continue;
          for (let s = 0; s < S; s++) {
            const w = q * stride - pad + s;
            if (w < 0 || w >= W) continue;
            const xi = xb + (h * W + w) * C;
            const o = r0 + r * S + s;
            for (let c = 0; c < C; c++) dx[xi + c] = dx[xi + c]! + col[o + c * R * S]!;
          }
        }
      }
    }
  }
};

/** Average pooling (window k, stride s, zero padding pad counted in the k² divisor) of `nb` NHWC samples. */
export const avgPool = (
  x: Float64Array, nb: number, H: number, W: number, C: number, k: number, stride: number, pad: number,
  P: number, Q: number, y: Float64Array,
): void => {
  const inv = 1 / (k * k);
  for (let b = 0; b < nb; b++) {
    const xb = b * H * W * C;
    const yb = b * P * Q * C;
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const yo = yb + (p * Q + q) * C;
        for (let c = 0; c < C; c++) y[yo + c] = 0;
        for (let i = 0; i < k; i++) {
          const h = p * stride - pad + i;
          if (h < 0 || h >= H) continue;
          for (let j = 0; j < k; j++) {
            const w = q * stride - pad + j;
            if (w < 0 || w >= W) continue;
            const xi = xb + (h * W + w) * C;
            for (let c = 0; c < C; c++) y[yo + c] = y[yo + c]! + x[xi + c]!;
          }
        }
        for (let c = 0; c < C; c++) y[yo + c] = y[yo + c]! * inv;
      }
    }
  }
};

/** The adjoint of `avgPool`: dx (overwritten) receives dy / k² at every input of each window. */
export const avgPoolBack = (
  dy: Float64Array, nb: number, H: number, W: number, C: number, k: number, stride: number, pad: number,
  P: number, Q: number, dx: Float64Array,
): void => {
  const inv = 1 / (k * k);
  dx.fill(0, 0, nb * H * W * C);
  for (let b = 0; b < nb; b++) {
    const xb = b * H * W * C;
    const yb = b * P * Q * C;
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const yo = yb + (p * Q + q) * C;
        for (let i = 0; i < k; i++) {
          const h = p * stride - pad + i;
          if (h < 0 || h >= H) continue;
          for (let j = 0; j < k; j++) {
            const w = q * stride - pad + j;
            if (w < 0 || w >= W) continue;
            const xi = xb + (h * W + w) * C;
            for (let c = 0; c < C; c++) dx[xi + c] = dx[xi + c]! + dy[yo + c]! * inv;
          }
        }
      }
    }
  }
};
