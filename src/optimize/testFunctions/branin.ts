/**
 * Branin–Hoo function on [−5, 10] × [0, 15]:
 *
 *   f(x) = (x₂ − 5.1x₁²/(4π²) + 5x₁/π − 6)² + 10(1 − 1/(8π))·cos x₁ + 10
 *
 * Global minimum 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).
 * Reference: Dixon & Szegő (1978); Surjanovic & Bingham, Virtual Library of Simulation Experiments (SFU).
 */

import { continuous, type Point } from '../space/space.js';
import { knownSpace, type Problem } from './problem.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Branin value at (x1, x2). @example braninValue(Math.PI, 2.275) ≈ 0.397887 */
export const braninValue = (x1: number, x2: number): number => {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
};

/** The Branin problem (2 continuous parameters `x1`, `x2`). */
export const branin: Problem = {
  name: 'branin',
  space: knownSpace([continuous('x1', -5, 10), continuous('x2', 0, 15)]),
  objectives: 1,
  constraints: 0,
  aPriori: [],
  evaluate: (p: Point) => ({ objectives: [braninValue(p['x1'] as number, p['x2'] as number)] }),
  optimum: 0.397887357729738,
  argmin: { x1: Math.PI, x2: 2.275 },
};
