/**
 * The two workflows: a pipeline of stages (`runPipeline`, `codesim compress`) and the pruning comparison
 * (`comparePruning`, `codesim compare-pruning`). Both measure every result the same way (`measure`: test
 * accuracy, the network annotated with measured densities and bits, its energy on the accelerator).
 * Budgets are checked against the INPUT model's validation accuracy, so a pipeline's stages do not compound
 * their losses: every stage stays within its own `accuracyDrop` of the input.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TrainedModel } from '../train/index.js';
import { initialState, measure, validationAccuracy, type CompressContext, type CompressState, type Measurement, type MeasureFailure } from './context.js';
import type { Pipeline, Stage } from './pipeline.js';
import { prune, type PruneMethod, type PruneRun, type PruneSettings } from './prune.js';
import { activationPruneStage, faultStage, quantizeStage, type StageOutcome } from './stages.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface StageRun {
  /** `baseline` or the stage's name. */
  readonly name: string;
  readonly state: CompressState;
  readonly measurement: Measurement;
  readonly validationAccuracy: number;
  readonly notes: ReadonlyArray<string>;
}

export interface PipelineRun {
  readonly pipeline: Pipeline;
  /** Validation accuracy of the input model: every stage's budget is measured from it. */
  readonly reference: number;
  readonly stages: ReadonlyArray<StageRun>;
}

export interface CurvePoint {
  readonly weightsKept: number;
  readonly accuracy: number;
  readonly energy: number;
}

export interface MethodRun {
  readonly method: PruneMethod;
  readonly run: PruneRun;
  readonly measurement: Measurement;
  /** Test accuracy and energy after every accepted step (the input model first). */
  readonly curve: ReadonlyArray<CurvePoint>;
}

export interface CompareRun {
  readonly baseline: Measurement;
  readonly reference: number;
  readonly settings: PruneSettings;
  readonly methods: ReadonlyArray<MethodRun>;
}

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

const runStage = (ctx: CompressContext, state: CompressState, st: Stage, reference: number): E.Either<MeasureFailure, StageOutcome> => {
  switch (st.stage) {
    case 'quantize':
      return E.right(quantizeStage(ctx, state, st, reference));
    case 'activation-prune':
      return E.right(activationPruneStage(ctx, state, st, reference));
    case 'fault-mitigation':
      return E.right(faultStage(ctx, state, st, reference));
    case 'magnitude-prune':
    case 'flops-prune':
    case 'energy-prune': {
      const method: PruneMethod = st.stage === 'magnitude-prune' ? 'magnitude' : st.stage === 'flops-prune' ? 'flops' : 'energy-aware';
      const settings: PruneSettings = st.stage === 'magnitude-prune'
        ? { targetSparsity: st.targetSparsity, steps: st.steps, accuracyDrop: st.accuracyDrop, retrain: st.retrain, step: 0.2, maxRounds: 12, refitSamples: 256 }
        : { targetSparsity: st.targetSparsity, steps: 1, accuracyDrop: st.accuracyDrop, retrain: st.retrain, step: st.step, maxRounds: st.maxRounds, refitSamples: st.refitSamples };
      return E.map((r: PruneRun): StageOutcome => ({
        state: { ...state, model: r.model },
        notes: [`${method} pruning: ${r.points.length} accepted steps, stopped by ${r.stoppedBy}; weights kept per layer: ${r.model.layers.map((l) => `${l.name} ${(100 * l.mask.reduce((a, b) => a + b, 0) / l.mask.length).toFixed(1)}%`).join(', ')}`],
      }))(prune(ctx, state, method, settings));
    }
  }
};

/** Run a pipeline from a trained model: the baseline measurement, then every stage in order (Left: a layer no mapping fits). */
export const runPipeline = (ctx: CompressContext, model: TrainedModel, pipeline: Pipeline): E.Either<MeasureFailure, PipelineRun> => {
  let state = initialState(model);
  const reference = validationAccuracy(ctx, state);
  ctx.log(`baseline: validation accuracy ${(100 * reference).toFixed(2)}%`);
  const base = measure(ctx, state, `${ctx.net.name}-baseline`);
  if (E.isLeft(base)) return base;
  const stages: StageRun[] = [{ name: 'baseline', state, measurement: base.right, validationAccuracy: reference, notes: [] }];
  for (const [i, st] of pipeline.stages.entries()) {
    ctx.log(`stage ${i + 1}/${pipeline.stages.length}: ${st.stage}`);
    const out = runStage(ctx, state, st, reference);
    if (E.isLeft(out)) return out;
    state = out.right.state;
    const m = measure(ctx, state, `${ctx.net.name}-${i + 1}-${st.stage}`);
    if (E.isLeft(m)) return m;
    stages.push({ name: st.stage, state, measurement: m.right, validationAccuracy: validationAccuracy(ctx, state), notes: out.right.notes });
  }
  return E.right({ pipeline, reference, stages });
};

/** Magnitude vs FLOP-based vs energy-aware pruning of one model, at one accuracy budget (Left: a layer no mapping fits). */
export const comparePruning = (ctx: CompressContext, model: TrainedModel, settings: PruneSettings, methods: ReadonlyArray<PruneMethod>): E.Either<MeasureFailure, CompareRun> => {
  const state = initialState(model);
  const reference = validationAccuracy(ctx, state);
  const base = measure(ctx, state, `${ctx.net.name}-baseline`);
  if (E.isLeft(base)) return base;
  const baseline = base.right;
  const start: CurvePoint = { weightsKept: baseline.weightsKept, accuracy: baseline.accuracy, energy: baseline.energy.total.energy.total };
  const runs: MethodRun[] = [];
  for (const method of methods) {
    ctx.log(`${method}: pruning (target sparsity ${settings.targetSparsity}, budget ${settings.accuracyDrop} points)`);
    const pr = prune(ctx, state, method, settings);
    if (E.isLeft(pr)) return pr;
    const run = pr.right;
    const curve: CurvePoint[] = [start];
    for (const [i, p] of run.points.entries()) {
      const m = measure(ctx, { ...state, model: p.model }, `${ctx.net.name}-${method}-${i + 1}`);
      if (E.isLeft(m)) return m;
      curve.push({ weightsKept: m.right.weightsKept, accuracy: m.right.accuracy, energy: m.right.energy.total.energy.total });
    }
    const final = measure(ctx, { ...state, model: run.model }, `${ctx.net.name}-${method}`);
    if (E.isLeft(final)) return final;
    runs.push({ method, run, measurement: final.right, curve });
  }
  return E.right({ baseline, reference, settings, methods: runs });
};
