/**
 * NSGA-II behind the ask/tell interface (steady-state form): the population is the elitist selection of the best
 * `populationSize` evaluated points by constrained non-domination rank, then crowding distance; each asked point
 * is a child of two binary-tournament parents via simulated binary crossover (SBX, η_c = 15, p = 0.9) and
 * polynomial mutation (η_m = 20, per-coordinate probability 1/D), in the unit-cube encoding, then snapped to a
 * valid point. The first `populationSize` points are random. A-priori predicates are enforced by rejection.
 *
 * Constrained domination (Deb 2000): feasible points beat infeasible ones; infeasible points are ordered by total
 * violation Σ max(cⱼ, 0). With one objective this is an elitist real-coded GA.
 *
 * Reference: Deb et al., "A fast and elitist multiobjective genetic algorithm: NSGA-II" (IEEE TEC 2002);
 * Deb & Agrawal (1995) for SBX and polynomial mutation.
 */

import * as E from 'fp-ts/lib/Either.js';
import { fromState, makeRng, type Rng, type RngState } from '../../core/index.js';
import { validateTell } from '../bo/bayesOpt.js';
import { admissible, isDuplicate, sampleAdmissible } from '../bo/sampling.js';
import { crowdingDistance, nonDominatedSort } from '../multi/pareto.js';
import type { Observation, OptimizeError, Optimizer, Predicate } from '../optimizer.js';
import { decode, encode, snap, type Point, type Space } from '../space/space.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Settings of NSGA-II. */
export interface NsgaConfig {
  readonly space: Space;
  readonly objectives?: number;
  readonly constraints?: number;
  readonly aPriori?: ReadonlyArray<Predicate>;
  /** Population size (default 20). */
  readonly populationSize?: number;
}

/** One evaluated individual (encoding, objectives, constraints). */
export interface Individual {
  readonly u: ReadonlyArray<number>;
  readonly y: ReadonlyArray<number>;
  readonly c: ReadonlyArray<number>;
}

/** JSON-safe state: RNG, current population (sorted best-first), pending asked points, count of told points. */
export interface NsgaState {
  readonly _tag: 'NsgaState';
  readonly rng: RngState;
  readonly population: ReadonlyArray<Individual>;
  readonly pending: ReadonlyArray<ReadonlyArray<number>>;
  readonly told: number;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** NSGA-II as an `Optimizer<NsgaState>`. @example nsga2({ space, objectives: 2 }).init(3) */
export const nsga2 = (config: NsgaConfig): Optimizer<NsgaState> => {
  const { space } = config;
  const P = config.populationSize ?? 20;
  const preds = config.aPriori ?? [];
  const D = space.dims;

  const child = (pop: ReadonlyArray<Individual>, rng: Rng, exclude: ReadonlyArray<ReadonlyArray<number>>): number[] | undefined => {
    const pick = (): Individual => {
      const a = rng.int(pop.length);
      const b = rng.int(pop.length);
      return pop[Math.min(a, b)]!; // population is sorted best-first
    };
    for (let t = 0; t < 100; t++) {
      const p1 = pick().u;
      const p2 = pick().u;
      const c = sbx(p1, p2, rng);
      mutate(c, rng, 1 / D);
      const u = snap(space, c);
      if (admissible(preds, decode(space, u)) && !isDuplicate(u, exclude)) return u;
    }
    return undefined;
  };

  return {
    name: 'ga',
    init: (seed) => ({ _tag: 'NsgaState', rng: makeRng(seed).state(), population: [], pending: [], told: 0 }),
    ask: (state, q) => {
      if (!Number.isInteger(q) || q < 1) return E.left({ _tag: 'InvalidRequest', message: `q must be a positive integer, got ${q}` });
      const rng = fromState(state.rng);
      const out: number[][] = [];
      const exclude = (): ReadonlyArray<ReadonlyArray<number>> => [...state.population.map((i) => i.u), ...state.pending, ...out];
      for (let i = 0; i < q; i++) {
        const random = state.told + state.pending.length + out.length < P || state.population.length < 2;
        const u = random ? undefined : child(state.population, rng, exclude());
        if (u !== undefined) out.push(u);
        else {
          const s = sampleAdmissible(space, preds, rng, exclude());
          if (s === undefined) return E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 } as OptimizeError);
          out.push(s.u);
        }
      }
      return E.right([out.map((u) => decode(space, u)), { ...state, rng: rng.state(), pending: [...state.pending, ...out] }] as const);
    },
    tell: (state: NsgaState, points: ReadonlyArray<Point>, observations: ReadonlyArray<Observation>) => {
      const v = validateTell(space, config.objectives ?? 1, config.constraints ?? 0, points, observations);
      if (E.isLeft(v)) return v;
      const news: Individual[] = points.map((p, i) => ({
        u: encode(space, p),
        y: [...observations[i]!.objectives],
        c: [...(observations[i]!.constraints ?? [])],
      }));
      const us = news.map((n) => n.u);
      return E.right({
        ...state,
        population: select([...state.population, ...news], P),
        pending: state.pending.filter((u) => !isDuplicate(u, us)),
        told: state.told + points.length,
      });
    },
  };
};

/**
 * Elitist environmental selection: feasible individuals by non-domination rank then crowding distance
 * (descending), then infeasible ones by total violation; keeps the first `size`, sorted best-first.
 */
export const select = (pool: ReadonlyArray<Individual>, size: number): Individual[] => {
  const violation = (i: Individual): number => i.c.reduce((s, v) => s + Math.max(v, 0), 0);
  const feas = pool.filter((i) => violation(i) === 0);
  const infeas = pool.filter((i) => violation(i) > 0).sort((a, b) => violation(a) - violation(b));
  const ordered: Individual[] = [];
  const ys = feas.map((i) => i.y);
  for (const front of nonDominatedSort(ys)) {
    const cd = crowdingDistance(ys, front);
    const idx = front.map((_, k) => k).sort((a, b) => cd[b]! - cd[a]! || a - b);
    for (const k of idx) ordered.push(feas[front[k]!]!);
    if (ordered.length >= size) break;
  }
  return [...ordered, ...infeas].slice(0, size);
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Simulated binary crossover (η = 15, applied with probability 0.9, per coordinate with probability ½). */
const sbx = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, rng: Rng): number[] => {
  const c = [...a];
  if (rng.next() > 0.9) return c;
  const eta = 15;
  for (let k = 0; k < c.length; k++) {
    if (rng.next() > 0.5) continue;
    const u = rng.next();
    const beta = u <= 0.5 ? (2 * u) ** (1 / (eta + 1)) : (1 / (2 * (1 - u))) ** (1 / (eta + 1));
    const x1 = a[k]!;
    const x2 = b[k]!;
    const y = rng.next() < 0.5 ? 0.5 * ((1 + beta) * x1 + (1 - beta) * x2) : 0.5 * ((1 - beta) * x1 + (1 + beta) * x2);
    c[k] = Math.min(1, Math.max(0, y));
  }
  return c;
};

/** Polynomial mutation (η = 20) with per-coordinate probability p, in place. */
const mutate = (c: number[], rng: Rng, p: number): void => {
  const eta = 20;
  for (let k = 0; k < c.length; k++) {
    if (rng.next() >= p) continue;
    const u = rng.next();
    const delta = u < 0.5 ? (2 * u) ** (1 / (eta + 1)) - 1 : 1 - (2 * (1 - u)) ** (1 / (eta + 1));
    c[k] = Math.min(1, Math.max(0, c[k]! + delta));
  }
};
