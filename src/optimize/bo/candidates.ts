/**
 * Maximization of an acquisition function over the encoded parameter space, respecting discrete parameters:
 *
 *  1. score `rawSamples` uniformly random valid points plus Gaussian perturbations of the `anchors`
 *     (the best observed points), all projected with `snap`;
 *  2. from the `starts` best distinct candidates, run a (1+λ) evolution strategy in the cube with step-size
 *     adaptation (σ ×1.5 on success, ×0.4 on failure, from 0.05 down to 1e-4), projecting every child with
 *     `snap` so integer / ordinal / categorical values stay valid.
 *
 * Scores are log-acquisition values; −Infinity marks an inadmissible candidate (never returned). Duplicates of
 * `exclude` (observed, pending or already chosen points) are skipped.
 *
 * Reference: the raw-samples-then-local-refinement scheme of BoTorch's `optimize_acqf`, with a derivative-free
 * local step (Beyer & Schwefel, "Evolution strategies — a comprehensive introduction", 2002, §4.1 for the
 * 1/5th-success-style step adaptation).
 */

import type { Rng } from '../../core/index.js';
import { encode, sample, snap, type Space } from '../space/space.js';
import { isDuplicate } from './sampling.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Effort knobs (defaults in parentheses). */
export interface CandidateOptions {
  /** Uniform random candidates (1000). */
  readonly rawSamples?: number;
  /** Perturbations per anchor at each of σ ∈ {0.1, 0.02, 0.004} (20). */
  readonly perAnchor?: number;
  /** Local-refinement starts (4). */
  readonly starts?: number;
  /** Children per ES iteration (12). */
  readonly lambda?: number;
  /** Max ES iterations per start (40). */
  readonly maxIterations?: number;
}

/** Best candidate found: encoding and log-score. */
export interface Candidate {
  readonly u: number[];
  readonly score: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * Approximately maximizes `score` over valid, non-excluded encodings.
 * @param score log-acquisition of one encoded point (−Infinity = inadmissible)
 * @param anchors encoded points to search around (e.g. best observed)
 * @param exclude encodings that must not be returned
 * @returns the best candidate with a finite score, or `undefined` if none was found
 */
export const maximizeAcquisition = (
  space: Space,
  score: (u: ReadonlyArray<number>) => number,
  rng: Rng,
  anchors: ReadonlyArray<ReadonlyArray<number>>,
  exclude: ReadonlyArray<ReadonlyArray<number>>,
  opts: CandidateOptions = {},
): Candidate | undefined => {
  const D = space.dims;
  const raw = opts.rawSamples ?? 1000;
  const perAnchor = opts.perAnchor ?? 20;
  const nStarts = opts.starts ?? 4;
  const lambda = opts.lambda ?? 12;
  const maxIt = opts.maxIterations ?? 40;
  const evalOne = (u: number[]): Candidate => ({ u, score: isDuplicate(u, exclude) ? -Infinity : score(u) });
  const pool: Candidate[] = [];
  for (let i = 0; i < raw; i++) pool.push(evalOne(encode(space, sample(space, rng))));
  for (const a of anchors)
    for (const s of [0.1, 0.02, 0.004])
      for (let i = 0; i < perAnchor; i++) pool.push(evalOne(perturb(space, a, s, rng, i % 2 === 1)));
  const finite = pool.filter((c) => c.score > -Infinity).sort((a, b) => b.score - a.score);
  const starts: Candidate[] = [];
  for (const c of finite) {
    if (starts.length >= nStarts) break;
    if (!isDuplicate(c.u, starts.map((s) => s.u))) starts.push(c);
  }
  let best: Candidate | undefined = finite[0];
  for (const s0 of starts) {
    let cur = s0;
    let sigma = 0.05;
    for (let it = 0; it < maxIt && sigma > 1e-4; it++) {
      let bestChild: Candidate | undefined;
      for (let j = 0; j < lambda; j++) {
        const c = evalOne(perturb(space, cur.u, sigma, rng, j % 2 === 1 && D > 1));
        if (bestChild === undefined || c.score > bestChild.score) bestChild = c;
      }
      if (bestChild !== undefined && bestChild.score > cur.score) {
        cur = bestChild;
        sigma = Math.min(0.2, sigma * 1.5);
      } else sigma *= 0.4;
    }
    if (best === undefined || cur.score > best.score) best = cur;
  }
  return best !== undefined && best.score > -Infinity ? best : undefined;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Gaussian step of scale σ on all coordinates (or on one random coordinate), clipped to the cube, snapped. */
const perturb = (space: Space, u: ReadonlyArray<number>, sigma: number, rng: Rng, single: boolean): number[] => {
  const v = [...u];
  if (single) {
    const k = rng.int(v.length);
    v[k] = clip01(v[k]! + sigma * 2 * rng.normal());
  } else for (let k = 0; k < v.length; k++) v[k] = clip01(v[k]! + sigma * rng.normal());
  return snap(space, v);
};

const clip01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);
