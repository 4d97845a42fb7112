/**
 * Pure helpers on trained models (`train`'s `TrainedModel`) used by every compression method: measured
 * weight densities, per-layer weight statistics, and the pruning primitive. Pruning only ever clears mask
 * bits (a pruned weight is never restored), so no method can raise a layer's density; every layer keeps at
 * least one weight (a network file needs densities > 0).
 */
import { makeRng } from '../core/index.js';
import type { FixedPoint, LayerParams, TrainedModel } from '../train/index.js';
import { injectFaults, type FaultMitigation } from './faults.js';
import { intBitsFor, maxAbs } from './fixedPoint.js';
import { isMacLayer, toProblem, problemMacs, type MacLayer, type Network } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// utils: statistics
// ---------------------------------------------------------------------------------------------------------

/** Number of non-zero weights of a layer. */
export const nonZeros = (l: LayerParams): number => {
  let n = 0;
  for (let i = 0; i < l.weights.length; i++) if (l.weights[i] !== 0) n++;
  return n;
};

/** Measured weight density of a layer: non-zero weights / all weights. */
export const weightDensity = (l: LayerParams): number => (l.weights.length === 0 ? 1 : nonZeros(l) / l.weights.length);

/** Fraction of all weights of the model that are non-zero. */
export const weightsKept = (m: TrainedModel): number => {
  let nz = 0;
  let all = 0;
  for (const l of m.layers) {
    nz += nonZeros(l);
    all += l.weights.length;
  }
  return all === 0 ? 1 : nz / all;
};

/** Standard deviation of a layer's kept (mask = 1) weights (Han et al.'s threshold unit). */
export const keptStd = (l: LayerParams): number => {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < l.weights.length; i++) {
    if (l.mask[i] === 0) continue;
    const w = l.weights[i]!;
    n++;
    s += w;
    s2 += w * w;
  }
  if (n === 0) return 0;
  const mean = s / n;
  return Math.sqrt(Math.max(0, s2 / n - mean * mean));
};

/** The MAC layers of a network by name. */
export const macLayers = (net: Network): ReadonlyMap<string, MacLayer> => new Map(net.layers.filter(isMacLayer).map((l) => [l.name, l]));

/** Dense MACs per weight of a layer (how often each weight is used in one inference): MACs / weights. */
export const macsPerWeight = (l: MacLayer): number => {
  const p = toProblem(l);
  const b = p.bounds;
  return problemMacs(p) / (b.G * b.K * b.C * b.R * b.S);
};

/** Effectual MACs of the model on the network (weight density × dense MACs per layer; input zeros not counted). */
export const weightEffectualMacs = (net: Network, m: TrainedModel): number => {
  const ls = macLayers(net);
  return m.layers.reduce((acc, l) => {
    const ml = ls.get(l.name);
    return acc + (ml ? problemMacs(toProblem(ml)) * weightDensity(l) : 0);
  }, 0);
};

// ---------------------------------------------------------------------------------------------------------
// combinators: pruning
// ---------------------------------------------------------------------------------------------------------

/** The model with layer `i` replaced. */
export const withLayer = (m: TrainedModel, i: number, l: LayerParams): TrainedModel => ({ ...m, layers: m.layers.map((x, j) => (j === i ? l : x)) });

/**
 * Prune a layer: clear the mask (and zero the weight) of every index in `drop`; mask bits already 0 stay 0.
 * At least one weight stays kept (the largest kept one) so the layer's density stays > 0.
 */
export const pruneIndices = (l: LayerParams, drop: Iterable<number>): LayerParams => {
  const mask = Uint8Array.from(l.mask);
  const weights = Float32Array.from(l.weights);
  for (const i of drop) {
    mask[i] = 0;
    weights[i] = 0;
  }
  let any = false;
  for (let i = 0; i < mask.length && !any; i++) if (mask[i] !== 0 && weights[i] !== 0) any = true;
  if (!any && l.weights.length > 0) {
    let best = -1;
    for (let i = 0; i < l.weights.length; i++) if (l.mask[i] !== 0 && (best < 0 || Math.abs(l.weights[i]!) > Math.abs(l.weights[best]!))) best = i;
    if (best >= 0) {
      mask[best] = 1;
      weights[best] = l.weights[best]!;
    }
  }
  return { ...l, mask, weights };
};

/** Prune every kept weight with |w| < threshold (Han et al.: threshold = quality × the layer's weight std). */
export const pruneBelow = (l: LayerParams, threshold: number): LayerParams => {
  const drop: number[] = [];
  for (let i = 0; i < l.weights.length; i++) if (l.mask[i] !== 0 && Math.abs(l.weights[i]!) < threshold) drop.push(i);
  return pruneIndices(l, drop);
};

/**
 * Prune the `count` smallest-magnitude kept weights of a layer (ties by index).
 */
export const pruneSmallest = (l: LayerParams, count: number): LayerParams => {
  if (count <= 0) return l;
  const kept: number[] = [];
  for (let i = 0; i < l.weights.length; i++) if (l.mask[i] !== 0) kept.push(i);
  kept.sort((a, b) => Math.abs(l.weights[a]!) - Math.abs(l.weights[b]!) || a - b);
  return pruneIndices(l, kept.slice(0, Math.min(count, kept.length)));
};

/**
 * Han et al.'s global quality parameter: the q for which removing every kept weight with |w| < q·std_l in
 * every layer l (std over the layer's kept weights) prunes `count` more weights of the whole model
 * (`score(l)` rescales a layer's threshold unit: 1 for magnitude pruning). Applies it and returns the model
 * and q. Weights are ranked by |w| / (std_l · score_l); exactly the `count` lowest are pruned (ties by layer,
 * then index).
 */
export const pruneByQuality = (
  m: TrainedModel,
  count: number,
  score: (l: LayerParams) => number = () => 1,
): { readonly model: TrainedModel; readonly quality: number } => {
  if (count <= 0) return { model: m, quality: 0 };
  const cand: Array<{ readonly l: number; readonly i: number; readonly v: number }> = [];
  m.layers.forEach((l, li) => {
    const unit = keptStd(l) * score(l);
    for (let i = 0; i < l.weights.length; i++) {
      if (l.mask[i] === 0) continue;
      cand.push({ l: li, i, v: unit > 0 ? Math.abs(l.weights[i]!) / unit : Infinity });
    }
  });
  cand.sort((a, b) => a.v - b.v || a.l - b.l || a.i - b.i);
  const chosen = cand.slice(0, Math.min(count, cand.length));
  const quality = chosen.length > 0 ? chosen[chosen.length - 1]!.v : 0;
  const perLayer = m.layers.map(() => [] as number[]);
  for (const c of chosen) perLayer[c.l]!.push(c.i);
  return { model: { ...m, layers: m.layers.map((l, li) => (perLayer[li]!.length > 0 ? pruneIndices(l, perLayer[li]!) : l)) }, quality };
};

/** Total weights of a model. */
export const totalWeights = (m: TrainedModel): number => m.layers.reduce((a, l) => a + l.weights.length, 0);

// ---------------------------------------------------------------------------------------------------------
// combinators: stored words
// ---------------------------------------------------------------------------------------------------------

/** The format a layer's weights are stored in: the model's `quant` format, else 16 bits with the fewest
 *  integer bits that hold its largest weight. */
export const storedWeightFormat = (m: TrainedModel, l: LayerParams): FixedPoint => {
  const q = m.quant?.[l.name]?.weights;
  if (q !== undefined) return q;
  const intBits = Math.min(15, intBitsFor(maxAbs(l.weights)));
  return { intBits, fracBits: 15 - intBits };
};

/** The model with SRAM bit faults injected into every layer's stored (kept) weights; seeded, layer streams
 *  split from one generator. Rate 0 returns the model itself. */
export const injectModelFaults = (m: TrainedModel, rate: number, mode: FaultMitigation, seed: number): TrainedModel => {
  if (!(rate > 0)) return m;
  const rng = makeRng(seed);
  return { ...m, layers: m.layers.map((l) => ({ ...l, weights: injectFaults(l.weights, l.mask, storedWeightFormat(m, l), rate, mode, rng.split()).weights })) };
};
