/**
 * The training-backed part of a point's evaluation (the `error` objective, `accuracy` / `error` constraints):
 * train the point's network (hidden units, width, … already applied) from a seeded initialization on the first
 * `trainLimit` digits of the deterministic MNIST train split, compress it with the **compression pipeline**
 * (`compress`'s `runPipeline`, the same stages `codesim compress` runs), and measure the error on the first
 * `testLimit` held-out test digits.
 *
 * The point's weight annotations become a pipeline (`pointPipeline`):
 * - weight density d < 1 (`net.density.weights`) → a `magnitude-prune` stage to sparsity 1 − d (Han et al.,
 *   NIPS 2015: one quality threshold for all layers, prune → retrain `retrainEpochs` epochs, `pruneSteps` times;
 *   so the per-layer densities of the trained model differ from the uniform annotation the hardware metrics
 *   price, with the same total of weights kept);
 * - weight bits b < 16 (`net.bits.weights`) → a `quantize` stage of the weights only, at exactly b bits
 *   (`minBits = maxBits = b`; integer bits cover each layer's largest |w|).
 * Both stages get an accuracy budget of 100 points: the point's values are the design, the error is measured.
 *
 * **Equal treatment.** In a sweep that varies the weight density (`equalizeEpochs`, set by the runner), every
 * point trains `epochs` + `pruneSteps × retrainEpochs` epochs in all: a point without pruning is fine-tuned
 * `pruneSteps × retrainEpochs` epochs with the pipeline's retraining settings, so pruned points do not get more
 * training than dense ones. Other sweeps train `epochs` epochs (+ the retraining of any pruning their network
 * file asks for, the same for every point).
 *
 * The pipeline prunes and quantizes all MAC layers together, so per-layer weight densities or bits
 * (`net.layers.<NAME>.density.weights`) cannot be trained (the sweep decoder rejects them with training).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import type { MappingChooser } from '../codesign/index.js';
import { DEFAULT_RETRAIN, runPipeline, targetChooser, type CompressContext, type Pipeline, type RetrainSettings, type Stage, type Trainer, weightsKept } from '../compress/index.js';
import type { SweepTraining } from '../config/index.js';
import type { Dataflow } from '../mapping/index.js';
import { evaluateModel, initModel, layerActivations, loadMnist, subset, trainModel, type TrainedModel } from '../train/index.js';
import { isMacLayer, weightCount, type Network } from '../workload/index.js';

/**
 * The sweep file's `training:` section, as each point's task carries it, and whether the sweep varies the
 * weight density (`equalizeEpochs`: then a point that is not pruned is fine-tuned as long as a pruned one).
 */
export type TrainingTask = SweepTraining & { readonly equalizeEpochs?: boolean };

export interface TrainingResult {
  readonly accuracy: number;
  readonly error: number;
  readonly trainSeconds: number;
}

/** Where the compressed model's energy is estimated inside the pipeline (its figures are not recorded). */
export interface TrainingTarget {
  readonly arch: Arch;
  readonly dataflow: Dataflow;
}

/** Digits at the end of the training split held out for validation (the pipeline's decisions), at most. */
export const VALIDATION_DIGITS = 1000;

/**
 * The pipeline a point's weight annotations ask for (null when there is nothing to do): prune to the
 * network's overall weight density D = Σ n·d / Σ n over its MAC layers (n weights, d density) when D is below
 * `keptNow` (the fraction of weights the trained model still has: LeNet-5's C3 connection table already
 * removes some), and quantize the weights when their bits are below 16. `Left` when the MAC layers' weight
 * bits differ (per-layer values: the pipeline quantizes all layers together).
 */
export const pointPipeline = (
  net: Network,
  t: TrainingTask,
  retrain: RetrainSettings,
  keptNow = 1,
): { ok: true; pipeline: Pipeline | null } | { ok: false; error: string } => {
  const macs = net.layers.filter(isMacLayer);
  const bits = [...new Set(macs.map((l) => l.bits.W))];
  if (bits.length > 1) return { ok: false, error: `the compression pipeline quantizes all MAC layers together: per-layer weight bits (${bits.join(', ')}) cannot be trained` };
  const n = macs.reduce((a, l) => a + weightCount(l), 0);
  const d = n > 0 ? macs.reduce((a, l) => a + weightCount(l) * l.density.W, 0) / n : 1;
  const b = bits[0] ?? 16;
  const stages: Stage[] = [];
  if (d < keptNow - 1e-9) stages.push({ stage: 'magnitude-prune', targetSparsity: 1 - d, steps: t.pruneSteps, accuracyDrop: 100, retrain });
  if (b < 16) stages.push({ stage: 'quantize', weights: true, activations: false, minBits: b, maxBits: b, accuracyDrop: 100, retrain });
  return { ok: true, pipeline: stages.length === 0 ? null : { name: `${net.name}-point`, source: 'sweep point (density, bits)', seed: t.seed, stages } };
};

/** The trainer's functions (`train`'s real ones by default; tests may wrap them to count epochs). */
export const REAL_TRAINER: Trainer = { train: trainModel, evaluate: evaluateModel, activations: layerActivations };

/** A point's trained (and compressed) model, whether it runs quantized, its test accuracy and the stages run. */
export interface CompressedPoint {
  readonly model: TrainedModel;
  readonly quantize: boolean;
  readonly accuracy: number;
  /** Stages run by the pipeline (empty: dense and 16-bit). */
  readonly stages: ReadonlyArray<string>;
}

/**
 * Train, compress and test `net`; `overrides` are the point's `train.*` values (by name); `target` is the
 * point's accelerator and dataflow. Throws on a network the pipeline cannot treat or map (a failed point).
 */
export const trainAndCompress = (
  net: Network,
  t: TrainingTask,
  overrides: Readonly<Record<string, number | string>>,
  target: TrainingTarget,
  trainer: Trainer = REAL_TRAINER,
): CompressedPoint => {
  const num = (k: string): number | undefined => (typeof overrides[k] === 'number' ? (overrides[k] as number) : undefined);
  const opt = overrides['optimizer'];
  const epochs = Math.max(1, Math.round(num('epochs') ?? t.epochs));
  const learningRate = num('learningRate') ?? t.learningRate;
  const batchSize = num('batchSize') !== undefined ? Math.max(1, Math.round(num('batchSize')!)) : t.batchSize;
  const weightDecay = num('weightDecay') ?? t.weightDecay;
  const optimizer = opt === 'sgd' || opt === 'adam' ? opt : t.optimizer;
  const retrain: RetrainSettings = {
    epochs: t.retrainEpochs,
    optimizer,
    learningRate: learningRate ?? DEFAULT_RETRAIN.learningRate,
    batchSize: batchSize ?? DEFAULT_RETRAIN.batchSize,
  };
  const check = pointPipeline(net, t, retrain);
  if (!check.ok) throw new Error(check.error);
  const split = loadMnist();
  const nVal = Math.min(VALIDATION_DIGITS, Math.floor(split.train.n / 5));
  const data = {
    train: subset(split.train, Math.min(t.trainLimit, split.train.n - nVal)),
    validation: subset(split.train, Math.min(nVal, Math.max(1, Math.ceil(t.trainLimit / 4))), split.train.n - nVal),
    test: subset(split.test, t.testLimit),
  };
  const options = {
    seed: t.seed,
    optimizer,
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(weightDecay !== undefined ? { weightDecay } : {}),
  };
  let model: TrainedModel = trainer.train(net, initModel(net, t.seed), data.train, { ...options, epochs });
  const plan = pointPipeline(net, t, retrain, weightsKept(model));
  if (!plan.ok) throw new Error(plan.error);
  const prunes = plan.pipeline?.stages.some((s) => s.stage === 'magnitude-prune') ?? false;
  const extra = t.pruneSteps * t.retrainEpochs;
  if (!prunes && t.equalizeEpochs === true && extra > 0) {
    // No pruning: the fine-tuning epochs a pruned point gets (with the pipeline's retraining settings and step-1 seed).
    model = trainer.train(net, model, data.train, { epochs: extra, seed: t.seed * 1000 + 1, optimizer, learningRate: retrain.learningRate, batchSize: retrain.batchSize });
  }
  if (plan.pipeline === null) return { model, quantize: false, accuracy: trainer.evaluate(net, model, data.test).accuracy, stages: [] };
  const ctx: CompressContext = {
    net,
    trainer,
    data,
    target: { arch: target.arch, dataflow: target.dataflow, mapping: 'greedy' },
    chooser: fallbackChooser(target),
    seed: t.seed,
    log: () => undefined,
  };
  const r = runPipeline(ctx, model, plan.pipeline);
  // No mapping fits a layer of the compressed network (only when the dense network does not map either): a failed point.
  if (E.isLeft(r)) throw new Error(`layer ${r.left.layer}: no mapping fits the compressed network (${r.left.reasons.map((x) => x._tag).join(', ')})`);
  const run = r.right;
  const last = run.stages[run.stages.length - 1]!;
  return { model: last.state.model, quantize: last.state.forward.quantize === true, accuracy: last.measurement.accuracy, stages: run.stages.slice(1).map((s) => s.name) };
};

/** `trainAndCompress` as the point evaluator calls it: test error and accuracy, and the time it took (`now`). */
export const trainAndTest = (net: Network, t: TrainingTask, overrides: Readonly<Record<string, number | string>>, now: () => number, target: TrainingTarget): TrainingResult => {
  const t0 = now();
  const r = trainAndCompress(net, t, overrides, target);
  return { accuracy: r.accuracy, error: 1 - r.accuracy, trainSeconds: (now() - t0) / 1000 };
};

/** The greedy default mapping, else the mapper (the pipeline's energy figures are not recorded: cheap first). */
const fallbackChooser = (target: TrainingTarget): MappingChooser => {
  const greedy = targetChooser({ arch: target.arch, dataflow: target.dataflow, mapping: 'greedy' });
  const searched = targetChooser({ arch: target.arch, dataflow: target.dataflow, mapping: { objective: 'energy', strategy: 'heuristic', seed: 1, samples: 30, climbs: 2 } });
  return (arch, problem) => {
    const g = greedy(arch, problem);
    return g._tag === 'Right' ? g : searched(arch, problem);
  };
};
