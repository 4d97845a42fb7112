/**
 * The training-backed part of a point's evaluation (the `error` objective, `accuracy` / `error` constraints):
 * train the point's network (hidden units, width, … already applied) from a seeded initialization on the first
 * `trainLimit` digits of the deterministic MNIST train split, and measure the error on the first `testLimit`
 * held-out digits. Uses the `train` module (MNIST loaded once per worker thread and cached there).
 *
 * The point's weight annotations are made real on the trained model, so the error matches the hardware metrics:
 * - **pruning**: a MAC layer whose weight density (`net.density.weights`, per layer or all) is below the fraction
 *   of its weights still unmasked keeps only its ⌈n·density⌉ largest-magnitude weights (one-shot magnitude pruning,
 *   Han et al. NIPS 2015), then the model is fine-tuned for one more epoch with the pruned weights held at 0;
 * - **quantization**: a layer with weights narrower than 16 bits (`net.bits.weights`) is evaluated with its weights
 *   rounded to signed fixed point of that many bits, the integer bits covering the layer's largest |weight|.
 * A simple stand-in for the compression pipeline (`compress`), which the lead may substitute.
 */
import { evaluateModel, initModel, loadMnist, subset, trainModel, type FixedPoint, type LayerParams, type TrainedModel } from '../train/index.js';
import type { SweepTraining } from '../config/index.js';
import { isMacLayer, type Network } from '../workload/index.js';

/** The sweep file's `training:` section, as each point's task carries it. */
export type TrainingTask = SweepTraining;

export interface TrainingResult {
  readonly accuracy: number;
  readonly error: number;
  readonly trainSeconds: number;
}

/** Train and test `net`; `overrides` are the point's `train.*` values (by name). `now` times the training. */
export const trainAndTest = (net: Network, t: TrainingTask, overrides: Readonly<Record<string, number | string>>, now: () => number): TrainingResult => {
  const num = (k: string): number | undefined => (typeof overrides[k] === 'number' ? (overrides[k] as number) : undefined);
  const opt = overrides['optimizer'];
  const epochs = Math.max(1, Math.round(num('epochs') ?? t.epochs));
  const learningRate = num('learningRate') ?? t.learningRate;
  const batchSize = num('batchSize') !== undefined ? Math.max(1, Math.round(num('batchSize')!)) : t.batchSize;
  const weightDecay = num('weightDecay') ?? t.weightDecay;
  const t0 = now();
  const split = loadMnist();
  const train = subset(split.train, t.trainLimit);
  const test = subset(split.test, t.testLimit);
  const options = {
    seed: t.seed,
    optimizer: opt === 'sgd' || opt === 'adam' ? opt : t.optimizer,
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(weightDecay !== undefined ? { weightDecay } : {}),
  };
  let model = trainModel(net, initModel(net, t.seed), train, { ...options, epochs });
  const pruned = pruneToDensity(net, model);
  if (pruned !== model) model = trainModel(net, pruned, train, { ...options, epochs: 1, seed: t.seed + 1 });
  const quant = weightFormats(net, model);
  const r = quant === null ? evaluateModel(net, model, test) : evaluateModel(net, { ...model, quant }, test, { quantize: true });
  return { accuracy: r.accuracy, error: 1 - r.accuracy, trainSeconds: (now() - t0) / 1000 };
};

/** One-shot magnitude pruning to each MAC layer's weight density (the model itself when nothing is pruned). */
export const pruneToDensity = (net: Network, model: TrainedModel): TrainedModel => {
  const density = new Map(net.layers.filter(isMacLayer).map((l) => [l.name, l.density.W]));
  let changed = false;
  const layers = model.layers.map((l): LayerParams => {
    const d = density.get(l.name) ?? 1;
    const n = l.weights.length;
    const kept = l.mask.reduce((a, m) => a + m, 0);
    const keep = Math.ceil(n * d);
    if (keep >= kept) return l;
    changed = true;
    // The `keep` largest |w| among the unmasked weights (ties by index: deterministic).
    const order = Array.from({ length: n }, (_, i) => i)
      .filter((i) => l.mask[i] === 1)
      .sort((a, b) => Math.abs(l.weights[b]!) - Math.abs(l.weights[a]!) || a - b);
    const mask = new Uint8Array(n);
    for (const i of order.slice(0, keep)) mask[i] = 1;
    const weights = l.weights.map((w, i) => (mask[i] === 1 ? w : 0));
    return { ...l, weights, mask };
  });
  return changed ? { ...model, layers } : model;
};

/** Fixed-point weight formats of the layers narrower than 16 bits (null when there is none). */
export const weightFormats = (net: Network, model: TrainedModel): Record<string, { readonly weights: FixedPoint }> | null => {
  const bits = new Map(net.layers.filter(isMacLayer).map((l) => [l.name, l.bits.W]));
  const out: Record<string, { readonly weights: FixedPoint }> = {};
  for (const l of model.layers) {
    const b = bits.get(l.name) ?? 16;
    if (b >= 16) continue;
    const max = l.weights.reduce((a, w) => Math.max(a, Math.abs(w)), 0);
    const intBits = Math.max(0, Math.min(b - 1, Math.ceil(Math.log2(Math.max(max, 1e-12) + 1e-12))));
    out[l.name] = { weights: { intBits, fracBits: b - 1 - intBits } };
  }
  return Object.keys(out).length > 0 ? out : null;
};
