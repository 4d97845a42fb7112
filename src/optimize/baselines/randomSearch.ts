/**
 * Random search behind the ask/tell interface: each asked point is drawn uniformly from the space (continuous
 * uniform, discrete values uniform over their sets), rejecting points that fail an a-priori predicate or
 * duplicate an observed/pending point.
 *
 * Reference: Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization" (JMLR 2012).
 */

import * as E from 'fp-ts/lib/Either.js';
import { fromState, makeRng, type RngState } from '../../core/index.js';
import { validateTell } from '../bo/bayesOpt.js';
import { isDuplicate, sampleAdmissible } from '../bo/sampling.js';
import type { Observation, OptimizeError, Optimizer, Predicate } from '../optimizer.js';
import { decode, encode, type Point, type Space } from '../space/space.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Settings of random search. */
export interface RandomConfig {
  readonly space: Space;
  readonly objectives?: number;
  readonly constraints?: number;
  readonly aPriori?: ReadonlyArray<Predicate>;
}

/** JSON-safe state: RNG and the encodings seen so far (for duplicate rejection). */
export interface RandomState {
  readonly _tag: 'RandomState';
  readonly rng: RngState;
  readonly seen: ReadonlyArray<ReadonlyArray<number>>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Random search as an `Optimizer<RandomState>`. @example randomSearch({ space }).init(7) */
export const randomSearch = (config: RandomConfig): Optimizer<RandomState> => {
  const preds = config.aPriori ?? [];
  // Duplicate checks only matter when some parameter is discrete.
  const discrete = config.space.params.some((p) => p._tag !== 'Continuous');
  return {
    name: 'random',
    init: (seed) => ({ _tag: 'RandomState', rng: makeRng(seed).state(), seen: [] }),
    ask: (state, q) => {
      if (!Number.isInteger(q) || q < 1) return E.left({ _tag: 'InvalidRequest', message: `q must be a positive integer, got ${q}` });
      const rng = fromState(state.rng);
      const out: number[][] = [];
      for (let i = 0; i < q; i++) {
        const s = sampleAdmissible(config.space, preds, rng, discrete ? [...state.seen, ...out] : out);
        if (s === undefined) return E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 } as OptimizeError);
        out.push(s.u);
      }
      return E.right([out.map((u) => decode(config.space, u)), { ...state, rng: rng.state(), seen: discrete ? [...state.seen, ...out] : [] }] as const);
    },
    tell: (state: RandomState, points: ReadonlyArray<Point>, observations: ReadonlyArray<Observation>) => {
      const v = validateTell(config.space, config.objectives ?? 1, config.constraints ?? 0, points, observations);
      if (E.isLeft(v)) return v;
      if (!discrete) return E.right(state);
      const us = points.map((p) => encode(config.space, p)).filter((u) => !isDuplicate(u, state.seen));
      return E.right({ ...state, seen: [...state.seen, ...us] });
    },
  };
};
