/**
 * Bayesian optimization as a pure ask/tell `Optimizer<BoState>`:
 *
 *   init:  a Latin-hypercube initial design of admissible points (2D + 2 by default, D = encoded dims);
 *   ask:   fit one GP per modelled output (objective — or its ParEGO scalarization for 2–3 objectives — and each
 *          black-box constraint) by MAP-II, then for each of the q batch slots maximize
 *          log HW-IECI = log EI + Σ log PoF (−∞ where an a-priori predicate fails) and add the choice as a
 *          kriging-believer fantasy (y = μ(x)); pending points from earlier asks are fantasized too;
 *   tell:  append observations, clear the matching pending points.
 *
 * The state is plain JSON (encodings, observations, RNG state, the last fitted hyper-parameters used as warm
 * starts), so a run restored from `JSON.parse(JSON.stringify(state))` produces identical suggestions.
 *
 * References: Jones et al. (1998) EGO; Snoek et al. (2012); Stamoulis et al., HyperPower (DATE 2018);
 * Ginsbourger et al. (2010) kriging believer; Knowles (2006) ParEGO.
 */

import * as E from 'fp-ts/lib/Either.js';
import { fromState, makeRng, type Rng, type RngState } from '../../core/index.js';
import { logConstrainedEi } from '../acquisition/constrained.js';
import { addObservation, posterior, type Gp } from '../gp/gp.js';
import { fitGp } from '../gp/fit.js';
import type { GpHyper } from '../gp/hyper.js';
import type { Observation, OptimizeError, Optimizer, Predicate } from '../optimizer.js';
import { decode, encode, isValidPoint, latinHypercube, type Point, type Space } from '../space/space.js';
import { maximizeAcquisition, type CandidateOptions } from './candidates.js';
import { chebyshev, simplexWeights } from './parego.js';
import { admissible, isDuplicate, sampleAdmissible } from './sampling.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Settings of a Bayesian optimizer (not part of the serialized state). */
export interface BoConfig {
  readonly space: Space;
  /** Number of objectives m (1 = single-objective EI; 2–3 = ParEGO). Default 1. */
  readonly objectives?: number;
  /** Number of black-box constraints (each observed value ≤ 0 is feasible). Default 0. */
  readonly constraints?: number;
  /** A-priori constraint models (HW-IECI indicators); candidates failing any are never proposed. */
  readonly aPriori?: ReadonlyArray<Predicate>;
  /** Size of the initial Latin-hypercube design. Default max(5, 2D + 2). */
  readonly initialPoints?: number;
  /** Acquisition-optimizer effort. */
  readonly candidates?: CandidateOptions;
  /** Random restarts of the hyper-parameter fit (besides the warm and default starts) while n ≤ 60. Default 2. */
  readonly fitRestarts?: number;
}

/** JSON-safe state of a Bayesian-optimization run. Encodings are points of [0,1]^D (see `space.ts`). */
export interface BoState {
  readonly _tag: 'BoState';
  readonly rng: RngState;
  /** Initial-design encodings not yet asked. */
  readonly design: ReadonlyArray<ReadonlyArray<number>>;
  /** Encodings of told points, with their objective and constraint values (same order). */
  readonly x: ReadonlyArray<ReadonlyArray<number>>;
  readonly y: ReadonlyArray<ReadonlyArray<number>>;
  readonly c: ReadonlyArray<ReadonlyArray<number>>;
  /** Asked but not yet told. */
  readonly pending: ReadonlyArray<ReadonlyArray<number>>;
  /** Last fitted hyper-parameters per modelled output [objective, ...constraints] (warm starts). */
  readonly hypers: ReadonlyArray<GpHyper | null>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/**
 * A Bayesian optimizer over `config.space`.
 * @example
 *   const bo = bayesOpt({ space });
 *   let s = bo.init(1);
 *   const r = bo.ask(s, 2); // Right([[p1, p2], s'])
 */
export const bayesOpt = (config: BoConfig): Optimizer<BoState> => {
  const { space } = config;
  const m = config.objectives ?? 1;
  const nCon = config.constraints ?? 0;
  const preds = config.aPriori ?? [];
  const nInit = config.initialPoints ?? Math.max(5, 2 * space.dims + 2);

  const init = (seed: number): BoState => {
    const rng = makeRng(seed);
    const design: number[][] = [];
    for (const p of latinHypercube(space, nInit, rng)) {
      const u = encode(space, p);
      if (admissible(preds, p) && !isDuplicate(u, design)) design.push(u);
      else {
        const s = sampleAdmissible(space, preds, rng, design);
        if (s !== undefined) design.push(s.u);
      }
    }
    return { _tag: 'BoState', rng: rng.state(), design, x: [], y: [], c: [], pending: [], hypers: [] };
  };

  const ask = (state: BoState, q: number): E.Either<OptimizeError, readonly [ReadonlyArray<Point>, BoState]> => {
    if (!Number.isInteger(q) || q < 1) return E.left({ _tag: 'InvalidRequest', message: `q must be a positive integer, got ${q}` });
    const rng = fromState(state.rng);
    const chosen: number[][] = [];
    const exclude = (): ReadonlyArray<ReadonlyArray<number>> => [...state.x, ...state.pending, ...chosen];
    let design = state.design;
    while (chosen.length < q && design.length > 0) {
      const u = design[0]!;
      design = design.slice(1);
      if (!isDuplicate(u, exclude())) chosen.push([...u]);
    }
    let hypers = state.hypers;
    if (chosen.length < q) {
      if (state.x.length < 2) {
        // Too little data for a model: admissible random points.
        while (chosen.length < q) {
          const s = sampleAdmissible(space, preds, rng, exclude());
          if (s === undefined) return E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 });
          chosen.push(s.u);
        }
      } else {
        const r = proposeWithModels(state, q - chosen.length, rng, chosen);
        if (E.isLeft(r)) return r;
        chosen.push(...r.right.points);
        hypers = r.right.hypers;
      }
    }
    const next: BoState = { ...state, rng: rng.state(), design, pending: [...state.pending, ...chosen], hypers };
    return E.right([chosen.map((u) => decode(space, u)), next] as const);
  };

  /** Model-based proposals (kriging believer over pending + already chosen points). */
  const proposeWithModels = (
    state: BoState,
    q: number,
    rng: Rng,
    already: ReadonlyArray<ReadonlyArray<number>>,
  ): E.Either<OptimizeError, { readonly points: number[][]; readonly hypers: ReadonlyArray<GpHyper | null> }> => {
    const n = state.x.length;
    const D = space.dims;
    const X = new Float64Array(n * D);
    state.x.forEach((u, i) => X.set(u, i * D));
    const feasible = state.c.map((cs) => cs.every((v) => v <= 0));
    const target = m === 1 ? state.y.map((y) => y[0]!) : chebyshev(state.y, simplexWeights(m, rng));
    const outputs: number[][] = [target, ...Array.from({ length: nCon }, (_, j) => state.c.map((cs) => cs[j]!))];
    // Effort schedule: full multi-start fits while data are few; beyond 100 observations a warm-started refit on a
    // random subset of 100 points and a lighter candidate search keep the overhead per suggestion bounded (an LML
    // evaluation costs O(n³)).
    const small = n <= 100;
    const restarts = n <= 60 ? (config.fitRestarts ?? 2) : 0;
    const maxEvals = n <= 60 ? 60 : small ? 30 : 20;
    const candidateOpts: CandidateOptions = small
      ? (config.candidates ?? {})
      : { rawSamples: 500, starts: 2, lambda: 8, maxIterations: 25, ...config.candidates };
    const gps: Gp[] = [];
    for (let k = 0; k < outputs.length; k++) {
      const warm = state.hypers[k] ?? undefined;
      const g = fitGp(X, outputs[k]!, D, rng, {
        ...(warm !== undefined ? { warmStart: warm } : {}),
        restarts: warm === undefined ? Math.max(restarts, 1) : restarts,
        maxEvalsPerStart: maxEvals,
        defaultStart: small,
        maxFitPoints: 100,
      });
      if (E.isLeft(g)) return g;
      gps.push(g.right);
    }
    const hypers = gps.map((g) => g.hyper);
    let best: number | undefined;
    target.forEach((t, i) => {
      if (feasible[i] && (best === undefined || t < best)) best = t;
    });
    // Anchors: the best few feasible observations.
    const order = target.map((_, i) => i).filter((i) => feasible[i]).sort((a, b) => target[a]! - target[b]!);
    const anchors = order.slice(0, 3).map((i) => state.x[i]!);
    // Fantasize pending and already-chosen points at their posterior means.
    const believe = (u: ReadonlyArray<number>): E.Either<OptimizeError, void> => {
      const z = Float64Array.from(u);
      for (let k = 0; k < gps.length; k++) {
        const mu = posterior(gps[k]!, z, 1).mean[0]!;
        const g2 = addObservation(gps[k]!, z, mu);
        if (E.isLeft(g2)) return g2;
        gps[k] = g2.right;
      }
      return E.right(undefined);
    };
    for (const u of [...state.pending, ...already]) {
      const r = believe(u);
      if (E.isLeft(r)) return r;
    }
    const points: number[][] = [];
    const exclude = [...state.x, ...state.pending, ...already];
    for (let b = 0; b < q; b++) {
      const score = (u: ReadonlyArray<number>): number => {
        if (!admissible(preds, decode(space, u))) return -Infinity;
        const z = Float64Array.from(u);
        const o = posterior(gps[0]!, z, 1);
        const cons = gps.slice(1).map((g) => {
          const p = posterior(g, z, 1);
          return { mean: p.mean[0]!, variance: p.variance[0]! };
        });
        return logConstrainedEi({ mean: o.mean[0]!, variance: o.variance[0]! }, best, cons, true);
      };
      const cand = maximizeAcquisition(space, score, rng, anchors, exclude, candidateOpts);
      let u: number[];
      if (cand === undefined) {
        const s = sampleAdmissible(space, preds, rng, exclude);
        if (s === undefined) return E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 });
        u = s.u;
      } else u = cand.u;
      points.push(u);
      exclude.push(u);
      if (b + 1 < q) {
        const r = believe(u);
        if (E.isLeft(r)) return r;
      }
    }
    return E.right({ points, hypers });
  };

  const tell = (state: BoState, points: ReadonlyArray<Point>, observations: ReadonlyArray<Observation>): E.Either<OptimizeError, BoState> => {
    const v = validateTell(space, m, nCon, points, observations);
    if (E.isLeft(v)) return v;
    const us = points.map((p) => encode(space, p));
    const pending = state.pending.filter((pu) => !isDuplicate(pu, us));
    return E.right({
      ...state,
      x: [...state.x, ...us],
      y: [...state.y, ...observations.map((o) => [...o.objectives])],
      c: [...state.c, ...observations.map((o) => [...(o.constraints ?? [])])],
      pending,
    });
  };

  return { name: 'bo', init, ask, tell };
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

/** Checks a tell: equal lengths, valid points, finite objective/constraint vectors of the configured sizes. */
export const validateTell = (
  space: Space,
  m: number,
  nCon: number,
  points: ReadonlyArray<Point>,
  observations: ReadonlyArray<Observation>,
): E.Either<OptimizeError, void> => {
  if (points.length !== observations.length)
    return E.left({ _tag: 'InvalidRequest', message: `${points.length} points but ${observations.length} observations` });
  for (let i = 0; i < points.length; i++) {
    const o = observations[i]!;
    if (!isValidPoint(space, points[i]!)) return E.left({ _tag: 'InvalidObservation', index: i, message: 'point is not in the space' });
    if (o.objectives.length !== m || !o.objectives.every(Number.isFinite))
      return E.left({ _tag: 'InvalidObservation', index: i, message: `expected ${m} finite objective value(s)` });
    const cs = o.constraints ?? [];
    if (cs.length !== nCon || !cs.every(Number.isFinite))
      return E.left({ _tag: 'InvalidObservation', index: i, message: `expected ${nCon} finite constraint value(s)` });
  }
  return E.right(undefined);
};
