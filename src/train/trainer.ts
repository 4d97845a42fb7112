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
  const rng = makeRng(opts.seed).split();
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  let step = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
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
      loadBatch(e, data, order, start, B);
      forward(e, B);
      const r = softmaxXent(e, B, data.labels, order, start);
      lossSum += r.loss;
      correct += r.correct;
      for (const q of params) q.g.fill(0);
      backward(e, B);
      step++;
      const bc1 = 1 - Math.pow(0.9, step);
      const bc2 = 1 - Math.pow(0.999, step);
      params.forEach((q, pi) => {
        const p = q.p;
        const g = q.g;
        const mask = q.mask;
        const a = m1[pi]!;
        const v = m2[pi]!;
        for (let j = 0; j < p.length; j++) {
          if (mask !== null && mask[j] === 0) continue;
          const gj = g[j]! + q.decay * p[j]!;
          if (optimizer === 'adam') {
            const aj = 0.9 * a[j]! + 0.1 * gj;
            const vj = 0.999 * v[j]! + 0.001 * gj * gj;
            a[j] = aj;
            v[j] = vj;
            p[j] = p[j]! - (lr * (aj / bc1)) / (Math.sqrt(vj / bc2) + 1e-8);
          } else {
            const aj = mu * a[j]! + gj;
            a[j] = aj;
            p[j] = p[j]! - lr * aj;
          }
        }
      });
    }
    if (onEpoch !== undefined) onEpoch(epoch, data.n > 0 ? lossSum / data.n : 0, data.n > 0 ? correct / data.n : 0);
  }
  return {
    ...model,
    layers: engineLayers(e, model.layers),
    meta: { seed: opts.seed, epochs: model.meta.epochs + opts.epochs },
  };
};
