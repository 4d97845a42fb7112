/**
 * Gaussian-process hyper-parameters, their packing into an unconstrained-ish vector θ for gradient-based fitting,
 * their box bounds, and a weak log-normal prior (MAP fitting as in BoTorch's default priors, which keeps the
 * fit well-posed with few points).
 *
 *   θ = [log ℓ₁ … log ℓ_d, log σ², log σₙ², c]   (length d + 3)
 *
 * Units: ℓ in unit-cube units; σ², σₙ² and the constant mean c in standardized output units.
 */

import type { Rng } from '../../core/index.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Hyper-parameters of a Matérn-5/2 ARD GP with constant mean and Gaussian noise (JSON-safe). */
export interface GpHyper {
  readonly logLengthscales: ReadonlyArray<number>;
  readonly logSignalVar: number;
  readonly logNoiseVar: number;
  readonly mean: number;
}

/**
 * Box bounds on θ: ℓ ∈ [0.01, 2] (unit-cube units; 2 is already nearly flat across the cube, and capping it keeps
 * the model from declaring a dimension irrelevant on the strength of locally clustered data), σ² ∈ [0.01, 100],
 * σₙ² ∈ [1e-8, 1], c ∈ [−5, 5].
 */
export const BOUNDS = {
  logLengthscale: [Math.log(0.01), Math.log(2)],
  logSignalVar: [Math.log(0.01), Math.log(100)],
  logNoiseVar: [Math.log(1e-8), Math.log(1)],
  mean: [-5, 5],
} as const;

/**
 * Means and standard deviations of the independent normal priors on θ's components. Tuned on Hartmann-6 (see
 * docs/bo.md): short length-scales (median 0.25) and a constant mean held near the data mean (sd 0.1 in
 * standardized units) — a freely fitted mean drifts above the data once samples cluster at good values, which
 * makes unexplored regions look hopeless and EI stalls in a local minimum.
 */
export const PRIOR = {
  logLengthscale: { mu: Math.log(0.25), sd: 0.75 },
  logSignalVar: { mu: 0, sd: 1.5 },
  logNoiseVar: { mu: Math.log(1e-3), sd: 4 },
  mean: { mu: 0, sd: 0.1 },
} as const;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Default starting point: ℓ = 0.5, σ² = 1, σₙ² = 1e-4, c = 0. */
export const defaultHyper = (d: number): GpHyper => ({
  logLengthscales: Array.from({ length: d }, () => Math.log(0.5)),
  logSignalVar: 0,
  logNoiseVar: Math.log(1e-4),
  mean: 0,
});

/** A draw from the prior, clipped to the bounds (a multi-start point). */
export const sampleHyper = (d: number, rng: Rng): GpHyper =>
  unpack(
    clip(
      pack({
        logLengthscales: Array.from({ length: d }, () => PRIOR.logLengthscale.mu + 0.7 * rng.normal()),
        logSignalVar: PRIOR.logSignalVar.mu + 0.5 * rng.normal(),
        logNoiseVar: Math.log(1e-4) + 2 * rng.normal(),
        mean: 0.5 * rng.normal(),
      }),
    ),
    d,
  );

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** θ = [log ℓ, log σ², log σₙ², c] as a Float64Array of length d + 3. */
export const pack = (h: GpHyper): Float64Array => Float64Array.from([...h.logLengthscales, h.logSignalVar, h.logNoiseVar, h.mean]);

/** Inverse of `pack` (θ of length d + 3). */
export const unpack = (theta: ArrayLike<number>, d: number): GpHyper => ({
  logLengthscales: Array.from({ length: d }, (_, i) => theta[i]!),
  logSignalVar: theta[d]!,
  logNoiseVar: theta[d + 1]!,
  mean: theta[d + 2]!,
});

/** Lower and upper bound vectors for θ (length d + 3). */
export const bounds = (d: number): { readonly lower: Float64Array; readonly upper: Float64Array } => ({
  lower: Float64Array.from([
    ...Array.from({ length: d }, () => BOUNDS.logLengthscale[0]),
    BOUNDS.logSignalVar[0],
    BOUNDS.logNoiseVar[0],
    BOUNDS.mean[0],
  ]),
  upper: Float64Array.from([
    ...Array.from({ length: d }, () => BOUNDS.logLengthscale[1]),
    BOUNDS.logSignalVar[1],
    BOUNDS.logNoiseVar[1],
    BOUNDS.mean[1],
  ]),
});

/** θ clipped into its box. */
export const clip = (theta: Float64Array): Float64Array => {
  const d = theta.length - 3;
  const { lower, upper } = bounds(d);
  return theta.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)));
};

/**
 * Log prior density (up to a constant) and its gradient: Σᵢ −(θᵢ − μᵢ)²/(2sᵢ²).
 * @returns value and gradient (length d + 3)
 */
export const logPrior = (theta: ArrayLike<number>): { readonly value: number; readonly gradient: Float64Array } => {
  const d = theta.length - 3;
  const g = new Float64Array(theta.length);
  let v = 0;
  const term = (i: number, mu: number, sd: number): void => {
    const z = (theta[i]! - mu) / sd;
    v -= 0.5 * z * z;
    g[i] = -z / sd;
  };
  for (let i = 0; i < d; i++) term(i, PRIOR.logLengthscale.mu, PRIOR.logLengthscale.sd);
  term(d, PRIOR.logSignalVar.mu, PRIOR.logSignalVar.sd);
  term(d + 1, PRIOR.logNoiseVar.mu, PRIOR.logNoiseVar.sd);
  term(d + 2, PRIOR.mean.mu, PRIOR.mean.sd);
  return { value: v, gradient: g };
};
