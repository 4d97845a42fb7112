/**
 * What every compression method needs, passed explicitly (the module stays pure): the network, the trainer
 * (injected as functions, so tests can substitute a fast fake and the CLI passes `train`'s real ones), the
 * data (a training set for retraining, a VALIDATION set on which every accept/reject decision is taken,
 * and a test set on which results are reported — decisions never look at the test set), the energy target
 * and a progress callback.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Arch } from '../arch/index.js';
import type { LayerFailure, MappingChooser, NetworkResult } from '../codesign/index.js';
import type { Dataset, EvaluateModel, EvalResult, ForwardOptions, LayerActivationsFn, TrainedModel, TrainModel } from '../train/index.js';
import type { Network } from '../workload/index.js';
import { annotateNetwork } from './annotate.js';
import { estimateEnergy, scaleLevels, type EnergyTarget } from './energy.js';
import { type FaultMitigation } from './faults.js';
import { injectModelFaults, weightsKept } from './model.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The trainer's functions (`train`'s `trainModel`, `evaluateModel`, `layerActivations`). */
export interface Trainer {
  readonly train: TrainModel;
  readonly evaluate: EvaluateModel;
  readonly activations: LayerActivationsFn;
}

export interface CompressData {
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly test: Dataset;
}

export interface CompressContext {
  /** The zoo network the model parameterizes, at batch 1. */
  readonly net: Network;
  readonly trainer: Trainer;
  readonly data: CompressData;
  readonly target: EnergyTarget;
  /** Shared across estimates so unchanged layers are not searched again. */
  readonly chooser: MappingChooser;
  readonly seed: number;
  /** Progress lines (the CLI prints them on stderr). */
  readonly log: (line: string) => void;
}

/** A model as it runs: its weights / masks / formats, the forward options (activation thresholds, quantize)
 *  and the SRAM supply voltage (null = nominal) with the levels it scales. */
export interface CompressState {
  readonly model: TrainedModel;
  readonly forward: ForwardOptions;
  readonly voltage: { readonly volts: number; readonly nominal: number; readonly levels: ReadonlyArray<string> } | null;
  /** SRAM faults in the stored weights at run time (seeded; see `faults.ts`), null = none. */
  readonly faults: { readonly bitFaultRate: number; readonly mitigation: FaultMitigation; readonly seed: number } | null;
}

/** The model as the accelerator runs it: the stored weights with this state's SRAM faults injected. */
export const runtimeModel = (s: CompressState): TrainedModel =>
  s.faults === null ? s.model : injectModelFaults(s.model, s.faults.bitFaultRate, s.faults.mitigation, s.faults.seed);

/** The initial state of a model: nominal voltage, no faults, no thresholds, quantized if it has formats. */
export const initialState = (model: TrainedModel): CompressState => ({
  model,
  forward: model.quant !== undefined && Object.keys(model.quant).length > 0 ? { quantize: true } : {},
  voltage: null,
  faults: null,
});

/** A state evaluated: test accuracy, the annotated network and its energy on the target. */
export interface Measurement {
  readonly accuracy: number;
  readonly eval: EvalResult;
  readonly weightsKept: number;
  readonly network: Network;
  readonly energy: NetworkResult;
  /** The accelerator the energy was computed on (voltage-scaled levels applied). */
  readonly arch: Arch;
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** The accelerator a state runs on: the target's, with the scaled levels' access energies × (V / V_nom)². */
export const stateArch = (ctx: CompressContext, s: CompressState): Arch =>
  s.voltage === null ? ctx.target.arch : scaleLevels(ctx.target.arch, s.voltage.levels, (s.voltage.volts / s.voltage.nominal) ** 2);

/**
 * No mapping fits a layer of a compressed network on the (voltage-scaled) accelerator: the layer, why, and
 * the annotated network it belongs to (so the CLI can explain it at the accelerator file's line). Compression
 * only shrinks tiles (fewer bits → more elements per word, lower density → smaller compressed tiles), so this
 * arises only when the input network itself does not map — but it is a value, never a throw.
 */
export interface MeasureFailure extends LayerFailure {
  readonly network: Network;
}

/**
 * Evaluate a state: accuracy and densities on `data` (default the test set), the annotated network, its
 * energy on the state's accelerator (voltage-scaled levels applied; each changed layer mapped again).
 * Left when no mapping fits a layer.
 */
export const measure = (ctx: CompressContext, s: CompressState, name: string, data: Dataset = ctx.data.test): E.Either<MeasureFailure, Measurement> => {
  const ev = ctx.trainer.evaluate(ctx.net, runtimeModel(s), data, s.forward);
  const network = annotateNetwork(ctx.net, s.model, ev, name);
  const arch = stateArch(ctx, s);
  const r = estimateEnergy({ ...ctx.target, arch }, network, ctx.chooser);
  if (E.isLeft(r)) return E.left({ ...r.left, network });
  return E.right({ accuracy: ev.accuracy, eval: ev, weightsKept: weightsKept(s.model), network, energy: r.right, arch });
};

/** Validation accuracy of a state (the number every accept/reject decision uses). */
export const validationAccuracy = (ctx: CompressContext, s: CompressState): number =>
  ctx.trainer.evaluate(ctx.net, runtimeModel(s), ctx.data.validation, s.forward).accuracy;

/** Energy of a model's network on the target (validation-set densities; for the energy-aware ordering); Left when no mapping fits a layer. */
export const estimateState = (ctx: CompressContext, s: CompressState): E.Either<MeasureFailure, NetworkResult> => {
  const ev = ctx.trainer.evaluate(ctx.net, runtimeModel(s), ctx.data.validation, s.forward);
  const network = annotateNetwork(ctx.net, s.model, ev, ctx.net.name);
  const r = estimateEnergy({ ...ctx.target, arch: stateArch(ctx, s) }, network, ctx.chooser);
  return E.isLeft(r) ? E.left({ ...r.left, network }) : E.right(r.right);
};
