/**
 * The numeric kernels of the trainer, on Float64Array row-major matrices with explicit offsets. Everything
 * a layer computes is one of three products of "rows × features" matrices (conv layers go through im2col):
 *
 * - forward:         Y[M×K]  = X[M×C] · W[K×C]ᵀ + b     = gemmNT(X, W)
 * - input gradient:  D[M×C]  = G[M×K] · W[K×C]          = gemmNT(G, Wᵀ)
 * - weight gradient: V[K×C] += G[M×K]ᵀ · X[M×C]         = gemmNT(Gᵀ, Xᵀ, add)
 *
 * so one kernel, `gemmNT` (dot products of rows, both operands contiguous, a 2 × 4 register block: 6 loads
 * per 8 multiply-adds; W's 4-row block stays in L1 while all rows of X pass), does all the work after cheap transposes (O(M·K + M·C) against O(M·K·C)). Summation
 * order is fixed, so results are bit-reproducible.
 */

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Y[yo + m·K + k] = Σ_c X[xo + m·C + c] · W[wo + k·C + c] + b[k]  (`add`: Y += Σ … instead, b unused).
 * Rows of X against rows of W: both operands are read contiguously; 2 × 4 register block.
 */
export const gemmNT = (
  x: Float64Array, xo: number, M: number, C: number,
  w: Float64Array, wo: number, K: number, b: Float64Array,
  y: Float64Array, yo: number, add: boolean,
): void => {
  // outer loop over blocks of 4 rows of W (kept in L1), inner over pairs of rows of X: W is read once per
  // call, X once per block (X is the smaller operand in every call the engine makes)
  let k = 0;
  for (; k + 3 < K; k += 4) {
    const w0 = wo + k * C;
    const w1 = w0 + C;
    const w2 = w1 + C;
    const w3 = w2 + C;
    const c0 = b[k]!, c1 = b[k + 1]!, c2 = b[k + 2]!, c3 = b[k + 3]!;
    let m = 0;
    for (; m + 1 < M; m += 2) {
      const x0 = xo + m * C;
      const x1 = x0 + C;
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
      const y0 = yo + m * K + k;
      const y1 = y0 + K;
      if (add) {
        y[y0] = y[y0]! + a0; y[y0 + 1] = y[y0 + 1]! + a1; y[y0 + 2] = y[y0 + 2]! + a2; y[y0 + 3] = y[y0 + 3]! + a3;
        y[y1] = y[y1]! + b0; y[y1 + 1] = y[y1 + 1]! + b1; y[y1 + 2] = y[y1 + 2]! + b2; y[y1 + 3] = y[y1 + 3]! + b3;
      } else {
        y[y0] = a0 + c0; y[y0 + 1] = a1 + c1; y[y0 + 2] = a2 + c2; y[y0 + 3] = a3 + c3;
        y[y1] = b0 + c0; y[y1 + 1] = b1 + c1; y[y1 + 2] = b2 + c2; y[y1 + 3] = b3 + c3;
      }
    }
    if (m < M) {
      const x0 = xo + m * C;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let c = 0; c < C; c++) {
        const u = x[x0 + c]!;
        a0 += u * w[w0 + c]!; a1 += u * w[w1 + c]!; a2 += u * w[w2 + c]!; a3 += u * w[w3 + c]!;
      }
      const y0 = yo + m * K + k;
      if (add) {
        y[y0] = y[y0]! + a0; y[y0 + 1] = y[y0 + 1]! + a1; y[y0 + 2] = y[y0 + 2]! + a2; y[y0 + 3] = y[y0 + 3]! + a3;
      } else {
        y[y0] = a0 + c0; y[y0 + 1] = a1 + c1; y[y0 + 2] = a2 + c2; y[y0 + 3] = a3 + c3;
      }
    }
  }
  if (k + 1 < K) {
    // a 2 × 2 block for two remaining rows of W (LeNet-5's C1 has K = 6)
    const w0 = wo + k * C;
    const w1 = w0 + C;
    const c0 = b[k]!, c1 = b[k + 1]!;
    let m = 0;
    for (; m + 1 < M; m += 2) {
      const x0 = xo + m * C;
      const x1 = x0 + C;
      let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
      for (let c = 0; c < C; c++) {
        const u = x[x0 + c]!;
        const v = x[x1 + c]!;
        const p = w[w0 + c]!;
        const q = w[w1 + c]!;
        a0 += u * p; a1 += u * q; b0 += v * p; b1 += v * q;
      }
      const y0 = yo + m * K + k;
      const y1 = y0 + K;
      if (add) {
        y[y0] = y[y0]! + a0; y[y0 + 1] = y[y0 + 1]! + a1; y[y1] = y[y1]! + b0; y[y1 + 1] = y[y1 + 1]! + b1;
      } else {
        y[y0] = a0 + c0; y[y0 + 1] = a1 + c1; y[y1] = b0 + c0; y[y1 + 1] = b1 + c1;
      }
    }
    if (m < M) {
      const x0 = xo + m * C;
      let a0 = 0, a1 = 0;
      for (let c = 0; c < C; c++) {
        const u = x[x0 + c]!;
        a0 += u * w[w0 + c]!; a1 += u * w[w1 + c]!;
      }
      const y0 = yo + m * K + k;
      if (add) {
        y[y0] = y[y0]! + a0; y[y0 + 1] = y[y0 + 1]! + a1;
      } else {
        y[y0] = a0 + c0; y[y0 + 1] = a1 + c1;
      }
    }
    k += 2;
  }
  for (; k < K; k++) {
    const w0 = wo + k * C;
    const c0 = b[k]!;
    for (let m = 0; m < M; m++) {
      const x0 = xo + m * C;
      let a0 = 0;
      for (let c = 0; c < C; c++) a0 += x[x0 + c]! * w[w0 + c]!;
      const y0 = yo + m * K + k;
      if (add) y[y0] = y[y0]! + a0;
      else y[y0] = a0 + c0;
    }
  }
};

/**
 * `gemmNT` (without `add`) for a SPARSE X: per row of X, the non-zeros are gathered once (`idx`, `val`:
 * scratch of ≥ C entries), then Y[yo + m·K + k] = b[k] + Σ_j val[j] · W[wo + k·C + idx[j]], four rows of W per
 * pass. Work ∝ the non-zeros of X (MNIST pixels: ~19% non-zero).
 */
export const gemmSparseX = (
  x: Float64Array, xo: number, M: number, C: number,
  w: Float64Array, wo: number, K: number, b: Float64Array,
  y: Float64Array, yo: number, idx: Int32Array, val: Float64Array,
): void => {
  for (let m = 0; m < M; m++) {
    const x0 = xo + m * C;
    let n = 0;
    for (let c = 0; c < C; c++) {
      const v = x[x0 + c]!;
      if (v !== 0) {
        idx[n] = c;
        val[n] = v;
        n++;
      }
    }
    const y0 = yo + m * K;
    let k = 0;
    for (; k + 3 < K; k += 4) {
      const w0 = wo + k * C;
      const w1 = w0 + C;
      const w2 = w1 + C;
      const w3 = w2 + C;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let j = 0; j < n; j++) {
        const c = idx[j]!;
        const v = val[j]!;
        a0 += v * w[w0 + c]!; a1 += v * w[w1 + c]!; a2 += v * w[w2 + c]!; a3 += v * w[w3 + c]!;
      }
      y[y0 + k] = a0 + b[k]!; y[y0 + k + 1] = a1 + b[k + 1]!; y[y0 + k + 2] = a2 + b[k + 2]!; y[y0 + k + 3] = a3 + b[k + 3]!;
    }
    if (k + 1 < K) {
      const w0 = wo + k * C;
      const w1 = w0 + C;
      let a0 = 0, a1 = 0;
      for (let j = 0; j < n; j++) {
        const c = idx[j]!;
        const v = val[j]!;
        a0 += v * w[w0 + c]!; a1 += v * w[w1 + c]!;
      }
      y[y0 + k] = a0 + b[k]!; y[y0 + k + 1] = a1 + b[k + 1]!;
      k += 2;
    }
    for (; k < K; k++) {
      const w0 = wo + k * C;
      let a0 = 0;
      for (let j = 0; j < n; j++) a0 += val[j]! * w[w0 + idx[j]!]!;
      y[y0 + k] = a0 + b[k]!;
    }
  }
};

/** Number of non-zero entries of x[from .. from + n). */
export const countNonZero = (x: Float64Array, from: number, n: number): number => {
  let nz = 0;
  for (let j = from; j < from + n; j++) if (x[j] !== 0) nz++;
  return nz;
};

/** T[c·M + m] = X[xo + m·C + c]: an M × C block transposed to C × M. */
export const transpose = (x: Float64Array, xo: number, M: number, C: number, t: Float64Array): void => {
  for (let m = 0; m < M; m++) {
    const r = xo + m * C;
    for (let c = 0; c < C; c++) t[c * M + m] = x[r + c]!;
  }
};

/** s[k] += Σ_m T[k·M + m] (row sums of a K × M block: the bias gradient from transposed output gradients). */
export const rowSumsAdd = (t: Float64Array, K: number, M: number, s: Float64Array): void => {
  for (let k = 0; k < K; k++) {
    let a = 0;
    for (let m = 0; m < M; m++) a += t[k * M + m]!;
    s[k] = s[k]! + a;
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
