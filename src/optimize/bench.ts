/**
 * Benchmark runner: runs an optimizer on a test problem for several seeds and reports per-seed traces of simple
 * regret (single objective: best feasible value so far − optimum; +Infinity before the first feasible point) or
 * hypervolume (multi-objective, w.r.t. the problem's reference point), their median and quartiles after the last
 * evaluation, evaluations-to-target, the number of evaluated points that an a-priori predicate rejects, and the
 * median wall time per suggestion.
 *
 * Pure except for timing, which is injected as a `now: () => number` capability (milliseconds).
 *
 * Methods: `bo` (HW-IECI: EI × a-priori indicators, plus PoF for the problem's constraints when it has no
 * a-priori models), `bo-plain` (EI that ignores all constraints), `bo-pof` (constraints as black boxes with PoF,
 * no a-priori models), `random`, `ga` (NSGA-II).
 */

import * as E from 'fp-ts/lib/Either.js';
import { randomSearch } from './baselines/randomSearch.js';
import { nsga2 } from './baselines/nsga2.js';
import { bayesOpt, type BoConfig } from './bo/bayesOpt.js';
import { hypervolume } from './multi/hypervolume.js';
import type { Observation, OptimizeError, Optimizer } from './optimizer.js';
import type { Point } from './space/space.js';
import type { Problem } from './testFunctions/problem.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** Optimization method under test. */
export type Method = 'bo' | 'bo-plain' | 'bo-pof' | 'random' | 'ga';

/** Methods, as data. */
export const METHODS: ReadonlyArray<Method> = ['bo', 'bo-plain', 'bo-pof', 'random', 'ga'];

/** Run settings. `seeds` is a count (seeds 1…S) or an explicit list. */
export interface BenchOptions {
  readonly problem: Problem;
  readonly method: Method;
  readonly evals: number;
  readonly seeds: number | ReadonlyArray<number>;
  /** Batch size per ask (default 1). */
  readonly q?: number;
  /** Clock in milliseconds (e.g. `performance.now`). */
  readonly now: () => number;
  /** Extra Bayesian-optimization settings (e.g. candidate effort). */
  readonly bo?: Partial<Omit<BoConfig, 'space'>>;
}

/** One seed's run. `trace[i]` is the regret (or hypervolume) after i + 1 evaluations. */
export interface SeedRun {
  readonly seed: number;
  readonly trace: ReadonlyArray<number>;
  /** Milliseconds per suggested point, one entry per ask. */
  readonly msPerPoint: ReadonlyArray<number>;
  /** Evaluated points that violate an a-priori predicate of the problem. */
  readonly aPrioriViolations: number;
}

/** Median and quartiles (linear interpolation between order statistics). */
export interface Quartiles {
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
}

/** Aggregate over seeds. `final` summarizes regret (single objective) or hypervolume (multi-objective). */
export interface BenchResult {
  readonly problem: string;
  readonly method: Method;
  readonly evals: number;
  readonly seeds: number;
  readonly metric: 'regret' | 'hypervolume';
  readonly final: Quartiles;
  readonly msPerSuggestion: number;
  readonly aPrioriViolations: number;
  readonly runs: ReadonlyArray<SeedRun>;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Runs the benchmark. @returns `Left` if an optimizer reports an error (e.g. no admissible candidate). */
export const runBench = (opts: BenchOptions): E.Either<OptimizeError, BenchResult> => {
  const { problem, method, evals } = opts;
  const seeds = typeof opts.seeds === 'number' ? Array.from({ length: opts.seeds }, (_, i) => i + 1) : [...opts.seeds];
  const runs: SeedRun[] = [];
  for (const seed of seeds) {
    const r = runSeed(opts, seed);
    if (E.isLeft(r)) return r;
    runs.push(r.right);
  }
  const finals = runs.map((r) => r.trace[r.trace.length - 1] ?? NaN);
  const ms = runs.flatMap((r) => r.msPerPoint);
  return E.right({
    problem: problem.name,
    method,
    evals,
    seeds: seeds.length,
    metric: problem.objectives > 1 ? 'hypervolume' : 'regret',
    final: quartiles(finals),
    msPerSuggestion: quartiles(ms).median,
    aPrioriViolations: runs.reduce((s, r) => s + r.aPrioriViolations, 0),
    runs,
  });
};

/** The optimizer for a method on a problem (erased state type). */
export const optimizerFor = (problem: Problem, method: Method, bo: Partial<Omit<BoConfig, 'space'>> = {}): Optimizer<unknown> => {
  const { space, objectives } = problem;
  const any = <S>(o: Optimizer<S>): Optimizer<unknown> => o as unknown as Optimizer<unknown>;
  const apriori = problem.aPriori;
  switch (method) {
    case 'bo':
      return apriori.length > 0
        ? any(bayesOpt({ space, objectives, aPriori: apriori, ...bo }))
        : any(bayesOpt({ space, objectives, constraints: problem.constraints, ...bo }));
    case 'bo-plain':
      return any(bayesOpt({ space, objectives, ...bo }));
    case 'bo-pof':
      return any(bayesOpt({ space, objectives, constraints: problem.constraints, ...bo }));
    case 'random':
      return any(randomSearch({ space, objectives, aPriori: apriori }));
    case 'ga':
      return any(nsga2({ space, objectives, aPriori: apriori }));
  }
};

/** What the optimizer of `method` is told: the constraint values only for the methods that model them. */
const observationFor = (problem: Problem, method: Method, o: Observation): Observation => {
  const usesConstraints = method === 'bo-pof' || (method === 'bo' && problem.aPriori.length === 0);
  return usesConstraints && problem.constraints > 0 ? o : { objectives: o.objectives };
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Median and quartiles of a sample (NaN for an empty one; ±Infinity entries are ordered normally). */
export const quartiles = (xs: ReadonlyArray<number>): Quartiles => ({ median: quantile(xs, 0.5), q25: quantile(xs, 0.25), q75: quantile(xs, 0.75) });

/** Sample quantile with linear interpolation (type 7). */
export const quantile = (xs: ReadonlyArray<number>, p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  if (lo === hi || s[lo] === s[hi]) return s[lo]!;
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
};

/**
 * Evaluations until the trace first reaches `target` (regret ≤ target, or hypervolume ≥ target when
 * `higherIsBetter`); +Infinity if never.
 */
export const evalsToTarget = (trace: ReadonlyArray<number>, target: number, higherIsBetter = false): number => {
  const i = trace.findIndex((v) => (higherIsBetter ? v >= target : v <= target));
  return i < 0 ? Infinity : i + 1;
};

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const runSeed = (opts: BenchOptions, seed: number): E.Either<OptimizeError, SeedRun> => {
  const { problem, method, evals, now } = opts;
  const opt = optimizerFor(problem, method, opts.bo);
  const q = opts.q ?? 1;
  let state = opt.init(seed);
  const trace: number[] = [];
  const msPerPoint: number[] = [];
  let violations = 0;
  let best = Infinity;
  const front: number[][] = [];
  while (trace.length < evals) {
    const t0 = now();
    const asked = opt.ask(state, Math.min(q, evals - trace.length));
    const t1 = now();
    if (E.isLeft(asked)) return asked;
    const [points, s1] = asked.right;
    msPerPoint.push((t1 - t0) / points.length);
    const obs = points.map((p) => problem.evaluate(p));
    const told = opt.tell(s1, points, obs.map((o) => observationFor(problem, method, o)));
    if (E.isLeft(told)) return told;
    state = told.right;
    points.forEach((p: Point, i) => {
      const o = obs[i]!;
      if (!problem.aPriori.every((g) => g(p))) violations++;
      const feasible = (o.constraints ?? []).every((c) => c <= 0);
      if (problem.objectives === 1) {
        if (feasible) best = Math.min(best, o.objectives[0]!);
        trace.push(best - (problem.optimum ?? 0));
      } else {
        if (feasible) front.push([...o.objectives]);
        trace.push(hypervolume(front, problem.referencePoint ?? []));
      }
    });
  }
  return E.right({ seed, trace, msPerPoint, aPrioriViolations: violations });
};
