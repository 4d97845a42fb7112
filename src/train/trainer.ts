/**
 * Mini-batch training with SGD + momentum or Adam on softmax cross-entropy, in Float32 on the WebAssembly
 * SIMD engine (`wasmEngine.ts`). Deterministic: the epoch orders come from one `makeRng(seed)` stream
 * (Fisher–Yates), the kernels sum in a fixed order, so equal inputs give bit-identical weights. Masks: a pruned
 * weight (mask 0) is set to exactly 0 before the first step and its gradient is multiplied by 0 in every step
 * (its optimizer state stays 0), so it stays exactly 0 through any number of steps.
 *
 * Adam: Kingma & Ba, ICLR 2015 (β1 = 0.9, β2 = 0.999, ε = 1e−8). SGD: v ← μ·v + g; w ← w − lr·v. Both in f32
 * (asm/trainKernels.ts `adam`, `sgd`).
 */
import { makeRng } from '../core/index.js';
import { loadBatch, softmaxXent } from './engine.js';
import { planOrThrow } from './model.js';
import { placement } from './plan.js';
import type { TrainModel } from './types.js';
import { fastBackward, fastForward, fastLayers, fastStep, makeFastEngine } from './wasmEngine.js';

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
  const e = makeFastEngine(plan, model.layers, batch, place);
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
      fastForward(e, B);
      const r = softmaxXent(e, B, data.labels, order, start);
      lossSum += r.loss;
      correct += r.correct;
      fastBackward(e, B);
      step++;
      if (optimizer === 'adam') fastStep(e, 'adam', wd, lrEpoch / (1 - Math.pow(0.9, step)), 1 / (1 - Math.pow(0.999, step)));
      else fastStep(e, 'sgd', wd, lrEpoch, mu);
    }
    if (onEpoch !== undefined) onEpoch(epoch, data.n > 0 ? lossSum / data.n : 0, data.n > 0 ? correct / data.n : 0);
  }
  return {
    ...model,
    layers: fastLayers(e, model.layers),
    meta: { seed: opts.seed, epochs: model.meta.epochs + opts.epochs },
  };
};
