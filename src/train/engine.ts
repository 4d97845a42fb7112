/**
 * The trainer's execution engine: preallocated Float64 buffers for one plan and a maximum batch, the forward
 * pass (with an optional per-MAC-layer input hook, used for thresholds and quantization at evaluation), the
 * softmax cross-entropy loss and the backward pass. Mutable on purpose (hot loops; nothing escapes the
 * functions that create an engine: `trainModel`, `evaluateModel`, `layerActivations`).
 */
import { avgPool, avgPoolBack, col2imAdd, gemmNN, gemmNT, gemmTN, im2col } from './kernels.js';
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
  /** Where a data image sits in the input. */
  readonly top: number;
  readonly left: number;
  readonly flat: boolean;
}

/** A hook on a MAC layer's input before the layer reads it: `(macIndex, buffer, length)`, in place. */
export type InputHook = (mac: number, x: Float64Array, length: number) => void;

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
  plan.ops.forEach((op, i) => {
    if (op.kind === 'conv2d') colSize = Math.max(colSize, chunk[i]! * op.P * op.Q * op.C * op.R * op.S);
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
    top: place.top,
    left: place.left,
    flat: plan.inH === 1 && plan.inW === 1,
  };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Copy images `idx[start .. start + B)` of `data` into `acts[0]` (centred, zero border). */
export const loadBatch = (e: Engine, data: Dataset, idx: Int32Array | null, start: number, B: number): void => {
  const x = e.acts[0]!;
  const hw = data.height * data.width;
  const per = e.plan.sizes[0]!;
  if (!e.flat) x.fill(0, 0, B * per);
  for (let b = 0; b < B; b++) {
    const src = (idx === null ? start + b : idx[start + b]!) * hw;
    const dst = b * per;
    if (e.flat) {
      for (let j = 0; j < hw; j++) x[dst + j] = data.images[src + j]!;
    } else {
      for (let r = 0; r < data.height; r++) {
        const d = dst + (r + e.top) * e.plan.inW + e.left;
        const s = src + r * data.width;
        for (let c = 0; c < data.width; c++) x[d + c] = data.images[s + c]!;
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
      gemmNT(x, 0, B, op.C, w, op.K, bias, y, 0);
    } else {
      const ch = e.chunk[i]!;
      const hwc = op.H * op.W * op.C;
      const pqk = op.P * op.Q * op.K;
      for (let b0 = 0; b0 < B; b0 += ch) {
        const nb = Math.min(ch, B - b0);
        im2col(x, b0 * hwc, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, e.col);
        gemmNT(e.col, 0, nb * op.P * op.Q, op.C * op.R * op.S, w, op.K, bias, y, b0 * pqk);
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
  e: Engine, B: number, labels: Uint8Array, idx: Int32Array | null, start: number,
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
    if (op.kind === 'fc') {
      gemmTN(dy, 0, B, op.K, x, 0, op.C, gw, gb);
      if (i > 0) gemmNN(dy, 0, B, op.K, w, op.C, dx, 0);
      continue;
    }
    const ch = e.chunk[i]!;
    const hwc = op.H * op.W * op.C;
    const pqk = op.P * op.Q * op.K;
    const crs = op.C * op.R * op.S;
    if (i > 0) dx.fill(0, 0, B * hwc);
    for (let b0 = 0; b0 < B; b0 += ch) {
      const nb = Math.min(ch, B - b0);
      const rows = nb * op.P * op.Q;
      im2col(x, b0 * hwc, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, e.col);
      gemmTN(dy, b0 * pqk, rows, op.K, e.col, 0, crs, gw, gb);
      if (i > 0) {
        gemmNN(dy, b0 * pqk, rows, op.K, w, crs, e.dcol, 0);
        col2imAdd(e.dcol, nb, op.H, op.W, op.C, op.R, op.S, op.stride, op.pad, op.P, op.Q, dx, b0 * hwc);
      }
    }
  }
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
