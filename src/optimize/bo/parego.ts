/**
 * ParEGO scalarization for multi-objective Bayesian optimization: each ask draws a weight vector λ uniformly from
 * the simplex and the GP models the augmented Chebyshev scalarization of the objectives normalized to [0,1] by
 * their observed ranges:
 *
 *   f_λ(y) = maxᵢ λᵢ ỹᵢ + ρ Σᵢ λᵢ ỹᵢ,   ỹᵢ = (yᵢ − minᵢ)/(maxᵢ − minᵢ),   ρ = 0.05
 *
 * Shapes: `ys` is n×m (m = 2–3 objectives, minimized); the result has length n.
 *
 * Reference: Knowles, "ParEGO: a hybrid algorithm with on-line landscape approximation for expensive
 * multiobjective optimization problems" (IEEE TEC 2006), eq. 2.
 */

import type { Rng } from '../../core/index.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** A weight vector uniform on the (m−1)-simplex (normalized exponential draws). */
export const simplexWeights = (m: number, rng: Rng): number[] => {
  const e = Array.from({ length: m }, () => -Math.log(1 - rng.next()));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** Augmented Chebyshev scalarization of every row of `ys` with weights λ (ρ = 0.05). */
export const chebyshev = (ys: ReadonlyArray<ReadonlyArray<number>>, lambda: ReadonlyArray<number>, rho = 0.05): number[] => {
  const m = lambda.length;
  const lo = Array.from({ length: m }, (_, i) => Math.min(...ys.map((y) => y[i]!)));
  const hi = Array.from({ length: m }, (_, i) => Math.max(...ys.map((y) => y[i]!)));
  return ys.map((y) => {
    let mx = -Infinity;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const t = hi[i]! > lo[i]! ? (y[i]! - lo[i]!) / (hi[i]! - lo[i]!) : 0;
      mx = Math.max(mx, lambda[i]! * t);
      sum += lambda[i]! * t;
    }
    return mx + rho * sum;
  });
};
