/**
 * Expected improvement for *minimization*, and its numerically stable logarithm.
 *
 *   EI(x) = E[max(f* − f(x), 0)] = σ·h(z),   z = (f* − μ)/σ,   h(z) = φ(z) + z·Φ(z)
 *
 * The acquisition sees only a posterior mean μ and variance σ² (output units, units²), so tests can mock the GP.
 * log-EI stays finite and informative where EI underflows to 0 (z ≪ 0), which keeps the candidate optimizer
 * from facing flat zero plateaus.
 *
 * References: Jones, Schonlau & Welch, "Efficient Global Optimization of Expensive Black-Box Functions" (1998);
 * Ament et al., "Unexpected Improvements to Expected Improvement for Bayesian Optimization" (NeurIPS 2023), eq. 9
 * (the three-branch log h), as in BoTorch's `LogExpectedImprovement`.
 */

import { HALF_LOG_2PI, erfcx, log1mexp, normCdf, normPdf } from '../numeric/normal.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

const EPS = 2.220446049250313e-16;
const INV_SQRT_EPS = 1 / Math.sqrt(EPS);
const HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * EI for minimization; EI ≥ 0 always, and EI = max(f* − μ, 0) when σ² = 0.
 * @param mean μ(x); @param variance σ²(x) ≥ 0; @param best incumbent f* (lowest observed value)
 * @example expectedImprovement(0, 1, 0) ≈ 0.3989422804014327 // φ(0)
 */
export const expectedImprovement = (mean: number, variance: number, best: number): number => {
  const sigma = Math.sqrt(Math.max(variance, 0));
  if (!(sigma > 0)) return Math.max(best - mean, 0);
  const z = (best - mean) / sigma;
  return Math.max(sigma * (normPdf(z) + z * normCdf(z)), 0);
};

/**
 * log h(z) = log(φ(z) + zΦ(z)), accurate for all finite z (−∞ only at z = −∞).
 * Branches: z > −1 direct; −1/√ε < z ≤ −1 via erfcx; z ≤ −1/√ε asymptotic −z²/2 − ½log2π − 2 log|z|.
 */
export const logH = (z: number): number => {
  if (z > -1) return Math.log(normPdf(z) + z * normCdf(z));
  if (z > -INV_SQRT_EPS) {
    const a = Math.log(erfcx(-z / Math.SQRT2) * Math.abs(z)) + HALF_LOG_PI_OVER_2;
    return -0.5 * z * z - HALF_LOG_2PI + log1mexp(a);
  }
  return -0.5 * z * z - HALF_LOG_2PI - 2 * Math.log(Math.abs(z));
};

/**
 * log EI for minimization: log σ + log h((f* − μ)/σ). Returns −Infinity where EI is exactly 0
 * (σ² = 0 and μ ≥ f*).
 * @example logExpectedImprovement(100, 1, 0) ≈ -5005.524 // EI itself underflows to 0
 */
export const logExpectedImprovement = (mean: number, variance: number, best: number): number => {
  const sigma = Math.sqrt(Math.max(variance, 0));
  if (!(sigma > 0)) return best > mean ? Math.log(best - mean) : -Infinity;
  return Math.log(sigma) + logH((best - mean) / sigma);
};
