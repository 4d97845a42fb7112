/**
 * A benchmark problem with a known optimum, as library code (BoTorch `test_functions` style): a parameter space,
 * an evaluation that returns an `Observation`, the a-priori predicates a caller could supply, and the reference
 * values needed to score a run (optimum for regret, reference point and maximal hypervolume for Pareto problems).
 */

import * as E from 'fp-ts/lib/Either.js';
import type { Observation, Predicate } from '../optimizer.js';
import { makeSpace, type Param, type Point, type Space } from '../space/space.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** A test problem (all objectives minimized; constraint values ≤ 0 are feasible). */
export interface Problem {
  readonly name: string;
  readonly space: Space;
  readonly objectives: number;
  /** Number of constraint values `evaluate` reports (0 if unconstrained). */
  readonly constraints: number;
  /** Constraints that are cheap to compute up front, as predicates (the HW-IECI a-priori models). */
  readonly aPriori: ReadonlyArray<Predicate>;
  readonly evaluate: (p: Point) => Observation;
  /** Known global minimum (single-objective problems). */
  readonly optimum?: number;
  /** Where it is attained (one minimizer). */
  readonly argmin?: Point;
  /** Hypervolume reference point and the hypervolume of the true Pareto front (multi-objective problems). */
  readonly referencePoint?: ReadonlyArray<number>;
  readonly maxHypervolume?: number;
}

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** A space from parameters known to be valid (the test problems' own definitions). */
export const knownSpace = (params: ReadonlyArray<Param>): Space =>
  E.getOrElse<unknown, Space>(() => {
    throw new Error('unreachable: invalid built-in test space');
  })(makeSpace(params));
