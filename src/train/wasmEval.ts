/**
 * The evaluation engine: the Float64 reference engine's forward pass (`engine.ts` `forward`) on WebAssembly
 * SIMD f64 kernels (asm/trainKernels.ts, the `…64` functions). Bit-identical to it: every output is
 * (Σ_c x·w, c ascending from 0) + bias in IEEE double without fused multiply-add (the sparse kernel skips
 * zero inputs, which never changes such a sum), pooling and ReLU are the same expressions — so accuracy, loss
 * and measured densities do not change, they only come faster (test/train/wasmKernels.test.ts compares them).
 * Input hooks (quantization, activation thresholds) see Float64Array views of the layer inputs, as before.
 */
import type { BatchTarget, InputHook } from './engine.js';
import type { Plan } from './plan.js';
import type { LayerParams } from './types.js';
import { arena } from './wasmKernels.js';
import type { Slot, WasmKernels } from './wasmKernels.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface EvalEngine extends BatchTarget {
  readonly plan: Plan;
  readonly maxBatch: number;
  readonly k: WasmKernels;
  readonly acts: ReadonlyArray<Float64Array>;
  readonly actP: ReadonlyArray<number>;
  /** One buffer: the loss gradient w.r.t. the logits (written by `softmaxXent`, unused here). */
  readonly grads: ReadonlyArray<Float64Array>;
  /** Per MAC layer: weights transposed to `[C·R·S × K]` (quantize them in place: element-wise) and biases. */
  readonly wt: ReadonlyArray<Float64Array>;
  readonly wtP: ReadonlyArray<number>;
  readonly bP: ReadonlyArray<number>;
  readonly chunk: ReadonlyArray<number>;
  readonly colP: number;
  readonly spPtr: number; readonly spIdx: number; readonly spVal: number;
}

/** Below this density an fc input takes the sparse kernel (speed only: the result is the same). */
const SPARSE_ROWS = 0.45;

/** Elements of one im2col chunk (256 KiB of Float64). */
const CHUNK_ELEMENTS = 32768;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** An evaluation engine for `plan`, batches ≤ `maxBatch`, parameters from `layers` (Float32 → Float64). */
export const makeEvalEngine = (
  plan: Plan, layers: ReadonlyArray<LayerParams>, maxBatch: number, place: { readonly top: number; readonly left: number },
): EvalEngine => {
  const chunk = plan.ops.map((op) =>
    op.kind === 'conv2d' ? Math.max(1, Math.min(maxBatch, Math.floor(CHUNK_ELEMENTS / (op.P * op.Q * op.C * op.R * op.S)))) : 0,
  );
  let colSize = 1;
  let spRows = maxBatch + 1;
  let spVals = 1;
  plan.ops.forEach((op, i) => {
    if (op.kind === 'conv2d') colSize = Math.max(colSize, chunk[i]! * op.P * op.Q * op.C * op.R * op.S);
    else if (op.kind === 'fc') spVals = Math.max(spVals, maxBatch * op.C);
  });
  spRows = Math.max(spRows, 2);
  const sizes: number[] = [];
  const slot = (n4: number): number => sizes.push(n4) - 1;
  const actS = plan.sizes.map((s) => slot(2 * s * maxBatch));
  const gradS = slot(2 * plan.classes * maxBatch);
  const wS = layers.map((l) => ({ wt: slot(2 * l.weights.length), b: slot(2 * l.bias.length) }));
  const colS = slot(2 * colSize);
  const ptrS = slot(spRows);
  const idxS = slot(spVals);
  const valS = slot(2 * spVals);
  const { slots, arena: a } = arena(sizes);
  const s = (i: number): Slot => slots[i]!;
  const wt = layers.map((l, li) => {
    const v = a.f64(s(wS[li]!.wt));
    const K = l.bias.length;
    const crs = l.weights.length / K;
    for (let c = 0; c < K; c++) for (let p = 0; p < crs; p++) v[p * K + c] = l.weights[c * crs + p]!;
    a.f64(s(wS[li]!.b)).set(l.bias);
    return v;
  });
  return {
    plan, maxBatch, k: a.k, chunk, wt,
    acts: actS.map((i) => a.f64(s(i))), actP: actS.map((i) => s(i).ptr), grads: [a.f64(s(gradS))],
    wtP: wS.map((w) => s(w.wt).ptr), bP: wS.map((w) => s(w.b).ptr),
    colP: s(colS).ptr, spPtr: s(ptrS).ptr, spIdx: s(idxS).ptr, spVal: s(valS).ptr,
    top: place.top, left: place.left, flat: plan.inH === 1 && plan.inW === 1,
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Forward pass of `B` samples (input in `acts[0]`), ops 0..`stopAfter`; `hook` sees each MAC layer's input. */
export const evalForward = (e: EvalEngine, B: number, hook?: InputHook, stopAfter = e.plan.ops.length - 1): void => {
  const { k, plan } = e;
  for (let i = 0; i <= stopAfter; i++) {
    const op = plan.ops[i]!;
    const xP = e.actP[i]!;
    const yP = e.actP[i + 1]!;
    if (op.kind === 'pool') {
      k.avgPool64(xP, B, op.H, op.W, op.C, op.k, op.stride, op.pad, op.P, op.Q, yP);
      continue;
    }
    if (hook !== undefined) hook(op.param, e.acts[i]!, B * plan.sizes[i]!);
    const K = op.K;
    const wtP = e.wtP[op.param]!;
    const bP = e.bP[op.param]!;
    if (op.kind === 'fc') {
      k.fillRows64(yP, B, bP, K);
      if (k.countNonZero64(xP, B * op.C) < SPARSE_ROWS * B * op.C) {
        k.csr64(B, op.C, xP, op.C, e.spPtr, e.spIdx, e.spVal);
        k.spmm64(B, e.spPtr, e.spIdx, e.spVal, wtP, K, K, yP, K, 1);
      } else {
        k.gemm64(B, K, op.C, xP, op.C, 1, wtP, K, yP, K, 1);
      }
    } else {
      const ch = e.chunk[i]!;
      const hwc = op.H * op.W * op.C;
      const pqk = op.P * op.Q * K;
      const crs = op.C * op.R * op.S;
      for (let b0 = 0; b0 < B; b0 += ch) {
        const nb = Math.min(ch, B - b0);
        const rows = nb * op.P * op.Q;
        const y0 = yP + 8 * b0 * pqk;
        k.im2col64(xP + 8 * b0 * hwc, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, e.colP);
        k.fillRows64(y0, rows, bP, K);
        k.gemm64(rows, K, crs, e.colP, crs, 1, wtP, K, y0, K, 1);
      }
    }
    if (op.relu) k.relu64(yP, B * plan.sizes[i + 1]!);
  }
};
