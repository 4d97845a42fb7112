/**
 * Hyper-parameter fitting for the Matérn-5/2 ARD GP: maximize the log marginal likelihood plus a weak log-normal
 * prior (MAP) over θ = [log ℓ, log σ², log σₙ², c], by L-BFGS with analytic gradients from several starts
 * (a warm start, the default point, and prior draws), then condition the GP on the data with the best θ.
 *
 * Shapes: x is n×d row-major in [0,1]^d; y has length n in output units (standardized internally).
 *
 * Reference: Rasmussen & Williams (2006) §5.4.1; Snoek, Larochelle & Adams, "Practical Bayesian Optimization of
 * Machine Learning Algorithms" (NeurIPS 2012) for Matérn-5/2 ARD in BO.
 */

import * as E from 'fp-ts/lib/Either.js';
import type { Rng } from '../../core/rng.js';
import { lbfgs } from '../numeric/lbfgs.js';
import type { NotPositiveDefinite } from './cholesky.js';
import { conditionGp, standardization, type Gp } from './gp.js';
import { bounds, clip, defaultHyper, logPrior, pack, sampleHyper, unpack, type GpHyper } from './hyper.js';
import { logMarginalLikelihood } from './likelihood.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Fitting options. `restarts` counts random prior draws in addition to the warm and default starts. */
export interface FitOptions {
  readonly warmStart?: GpHyper;
  readonly restarts?: number;
  readonly maxEvalsPerStart?: number;
  /** Include the log-normal prior (MAP); default true. */
  readonly prior?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Fits hyper-parameters and conditions the GP.
 * @param x n×d inputs (unit cube); @param y length-n targets; @param rng source for the random restarts
 * @returns the GP at the best θ found, or `Left(NotPositiveDefinite)` if no θ gives a factorizable K
 */
export const fitGp = (
  x: Float64Array,
  y: ArrayLike<number>,
  d: number,
  rng: Rng,
  opts: FitOptions = {},
): E.Either<NotPositiveDefinite, Gp> => {
  const n = y.length;
  const stdz = standardization(y);
  const ys = Float64Array.from({ length: n }, (_, i) => (y[i]! - stdz.offset) / stdz.scale);
  const usePrior = opts.prior ?? true;
  const { lower, upper } = bounds(d);
  const objective = (theta: Float64Array) => {
    const r = logMarginalLikelihood(x, ys, n, d, theta);
    if (E.isLeft(r)) return { value: Infinity, gradient: new Float64Array(d + 3) };
    let v = r.right.value;
    const g = r.right.gradient;
    if (usePrior) {
      const p = logPrior(theta);
      v += p.value;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! + p.gradient[i]!;
    }
    return { value: -v, gradient: g.map((gi) => -gi) };
  };
  const starts: GpHyper[] = [];
  if (opts.warmStart !== undefined && opts.warmStart.logLengthscales.length === d) starts.push(opts.warmStart);
  starts.push(defaultHyper(d));
  const restarts = opts.restarts ?? 2;
  for (let r = 0; r < restarts; r++) starts.push(sampleHyper(d, rng));
  let best: { theta: Float64Array; value: number } | undefined;
  for (const s of starts) {
    const res = lbfgs(objective, clip(pack(s)), { lower, upper, maxEvals: opts.maxEvalsPerStart ?? 60 });
    if (Number.isFinite(res.value) && (best === undefined || res.value < best.value)) best = { theta: res.x, value: res.value };
  }
  const theta = best?.theta ?? clip(pack(defaultHyper(d)));
  return conditionGp(x, y, d, unpack(theta, d), stdz);
};
