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
import type { Rng } from '../../core/index.js';
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
  /** Also start from `defaultHyper` (default true; always done when there is no usable warm start). */
  readonly defaultStart?: boolean;
  /**
   * Fit θ on a random subset of at most this many points (subset-of-data approximation, Rasmussen & Williams
   * §8.3.1), then condition on all points. Bounds the O(n³) cost per likelihood evaluation. Default: all points.
   */
  readonly maxFitPoints?: number;
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
  const stdz = standardization(y);
  const sub = subset(y.length, opts.maxFitPoints ?? y.length, rng);
  const n = sub.length;
  const xs = new Float64Array(n * d);
  sub.forEach((i, k) => xs.set(x.subarray(i * d, i * d + d), k * d));
  const ys = Float64Array.from(sub, (i) => (y[i]! - stdz.offset) / stdz.scale);
  const usePrior = opts.prior ?? true;
  const { lower, upper } = bounds(d);
  const objective = (theta: Float64Array) => {
    const r = logMarginalLikelihood(xs, ys, n, d, theta);
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
  if (starts.length === 0 || (opts.defaultStart ?? true)) starts.push(defaultHyper(d));
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

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** All indices 0…n−1 if n ≤ k, else k distinct indices drawn uniformly (partial Fisher–Yates), sorted. */
const subset = (n: number, k: number, rng: Rng): number[] => {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n <= k) return idx;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, k).sort((a, b) => a - b);
};
