/**
 * Evaluates mapspace points with the model's kernel, allocation-free: one `EvalContext`, one ERT, one flat
 * mapping and one result array per evaluator (an evaluator belongs to one search).
 */
import { Global, analyze, globalBase, makeContext } from '../dataflow/index.js';
import { buildErt, computeEnergy, priceTotal, tensorEnergy } from '../energy/index.js';
import { fitsPoint, flattenPoint, newFlat, type MapPoint, type Mapspace } from '../mapping/index.js';
import { type Objective, score, tieBreak } from './objective.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

export interface Evaluator {
  /** Evaluate a point that fits; the last result is readable through the fields below. */
  readonly evaluate: (p: MapPoint) => void;
  /** Fan-out and capacity pre-check. */
  readonly fits: (p: MapPoint) => boolean;
  readonly last: { energy: number; cycles: number; score: number; tie: number };
  /** Energy of tensor t (0 W, 1 I, 2 O) in the last evaluation (see `tensorEnergy`). */
  readonly lastTensorEnergy: (t: number) => number;
  /** Compute (MAC) energy and compute cycles of the last evaluation (no loop order changes them). */
  readonly lastComputeEnergy: () => number;
  readonly lastComputeCycles: () => number;
  /** Number of points evaluated so far. */
  evaluated: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const makeEvaluator = (ms: Mapspace, objective: Objective): Evaluator => {
  const ctx = makeContext(ms.arch, ms.problem);
  const ert = buildErt(ms.arch, ms.problem);
  const fm = newFlat(ms);
  const out = new Float64Array(ctx.resultLength);
  const gb = globalBase(ms.numLevels);
  const ev: Evaluator = {
    last: { energy: 0, cycles: 0, score: 0, tie: 0 },
    lastTensorEnergy: (t) => tensorEnergy(ert, out, ms.numLevels, t),
    lastComputeEnergy: () => computeEnergy(ert, out, ms.numLevels),
    lastComputeCycles: () => out[gb + Global.ComputeCycles]!,
    evaluated: 0,
    fits: (p) => fitsPoint(ms, p),
    evaluate: (p) => {
      flattenPoint(ms, p, fm);
      analyze(ctx, fm, out);
      const energy = priceTotal(ert, out, ms.numLevels);
      const cycles = out[gb + Global.Cycles]!;
      ev.last.energy = energy;
      ev.last.cycles = cycles;
      ev.last.score = score(objective, energy, cycles);
      ev.last.tie = tieBreak(objective, energy, cycles);
      ev.evaluated++;
    },
  };
  return ev;
};
