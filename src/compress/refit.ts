/**
 * Least-squares refit of a pruned layer (Yang, Chen, Sze, CVPR 2017, §3.3 "restore"): after pruning, the
 * remaining weights (and bias) of each output are refit so the layer's pre-activation outputs stay close to
 * the unpruned layer's on sampled inputs:
 *
 *   for each output k:  min over w_S, b  Σ_rows ( x_S · w_S + b − y_k )² + λ (‖w_S‖² + b²)
 *
 * where S is the set of kept weights of output k (mask = 1). Solved on the normal equations
 * (G_SS + λI) [w_S; b] = r_S with G = [X 1]ᵀ[X 1] / rows and r = [X 1]ᵀ Y / rows, computed once per layer,
 * by conjugate gradients started at the current weights (so the result is never farther from the optimum
 * than the start). λ = 1e-4 · mean diag(G) keeps under-determined systems (more kept weights than sampled
 * rows) well posed. Pruned weights stay exactly 0.
 */
import type { LayerActivations, LayerParams } from '../train/index.js';

/** CG iterations per output (at most; stops earlier on a relative residual below 1e-10). */
const CG_ITERS = 40;

/**
 * Refit `pruned` (same shape as the layer that produced `act`) to the unpruned outputs in `act`.
 * `act.inputs` rows × cols with cols = weights per output; `act.outputs` rows × K.
 */
export const refitLayer = (pruned: LayerParams, act: LayerActivations): LayerParams => {
  const { rows, cols } = act;
  const K = pruned.bias.length;
  if (rows === 0 || cols * K !== pruned.weights.length) return pruned;
  const n = cols + 1; // + bias column
  const G = new Float64Array(n * n);
  const R = new Float64Array(n * K);
  const xr = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) xr[c] = act.inputs[r * cols + c]!;
    xr[cols] = 1;
    for (let i = 0; i < n; i++) {
      const xi = xr[i]!;
      if (xi === 0) continue;
      const gi = i * n;
      for (let j = i; j < n; j++) G[gi + j] = G[gi + j]! + xi * xr[j]!;
      const ri = i * K;
      for (let k = 0; k < K; k++) R[ri + k] = R[ri + k]! + xi * act.outputs[r * K + k]!;
    }
  }
  let diag = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const g = G[i * n + j]! / rows;
      G[i * n + j] = g;
      G[j * n + i] = g;
    }
    diag += G[i * n + i]!;
    for (let k = 0; k < K; k++) R[i * K + k] = R[i * K + k]! / rows;
  }
  const lambda = 1e-4 * (diag / n) + 1e-12;
  const weights = Float32Array.from(pruned.weights);
  const bias = Float32Array.from(pruned.bias);
  const S: number[] = [];
  for (let k = 0; k < K; k++) {
    S.length = 0;
    for (let c = 0; c < cols; c++) if (pruned.mask[k * cols + c] !== 0) S.push(c);
    S.push(cols);
    const m = S.length;
    const x = new Float64Array(m);
    for (let a = 0; a < m; a++) x[a] = S[a] === cols ? bias[k]! : weights[k * cols + S[a]!]!;
    const Ax = (v: Float64Array, out: Float64Array): void => {
      for (let a = 0; a < m; a++) {
        const row = S[a]! * n;
        let s = lambda * v[a]!;
        for (let b = 0; b < m; b++) s += G[row + S[b]!]! * v[b]!;
        out[a] = s;
      }
    };
    const res = new Float64Array(m);
    Ax(x, res);
    let bnorm = 0;
    for (let a = 0; a < m; a++) {
      const rhs = R[S[a]! * K + k]!;
      bnorm += rhs * rhs;
      res[a] = rhs - res[a]!;
    }
    const p = Float64Array.from(res);
    const Ap = new Float64Array(m);
    let rr = 0;
    for (let a = 0; a < m; a++) rr += res[a]! * res[a]!;
    for (let it = 0; it < CG_ITERS && rr > 1e-20 * Math.max(bnorm, 1e-30); it++) {
      Ax(p, Ap);
      let pAp = 0;
      for (let a = 0; a < m; a++) pAp += p[a]! * Ap[a]!;
      if (!(pAp > 0)) break;
      const alpha = rr / pAp;
      let rr2 = 0;
      for (let a = 0; a < m; a++) {
        x[a] = x[a]! + alpha * p[a]!;
        res[a] = res[a]! - alpha * Ap[a]!;
        rr2 += res[a]! * res[a]!;
      }
      const beta = rr2 / rr;
      for (let a = 0; a < m; a++) p[a] = res[a]! + beta * p[a]!;
      rr = rr2;
    }
    for (let a = 0; a < m; a++) {
      if (S[a] === cols) bias[k] = x[a]!;
      else weights[k * cols + S[a]!] = x[a]!;
    }
  }
  // A refit weight that lands on exactly 0 would read as pruned; nudge it to the smallest float32.
  for (let i = 0; i < weights.length; i++) if (pruned.mask[i] !== 0 && weights[i] === 0) weights[i] = 1.401298464324817e-45;
  return { ...pruned, weights, bias };
};
