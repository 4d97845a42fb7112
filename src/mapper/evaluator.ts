/**
 * Evaluates mapspace points with the model's fused kernel (`analyzeCost`: counts folded into energy as they are
 * final, no result array), allocation-free: one `EvalContext`, one prepared ERT and one flat mapping per
 * evaluator (an evaluator belongs to one search).
 */
import { Global, analyzeCost, macCost, makeContext, prepareCost } from '../dataflow/index.js';
import { buildErt } from '../energy/index.js';
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
  const cost = prepareCost(ert, ms.numLevels);
  const fm = newFlat(ms);
  const g = ctx.lastGlobals;
  const ev: Evaluator = {
    last: { energy: 0, cycles: 0, score: 0, tie: 0 },
    lastTensorEnergy: (t) => ctx.lastTensorCost[t]!,
    lastComputeEnergy: () => macCost(cost, g, 0),
    lastComputeCycles: () => g[Global.ComputeCycles]!,
    evaluated: 0,
    fits: (p) => fitsPoint(ms, p),
    evaluate: (p) => {
      flattenPoint(ms, p, fm);
      const energy = analyzeCost(ctx, fm, cost);
      const cycles = g[Global.Cycles]!;
      ev.last.energy = energy;
      ev.last.cycles = cycles;
      ev.last.score = score(objective, energy, cycles);
      ev.last.tie = tieBreak(objective, energy, cycles);
      ev.evaluated++;
    },
  };
  return ev;
};
