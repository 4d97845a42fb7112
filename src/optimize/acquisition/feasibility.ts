/**
 * Probability of feasibility of a black-box constraint modelled by its own GP, with feasibility meaning c(x) ≤ 0.
 *
 *   PoF(x) = P(c(x) ≤ 0) = Φ(−μ_c / σ_c)
 *
 * Used for constraints known only after evaluating (e.g. measured accuracy ≥ target, written as
 * target − accuracy ≤ 0). In log space the product over constraints becomes a sum (see `constrained.ts`).
 *
 * Reference: Gardner et al., "Bayesian Optimization with Inequality Constraints" (ICML 2014), eq. 5;
 * Gelbart, Snoek & Adams (UAI 2014).
 */

import { logNormCdf, normCdf } from '../numeric/normal.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * P(c ≤ 0) under c ~ N(mean, variance); with variance 0 it is the indicator [mean ≤ 0].
 * @example probabilityOfFeasibility(0, 1) === 0.5
 */
export const probabilityOfFeasibility = (mean: number, variance: number): number => {
  const s = Math.sqrt(Math.max(variance, 0));
  if (!(s > 0)) return mean <= 0 ? 1 : 0;
  return normCdf(-mean / s);
};

/** log P(c ≤ 0), finite far into the infeasible tail (−Infinity only for a certain violation). */
export const logProbabilityOfFeasibility = (mean: number, variance: number): number => {
  const s = Math.sqrt(Math.max(variance, 0));
  if (!(s > 0)) return mean <= 0 ? 0 : -Infinity;
  return logNormCdf(-mean / s);
};
