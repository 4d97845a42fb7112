/**
 * Rejection sampling of admissible, non-duplicate points, and the distance-based duplicate test shared by the
 * Bayesian optimizer and the baselines.
 *
 * Two encoded points u, v ∈ [0,1]^D are duplicates when ‖u − v‖∞ < 1e-9 (discrete parameters snap to identical
 * encodings; continuous ones virtually never collide by chance).
 */

import type { Rng } from '../../core/index.js';
import type { Predicate } from '../optimizer.js';
import { encode, sample, type Point, type Space } from '../space/space.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Tolerance of the duplicate test (unit-cube ∞-norm). */
export const DUPLICATE_TOL = 1e-9;

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Whether `u` is within `DUPLICATE_TOL` (∞-norm) of any row of `others`. Cost O(|others|·D). */
export const isDuplicate = (u: ArrayLike<number>, others: ReadonlyArray<ArrayLike<number>>): boolean => {
  outer: for (const v of others) {
    for (let k = 0; k < u.length; k++) if (Math.abs(u[k]! - v[k]!) >= DUPLICATE_TOL) continue outer;
    return true;
  }
  return false;
};

/** Whether a point satisfies every a-priori predicate. */
export const admissible = (predicates: ReadonlyArray<Predicate>, p: Point): boolean => predicates.every((g) => g(p));

/**
 * A uniformly random point that satisfies every predicate and duplicates none of `exclude`, by rejection.
 * @returns the point and its encoding, or `undefined` after `maxTries` rejections
 */
export const sampleAdmissible = (
  space: Space,
  predicates: ReadonlyArray<Predicate>,
  rng: Rng,
  exclude: ReadonlyArray<ArrayLike<number>>,
  maxTries = 10_000,
): { readonly point: Point; readonly u: number[] } | undefined => {
  for (let t = 0; t < maxTries; t++) {
    const point = sample(space, rng);
    if (!admissible(predicates, point)) continue;
    const u = encode(space, point);
    if (!isDuplicate(u, exclude)) return { point, u };
  }
  return undefined;
};
