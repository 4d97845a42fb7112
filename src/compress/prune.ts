/**
 * The three pruning methods, each a pure function (trained model + data + accelerator → pruned, retrained
 * model) that stops at its target sparsity or where the next step would break the accuracy budget
 * (validation accuracy below the input's minus `accuracyDrop` points):
 *
 * - `magnitude` — Han, Pool, Tran, Dally, NIPS 2015: remove every weight with |w| < q · std(layer) — one
 *   quality parameter q for all layers, chosen so the model reaches the step's sparsity — retrain with the
 *   masks, and iterate in steps of target / `steps` up to the target (a step over budget is retried with
 *   half the increment, up to 3 times in a row, before stopping).
 * - `flops` — the FLOP proxy: layer by layer, the layer with the most remaining MACs (dense MACs × weight
 *   density) first: remove a `step` fraction of its smallest remaining weights; keep the cut if validation
 *   accuracy holds (after a global fine-tune if needed), else mark the layer done; fine-tune globally after
 *   each kept cut; repeat.
 * - `energy-aware` — Yang, Chen, Sze, CVPR 2017: the same loop, but layers are taken in the order of their
 *   ENERGY on the user's accelerator (codesim's model, with its mapper, sparsity support and bit widths, on
 *   the network annotated with the current model's measured densities), and each cut layer is first refit
 *   by least squares to the unpruned layer's outputs on sampled inputs (`refit.ts`); after each accepted cut
 *   the model is fine-tuned globally and the energies are estimated again.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { LayerParams, TrainedModel } from '../train/index.js';
import { toProblem, problemMacs } from '../workload/index.js';
import { energyOrder } from './energy.js';
import { estimateState, validationAccuracy, type CompressContext, type CompressState, type MeasureFailure } from './context.js';
import { macLayers, nonZeros, pruneByQuality, pruneSmallest, totalWeights, weightDensity, weightsKept, withLayer } from './model.js';
import type { RetrainSettings } from './pipeline.js';
import { refitLayer } from './refit.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export type PruneMethod = 'magnitude' | 'flops' | 'energy-aware';
export const PRUNE_METHODS: ReadonlyArray<PruneMethod> = ['magnitude', 'flops', 'energy-aware'];

export interface PruneSettings {
  /** Fraction of all weights to remove, [0, 1). */
  readonly targetSparsity: number;
  /** Accuracy budget: validation accuracy points below the input model's. */
  readonly accuracyDrop: number;
  readonly retrain: RetrainSettings;
  /** magnitude: number of increasing sparsity steps up to the target. */
  readonly steps: number;
  /** flops / energy-aware: fraction of a layer's remaining weights removed per cut. */
  readonly step: number;
  /** flops / energy-aware: most cuts tried. */
  readonly maxRounds: number;
  /** energy-aware: inputs sampled for the least-squares refit. */
  readonly refitSamples: number;
}

/** One accepted step: the model after it (retrained) and what it looked like. */
export interface PrunePoint {
  readonly model: TrainedModel;
  readonly weightsKept: number;
  readonly validationAccuracy: number;
  /** Which layer was cut (flops / energy-aware), or `all` (magnitude, with its quality parameter). */
  readonly layer: string;
  readonly quality?: number;
}

/** A round of the layer-wise methods: the order layers were considered in and what happened. */
export interface PruneRound {
  /** Layers by cost (MACs or energy), highest first, as estimated at the start of the round. */
  readonly order: ReadonlyArray<string>;
  /** Layers tried in this round, in order, and whether their cut was kept. */
  readonly tried: ReadonlyArray<{ readonly layer: string; readonly accepted: boolean }>;
}

export interface PruneRun {
  readonly method: PruneMethod;
  readonly model: TrainedModel;
  /** Validation accuracy of the input model and the floor the budget allows. */
  readonly reference: number;
  readonly floor: number;
  readonly points: ReadonlyArray<PrunePoint>;
  readonly rounds: ReadonlyArray<PruneRound>;
  readonly stoppedBy: 'target' | 'accuracy' | 'rounds';
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Run a pruning method from `state` (its forward options are kept for every evaluation). Left only when the
 * energy-aware method cannot estimate energies (no mapping fits a layer).
 */
export const prune = (ctx: CompressContext, state: CompressState, method: PruneMethod, s: PruneSettings): E.Either<MeasureFailure, PruneRun> =>
  method === 'magnitude' ? E.right(magnitudePrune(ctx, state, s)) : layerwisePrune(ctx, state, method, s);

const retrain = (ctx: CompressContext, m: TrainedModel, r: RetrainSettings, salt: number): TrainedModel =>
  r.epochs === 0
    ? m
    : ctx.trainer.train(ctx.net, m, ctx.data.train, { epochs: r.epochs, seed: ctx.seed * 1000 + salt, optimizer: r.optimizer, learningRate: r.learningRate, batchSize: r.batchSize });

/** Weights still to remove to reach `sparsity` over the whole model (≥ 0). */
const toRemove = (m: TrainedModel, sparsity: number): number => {
  const n = totalWeights(m);
  const nz = m.layers.reduce((a, l) => a + nonZeros(l), 0);
  return Math.max(0, Math.ceil(sparsity * n - 1e-9) - (n - nz));
};

const magnitudePrune = (ctx: CompressContext, state: CompressState, s: PruneSettings): PruneRun => {
  const reference = validationAccuracy(ctx, state);
  const floor = reference - s.accuracyDrop / 100;
  let model = state.model;
  let reached = 1 - weightsKept(model);
  const points: PrunePoint[] = [];
  const attempt = (sparsity: number, salt: number): PrunePoint | null => {
    const { model: cut, quality } = pruneByQuality(model, toRemove(model, sparsity));
    const tuned = retrain(ctx, cut, s.retrain, salt);
    const acc = validationAccuracy(ctx, { ...state, model: tuned });
    ctx.log(`magnitude: sparsity ${(100 * (1 - weightsKept(tuned))).toFixed(1)}% (q = ${quality.toFixed(3)}), validation accuracy ${(100 * acc).toFixed(2)}%${acc < floor ? ' — over budget' : ''}`);
    return acc >= floor ? { model: tuned, weightsKept: weightsKept(tuned), validationAccuracy: acc, layer: 'all', quality } : null;
  };
  // Steps of targetSparsity / steps; a step over budget is retried with half the increment (up to 3 times in a row).
  let inc = s.targetSparsity / s.steps;
  let failures = 0;
  let salt = 0;
  while (reached < s.targetSparsity - 1e-9) {
    const p = attempt(Math.min(s.targetSparsity, reached + inc), ++salt);
    if (p === null) {
      failures++;
      inc /= 2;
      if (failures >= 3) return { method: 'magnitude', model, reference, floor, points, rounds: [], stoppedBy: 'accuracy' };
      continue;
    }
    failures = 0;
    points.push(p);
    model = p.model;
    reached = 1 - p.weightsKept;
  }
  return { method: 'magnitude', model, reference, floor, points, rounds: [], stoppedBy: 'target' };
};

/** Remaining dense-MAC cost of each layer: dense MACs × weight density. */
const macOrder = (ctx: CompressContext, m: TrainedModel): ReadonlyArray<string> => {
  const ls = macLayers(ctx.net);
  return m.layers
    .map((l, i) => ({ name: l.name, i, macs: ls.get(l.name) ? problemMacs(toProblem(ls.get(l.name)!)) * weightDensity(l) : 0 }))
    .sort((a, b) => b.macs - a.macs || a.i - b.i)
    .map((x) => x.name);
};

const layerwisePrune = (ctx: CompressContext, state: CompressState, method: 'flops' | 'energy-aware', s: PruneSettings): E.Either<MeasureFailure, PruneRun> => {
  const reference = validationAccuracy(ctx, state);
  const floor = reference - s.accuracyDrop / 100;
  let model = state.model;
  const done = new Set<string>();
  const points: PrunePoint[] = [];
  const rounds: PruneRound[] = [];
  let cuts = 0;
  for (;;) {
    if (toRemove(model, s.targetSparsity) === 0) return E.right({ method, model, reference, floor, points, rounds, stoppedBy: 'target' });
    if (cuts >= s.maxRounds) return E.right({ method, model, reference, floor, points, rounds, stoppedBy: 'rounds' });
    let order: ReadonlyArray<string>;
    if (method === 'flops') order = macOrder(ctx, model);
    else {
      const est = estimateState(ctx, { ...state, model });
      if (E.isLeft(est)) return est;
      order = energyOrder(est.right);
    }
    const tried: Array<{ layer: string; accepted: boolean }> = [];
    let accepted: PrunePoint | null = null;
    for (const name of order) {
      if (done.has(name) || cuts >= s.maxRounds) continue;
      const li = model.layers.findIndex((l) => l.name === name);
      const layer = model.layers[li];
      if (layer === undefined) continue;
      const kept = nonZeros(layer);
      const count = Math.min(Math.max(1, Math.ceil(s.step * kept)), toRemove(model, s.targetSparsity), kept - 1);
      if (count <= 0) {
        done.add(name);
        continue;
      }
      cuts++;
      let cutLayer: LayerParams = pruneSmallest(layer, count);
      if (method === 'energy-aware') cutLayer = refitLayer(cutLayer, ctx.trainer.activations(ctx.net, model, ctx.data.train, name, s.refitSamples));
      let cand = withLayer(model, li, cutLayer);
      let acc = validationAccuracy(ctx, { ...state, model: cand });
      if (acc < floor) {
        cand = retrain(ctx, cand, s.retrain, cuts);
        acc = validationAccuracy(ctx, { ...state, model: cand });
      } else {
        cand = retrain(ctx, cand, s.retrain, cuts); // fine-tune globally after each accepted cut (Yang'17; the same for flops)
        const tunedAcc = validationAccuracy(ctx, { ...state, model: cand });
        if (tunedAcc >= floor) acc = tunedAcc;
        else cand = withLayer(model, li, cutLayer);
      }
      const ok = acc >= floor;
      ctx.log(`${method}: cut ${count} weights of ${name} → weights kept ${(100 * weightsKept(cand)).toFixed(1)}%, validation accuracy ${(100 * acc).toFixed(2)}%${ok ? '' : ' — over budget, layer done'}`);
      tried.push({ layer: name, accepted: ok });
      if (ok) {
        accepted = { model: cand, weightsKept: weightsKept(cand), validationAccuracy: acc, layer: name };
        break;
      }
      done.add(name);
    }
    rounds.push({ order, tried });
    if (accepted === null) return E.right({ method, model, reference, floor, points, rounds, stoppedBy: cuts >= s.maxRounds ? 'rounds' : 'accuracy' });
    points.push(accepted);
    model = accepted.model;
  }
};
