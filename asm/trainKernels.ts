/**
 * The trainer's Float32 compute kernels, compiled to WebAssembly with 128-bit SIMD (f32x4) by AssemblyScript
 * (`scripts/buildWasm.mjs`, run by `npm run build`/`npm test`; the bytes become src/train/wasm/kernelsWasm.ts).
 * Loaded by src/train/wasmEngine.ts. All pointers are BYTE offsets into the module's memory; every other
 * count, stride and leading dimension is in ELEMENTS (f32 or i32, 4 bytes).
 *
 * Determinism: only IEEE-754 f32 add / mul / div / sqrt (no fused multiply-add, no relaxed SIMD), in a fixed
 * order that depends on the shapes alone, so equal inputs give bit-identical outputs on every engine.
 * Each output element of `gemm` and `spmm` is a sum over p (or over the listed non-zeros) in increasing order,
 * started from 0 and then stored or added to C: the SIMD lanes and the scalar edge loops compute the same
 * expression, so a result does not depend on where it falls in the register blocking.
 */

/**
 * C[i·ldc + j] (=, or += when `accumulate` ≠ 0) Σ_p A[i·ais + p·aps] · B[p·ldb + j], for i < M, j < N, p < Kd.
 * A is read through strides (so Aᵀ costs nothing), B row-major (contiguous along j). Register block: 4 rows
 * of C × 8 columns (8 f32x4 accumulators; per p: 2 vector loads of B, 4 load-and-splat of A, 8 mul + 8 add);
 * the column panel of B (Kd × 8) stays in L1 while all rows of A pass.
 */
export function gemm(M: i32, N: i32, Kd: i32, a: usize, ais: i32, aps: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32): void {
  const sa: usize = <usize>ais << 2;
  const pa: usize = <usize>aps << 2;
  const lb: usize = <usize>ldb << 2;
  const lc: usize = <usize>ldc << 2;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const bj: usize = b + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let x = v128.load32_splat(ap);
        c00 = f32x4.add(c00, f32x4.mul(x, b0));
        c01 = f32x4.add(c01, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + sa);
        c10 = f32x4.add(c10, f32x4.mul(x, b0));
        c11 = f32x4.add(c11, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + 2 * sa);
        c20 = f32x4.add(c20, f32x4.mul(x, b0));
        c21 = f32x4.add(c21, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + 3 * sa);
        c30 = f32x4.add(c30, f32x4.mul(x, b0));
        c31 = f32x4.add(c31, f32x4.mul(x, b1));
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 2);
      store8(cp, c00, c01, accumulate);
      store8(cp + lc, c10, c11, accumulate);
      store8(cp + 2 * lc, c20, c21, accumulate);
      store8(cp + 3 * lc, c30, c31, accumulate);
    }
    for (; i < M; i++) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const x = v128.load32_splat(ap);
        c00 = f32x4.add(c00, f32x4.mul(x, v128.load(bp)));
        c01 = f32x4.add(c01, f32x4.mul(x, v128.load(bp, 16)));
        ap += pa;
        bp += lb;
      }
      store8(c + <usize>i * lc + (<usize>j << 2), c00, c01, accumulate);
    }
  }
  for (; j + 4 <= N; j += 4) {
    const bj: usize = b + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const b0 = v128.load(bp);
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(ap), b0));
        c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(ap + sa), b0));
        c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(ap + 2 * sa), b0));
        c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(ap + 3 * sa), b0));
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 2);
      store4(cp, c0, accumulate);
      store4(cp + lc, c1, accumulate);
      store4(cp + 2 * lc, c2, accumulate);
      store4(cp + 3 * lc, c3, accumulate);
    }
    for (; i < M; i++) {
      let c0 = f32x4.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
        ap += pa;
        bp += lb;
      }
      store4(c + <usize>i * lc + (<usize>j << 2), c0, accumulate);
    }
  }
  for (; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s: f32 = 0;
      let ap: usize = a + <usize>i * sa;
      let bp: usize = b + (<usize>j << 2);
      for (let p = 0; p < Kd; p++) {
        s += load<f32>(ap) * load<f32>(bp);
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 2);
      store<f32>(cp, accumulate != 0 ? load<f32>(cp) + s : s);
    }
  }
}

/**
 * Sparse × dense: C[r·ldc + j] (=, or +=) Σ_{t = ptr[r] .. ptr[r+1]−1} val[t] · B[idx[t]·ldb + j], for r < R, j < N.
 * The (ptr, idx, val) lists come from `csr` (rows of X: the forward pass, Y = X·Wᵀ) or `csc` (columns of X:
 * the weight gradient, ∂W = Xᵀ·G). Work ∝ non-zeros. Column blocks of 32 (8 accumulators), then 4, then 1.
 */
export function spmm(R: i32, ptr: usize, idx: usize, val: usize, b: usize, ldb: i32, N: i32, c: usize, ldc: i32, accumulate: i32): void {
  const lb: usize = <usize>ldb << 2;
  const lc: usize = <usize>ldc << 2;
  for (let r = 0; r < R; r++) {
    const t0 = load<i32>(ptr + (<usize>r << 2));
    const t1 = load<i32>(ptr + (<usize>(r + 1) << 2));
    const cr: usize = c + <usize>r * lc;
    let j = 0;
    for (; j + 32 <= N; j += 32) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      const bj: usize = b + (<usize>j << 2);
      for (let t = t0; t < t1; t++) {
        const x = v128.load32_splat(val + (<usize>t << 2));
        const bp: usize = bj + <usize>load<i32>(idx + (<usize>t << 2)) * lb;
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(bp)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(bp, 16)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(bp, 32)));
        a3 = f32x4.add(a3, f32x4.mul(x, v128.load(bp, 48)));
        a4 = f32x4.add(a4, f32x4.mul(x, v128.load(bp, 64)));
        a5 = f32x4.add(a5, f32x4.mul(x, v128.load(bp, 80)));
        a6 = f32x4.add(a6, f32x4.mul(x, v128.load(bp, 96)));
        a7 = f32x4.add(a7, f32x4.mul(x, v128.load(bp, 112)));
      }
      const cp: usize = cr + (<usize>j << 2);
      store8(cp, a0, a1, accumulate);
      store8(cp + 32, a2, a3, accumulate);
      store8(cp + 64, a4, a5, accumulate);
      store8(cp + 96, a6, a7, accumulate);
    }
    for (; j + 4 <= N; j += 4) {
      let a0 = f32x4.splat(0);
      const bj: usize = b + (<usize>j << 2);
      for (let t = t0; t < t1; t++) {
        const x = v128.load32_splat(val + (<usize>t << 2));
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(bj + <usize>load<i32>(idx + (<usize>t << 2)) * lb)));
      }
      store4(cr + (<usize>j << 2), a0, accumulate);
    }
    for (; j < N; j++) {
      let s: f32 = 0;
      const bj: usize = b + (<usize>j << 2);
      for (let t = t0; t < t1; t++) s += load<f32>(val + (<usize>t << 2)) * load<f32>(bj + <usize>load<i32>(idx + (<usize>t << 2)) * lb);
      const cp: usize = cr + (<usize>j << 2);
      store<f32>(cp, accumulate != 0 ? load<f32>(cp) + s : s);
    }
  }
}

/** The non-zeros of the rows of X (M × C, leading dimension ldx) as lists for `spmm`: ptr[M + 1], idx, val.
 *  Returns the number of non-zeros. */
export function csr(M: i32, C: i32, x: usize, ldx: i32, ptr: usize, idx: usize, val: usize): i32 {
  let n = 0;
  for (let m = 0; m < M; m++) {
    store<i32>(ptr + (<usize>m << 2), n);
    const xr: usize = x + ((<usize>m * <usize>ldx) << 2);
    for (let k = 0; k < C; k++) {
      const v = load<f32>(xr + (<usize>k << 2));
      if (v != 0) {
        store<i32>(idx + (<usize>n << 2), k);
        store<f32>(val + (<usize>n << 2), v);
        n++;
      }
    }
  }
  store<i32>(ptr + (<usize>M << 2), n);
  return n;
}

/** The non-zeros of the COLUMNS of X (M × C): for each column k, the rows m with X[m, k] ≠ 0 (ptr[C + 1]). */
export function csc(M: i32, C: i32, x: usize, ldx: i32, ptr: usize, idx: usize, val: usize): i32 {
  let n = 0;
  const lx: usize = <usize>ldx << 2;
  for (let k = 0; k < C; k++) {
    store<i32>(ptr + (<usize>k << 2), n);
    let xp: usize = x + (<usize>k << 2);
    for (let m = 0; m < M; m++) {
      const v = load<f32>(xp);
      if (v != 0) {
        store<i32>(idx + (<usize>n << 2), m);
        store<f32>(val + (<usize>n << 2), v);
        n++;
      }
      xp += lx;
    }
  }
  store<i32>(ptr + (<usize>C << 2), n);
  return n;
}

/** Number of non-zero entries of x[0 .. n). */
export function countNonZero(x: usize, n: i32): i32 {
  let nz = 0;
  for (let k = 0; k < n; k++) if (load<f32>(x + (<usize>k << 2)) != 0) nz++;
  return nz;
}

/** D[j·ldd + i] = S[i·lds + j] for i < M, j < N: 4 × 4 blocks through registers (8 shuffles), scalar edges. */
export function transpose(M: i32, N: i32, s: usize, lds: i32, d: usize, ldd: i32): void {
  const ls: usize = <usize>lds << 2;
  const ld: usize = <usize>ldd << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const sr: usize = s + <usize>i * ls;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const sp: usize = sr + (<usize>j << 2);
      const r0 = v128.load(sp);
      const r1 = v128.load(sp + ls);
      const r2 = v128.load(sp + 2 * ls);
      const r3 = v128.load(sp + 3 * ls);
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      const dp: usize = d + <usize>j * ld + (<usize>i << 2);
      v128.store(dp, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
      v128.store(dp + ld, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
      v128.store(dp + 2 * ld, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
      v128.store(dp + 3 * ld, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
    }
    for (; j < N; j++) {
      for (let t = 0; t < 4; t++) store<f32>(d + ((<usize>j * <usize>ldd + <usize>(i + t)) << 2), load<f32>(sr + <usize>t * ls + (<usize>j << 2)));
    }
  }
  for (; i < M; i++) {
    const sr: usize = s + <usize>i * ls;
    for (let j = 0; j < N; j++) store<f32>(d + ((<usize>j * <usize>ldd + <usize>i) << 2), load<f32>(sr + (<usize>j << 2)));
  }
}

/**
 * One Adam step over n parameters (Kingma & Ba 2015, β1 = 0.9, β2 = 0.999, ε = 1e−8), in f32:
 * g' = (g + decay·p)·mask; m ← 0.9·m + 0.1·g'; v ← 0.999·v + 0.001·g'²; p ← p − (a·m) / (√(v·ib2) + ε),
 * a = lr / bc1, ib2 = 1 / bc2. `mask` = 0: no mask; else n f32 of 1 (kept) or 0 (pruned): a pruned weight that is
 * 0 with zero moments stays exactly 0 (g' = 0 ⇒ m = v = 0 ⇒ the step is 0).
 */
export function adam(p: usize, g: usize, m: usize, v: usize, mask: usize, n: i32, decay: f32, a: f32, ib2: f32): void {
  const d4 = f32x4.splat(decay), a4 = f32x4.splat(a), i4 = f32x4.splat(ib2);
  const b1 = f32x4.splat(0.9), c1 = f32x4.splat(0.1), b2 = f32x4.splat(0.999), c2 = f32x4.splat(0.001), e4 = f32x4.splat(1e-8);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o: usize = <usize>k << 2;
    const pk = v128.load(p + o);
    let gk = f32x4.add(v128.load(g + o), f32x4.mul(d4, pk));
    if (mask != 0) gk = f32x4.mul(gk, v128.load(mask + o));
    const mk = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gk));
    const vk = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(c2, gk), gk));
    v128.store(m + o, mk);
    v128.store(v + o, vk);
    v128.store(p + o, f32x4.sub(pk, f32x4.div(f32x4.mul(a4, mk), f32x4.add(f32x4.sqrt(f32x4.mul(vk, i4)), e4))));
  }
  for (; k < n; k++) {
    const o: usize = <usize>k << 2;
    const pk = load<f32>(p + o);
    let gk: f32 = load<f32>(g + o) + decay * pk;
    if (mask != 0) gk = gk * load<f32>(mask + o);
    const mk: f32 = <f32>0.9 * load<f32>(m + o) + <f32>0.1 * gk;
    const vk: f32 = <f32>0.999 * load<f32>(v + o) + <f32>0.001 * gk * gk;
    store<f32>(m + o, mk);
    store<f32>(v + o, vk);
    store<f32>(p + o, pk - (a * mk) / (Mathf.sqrt(vk * ib2) + <f32>1e-8));
  }
}

/** One SGD-with-momentum step in f32: u ← μ·u + (g + decay·p)·mask; p ← p − lr·u (mask as in `adam`). */
export function sgd(p: usize, g: usize, u: usize, mask: usize, n: i32, decay: f32, lr: f32, mu: f32): void {
  const d4 = f32x4.splat(decay), l4 = f32x4.splat(lr), m4 = f32x4.splat(mu);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o: usize = <usize>k << 2;
    const pk = v128.load(p + o);
    let gk = f32x4.add(v128.load(g + o), f32x4.mul(d4, pk));
    if (mask != 0) gk = f32x4.mul(gk, v128.load(mask + o));
    const uk = f32x4.add(f32x4.mul(m4, v128.load(u + o)), gk);
    v128.store(u + o, uk);
    v128.store(p + o, f32x4.sub(pk, f32x4.mul(l4, uk)));
  }
  for (; k < n; k++) {
    const o: usize = <usize>k << 2;
    const pk = load<f32>(p + o);
    let gk: f32 = load<f32>(g + o) + decay * pk;
    if (mask != 0) gk = gk * load<f32>(mask + o);
    const uk: f32 = mu * load<f32>(u + o) + gk;
    store<f32>(u + o, uk);
    store<f32>(p + o, pk - lr * uk);
  }
}

/**
 * im2col of `nb` NHWC samples (H×W×C each) at x: one row per output position (b, p, q), C·R·S columns in the
 * order c·R·S + r·S + s; input row h = p·stride − pad + r (likewise w), 0 outside the image. `transposed` ≠ 0
 * writes colᵀ (C·R·S rows × nb·P·Q columns) instead. Inner loop: one column over the Q positions of an output
 * row (its in-image range computed once), so the copy is a strided run.
 */
export function im2col(x: usize, nb: i32, H: i32, W: i32, C: i32, R: i32, S: i32, stride: i32, pad: i32, P: i32, Q: i32, col: usize, transposed: i32): void {
  const crs = C * R * S;
  const rows = nb * P * Q;
  const rowStride: usize = transposed != 0 ? 4 : <usize>crs << 2;
  const colStride: usize = transposed != 0 ? <usize>rows << 2 : 4;
  const srcStep: usize = <usize>(stride * C) << 2;
  if (transposed == 0) {
    im2colRows(x, nb, H, W, C, R, S, stride, pad, P, Q, col);
    return;
  }
  for (let b = 0; b < nb; b++) {
    const xb: usize = x + ((<usize>b * <usize>(H * W * C)) << 2);
    for (let p = 0; p < P; p++) {
      const row0: usize = col + <usize>((b * P + p) * Q) * rowStride;
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < R; r++) {
          const h = p * stride - pad + r;
          const inH = h >= 0 && h < H;
          for (let s = 0; s < S; s++) {
            let o: usize = row0 + <usize>((c * R + r) * S + s) * colStride;
            const lo = inH ? firstIn(s, pad, stride, Q) : Q;
            const hi = inH ? max(lo, lastIn(s, pad, stride, W, Q)) : Q;
            let q = 0;
            for (; q < lo; q++) {
              store<f32>(o, 0);
              o += rowStride;
            }
            let xi: usize = xb + (<usize>((h * W + (lo * stride - pad + s)) * C + c) << 2);
            for (; q < hi; q++) {
              store<f32>(o, load<f32>(xi));
              xi += srcStep;
              o += rowStride;
            }
            for (; q < Q; q++) {
              store<f32>(o, 0);
              o += rowStride;
            }
          }
        }
      }
    }
  }
}

/** `im2col` (not transposed) row by row: sequential writes; per (c, r) the S taps of a row are one strided run
 *  when the window lies inside the image (the common case), else checked one by one. */
function im2colRows(x: usize, nb: i32, H: i32, W: i32, C: i32, R: i32, S: i32, stride: i32, pad: i32, P: i32, Q: i32, col: usize): void {
  const cStep: usize = <usize>C << 2;
  let o: usize = col;
  for (let b = 0; b < nb; b++) {
    const xb: usize = x + ((<usize>b * <usize>(H * W * C)) << 2);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const w0 = q * stride - pad;
        const inside = w0 >= 0 && w0 + S <= W;
        for (let c = 0; c < C; c++) {
          for (let r = 0; r < R; r++) {
            const h = p * stride - pad + r;
            if (h < 0 || h >= H) {
              for (let s = 0; s < S; s++) {
                store<f32>(o, 0);
                o += 4;
              }
            } else if (inside) {
              let xi: usize = xb + (<usize>((h * W + w0) * C + c) << 2);
              for (let s = 0; s < S; s++) {
                store<f32>(o, load<f32>(xi));
                xi += cStep;
                o += 4;
              }
            } else {
              for (let s = 0; s < S; s++) {
                const w = w0 + s;
                store<f32>(o, w >= 0 && w < W ? load<f32>(xb + (<usize>((h * W + w) * C + c) << 2)) : 0);
                o += 4;
              }
            }
          }
        }
      }
    }
  }
}

/** The adjoint of `im2col` (not transposed): adds each column entry to the input element it was read from. */
export function col2imAdd(col: usize, nb: i32, H: i32, W: i32, C: i32, R: i32, S: i32, stride: i32, pad: i32, P: i32, Q: i32, dx: usize): void {
  const crs = C * R * S;
  const rowStride: usize = <usize>crs << 2;
  const dstStep: usize = <usize>(stride * C) << 2;
  for (let b = 0; b < nb; b++) {
    const xb: usize = dx + ((<usize>b * <usize>(H * W * C)) << 2);
    for (let p = 0; p < P; p++) {
      const row0: usize = col + <usize>((b * P + p) * Q) * rowStride;
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < R; r++) {
          const h = p * stride - pad + r;
          if (h < 0 || h >= H) continue;
          for (let s = 0; s < S; s++) {
            const lo = firstIn(s, pad, stride, Q);
            const hi = lastIn(s, pad, stride, W, Q);
            let o: usize = row0 + <usize>lo * rowStride + (<usize>((c * R + r) * S + s) << 2);
            let xi: usize = xb + (<usize>((h * W + (lo * stride - pad + s)) * C + c) << 2);
            for (let q = lo; q < hi; q++) {
              store<f32>(xi, load<f32>(xi) + load<f32>(o));
              xi += dstStep;
              o += rowStride;
            }
          }
        }
      }
    }
  }
}

/** The first output column q (≤ Q) whose input column q·stride − pad + s is ≥ 0. */
// @ts-ignore: decorator
@inline function firstIn(s: i32, pad: i32, stride: i32, Q: i32): i32 {
  const need = pad - s;
  return need <= 0 ? 0 : min(Q, (need + stride - 1) / stride);
}

/** One past the last output column q (≤ Q) whose input column q·stride − pad + s is < W. */
// @ts-ignore: decorator
@inline function lastIn(s: i32, pad: i32, stride: i32, W: i32, Q: i32): i32 {
  const top = W - 1 + pad - s;
  return top < 0 ? 0 : min(Q, top / stride + 1);
}

/** Average pooling (window k, stride, zero padding counted in the k² divisor) of `nb` NHWC samples; 4 channels
 *  per f32x4, each output summed over the window in (i, j) order from 0, then × 1/k². */
export function avgPool(x: usize, nb: i32, H: i32, W: i32, C: i32, k: i32, stride: i32, pad: i32, P: i32, Q: i32, y: usize): void {
  const inv: f32 = <f32>1 / <f32>(k * k);
  const inv4 = f32x4.splat(inv);
  for (let b = 0; b < nb; b++) {
    const xb: usize = x + ((<usize>b * <usize>(H * W * C)) << 2);
    const yb: usize = y + ((<usize>b * <usize>(P * Q * C)) << 2);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const yo: usize = yb + (<usize>((p * Q + q) * C) << 2);
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let sum = f32x4.splat(0);
          for (let i = 0; i < k; i++) {
            const h = p * stride - pad + i;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < k; j++) {
              const w = q * stride - pad + j;
              if (w < 0 || w >= W) continue;
              sum = f32x4.add(sum, v128.load(xb + (<usize>((h * W + w) * C + c) << 2)));
            }
          }
          v128.store(yo + (<usize>c << 2), f32x4.mul(sum, inv4));
        }
        for (; c < C; c++) {
          let sum: f32 = 0;
          for (let i = 0; i < k; i++) {
            const h = p * stride - pad + i;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < k; j++) {
              const w = q * stride - pad + j;
              if (w < 0 || w >= W) continue;
              sum += load<f32>(xb + (<usize>((h * W + w) * C + c) << 2));
            }
          }
          store<f32>(yo + (<usize>c << 2), sum * inv);
        }
      }
    }
  }
}

/** The adjoint of `avgPool`: dx (overwritten) receives dy / k² at every input of each window (4 channels per
 *  f32x4; each dx element receives its terms in the same (p, q, i, j) order as one channel at a time). */
export function avgPoolBack(dy: usize, nb: i32, H: i32, W: i32, C: i32, k: i32, stride: i32, pad: i32, P: i32, Q: i32, dx: usize): void {
  const inv: f32 = <f32>1 / <f32>(k * k);
  const inv4 = f32x4.splat(inv);
  memory.fill(dx, 0, (<usize>nb * <usize>(H * W * C)) << 2);
  for (let b = 0; b < nb; b++) {
    const xb: usize = dx + ((<usize>b * <usize>(H * W * C)) << 2);
    const yb: usize = dy + ((<usize>b * <usize>(P * Q * C)) << 2);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const yo: usize = yb + (<usize>((p * Q + q) * C) << 2);
        for (let i = 0; i < k; i++) {
          const h = p * stride - pad + i;
          if (h < 0 || h >= H) continue;
          for (let j = 0; j < k; j++) {
            const w = q * stride - pad + j;
            if (w < 0 || w >= W) continue;
            const xi: usize = xb + (<usize>((h * W + w) * C) << 2);
            let c = 0;
            for (; c + 4 <= C; c += 4) {
              const o: usize = xi + (<usize>c << 2);
              v128.store(o, f32x4.add(v128.load(o), f32x4.mul(v128.load(yo + (<usize>c << 2)), inv4)));
            }
            for (; c < C; c++) {
              const o: usize = xi + (<usize>c << 2);
              store<f32>(o, load<f32>(o) + load<f32>(yo + (<usize>c << 2)) * inv);
            }
          }
        }
      }
    }
  }
}

/** ReLU in place: y ← y if y > 0, else +0 (NaN → 0, as the Float64 engine's `!(y > 0)`). */
export function relu(y: usize, n: i32): void {
  const z = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o: usize = y + (<usize>k << 2);
    const v = v128.load(o);
    v128.store(o, v128.and(v, f32x4.gt(v, z)));
  }
  for (; k < n; k++) {
    const o: usize = y + (<usize>k << 2);
    if (!(load<f32>(o) > 0)) store<f32>(o, 0);
  }
}

/** ReLU's backward in place: dy ← dy where y > 0, else +0. */
export function reluBack(dy: usize, y: usize, n: i32): void {
  const z = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o: usize = <usize>k << 2;
    v128.store(dy + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), z)));
  }
  for (; k < n; k++) {
    const o: usize = <usize>k << 2;
    if (!(load<f32>(y + o) > 0)) store<f32>(dy + o, 0);
  }
}

/** Y[r·K + j] = b[j] for r < rows, j < K (the bias, before a `gemm`/`spmm` accumulates onto it). */
export function fillRows(y: usize, rows: i32, b: usize, K: i32): void {
  const bytes: usize = <usize>K << 2;
  for (let r = 0; r < rows; r++) memory.copy(y + <usize>r * bytes, b, bytes);
}

/** s[j] += Σ_r G[r·K + j] (r in increasing order): the bias gradient from output gradients `rows × K`. */
export function colSumsAdd(g: usize, rows: i32, K: i32, s: usize): void {
  const lk: usize = <usize>K << 2;
  let j = 0;
  for (; j + 4 <= K; j += 4) {
    let a = f32x4.splat(0);
    let gp: usize = g + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      a = f32x4.add(a, v128.load(gp));
      gp += lk;
    }
    const o: usize = s + (<usize>j << 2);
    v128.store(o, f32x4.add(v128.load(o), a));
  }
  for (; j < K; j++) {
    let a: f32 = 0;
    let gp: usize = g + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      a += load<f32>(gp);
      gp += lk;
    }
    const o: usize = s + (<usize>j << 2);
    store<f32>(o, load<f32>(o) + a);
  }
}

/** Y[r·K + j] = Yt[j·rows + r] + b[j]: a transposed conv output (K × rows) back to rows × K, plus the bias. */
export function untransposeBias(yt: usize, K: i32, rows: i32, b: usize, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const yr: usize = y + ((<usize>r * <usize>K) << 2);
    for (let j = 0; j < K; j++) {
      store<f32>(yr + (<usize>j << 2), load<f32>(yt + ((<usize>j * <usize>rows + <usize>r) << 2)) + load<f32>(b + (<usize>j << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Float64 kernels for evaluation (src/train/wasmEval.ts). They compute exactly what the Float64 JavaScript
// engine computes (engine.ts / kernels.ts): every output is (Σ_c x·w, c ascending from 0) + bias, pooling sums
// its window in (i, j) order then × 1/k², in IEEE double without fused multiply-add — so evaluation gives
// bit-identical results, only faster.
// ---------------------------------------------------------------------------------------------------------

/** `gemm` in f64: C[i·ldc + j] (=, or +=) Σ_p A[i·ais + p·aps] · B[p·ldb + j]; 4 rows × 4 columns (8 f64x2),
 *  then 2-column and 1-column edges (each element the same sum in the same order wherever it falls). */
export function gemm64(M: i32, N: i32, Kd: i32, a: usize, ais: i32, aps: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32): void {
  const sa: usize = <usize>ais << 3;
  const pa: usize = <usize>aps << 3;
  const lb: usize = <usize>ldb << 3;
  const lc: usize = <usize>ldc << 3;
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const bj: usize = b + (<usize>j << 3);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
      let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let x = v128.load64_splat(ap);
        c00 = f64x2.add(c00, f64x2.mul(x, b0));
        c01 = f64x2.add(c01, f64x2.mul(x, b1));
        x = v128.load64_splat(ap + sa);
        c10 = f64x2.add(c10, f64x2.mul(x, b0));
        c11 = f64x2.add(c11, f64x2.mul(x, b1));
        x = v128.load64_splat(ap + 2 * sa);
        c20 = f64x2.add(c20, f64x2.mul(x, b0));
        c21 = f64x2.add(c21, f64x2.mul(x, b1));
        x = v128.load64_splat(ap + 3 * sa);
        c30 = f64x2.add(c30, f64x2.mul(x, b0));
        c31 = f64x2.add(c31, f64x2.mul(x, b1));
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 3);
      store4x64(cp, c00, c01, accumulate);
      store4x64(cp + lc, c10, c11, accumulate);
      store4x64(cp + 2 * lc, c20, c21, accumulate);
      store4x64(cp + 3 * lc, c30, c31, accumulate);
    }
    for (; i < M; i++) {
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const x = v128.load64_splat(ap);
        c00 = f64x2.add(c00, f64x2.mul(x, v128.load(bp)));
        c01 = f64x2.add(c01, f64x2.mul(x, v128.load(bp, 16)));
        ap += pa;
        bp += lb;
      }
      store4x64(c + <usize>i * lc + (<usize>j << 3), c00, c01, accumulate);
    }
  }
  for (; j + 2 <= N; j += 2) {
    // a 2-column edge (LeNet-5's C1: K = 6 = 4 + 2): one f64x2 per row
    const bj: usize = b + (<usize>j << 3);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        const b0 = v128.load(bp);
        c0 = f64x2.add(c0, f64x2.mul(v128.load64_splat(ap), b0));
        c1 = f64x2.add(c1, f64x2.mul(v128.load64_splat(ap + sa), b0));
        c2 = f64x2.add(c2, f64x2.mul(v128.load64_splat(ap + 2 * sa), b0));
        c3 = f64x2.add(c3, f64x2.mul(v128.load64_splat(ap + 3 * sa), b0));
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 3);
      store2x64(cp, c0, accumulate);
      store2x64(cp + lc, c1, accumulate);
      store2x64(cp + 2 * lc, c2, accumulate);
      store2x64(cp + 3 * lc, c3, accumulate);
    }
    for (; i < M; i++) {
      let c0 = f64x2.splat(0);
      let ap: usize = a + <usize>i * sa;
      let bp: usize = bj;
      for (let p = 0; p < Kd; p++) {
        c0 = f64x2.add(c0, f64x2.mul(v128.load64_splat(ap), v128.load(bp)));
        ap += pa;
        bp += lb;
      }
      store2x64(c + <usize>i * lc + (<usize>j << 3), c0, accumulate);
    }
  }
  for (; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s: f64 = 0;
      let ap: usize = a + <usize>i * sa;
      let bp: usize = b + (<usize>j << 3);
      for (let p = 0; p < Kd; p++) {
        s += load<f64>(ap) * load<f64>(bp);
        ap += pa;
        bp += lb;
      }
      const cp: usize = c + <usize>i * lc + (<usize>j << 3);
      store<f64>(cp, accumulate != 0 ? load<f64>(cp) + s : s);
    }
  }
}

/** `spmm` in f64 (values f64, indices i32): C[r·ldc + j] (=, or +=) Σ_t val[t] · B[idx[t]·ldb + j]. */
export function spmm64(R: i32, ptr: usize, idx: usize, val: usize, b: usize, ldb: i32, N: i32, c: usize, ldc: i32, accumulate: i32): void {
  const lb: usize = <usize>ldb << 3;
  const lc: usize = <usize>ldc << 3;
  for (let r = 0; r < R; r++) {
    const t0 = load<i32>(ptr + (<usize>r << 2));
    const t1 = load<i32>(ptr + (<usize>(r + 1) << 2));
    const cr: usize = c + <usize>r * lc;
    let j = 0;
    for (; j + 16 <= N; j += 16) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let a4 = f64x2.splat(0), a5 = f64x2.splat(0), a6 = f64x2.splat(0), a7 = f64x2.splat(0);
      const bj: usize = b + (<usize>j << 3);
      for (let t = t0; t < t1; t++) {
        const x = v128.load64_splat(val + (<usize>t << 3));
        const bp: usize = bj + <usize>load<i32>(idx + (<usize>t << 2)) * lb;
        a0 = f64x2.add(a0, f64x2.mul(x, v128.load(bp)));
        a1 = f64x2.add(a1, f64x2.mul(x, v128.load(bp, 16)));
        a2 = f64x2.add(a2, f64x2.mul(x, v128.load(bp, 32)));
        a3 = f64x2.add(a3, f64x2.mul(x, v128.load(bp, 48)));
        a4 = f64x2.add(a4, f64x2.mul(x, v128.load(bp, 64)));
        a5 = f64x2.add(a5, f64x2.mul(x, v128.load(bp, 80)));
        a6 = f64x2.add(a6, f64x2.mul(x, v128.load(bp, 96)));
        a7 = f64x2.add(a7, f64x2.mul(x, v128.load(bp, 112)));
      }
      const cp: usize = cr + (<usize>j << 3);
      store4x64(cp, a0, a1, accumulate);
      store4x64(cp + 32, a2, a3, accumulate);
      store4x64(cp + 64, a4, a5, accumulate);
      store4x64(cp + 96, a6, a7, accumulate);
    }
    for (; j < N; j++) {
      let s: f64 = 0;
      const bj: usize = b + (<usize>j << 3);
      for (let t = t0; t < t1; t++) s += load<f64>(val + (<usize>t << 3)) * load<f64>(bj + <usize>load<i32>(idx + (<usize>t << 2)) * lb);
      const cp: usize = cr + (<usize>j << 3);
      store<f64>(cp, accumulate != 0 ? load<f64>(cp) + s : s);
    }
  }
}

/** `csr` in f64 (values f64). */
export function csr64(M: i32, C: i32, x: usize, ldx: i32, ptr: usize, idx: usize, val: usize): i32 {
  let n = 0;
  for (let m = 0; m < M; m++) {
    store<i32>(ptr + (<usize>m << 2), n);
    const xr: usize = x + ((<usize>m * <usize>ldx) << 3);
    for (let k = 0; k < C; k++) {
      const v = load<f64>(xr + (<usize>k << 3));
      if (v != 0) {
        store<i32>(idx + (<usize>n << 2), k);
        store<f64>(val + (<usize>n << 3), v);
        n++;
      }
    }
  }
  store<i32>(ptr + (<usize>M << 2), n);
  return n;
}

/** Non-zero entries of f64 x[0 .. n). */
export function countNonZero64(x: usize, n: i32): i32 {
  let nz = 0;
  for (let k = 0; k < n; k++) if (load<f64>(x + (<usize>k << 3)) != 0) nz++;
  return nz;
}

/** `im2col` (not transposed) in f64. */
export function im2col64(x: usize, nb: i32, H: i32, W: i32, C: i32, R: i32, S: i32, stride: i32, pad: i32, P: i32, Q: i32, col: usize): void {
  const cStep: usize = <usize>C << 3;
  let o: usize = col;
  for (let b = 0; b < nb; b++) {
    const xb: usize = x + ((<usize>b * <usize>(H * W * C)) << 3);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const w0 = q * stride - pad;
        const inside = w0 >= 0 && w0 + S <= W;
        for (let c = 0; c < C; c++) {
          for (let r = 0; r < R; r++) {
            const h = p * stride - pad + r;
            if (h < 0 || h >= H) {
              for (let s = 0; s < S; s++) {
                store<f64>(o, 0);
                o += 8;
              }
            } else if (inside) {
              let xi: usize = xb + (<usize>((h * W + w0) * C + c) << 3);
              for (let s = 0; s < S; s++) {
                store<f64>(o, load<f64>(xi));
                xi += cStep;
                o += 8;
              }
            } else {
              for (let s = 0; s < S; s++) {
                const w = w0 + s;
                store<f64>(o, w >= 0 && w < W ? load<f64>(xb + (<usize>((h * W + w) * C + c) << 3)) : 0);
                o += 8;
              }
            }
          }
        }
      }
    }
  }
}

/** `avgPool` in f64 (each output: window sum in (i, j) order from 0, then × 1/k²). */
export function avgPool64(x: usize, nb: i32, H: i32, W: i32, C: i32, k: i32, stride: i32, pad: i32, P: i32, Q: i32, y: usize): void {
  const inv: f64 = 1 / <f64>(k * k);
  for (let b = 0; b < nb; b++) {
    const xb: usize = x + ((<usize>b * <usize>(H * W * C)) << 3);
    const yb: usize = y + ((<usize>b * <usize>(P * Q * C)) << 3);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const yo: usize = yb + (<usize>((p * Q + q) * C) << 3);
        for (let c = 0; c < C; c++) {
          let sum: f64 = 0;
          for (let i = 0; i < k; i++) {
            const h = p * stride - pad + i;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < k; j++) {
              const w = q * stride - pad + j;
              if (w < 0 || w >= W) continue;
              sum += load<f64>(xb + (<usize>((h * W + w) * C + c) << 3));
            }
          }
          store<f64>(yo + (<usize>c << 3), sum * inv);
        }
      }
    }
  }
}

/** ReLU in f64: y ← y if y > 0, else +0. */
export function relu64(y: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const o: usize = y + (<usize>k << 3);
    if (!(load<f64>(o) > 0)) store<f64>(o, 0);
  }
}

/** `fillRows` in f64. */
export function fillRows64(y: usize, rows: i32, b: usize, K: i32): void {
  const bytes: usize = <usize>K << 3;
  for (let r = 0; r < rows; r++) memory.copy(y + <usize>r * bytes, b, bytes);
}

// @ts-ignore: decorator
@inline function store2x64(cp: usize, x0: v128, accumulate: i32): void {
  if (accumulate != 0) v128.store(cp, f64x2.add(v128.load(cp), x0));
  else v128.store(cp, x0);
}

// @ts-ignore: decorator
@inline function store4x64(cp: usize, x0: v128, x1: v128, accumulate: i32): void {
  if (accumulate != 0) {
    v128.store(cp, f64x2.add(v128.load(cp), x0));
    v128.store(cp, f64x2.add(v128.load(cp, 16), x1), 16);
  } else {
    v128.store(cp, x0);
    v128.store(cp, x1, 16);
  }
}

// @ts-ignore: decorator
@inline function store8(cp: usize, x0: v128, x1: v128, accumulate: i32): void {
  if (accumulate != 0) {
    v128.store(cp, f32x4.add(v128.load(cp), x0));
    v128.store(cp, f32x4.add(v128.load(cp, 16), x1), 16);
  } else {
    v128.store(cp, x0);
    v128.store(cp, x1, 16);
  }
}

// @ts-ignore: decorator
@inline function store4(cp: usize, x0: v128, accumulate: i32): void {
  if (accumulate != 0) v128.store(cp, f32x4.add(v128.load(cp), x0));
  else v128.store(cp, x0);
}
