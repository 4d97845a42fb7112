/**
 * Mini-batch training with SGD + momentum or Adam on softmax cross-entropy. Deterministic: the epoch orders
 * come from one `makeRng(seed)` stream (Fisher–Yates), the kernels sum in a fixed order, so equal inputs give
 * bit-identical weights. Masks: a pruned weight (mask 0) is set to exactly 0 before the first step and the
 * optimizer never updates it (nor its state), so it stays exactly 0 through any number of steps.
 *
 * Adam: Kingma & Ba, ICLR 2015 (β1 = 0.9, β2 = 0.999, ε = 1e−8). SGD: v ← μ·v + g; w ← w − lr·v.
 */
import { makeRng } from '../core/index.js';
import { backward, engineLayers, forward, loadBatch, makeEngine, softmaxXent } from './engine.js';
import { planOrThrow } from './model.js';
import { placement } from './plan.js';
import type { TrainModel } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Defaults of `TrainOptions`. */
export const TRAIN_DEFAULTS = { batchSize: 32, optimizer: 'adam', adamLearningRate: 0.001, sgdLearningRate: 0.05, momentum: 0.9, weightDecay: 0 } as const;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const trainModel: TrainModel = (net, model, data, opts, onEpoch) => {
  const plan = planOrThrow(net);
  const place = placement(plan, data.height, data.width);
  if (typeof place === 'string') throw new Error(`train: ${place}`);
  const batch = Math.max(1, Math.min(opts.batchSize ?? TRAIN_DEFAULTS.batchSize, Math.max(1, data.n)));
  const optimizer = opts.optimizer ?? TRAIN_DEFAULTS.optimizer;
  const lr = opts.learningRate ?? (optimizer === 'adam' ? TRAIN_DEFAULTS.adamLearningRate : TRAIN_DEFAULTS.sgdLearningRate);
  const mu = opts.momentum ?? TRAIN_DEFAULTS.momentum;
  const wd = opts.weightDecay ?? TRAIN_DEFAULTS.weightDecay;
  const e = makeEngine(plan, model.layers, batch, place);
  // pruned weights start at exactly 0
  e.w.forEach((w, i) => {
    const m = e.mask[i]!;
    for (let j = 0; j < w.length; j++) if (m[j] === 0) w[j] = 0;
  });
  const params = [...e.w.map((w, i) => ({ p: w, g: e.gw[i]!, mask: e.mask[i]!, decay: wd })), ...e.b.map((b, i) => ({ p: b, g: e.gb[i]!, mask: null, decay: 0 }))];
  const m1 = params.map((q) => new Float64Array(q.p.length));
  const m2 = params.map((q) => new Float64Array(q.p.length));
  const root = makeRng(opts.seed);
  const rng = root.split();
  const shiftMax = Math.max(0, Math.min(4, Math.floor(opts.augmentShift ?? 0)));
  const shifts = shiftMax > 0 ? new Int8Array(2 * batch) : null;
  const augRng = root.split();
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  let step = 0;
  const decay = opts.learningRateDecay ?? 1;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const lrEpoch = lr * Math.pow(decay, epoch - 1);
    for (let i = data.n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < data.n; start += batch) {
      const B = Math.min(batch, data.n - start);
      if (shifts !== null) for (let j = 0; j < 2 * B; j++) shifts[j] = augRng.int(2 * shiftMax + 1) - shiftMax;
      loadBatch(e, data, order, start, B, shifts);
      forward(e, B);
      const r = softmaxXent(e, B, data.labels, order, start);
      lossSum += r.loss;
      correct += r.correct;
      for (const q of params) q.g.fill(0);
      backward(e, B);
      step++;
      const bc1 = 1 - Math.pow(0.9, step);
      const bc2 = 1 - Math.pow(0.999, step);
      for (let pi = 0; pi < params.length; pi++) {
        const q = params[pi]!;
        if (optimizer === 'adam') adamStep(q.p, q.g, m1[pi]!, m2[pi]!, q.mask, q.decay, lrEpoch, bc1, bc2);
        else sgdStep(q.p, q.g, m1[pi]!, q.mask, q.decay, lrEpoch, mu);
      }
    }
    if (onEpoch !== undefined) onEpoch(epoch, data.n > 0 ? lossSum / data.n : 0, data.n > 0 ? correct / data.n : 0);
  }
  return {
    ...model,
    layers: engineLayers(e, model.layers),
    meta: { seed: opts.seed, epochs: model.meta.epochs + opts.epochs },
  };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** One Adam step on `p` (entries with mask 0 untouched): g' = g + decay·p; m ← β1·m + (1−β1)·g';
 *  v ← β2·v + (1−β2)·g'²; p ← p − lr·(m / bc1) / (√(v / bc2) + ε). */
const adamStep = (
  p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, mask: Uint8Array | null,
  decay: number, lr: number, bc1: number, bc2: number,
): void => {
  const a = lr / bc1;
  const ib2 = 1 / bc2;
  for (let j = 0; j < p.length; j++) {
    if (mask !== null && mask[j] === 0) continue;
    const gj = g[j]! + decay * p[j]!;
    const mj = 0.9 * m[j]! + 0.1 * gj;
    const vj = 0.999 * v[j]! + 0.001 * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] = p[j]! - (a * mj) / (Math.sqrt(vj * ib2) + 1e-8);
  }
};

/** One SGD-with-momentum step (entries with mask 0 untouched): u ← μ·u + g + decay·p; p ← p − lr·u. */
const sgdStep = (p: Float64Array, g: Float64Array, u: Float64Array, mask: Uint8Array | null, decay: number, lr: number, mu: number): void => {
  for (let j = 0; j < p.length; j++) {
    if (mask !== null && mask[j] === 0) continue;
    const uj = mu * u[j]! + g[j]! + decay * p[j]!;
    u[j] = uj;
    p[j] = p[j]! - lr * uj;
  }
};
