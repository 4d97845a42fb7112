/**
 * ZDT1 bi-objective problem on [0, 1]^d (d = 6 here, to keep GP-based search quick):
 *
 *   f₁(x) = x₁,   g(x) = 1 + 9/(d−1)·Σᵢ₌₂ᵈ xᵢ,   f₂(x) = g·(1 − √(f₁/g))
 *
 * Pareto front f₂ = 1 − √f₁ (x₂…x_d = 0). With reference point (11, 11) the front's hypervolume is
 * 121 − ∫₀¹ (1 − √t) dt = 120 + 2/3.
 *
 * Reference: Zitzler, Deb & Thiele, "Comparison of multiobjective evolutionary algorithms: empirical results"
 * (Evolutionary Computation 2000); reference point as in BoTorch's `ZDT1`.
 */

import { continuous, type Point } from '../space/space.js';
import { knownSpace, type Problem } from './problem.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** [f₁, f₂] of ZDT1 at x ∈ [0,1]^d (d ≥ 2). */
export const zdt1Value = (x: ReadonlyArray<number>): [number, number] => {
  const d = x.length;
  let s = 0;
  for (let i = 1; i < d; i++) s += x[i]!;
  const g = 1 + (9 / (d - 1)) * s;
  const f1 = x[0]!;
  return [f1, g * (1 - Math.sqrt(f1 / g))];
};

/** The ZDT1 problem in `dims` dimensions (default 6), continuous `x1`…`x{dims}` on [0, 1]. */
export const makeZdt1 = (dims = 6): Problem => {
  const names = Array.from({ length: dims }, (_, i) => `x${i + 1}`);
  return {
    name: 'zdt1',
    space: knownSpace(names.map((n) => continuous(n, 0, 1))),
    objectives: 2,
    constraints: 0,
    aPriori: [],
    evaluate: (p: Point) => ({ objectives: zdt1Value(names.map((n) => p[n] as number)) }),
    referencePoint: [11, 11],
    maxHypervolume: 120 + 2 / 3,
  };
};

/** ZDT1 with d = 6. */
export const zdt1: Problem = makeZdt1(6);
