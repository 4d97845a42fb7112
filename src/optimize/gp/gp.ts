/**
 * A fitted Gaussian-process regression model and its posterior: Matérn-5/2 ARD kernel, constant mean, Gaussian
 * noise, with outputs standardized internally (ỹ = (y − ȳ)/s_y) and inputs in the unit cube.
 *
 *   μ(x*) = ȳ + s_y·(c + k*ᵀ α),           α = K⁻¹(ỹ − c)
 *   σ²(x*) = s_y²·(σ² − k*ᵀ K⁻¹ k*)         (latent f, without observation noise)
 *
 * Shapes: training inputs n×d row-major `Float64Array`; query inputs m×d; outputs length m. Means are in the
 * caller's output units, variances in those units squared.
 *
 * Reference: Rasmussen & Williams (2006), Alg. 2.1.
 */

import * as E from 'fp-ts/lib/Either.js';
import { cholesky, extend, solve, solveLower, type Cholesky, type NotPositiveDefinite } from './cholesky.js';
import type { GpHyper } from './hyper.js';
import { crossCov, gram } from './kernel.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A conditioned GP (immutable once built; Float64Array fields are never mutated after construction). */
export interface Gp {
  readonly n: number;
  readonly d: number;
  /** n×d training inputs in [0,1]^d. */
  readonly x: Float64Array;
  /** Standardized targets ỹ (length n). */
  readonly yStd: Float64Array;
  /** Output standardization: y = offset + scale·ỹ. */
  readonly offset: number;
  readonly scale: number;
  readonly hyper: GpHyper;
  readonly invLs2: Float64Array;
  readonly signalVar: number;
  readonly noiseVar: number;
  readonly chol: Cholesky;
  readonly alpha: Float64Array;
}

/** Posterior marginals at m query points (mean in output units, variance in output units²). */
export interface Posterior {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Mean and standard deviation used to standardize targets (scale 1 when all targets are equal). */
export const standardization = (y: ArrayLike<number>): { readonly offset: number; readonly scale: number } => {
  const n = y.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += y[i]!;
  m = n > 0 ? m / n : 0;
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i]! - m) ** 2;
  const s = n > 1 ? Math.sqrt(v / (n - 1)) : 0;
  return { offset: m, scale: s > 1e-12 * Math.max(1, Math.abs(m)) ? s : 1 };
};

/**
 * Conditions a GP with given hyper-parameters on data.
 * @param x n×d inputs in [0,1]^d; @param y length-n targets (output units)
 * @param stdz optional fixed standardization (defaults to `standardization(y)`)
 */
export const conditionGp = (
  x: Float64Array,
  y: ArrayLike<number>,
  d: number,
  hyper: GpHyper,
  stdz: { readonly offset: number; readonly scale: number } = standardization(y),
): E.Either<NotPositiveDefinite, Gp> => {
  const n = y.length;
  const yStd = Float64Array.from({ length: n }, (_, i) => (y[i]! - stdz.offset) / stdz.scale);
  const invLs2 = Float64Array.from(hyper.logLengthscales, (l) => Math.exp(-2 * l));
  const signalVar = Math.exp(hyper.logSignalVar);
  const noiseVar = Math.exp(hyper.logNoiseVar);
  const ch = cholesky(gram(x, n, d, invLs2, signalVar, noiseVar), n);
  if (E.isLeft(ch)) return ch;
  const alpha = solve(ch.right, Float64Array.from(yStd, (v) => v - hyper.mean));
  return E.right({
    n,
    d,
    x,
    yStd,
    offset: stdz.offset,
    scale: stdz.scale,
    hyper,
    invLs2,
    signalVar,
    noiseVar,
    chol: ch.right,
    alpha,
  });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/**
 * Posterior mean and latent variance at the m rows of `z` (m×d). Cost O(m·(n·d + n²/2)).
 * Variances are floored at 1e-12·σ²·s_y² so that σ > 0 downstream.
 */
export const posterior = (gp: Gp, z: Float64Array, m: number): Posterior => {
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const { n, d, invLs2, signalVar, alpha, chol, scale, offset } = gp;
  const s2 = scale * scale;
  for (let j = 0; j < m; j++) {
    const k = crossCov(gp.x, n, z, j, d, invLs2, signalVar);
    let mu = gp.hyper.mean;
    for (let i = 0; i < n; i++) mu += k[i]! * alpha[i]!;
    mean[j] = offset + scale * mu;
    const v = solveLower(chol, k);
    let q = 0;
    for (let i = 0; i < n; i++) q += v[i]! * v[i]!;
    variance[j] = Math.max(signalVar - q, 1e-12 * signalVar) * s2;
  }
  return { mean, variance };
};

/**
 * Adds one observation (x, y) without refitting hyper-parameters or the standardization, in O(n²) by extending
 * the Cholesky factor. With y = μ(x) this is the *kriging believer* fantasy used for batch proposals
 * (Ginsbourger, Le Riche & Carraro, "Kriging is well-suited to parallelize optimization", 2010).
 */
export const addObservation = (gp: Gp, xNew: ArrayLike<number>, y: number): E.Either<NotPositiveDefinite, Gp> => {
  const { n, d } = gp;
  const z = Float64Array.from(xNew);
  const k = crossCov(gp.x, n, z, 0, d, gp.invLs2, gp.signalVar);
  const ch = extend(gp.chol, k, gp.signalVar + gp.noiseVar);
  if (E.isLeft(ch)) return ch;
  const x = new Float64Array((n + 1) * d);
  x.set(gp.x);
  x.set(z, n * d);
  const yStd = new Float64Array(n + 1);
  yStd.set(gp.yStd);
  yStd[n] = (y - gp.offset) / gp.scale;
  const alpha = solve(ch.right, Float64Array.from(yStd, (v) => v - gp.hyper.mean));
  return E.right({ ...gp, n: n + 1, x, yStd, chol: ch.right, alpha });
};
