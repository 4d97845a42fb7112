/**
 * The ask/tell interface shared by Bayesian optimization and the baselines (random search, NSGA-II).
 *
 * An `Optimizer<S>` is a record of pure functions over a plain, JSON-safe state `S`:
 *
 *   init(seed) → S
 *   ask(S, q)  → Either<OptimizeError, [q points, S']>        (S' remembers the points as pending)
 *   tell(S, points, observations) → Either<OptimizeError, S'>
 *
 * All objectives are *minimized*; black-box constraints are feasible iff ≤ 0. Everything that is not data (the
 * parameter space, a-priori predicates, settings) lives in the optimizer record, so `JSON.parse(JSON.stringify(s))`
 * restores a run exactly: the same subsequent suggestions bit for bit (sweeps resume after a crash).
 */

import type { Either } from 'fp-ts/lib/Either.js';
import type { NotPositiveDefinite } from './gp/cholesky.js';
import type { Point } from './space/space.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** The outcome of evaluating one point: objective values (minimized) and black-box constraint values (≤ 0 ok). */
export interface Observation {
  readonly objectives: ReadonlyArray<number>;
  readonly constraints?: ReadonlyArray<number>;
}

/** A caller-supplied a-priori constraint model (HW-IECI): `true` iff the point is predicted to be admissible. */
export type Predicate = (point: Point) => boolean;

/** Expected failures of an optimizer, as values. */
export type OptimizeError =
  | { readonly _tag: 'InvalidRequest'; readonly message: string }
  | { readonly _tag: 'InvalidObservation'; readonly index: number; readonly message: string }
  | { readonly _tag: 'NoFeasibleCandidate'; readonly tried: number }
  | NotPositiveDefinite;

/** A seeded, deterministic ask/tell optimizer over a JSON-safe state S. */
export interface Optimizer<S> {
  readonly name: string;
  readonly init: (seed: number) => S;
  readonly ask: (state: S, q: number) => Either<OptimizeError, readonly [ReadonlyArray<Point>, S]>;
  readonly tell: (
    state: S,
    points: ReadonlyArray<Point>,
    observations: ReadonlyArray<Observation>,
  ) => Either<OptimizeError, S>;
}
