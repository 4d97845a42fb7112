/**
 * Hartmann 6-D function on [0, 1]⁶:
 *
 *   f(x) = −Σᵢ₌₁⁴ αᵢ exp(−Σⱼ₌₁⁶ Aᵢⱼ (xⱼ − Pᵢⱼ)²)
 *
 * Global minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
 * Reference: Dixon & Szegő (1978); Surjanovic & Bingham, Virtual Library of Simulation Experiments (SFU).
 */

import { continuous, type Point } from '../space/space.js';
import { knownSpace, type Problem } from './problem.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Hartmann-6 value at x ∈ [0,1]⁶. */
export const hartmann6Value = (x: ReadonlyArray<number>): number => {
  let f = 0;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += A[i]![j]! * (x[j]! - P[i]![j]!) ** 2;
    f -= ALPHA[i]! * Math.exp(-s);
  }
  return f;
};

const NAMES = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'] as const;

/** The Hartmann-6 problem (continuous `x1`…`x6` on [0, 1]). */
export const hartmann6: Problem = {
  name: 'hartmann6',
  space: knownSpace(NAMES.map((n) => continuous(n, 0, 1))),
  objectives: 1,
  constraints: 0,
  aPriori: [],
  evaluate: (p: Point) => ({ objectives: [hartmann6Value(NAMES.map((n) => p[n] as number))] }),
  optimum: -3.322368011391339,
  argmin: { x1: 0.20169, x2: 0.150011, x3: 0.476874, x4: 0.275332, x5: 0.311652, x6: 0.6573 },
};
