/**
 * The trainer's execution engine: preallocated Float64 buffers for one plan and a maximum batch, the forward
 * pass (with an optional per-MAC-layer input hook, used for thresholds and quantization at evaluation), the
 * softmax cross-entropy loss and the backward pass. Mutable on purpose (hot loops; nothing escapes the
 * functions that create an engine: `trainModel`, `evaluateModel`, `layerActivations`).
 */
import { avgPool, avgPoolBack, col2imAdd, countNonZero, gemmNT, gemmSparseX, im2col, rowSumsAdd, transpose } from './kernels.js';
import type { Plan } from './plan.js';
import type { Dataset, LayerParams } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface Engine {
  readonly plan: Plan;
  readonly maxBatch: number;
  /** `acts[0]`: the input batch; `acts[i + 1]`: op i's output (after ReLU). `maxBatch · sizes[i]` each. */
  readonly acts: ReadonlyArray<Float64Array>;
  /** Gradients of the loss w.r.t. `acts` (same shapes). */
  readonly grads: ReadonlyArray<Float64Array>;
  /** Per MAC layer: weights, biases, their gradients, the mask. */
  readonly w: ReadonlyArray<Float64Array>;
  readonly b: ReadonlyArray<Float64Array>;
  readonly gw: ReadonlyArray<Float64Array>;
  readonly gb: ReadonlyArray<Float64Array>;
  readonly mask: ReadonlyArray<Uint8Array>;
  /** Samples per im2col chunk, per op (0 for non-conv ops). */
  readonly chunk: ReadonlyArray<number>;
  readonly col: Float64Array;
  readonly dcol: Float64Array;
  /** Backward scratch: transposed input (fc) or im2col (conv) block, transposed output gradients, a transposed
   *  weight matrix, and zero biases. */
  readonly xt: Float64Array;
  readonly gt: Float64Array;
  readonly wt: Float64Array;
  readonly zero: Float64Array;
  /** Scratch of the sparse kernel: the non-zeros of one row. */
  readonly idx: Int32Array;
  readonly val: Float64Array;
  /** Where a data image sits in the input. */
  readonly top: number;
  readonly left: number;
  readonly flat: boolean;
}

/** Either float array: activations are Float64 here and in the evaluation engine, Float32 in the training engine. */
export type Floats = Float32Array | Float64Array;

/** What `loadBatch` and `softmaxXent` need of an engine (this one or a WebAssembly one: `wasmEngine.ts`, `wasmEval.ts`). */
export interface BatchTarget {
  readonly plan: Plan;
  readonly acts: ReadonlyArray<Floats>;
  readonly top: number;
  readonly left: number;
  readonly flat: boolean;
}

/** A hook on a MAC layer's input before the layer reads it: `(macIndex, buffer, length)`, in place. */
export type InputHook = (mac: number, x: Float64Array, length: number) => void;

/** An fc layer's input below this density takes the sparse kernel (bench/_k measured the gather kernel 2.8× faster than the dense one at density 0.19, i.e. about even near 0.5; 0.35 leaves a margin). */
const SPARSE_DENSITY = 0.35;

/** Elements of one im2col chunk the engine aims for (≈ 256 KiB of Float64: stays in L2). */
const CHUNK_ELEMENTS = 32768;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** An engine for `plan`, batches ≤ `maxBatch`, parameters copied from `layers` (Float32 → Float64). */
export const makeEngine = (
  plan: Plan, layers: ReadonlyArray<LayerParams>, maxBatch: number, place: { readonly top: number; readonly left: number },
): Engine => {
  const acts = plan.sizes.map((s) => new Float64Array(s * maxBatch));
  const grads = plan.sizes.map((s) => new Float64Array(s * maxBatch));
  const chunk = plan.ops.map((op) =>
    op.kind === 'conv2d' ? Math.max(1, Math.min(maxBatch, Math.floor(CHUNK_ELEMENTS / (op.P * op.Q * op.C * op.R * op.S)))) : 0,
  );
  let colSize = 1;
  let xtSize = 1;
  let gtSize = 1;
  let wtSize = 1;
  let kMax = 1;
  plan.ops.forEach((op, i) => {
    if (op.kind === 'conv2d') {
      colSize = Math.max(colSize, chunk[i]! * op.P * op.Q * op.C * op.R * op.S);
      gtSize = Math.max(gtSize, chunk[i]! * op.P * op.Q * op.K);
    }
    if (op.kind === 'fc') {
      xtSize = Math.max(xtSize, maxBatch * op.C);
      gtSize = Math.max(gtSize, maxBatch * op.K);
    }
    if (op.kind !== 'pool') {
      wtSize = Math.max(wtSize, op.kind === 'fc' ? op.K * op.C : op.K * op.C * op.R * op.S);
      kMax = Math.max(kMax, op.K, op.kind === 'fc' ? op.C : op.C * op.R * op.S);
    }
  });
  return {
    plan, maxBatch, acts, grads, chunk,
    w: layers.map((l) => Float64Array.from(l.weights)),
    b: layers.map((l) => Float64Array.from(l.bias)),
    gw: layers.map((l) => new Float64Array(l.weights.length)),
    gb: layers.map((l) => new Float64Array(l.bias.length)),
    mask: layers.map((l) => l.mask),
    col: new Float64Array(colSize),
    dcol: new Float64Array(colSize),
    xt: new Float64Array(Math.max(xtSize, colSize)),
    gt: new Float64Array(gtSize),
    wt: new Float64Array(wtSize),
    zero: new Float64Array(kMax),
    idx: new Int32Array(kMax),
    val: new Float64Array(kMax),
    top: place.top,
    left: place.left,
    flat: plan.inH === 1 && plan.inW === 1,
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Copy images `idx[start .. start + B)` of `data` into `acts[0]` (centred, zero border). With `shifts`
 * (2 per sample: rows, columns), sample b is translated by (shifts[2b], shifts[2b+1]) pixels, zero-filled
 * (data augmentation; the MLP's flat input is shifted within its 28×28 grid).
 */
export const loadBatch = (
  e: BatchTarget, data: Dataset, idx: Int32Array | null, start: number, B: number, shifts: Int8Array | null = null,
): void => {
  const x = e.acts[0]!;
  const hw = data.height * data.width;
  const per = e.plan.sizes[0]!;
  if (!e.flat || shifts !== null) x.fill(0, 0, B * per);
  const rowLen = e.flat ? data.width : e.plan.inW;
  const rows = e.flat ? data.height : e.plan.inH;
  const top = e.flat ? 0 : e.top;
  const left = e.flat ? 0 : e.left;
  for (let b = 0; b < B; b++) {
    const src = (idx === null ? start + b : idx[start + b]!) * hw;
    const dst = b * per;
    if (e.flat && shifts === null) {
      for (let j = 0; j < hw; j++) x[dst + j] = data.images[src + j]!;
      continue;
    }
    const dr = shifts === null ? 0 : shifts[2 * b]!;
    const dc = shifts === null ? 0 : shifts[2 * b + 1]!;
    for (let r = 0; r < data.height; r++) {
      const tr = r + top + dr;
      if (tr < 0 || tr >= rows) continue;
      const d = dst + tr * rowLen;
      const s = src + r * data.width;
      for (let c = 0; c < data.width; c++) {
        const tc = c + left + dc;
        if (tc >= 0 && tc < rowLen) x[d + tc] = data.images[s + c]!;
      }
    }
  }
};

/** Forward pass of `B` samples (input already in `acts[0]`); `hook` sees each MAC layer's input first. */
export const forward = (e: Engine, B: number, hook?: InputHook, stopAfter = e.plan.ops.length - 1): void => {
  const ops = e.plan.ops;
  for (let i = 0; i <= stopAfter; i++) {
    const op = ops[i]!;
    const x = e.acts[i]!;
    const y = e.acts[i + 1]!;
    if (op.kind === 'pool') {
      avgPool(x, B, op.H, op.W, op.C, op.k, op.stride, op.pad, op.P, op.Q, y);
      continue;
    }
    if (hook !== undefined) hook(op.param, x, B * e.plan.sizes[i]!);
    const w = e.w[op.param]!;
    const bias = e.b[op.param]!;
    if (op.kind === 'fc') {
      // sparse inputs (images, ReLU outputs) below SPARSE_DENSITY: work ∝ non-zeros, from Wᵀ
      if (countNonZero(x, 0, B * op.C) < SPARSE_DENSITY * B * op.C) {
        gemmSparseX(x, 0, B, op.C, w, 0, op.K, bias, y, 0, e.idx, e.val);
      } else {
        gemmNT(x, 0, B, op.C, w, 0, op.K, bias, y, 0, false);
      }
    } else {
      const ch = e.chunk[i]!;
      const hwc = op.H * op.W * op.C;
      const pqk = op.P * op.Q * op.K;
      for (let b0 = 0; b0 < B; b0 += ch) {
        const nb = Math.min(ch, B - b0);
        im2col(x, b0 * hwc, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, e.col);
        const rows = nb * op.P * op.Q;
        const crs = op.C * op.R * op.S;
        if (op.K >= 16 && countNonZero(e.col, 0, rows * crs) < SPARSE_DENSITY * rows * crs) gemmSparseX(e.col, 0, rows, crs, w, 0, op.K, bias, y, b0 * pqk, e.idx, e.val);
        else gemmNT(e.col, 0, rows, crs, w, 0, op.K, bias, y, b0 * pqk, false);
      }
    }
    if (op.relu) {
      const n = B * e.plan.sizes[i + 1]!;
      for (let j = 0; j < n; j++) if (!(y[j]! > 0)) y[j] = 0;
    }
  }
};

/**
 * Softmax cross-entropy of the logits in the last buffer against `labels[idx[start + b]]`; writes
 * ∂(mean loss)/∂logits into the last gradient buffer. Returns the summed loss (nats) and the number correct
 * (argmax, first maximum on ties).
 */
export const softmaxXent = (
  e: BatchTarget & { readonly grads: ReadonlyArray<Floats> }, B: number, labels: Uint8Array, idx: Int32Array | null, start: number,
): { readonly loss: number; readonly correct: number } => {
  const K = e.plan.classes;
  const z = e.acts[e.acts.length - 1]!;
  const g = e.grads[e.grads.length - 1]!;
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const o = b * K;
    const label = labels[idx === null ? start + b : idx[start + b]!]!;
    let max = z[o]!;
    let arg = 0;
    for (let k = 1; k < K; k++) if (z[o + k]! > max) { max = z[o + k]!; arg = k; }
    if (arg === label) correct++;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const ex = Math.exp(z[o + k]! - max);
      g[o + k] = ex;
      sum += ex;
    }
    loss += Math.log(sum) - (z[o + label]! - max);
    for (let k = 0; k < K; k++) g[o + k] = (g[o + k]! / sum - (k === label ? 1 : 0)) / B;
  }
  return { loss, correct };
};

/** Backward pass of `B` samples: accumulates into `gw`/`gb` (zero them first) from the last gradient buffer. */
export const backward = (e: Engine, B: number): void => {
  const ops = e.plan.ops;
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    const dy = e.grads[i + 1]!;
    const dx = e.grads[i]!;
    const x = e.acts[i]!;
    if (op.kind === 'pool') {
      if (i > 0) avgPoolBack(dy, B, op.H, op.W, op.C, op.k, op.stride, op.pad, op.P, op.Q, dx);
      continue;
    }
    if (op.relu) {
      const y = e.acts[i + 1]!;
      const n = B * e.plan.sizes[i + 1]!;
      for (let j = 0; j < n; j++) if (!(y[j]! > 0)) dy[j] = 0;
    }
    const w = e.w[op.param]!;
    const gw = e.gw[op.param]!;
    const gb = e.gb[op.param]!;
    // dW += Gᵀ·X as rows of Gᵀ against rows of Xᵀ; dX = G·W as rows of G against rows of Wᵀ
    const crs = op.kind === 'fc' ? op.C : op.C * op.R * op.S;
    if (i > 0) transpose(w, 0, op.K, crs, e.wt);
    if (op.kind === 'fc') {
      transpose(dy, 0, B, op.K, e.gt);
      rowSumsAdd(e.gt, op.K, B, gb);
      transpose(x, 0, B, op.C, e.xt);
      gemmNT(e.gt, 0, op.K, B, e.xt, 0, op.C, e.zero, gw, 0, true);
      if (i > 0) product(e, dy, 0, B, op.K, e.wt, op.C, dx, 0);
      continue;
    }
    const ch = e.chunk[i]!;
    const hwc = op.H * op.W * op.C;
    const pqk = op.P * op.Q * op.K;
    if (i > 0) dx.fill(0, 0, B * hwc);
    for (let b0 = 0; b0 < B; b0 += ch) {
      const nb = Math.min(ch, B - b0);
      const rows = nb * op.P * op.Q;
      im2col(x, b0 * hwc, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, e.col);
      transpose(e.col, 0, rows, crs, e.xt);
      transpose(dy, b0 * pqk, rows, op.K, e.gt);
      rowSumsAdd(e.gt, op.K, rows, gb);
      gemmNT(e.gt, 0, op.K, rows, e.xt, 0, crs, e.zero, gw, 0, true);
      if (i > 0) {
        product(e, dy, b0 * pqk, rows, op.K, e.wt, crs, e.dcol, 0);
        col2imAdd(e.dcol, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, dx, b0 * hwc);
      }
    }
  }
};

/** Y = X · Wᵀ (no bias), by the sparse kernel when X is sparse enough (ReLU-masked gradients), else dense. */
const product = (e: Engine, x: Float64Array, xo: number, M: number, C: number, w: Float64Array, K: number, y: Float64Array, yo: number): void => {
  if (countNonZero(x, xo, M * C) < SPARSE_DENSITY * M * C) gemmSparseX(x, xo, M, C, w, 0, K, e.zero, y, yo, e.idx, e.val);
  else gemmNT(x, xo, M, C, w, 0, K, e.zero, y, yo, false);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** The engine's parameters as model layers (Float64 → Float32; masked weights exactly 0). */
export const engineLayers = (e: Engine, like: ReadonlyArray<LayerParams>): ReadonlyArray<LayerParams> =>
  like.map((l, i) => {
    const w = Float32Array.from(e.w[i]!);
    const m = e.mask[i]!;
    for (let j = 0; j < w.length; j++) if (m[j] === 0) w[j] = 0;
    return { ...l, weightShape: [...l.weightShape], weights: w, bias: Float32Array.from(e.b[i]!), mask: m.slice() };
  });
