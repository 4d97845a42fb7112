/**
 * Log marginal likelihood of a Matérn-5/2 ARD GP with constant mean and Gaussian noise, with its analytic
 * gradient in the log-hyper-parameters θ = [log ℓ, log σ², log σₙ², c] (see `hyper.ts`).
 *
 *   log p(y | X, θ) = −½ (y − c)ᵀ K⁻¹ (y − c) − ½ log|K| − (n/2) log 2π,   K = K_f + σₙ² I
 *   ∂/∂θᵢ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θᵢ),   α = K⁻¹ (y − c),   ∂/∂c = Σᵢ αᵢ
 *
 * Shapes: x is n×d row-major (unit cube), y has length n (standardized). Cost: O(n³) (Cholesky and K⁻¹) plus
 * O(n²·d) for the trace terms.
 *
 * Reference: Rasmussen & Williams (2006), eqs. 2.30 and 5.9.
 */

import * as E from 'fp-ts/lib/Either.js';
import { cholesky, inverse, logDet, solve, type NotPositiveDefinite } from './cholesky.js';
import { gram, matern52, matern52Deriv } from './kernel.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Log marginal likelihood (nats) and its gradient with respect to θ (length d + 3). */
export interface LmlValue {
  readonly value: number;
  readonly gradient: Float64Array;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * log p(y | X, θ) and ∂/∂θ.
 * @param x n×d inputs; @param y length-n targets; @param theta length d + 3
 * @returns `Left(NotPositiveDefinite)` if K cannot be factorized even with jitter
 */
export const logMarginalLikelihood = (
  x: Float64Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  theta: ArrayLike<number>,
): E.Either<NotPositiveDefinite, LmlValue> => {
  const invLs2 = new Float64Array(d);
  for (let k = 0; k < d; k++) invLs2[k] = Math.exp(-2 * theta[k]!);
  const sf2 = Math.exp(theta[d]!);
  const sn2 = Math.exp(theta[d + 1]!);
  const c = theta[d + 2]!;
  const K = gram(x, n, d, invLs2, sf2, sn2);
  const ch = cholesky(K, n, { maxTries: 4 });
  if (E.isLeft(ch)) return ch;
  const r = Float64Array.from({ length: n }, (_, i) => y[i]! - c);
  const alpha = solve(ch.right, r);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += r[i]! * alpha[i]!;
  const value = -0.5 * quad - 0.5 * logDet(ch.right) - 0.5 * n * Math.log(2 * Math.PI);
  const Kinv = inverse(ch.right);
  const g = new Float64Array(d + 3);
  let gSf = 0;
  let trKinv = 0;
  let aa = 0;
  let sumAlpha = 0;
  const diff2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ai = alpha[i]!;
    const wii = ai * ai - Kinv[i * n + i]!;
    gSf += 0.5 * wii * sf2;
    trKinv += Kinv[i * n + i]!;
    aa += ai * ai;
    sumAlpha += ai;
    const xi = i * d;
    for (let j = 0; j < i; j++) {
      const w = ai * alpha[j]! - Kinv[i * n + j]!;
      const xj = j * d;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const t = x[xi + k]! - x[xj + k]!;
        const t2 = t * t * invLs2[k]!;
        diff2[k] = t2;
        r2 += t2;
      }
      const rr = Math.sqrt(r2);
      // Off-diagonal pairs appear twice in the trace; with the ½ in front the factor is 1.
      gSf += w * sf2 * matern52(rr);
      const base = w * sf2 * matern52Deriv(rr);
      for (let k = 0; k < d; k++) g[k] = g[k]! + base * diff2[k]!;
    }
  }
  g[d] = gSf;
  g[d + 1] = 0.5 * sn2 * (aa - trKinv);
  g[d + 2] = sumAlpha;
  return E.right({ value, gradient: g });
};
