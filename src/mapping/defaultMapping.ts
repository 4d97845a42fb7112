/**
 * A simple valid mapping for when the user gives none (the mapper finds the best one; this only guarantees a
 * valid starting point). Greedy:
 *  1. every loop starts at the backing store (level 0), every level keeps what its hardware may keep;
 *  2. each fan-out is filled with divisors of the remaining bounds: X takes K (then P, N, Q), Y takes C (then R, S, P, Q);
 *  3. from the innermost level outwards, prime factors are moved from level 0 into the level's temporal loops
 *     (R, S, C, Q, P, K, N, G order) while the tiles still fit.
 * Deterministic: no search, no randomness.
 */
import * as E from 'fp-ts/lib/Either.js';
import { fanout, type Arch } from '../arch/index.js';
import { DIMS, type Dim, type DimVector, type Problem } from '../workload/index.js';
import type { LevelMapping, Mapping } from './mapping.js';
import { validateMapping, type MappingInvalid } from './validate.js';

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

export const defaultMapping = (arch: Arch, problem: Problem): E.Either<ReadonlyArray<MappingInvalid>, Mapping> => {
  const L = arch.levels.length;
  const ones = (): Record<Dim, number> => ({ N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 });
  const temporal = Array.from({ length: L }, ones);
  const sx = Array.from({ length: L }, ones);
  const sy = Array.from({ length: L }, ones);
  const top = temporal[0]!;
  for (const d of DIMS) top[d] = problem.bounds[d];
  const build = (): Mapping => ({
    levels: temporal.map(
      (t, l): LevelMapping => ({
        temporal: { ...t } as DimVector,
        permutation: DIMS,
        spatialX: { ...sx[l]! } as DimVector,
        spatialY: { ...sy[l]! } as DimVector,
        keep: { ...arch.levels[l]!.keeps },
      }),
    ),
    origin: 'default: greedy fill (no search)',
  });
  const fits = (): boolean => E.isRight(validateMapping(arch, problem, build()));

  for (let l = 0; l < L; l++) {
    const fo = fanout(arch, l);
    const fill = (axis: Record<Dim, number>, room: number, order: ReadonlyArray<Dim>): void => {
      let left = room;
      for (const d of order) {
        const f = largestDivisorAtMost(top[d], left);
        if (f <= 1) continue;
        axis[d] *= f;
        top[d] /= f;
        left = Math.floor(left / f);
        if (!fits()) {
          axis[d] /= f;
          top[d] *= f;
          left = left * f;
        }
      }
    };
    fill(sx[l]!, fo.x, ['K', 'P', 'N', 'Q']);
    fill(sy[l]!, fo.y, ['C', 'R', 'S', 'P', 'Q']);
  }
  for (let l = L - 1; l >= 1; l--) {
    for (const d of ['R', 'S', 'C', 'Q', 'P', 'K', 'N', 'G'] as const) {
      for (const f of primeFactors(top[d])) {
        temporal[l]![d] *= f;
        top[d] /= f;
        if (!fits()) {
          temporal[l]![d] /= f;
          top[d] *= f;
          break;
        }
      }
    }
  }
  return validateMapping(arch, problem, build());
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Largest divisor of n that is ≤ cap (≥ 1). */
export const largestDivisorAtMost = (n: number, cap: number): number => {
  for (let f = Math.min(n, cap); f >= 1; f--) if (n % f === 0) return f;
  return 1;
};

/** Prime factors of n in ascending order, with multiplicity. */
export const primeFactors = (n: number): number[] => {
  const out: number[] = [];
  let m = n;
  for (let p = 2; p * p <= m; p++) while (m % p === 0) {
    out.push(p);
    m /= p;
  }
  if (m > 1) out.push(m);
  return out;
};
