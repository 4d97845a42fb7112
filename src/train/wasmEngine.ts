/**
 * The training engine: Float32 storage and arithmetic, compute in WebAssembly SIMD (asm/trainKernels.ts).
 * Same plan, batch loading, loss and layer semantics as the Float64 reference engine (`engine.ts`, which stays
 * the oracle of the gradient checks and serves evaluation); different layouts and kernels:
 *
 * - a MAC layer's master weights are `wt` = Wᵀ, `[C·R·S × K]` (im2col column order c·R·S + r·S + s, as in the
 *   model file; output channels contiguous, the SIMD direction): forward Y = X·wt + b and ∂wt = Xᵀ·G are both
 *   `gemm` with contiguous B; ∂X = G·W uses W = wtᵀ, transposed once per backward pass;
 * - conv layers with K < 8 output channels (LeNet-5's C1: K = 6) run the forward pass as Yᵀ = W·colᵀ and the
 *   weight gradient as ∂W = Gᵀ·col, so that the long dimension (output positions / C·R·S) is the SIMD one;
 * - every conv layer keeps the forward pass's im2col of the batch (col, or colᵀ for K < 8) for the backward pass;
 * - fc layers whose input is sparse (MNIST pixels ≈ 19% non-zero, ReLU outputs) take `spmm` over the
 *   non-zeros for the forward pass (rows of X) and the weight gradient (columns of X); ∂X takes it when the
 *   ReLU-masked output gradient is sparse (`spmm` equals `gemm` exactly: the choice changes speed, not results);
 * - Adam / SGD run in the kernels on f32; masks are f32 0/1 multipliers of the gradient, so a pruned weight
 *   (set to exactly 0 at load) never moves.
 *
 * Every choice (dense or sparse, chunking) depends only on the data and shapes, never on timing: equal inputs
 * give bit-identical weights. Mutable on purpose (hot loops); nothing escapes `trainModel`.
 */
import type { BatchTarget } from './engine.js';
import type { Plan } from './plan.js';
import type { LayerParams } from './types.js';
import { arena } from './wasmKernels.js';
import type { Slot, WasmKernels } from './wasmKernels.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** One MAC layer's parameters and optimizer state: views and their byte offsets in the instance's memory. */
interface Params {
  readonly K: number;
  /** C·R·S (fc: C). */
  readonly crs: number;
  readonly wt: Float32Array; readonly wtP: number;
  /** Scratch: W = wtᵀ, `[K × crs]` (for ∂X). */
  readonly wP: number;
  readonly b: Float32Array; readonly bP: number;
  readonly gwt: Float32Array; readonly gwtP: number;
  readonly gb: Float32Array; readonly gbP: number;
  /** f32 0/1 in wt layout, or pointer 0 when nothing is pruned. */
  readonly maskP: number;
  /** Optimizer state (Adam m, v; SGD uses m as the velocity) of wt and b. */
  readonly mwP: number; readonly vwP: number; readonly mbP: number; readonly vbP: number;
  /** The model-layout mask, kept for `fastLayers`. */
  readonly mask: Uint8Array;
}

export interface FastEngine extends BatchTarget {
  readonly plan: Plan;
  readonly maxBatch: number;
  readonly k: WasmKernels;
  readonly acts: ReadonlyArray<Float32Array>;
  readonly actP: ReadonlyArray<number>;
  readonly grads: ReadonlyArray<Float32Array>;
  readonly gradP: ReadonlyArray<number>;
  readonly params: ReadonlyArray<Params>;
  /** Samples per im2col chunk, per op (0 for non-conv ops). */
  readonly chunk: ReadonlyArray<number>;
  readonly col: Float32Array; readonly colP: number;
  /** Per op: conv layers keep the forward pass's im2col of the whole batch here for the backward pass (byte
   *  offset; 0 for other ops): K ≥ 8 as col, chunk by chunk; K < 8 as each chunk's colᵀ. */
  readonly keptColP: ReadonlyArray<number>;
  readonly dcol: Float32Array; readonly dcolP: number;
  readonly scr: Float32Array; readonly scrP: number;
  /** Sparse lists (`csr` / `csc`): row pointers, indices, values. */
  readonly spPtr: number; readonly spIdx: number; readonly spVal: number;
}

/** Below this density an fc input (forward) or output gradient (∂X) takes the sparse kernel over its rows
 *  (`csr` + `spmm`): the break-even against `gemm` measured at B = 32, C = K = 256 was ≈ 0.45. */
const SPARSE_ROWS = 0.45;

/** Below this density an fc input takes the sparse kernel over its columns for ∂W (`csc` + `spmm`): break-even
 *  ≈ 0.7 at the same shape. Both sparse kernels equal `gemm` exactly, so these are speed settings only. */
const SPARSE_COLUMNS = 0.7;

/** Conv layers with fewer output channels than this run transposed (the SIMD direction is 8 floats wide). */
const NARROW_K = 8;

/** Elements of one im2col chunk the engine aims for (256 KiB of Float32: stays in L2). */
const CHUNK_ELEMENTS = 65536;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** An engine for `plan`, batches ≤ `maxBatch`, parameters from `layers` (pruned weights set to exactly 0). */
export const makeFastEngine = (
  plan: Plan, layers: ReadonlyArray<LayerParams>, maxBatch: number, place: { readonly top: number; readonly left: number },
): FastEngine => {
  const chunk = plan.ops.map((op) =>
    op.kind === 'conv2d' ? Math.max(1, Math.min(maxBatch, Math.floor(CHUNK_ELEMENTS / (op.P * op.Q * op.C * op.R * op.S)))) : 0,
  );
  let colSize = 1;
  let scrSize = 1;
  let spRows = maxBatch + 1;
  let spVals = 1;
  plan.ops.forEach((op, i) => {
    if (op.kind === 'conv2d') {
      const rows = chunk[i]! * op.P * op.Q;
      const crs = op.C * op.R * op.S;
      colSize = Math.max(colSize, rows * crs);
      scrSize = Math.max(scrSize, op.K * crs, op.K * rows);
    } else if (op.kind === 'fc') {
      spRows = Math.max(spRows, op.C + 1, op.K + 1);
      spVals = Math.max(spVals, maxBatch * Math.max(op.C, op.K));
    }
  });
  const sizes: number[] = [];
  const slot = (n: number): number => sizes.push(n) - 1;
  const actS = plan.sizes.map((s) => slot(s * maxBatch));
  const gradS = plan.sizes.map((s) => slot(s * maxBatch));
  const paramS = layers.map((l) => {
    const n = l.weights.length;
    const K = l.bias.length;
    return {
      wt: slot(n), w: slot(n), b: slot(K), gwt: slot(n), gb: slot(K), mask: l.mask.includes(0) ? slot(n) : -1,
      mw: slot(n), vw: slot(n), mb: slot(K), vb: slot(K),
    };
  });
  const keptS = plan.ops.map((op) => (op.kind === 'conv2d' ? slot(maxBatch * op.P * op.Q * op.C * op.R * op.S) : -1));
  const colS = slot(colSize);
  const dcolS = slot(colSize);
  const scrS = slot(scrSize);
  const ptrS = slot(spRows);
  const idxS = slot(spVals);
  const valS = slot(spVals);
  const { slots, arena: a } = arena(sizes);
  const s = (i: number): Slot => slots[i]!;
  const params = layers.map((l, li): Params => {
    const ps = paramS[li]!;
    const K = l.bias.length;
    const crs = l.weights.length / K;
    const wt = a.f32(s(ps.wt));
    const maskF = ps.mask >= 0 ? a.f32(s(ps.mask)) : null;
    for (let k = 0; k < K; k++) {
      for (let p = 0; p < crs; p++) {
        const j = k * crs + p;
        const kept = l.mask[j] !== 0;
        wt[p * K + k] = kept ? l.weights[j]! : 0;
        if (maskF !== null) maskF[p * K + k] = kept ? 1 : 0;
      }
    }
    const b = a.f32(s(ps.b));
    b.set(l.bias);
    return {
      K, crs, wt, wtP: s(ps.wt).ptr, wP: s(ps.w).ptr, b, bP: s(ps.b).ptr,
      gwt: a.f32(s(ps.gwt)), gwtP: s(ps.gwt).ptr, gb: a.f32(s(ps.gb)), gbP: s(ps.gb).ptr,
      maskP: ps.mask >= 0 ? s(ps.mask).ptr : 0,
      mwP: s(ps.mw).ptr, vwP: s(ps.vw).ptr, mbP: s(ps.mb).ptr, vbP: s(ps.vb).ptr,
      mask: l.mask,
    };
  });
  return {
    plan, maxBatch, k: a.k, chunk, params,
    acts: actS.map((i) => a.f32(s(i))), actP: actS.map((i) => s(i).ptr),
    grads: gradS.map((i) => a.f32(s(i))), gradP: gradS.map((i) => s(i).ptr),
    col: a.f32(s(colS)), colP: s(colS).ptr, keptColP: keptS.map((i) => (i >= 0 ? s(i).ptr : 0)), dcol: a.f32(s(dcolS)), dcolP: s(dcolS).ptr, scr: a.f32(s(scrS)), scrP: s(scrS).ptr,
    spPtr: s(ptrS).ptr, spIdx: s(idxS).ptr, spVal: s(valS).ptr,
    top: place.top, left: place.left, flat: plan.inH === 1 && plan.inW === 1,
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Forward pass of `B` samples (input already in `acts[0]`, e.g. by `loadBatch`). */
export const fastForward = (e: FastEngine, B: number): void => {
  const { k, plan } = e;
  const ops = plan.ops;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const xP = e.actP[i]!;
    const yP = e.actP[i + 1]!;
    if (op.kind === 'pool') {
      k.avgPool(xP, B, op.H, op.W, op.C, op.k, op.stride, op.pad, op.P, op.Q, yP);
      continue;
    }
    const q = e.params[op.param]!;
    const K = op.K;
    if (op.kind === 'fc') {
      k.fillRows(yP, B, q.bP, K);
      if (k.countNonZero(xP, B * op.C) < SPARSE_ROWS * B * op.C) {
        k.csr(B, op.C, xP, op.C, e.spPtr, e.spIdx, e.spVal);
        k.spmm(B, e.spPtr, e.spIdx, e.spVal, q.wtP, K, K, yP, K, 1);
      } else {
        k.gemm(B, K, op.C, xP, op.C, 1, q.wtP, K, yP, K, 1);
      }
    } else {
      const ch = e.chunk[i]!;
      const hwc = op.H * op.W * op.C;
      const pqk = op.P * op.Q * K;
      const crs = q.crs;
      for (let b0 = 0; b0 < B; b0 += ch) {
        const nb = Math.min(ch, B - b0);
        const rows = nb * op.P * op.Q;
        const x0 = xP + 4 * b0 * hwc;
        const y0 = yP + 4 * b0 * pqk;
        const colP = e.keptColP[i]! + 4 * b0 * op.P * op.Q * crs;
        if (K >= NARROW_K) {
          k.im2col(x0, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, colP, 0);
          k.fillRows(y0, rows, q.bP, K);
          k.gemm(rows, K, crs, colP, crs, 1, q.wtP, K, y0, K, 1);
        } else {
          // Yᵀ [K × rows] = W · colᵀ (A = wt read transposed), then Y = (Yᵀ)ᵀ + b
          k.im2col(x0, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, colP, 1);
          k.gemm(K, rows, crs, q.wtP, 1, K, colP, rows, e.scrP, rows, 0);
          k.untransposeBias(e.scrP, K, rows, q.bP, y0);
        }
      }
    }
    if (op.relu) k.relu(yP, B * plan.sizes[i + 1]!);
  }
};

/** Backward pass of `B` samples from the loss gradient in the last `grads` buffer: sets every layer's
 *  `gwt`/`gb` (overwritten, not accumulated across calls). */
export const fastBackward = (e: FastEngine, B: number): void => {
  const { k, plan } = e;
  for (const q of e.params) {
    q.gwt.fill(0);
    q.gb.fill(0);
  }
  for (let i = plan.ops.length - 1; i >= 0; i--) {
    const op = plan.ops[i]!;
    const dyP = e.gradP[i + 1]!;
    const dxP = e.gradP[i]!;
    const xP = e.actP[i]!;
    if (op.kind === 'pool') {
      if (i > 0) k.avgPoolBack(dyP, B, op.H, op.W, op.C, op.k, op.stride, op.pad, op.P, op.Q, dxP);
      continue;
    }
    const K = op.K;
    const n = B * plan.sizes[i + 1]!;
    if (op.relu) k.reluBack(dyP, e.actP[i + 1]!, n);
    const q = e.params[op.param]!;
    k.colSumsAdd(dyP, n / K, K, q.gbP);
    const crs = q.crs;
    if (i > 0) k.transpose(crs, K, q.wtP, K, q.wP, crs);
    if (op.kind === 'fc') {
      const C = op.C;
      // ∂wt [C × K] = Xᵀ · G
      if (k.countNonZero(xP, B * C) < SPARSE_COLUMNS * B * C) {
        k.csc(B, C, xP, C, e.spPtr, e.spIdx, e.spVal);
        k.spmm(C, e.spPtr, e.spIdx, e.spVal, dyP, K, K, q.gwtP, K, 1);
      } else {
        k.gemm(C, K, B, xP, 1, C, dyP, K, q.gwtP, K, 1);
      }
      // ∂X [B × C] = G · W
      if (i > 0) {
        if (k.countNonZero(dyP, B * K) < SPARSE_ROWS * B * K) {
          k.csr(B, K, dyP, K, e.spPtr, e.spIdx, e.spVal);
          k.spmm(B, e.spPtr, e.spIdx, e.spVal, q.wP, C, C, dxP, C, 0);
        } else {
          k.gemm(B, C, K, dyP, K, 1, q.wP, C, dxP, C, 0);
        }
      }
      continue;
    }
    const ch = e.chunk[i]!;
    const hwc = op.H * op.W * op.C;
    const pqk = op.P * op.Q * K;
    if (i > 0) e.grads[i]!.fill(0, 0, B * hwc);
    for (let b0 = 0; b0 < B; b0 += ch) {
      const nb = Math.min(ch, B - b0);
      const rows = nb * op.P * op.Q;
      const gP = dyP + 4 * b0 * pqk;
      const keptP = e.keptColP[i]! + 4 * b0 * op.P * op.Q * crs;
      if (K >= NARROW_K) {
        // ∂wt [crs × K] += colᵀ · G (col kept from the forward pass)
        k.gemm(crs, K, rows, keptP, 1, crs, gP, K, q.gwtP, K, 1);
      } else {
        // ∂W [K × crs] = Gᵀ · col (col = the kept colᵀ transposed back), added transposed into ∂wt
        k.transpose(crs, rows, keptP, rows, e.colP, crs);
        k.gemm(K, crs, rows, gP, 1, K, e.colP, crs, e.scrP, crs, 0);
        const s = e.scr;
        const g = q.gwt;
        for (let c = 0; c < K; c++) for (let p = 0; p < crs; p++) g[p * K + c] = g[p * K + c]! + s[c * crs + p]!;
      }
      if (i > 0) {
        k.gemm(rows, crs, K, gP, K, 1, q.wP, crs, e.dcolP, crs, 0);
        k.col2imAdd(e.dcolP, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, dxP + 4 * b0 * hwc);
      }
    }
  }
};

/** One optimizer step on every parameter from the gradients of the last `fastBackward`. Adam: `a` = lr / bc1,
 *  `ib2` = 1 / bc2 (bias corrections); SGD: `a` = lr, `ib2` = momentum. Weight decay on weights only. */
export const fastStep = (e: FastEngine, optimizer: 'adam' | 'sgd', decay: number, a: number, ib2: number): void => {
  const k = e.k;
  for (const q of e.params) {
    if (optimizer === 'adam') {
      k.adam(q.wtP, q.gwtP, q.mwP, q.vwP, q.maskP, q.wt.length, decay, a, ib2);
      k.adam(q.bP, q.gbP, q.mbP, q.vbP, 0, q.K, 0, a, ib2);
    } else {
      k.sgd(q.wtP, q.gwtP, q.mwP, q.maskP, q.wt.length, decay, a, ib2);
      k.sgd(q.bP, q.gbP, q.mbP, 0, q.K, 0, a, ib2);
    }
  }
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The engine's parameters as model layers (model layout `[K, C, R, S]`; pruned weights exactly 0). */
export const fastLayers = (e: FastEngine, like: ReadonlyArray<LayerParams>): ReadonlyArray<LayerParams> =>
  like.map((l, i) => ({ ...l, weightShape: [...l.weightShape], ...fromWt(e.params[i]!, e.params[i]!.wt), bias: e.params[i]!.b.slice(), mask: l.mask.slice() }));

/** The last weight / bias gradients in model layout (for the tests against the Float64 engine). */
export const fastGradients = (e: FastEngine): ReadonlyArray<{ readonly weights: Float32Array; readonly bias: Float32Array }> =>
  e.params.map((q) => ({ weights: fromWt(q, q.gwt).weights, bias: q.gb.slice() }));

const fromWt = (q: Params, wt: Float32Array): { readonly weights: Float32Array } => {
  const w = new Float32Array(wt.length);
  for (let c = 0; c < q.K; c++) {
    for (let p = 0; p < q.crs; p++) {
      const j = c * q.crs + p;
      w[j] = q.mask[j] === 0 ? 0 : wt[p * q.K + c]!;
    }
  }
  return { weights: w };
};
