/**
 * Gramacy et al.'s constrained toy problem on [0, 1]²:
 *
 *   min x₁ + x₂   s.t.  c₁(x) = 1.5 − x₁ − 2x₂ − 0.5·sin(2π(x₁² − 2x₂)) ≤ 0,   c₂(x) = x₁² + x₂² − 1.5 ≤ 0
 *
 * Constrained minimum ≈ 0.5998 at (0.1954, 0.4044). The constraints are cheap closed forms, so they double as
 * the a-priori predicates of HW-IECI (`aPriori`); `evaluate` also reports their values for black-box (PoF) use.
 *
 * Reference: Gramacy, Gray, Le Digabel, Lee, Ranjan, Wells & Wild, "Modeling an augmented Lagrangian for
 * blackbox constrained optimization" (Technometrics 2016), §4.1.
 */

import { continuous, type Point } from '../space/space.js';
import { knownSpace, type Problem } from './problem.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Constraint values [c₁, c₂] at (x1, x2); feasible iff both ≤ 0. */
export const gramacyConstraints = (x1: number, x2: number): [number, number] => [
  1.5 - x1 - 2 * x2 - 0.5 * Math.sin(2 * Math.PI * (x1 * x1 - 2 * x2)),
  x1 * x1 + x2 * x2 - 1.5,
];

const xs = (p: Point): [number, number] => [p['x1'] as number, p['x2'] as number];

/** The constrained problem ("constrained" in the bench): objective x1 + x2, two constraints. */
export const gramacy: Problem = {
  name: 'constrained',
  space: knownSpace([continuous('x1', 0, 1), continuous('x2', 0, 1)]),
  objectives: 1,
  constraints: 2,
  aPriori: [(p) => gramacyConstraints(...xs(p))[0] <= 0, (p) => gramacyConstraints(...xs(p))[1] <= 0],
  evaluate: (p: Point) => {
    const [x1, x2] = xs(p);
    return { objectives: [x1 + x2], constraints: gramacyConstraints(x1, x2) };
  },
  optimum: 0.599788,
  argmin: { x1: 0.1954, x2: 0.4044 },
};
