// Exact checks of the benchmark driver (src/optimize/bench.ts) on tiny budgets: traces replayed from the
// optimizers themselves (regret = best feasible value so far − optimum; hypervolume of the feasible points so far),
// the quartiles of the final values, time per suggested point with a fake clock, batch sizes, which observations
// each method is told, a-priori violation counts, failures as values, and the quantile rule (issue 9).
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { evalsToTarget, optimizerFor, quantile, quartiles, runBench, type Method } from '../../src/optimize/bench.js';
import { hypervolume } from '../../src/optimize/multi/hypervolume.js';
import type { Observation } from '../../src/optimize/optimizer.js';
import type { Point } from '../../src/optimize/space/space.js';
import { branin } from '../../src/optimize/testFunctions/branin.js';
import { gramacy } from '../../src/optimize/testFunctions/gramacy.js';
import type { Problem } from '../../src/optimize/testFunctions/problem.js';
import { zdt1 } from '../../src/optimize/testFunctions/zdt1.js';
import { right } from '../helpers/askTell.js';

const fakeClock = () => {
  let t = 0;
  return () => (t += 1);
};

/** The points an optimizer proposes in `evals` evaluations with batch q (the last batch cut to what is left). */
const replay = (problem: Problem, method: Method, seed: number, evals: number, q = 1): Point[] => {
  const opt = optimizerFor(problem, method);
  let s = opt.init(seed);
  const pts: Point[] = [];
  while (pts.length < evals) {
    const [ps, s1] = right(opt.ask(s, Math.min(q, evals - pts.length)));
    pts.push(...ps);
    const obs = ps.map((p) => problem.evaluate(p));
    s = right(opt.tell(s1, ps, method === 'random' || method === 'ga' || method === 'bo-plain' ? obs.map((o) => ({ objectives: o.objectives })) : obs));
  }
  return pts;
};

const bestSoFar = (vals: ReadonlyArray<number>): number[] => {
  let b = Infinity;
  return vals.map((v) => (b = Math.min(b, v)));
};

describe('runBench', () => {
  it('regret traces of random search replayed by hand; quartiles of the finals; 1 ms per point with the fake clock', () => {
    const r = right(runBench({ problem: branin, method: 'random', evals: 6, seeds: [3, 4], now: fakeClock() }));
    const traces = [3, 4].map((seed) => bestSoFar(replay(branin, 'random', seed, 6).map((p) => branin.evaluate(p).objectives[0]!)).map((b) => b - branin.optimum!));
    expect(r.runs.map((x) => x.trace)).toEqual(traces);
    expect(r.runs.map((x) => x.seed)).toEqual([3, 4]);
    expect(r.runs.map((x) => x.msPerPoint)).toEqual([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]]);
    const [lo, hi] = [traces[0]![5]!, traces[1]![5]!].sort((a, b) => a - b) as [number, number];
    // Two finals: median = midpoint, q25 = lo + ¼(hi − lo), q75 = lo + ¾(hi − lo).
    expect(r.final).toEqual({ median: lo + 0.5 * (hi - lo), q25: lo + 0.25 * (hi - lo), q75: lo + 0.75 * (hi - lo) });
    expect({ problem: r.problem, method: r.method, evals: r.evals, seeds: r.seeds, metric: r.metric, ms: r.msPerSuggestion, v: r.aPrioriViolations }).toEqual({
      problem: 'branin', method: 'random', evals: 6, seeds: 2, metric: 'regret', ms: 1, v: 0,
    });
  });

  it('a seed count means seeds 1…S; batches of q, the last one cut to the budget (ms per point = 1/size)', () => {
    const r = right(runBench({ problem: branin, method: 'random', evals: 5, seeds: 2, q: 2, now: fakeClock() }));
    expect(r.runs.map((x) => x.seed)).toEqual([1, 2]);
    expect(r.runs[0]!.msPerPoint).toEqual([0.5, 0.5, 1]); // asks of 2, 2 and 1 points, 1 ms each
    const pts = replay(branin, 'random', 1, 5, 2);
    expect(r.runs[0]!.trace).toEqual(bestSoFar(pts.map((p) => branin.evaluate(p).objectives[0]!)).map((b) => b - branin.optimum!));
  });

  it('hypervolume traces for two objectives (random search on ZDT1), replayed by hand', () => {
    const r = right(runBench({ problem: zdt1, method: 'random', evals: 4, seeds: [2], now: fakeClock() }));
    const ys = replay(zdt1, 'random', 2, 4).map((p) => [...zdt1.evaluate(p).objectives]);
    expect(r.metric).toBe('hypervolume');
    expect(r.runs[0]!.trace).toEqual([1, 2, 3, 4].map((k) => hypervolume(ys.slice(0, k), [11, 11])));
    expect(r.final.median).toBe(r.runs[0]!.trace[3]);
  });

  it('infeasible points do not count: the regret stays +∞ until the first feasible one', () => {
    // Gramacy without its a-priori models: random search proposes infeasible points too.
    const noModels: Problem = { ...gramacy, aPriori: [] };
    const r = right(runBench({ problem: noModels, method: 'random', evals: 8, seeds: [1], now: fakeClock() }));
    const obs = replay(noModels, 'random', 1, 8).map((p) => gramacy.evaluate(p));
    const vals = obs.map((o) => (o.constraints!.every((c) => c <= 0) ? o.objectives[0]! : Infinity));
    expect(vals.some((v) => v === Infinity)).toBe(true); // the case is exercised
    expect(r.runs[0]!.trace).toEqual(bestSoFar(vals).map((b) => b - gramacy.optimum!));
  });

  it('a problem without a stated optimum reports the best value itself (optimum 0)', () => {
    const { optimum: _optimum, ...rest } = branin;
    const r = right(runBench({ problem: rest, method: 'random', evals: 3, seeds: [5], now: fakeClock() }));
    expect(r.runs[0]!.trace).toEqual(bestSoFar(replay(branin, 'random', 5, 3).map((p) => branin.evaluate(p).objectives[0]!)));
  });

  it('what each method is told, and a-priori violations counted on every evaluated point', () => {
    // Gramacy has a-priori models and 2 constraints. 'bo' and 'random' / 'ga' respect the models: 0 violations;
    // 'bo-pof' is told the constraint values (its tells would fail validation otherwise); 'bo-plain' and 'bo-pof'
    // ignore the models. Budgets within the initial design (6 points for D = 2) keep this cheap.
    const count = (m: Method) => right(runBench({ problem: gramacy, method: m, evals: 6, seeds: [2], now: fakeClock() })).aPrioriViolations;
    expect(count('bo')).toBe(0);
    expect(count('random')).toBe(0);
    expect(count('ga')).toBe(0);
    for (const m of ['bo-plain', 'bo-pof'] as const) {
      const pts = replay(gramacy, m, 2, 6);
      expect(count(m)).toBe(pts.filter((p) => !gramacy.aPriori.every((g) => g(p))).length);
    }
    // The counted cases are exercised: the plain design violates the models somewhere.
    expect(count('bo-plain')).toBeGreaterThan(0);
    // Without a-priori models 'bo' models the constraints as black boxes: it must be told their values.
    const noModels: Problem = { ...gramacy, aPriori: [] };
    expect(E.isRight(runBench({ problem: noModels, method: 'bo', evals: 3, seeds: [1], now: fakeClock() }))).toBe(true);
  });

  it('the optimizer each method builds', () => {
    const names = (['bo', 'bo-plain', 'bo-pof', 'random', 'ga'] as const).map((m) => optimizerFor(gramacy, m).name);
    expect(names).toEqual(['bo', 'bo', 'bo', 'random', 'ga']);
    // 'bo' on a problem with a-priori models takes them and is not told constraints: a tell with constraint values fails.
    const told = (m: Method, o: Observation) => {
      const opt = optimizerFor(gramacy, m);
      return opt.tell(opt.init(1), [{ x1: 0.5, x2: 0.5 }], [o]);
    };
    const withC = { objectives: [1], constraints: [0, 0] };
    const withoutC = { objectives: [1] };
    expect([E.isRight(told('bo', withoutC)), E.isRight(told('bo', withC))]).toEqual([true, false]);
    expect([E.isRight(told('bo-pof', withoutC)), E.isRight(told('bo-pof', withC))]).toEqual([false, true]);
    expect([E.isRight(told('bo-plain', withoutC)), E.isRight(told('bo-plain', withC))]).toEqual([true, false]);
    // Extra BO settings reach the optimizer: 2 initial points instead of 6.
    const bo = optimizerFor(gramacy, 'bo', { initialPoints: 2 });
    expect((bo.init(1) as { design: unknown[] }).design.length).toBe(2);
    // Two objectives: the GA and random search are built for 2 (a tell with one objective fails).
    for (const m of ['random', 'ga', 'bo'] as const) {
      const o = optimizerFor(zdt1, m);
      const p = { x1: 0.5, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0 };
      expect(E.isLeft(o.tell(o.init(1), [p], [{ objectives: [1] }]))).toBe(true);
      expect(E.isRight(o.tell(o.init(1), [p], [{ objectives: [1, 2] }]))).toBe(true);
    }
  });

  it('constraints in the traces: c = 0 is feasible; infeasible points stay off a two-objective front', () => {
    // Every point exactly on its constraint (c = 0): all feasible, the regret is the plain best so far.
    const onEdge: Problem = { ...branin, constraints: 1, evaluate: (p) => ({ ...branin.evaluate(p), constraints: [0] }) };
    const r = right(runBench({ problem: onEdge, method: 'random', evals: 3, seeds: [4], now: fakeClock() }));
    expect(r.runs[0]!.trace).toEqual(bestSoFar(replay(branin, 'random', 4, 3).map((p) => branin.evaluate(p).objectives[0]!)).map((b) => b - branin.optimum!));
    // ZDT1 with x1 ≤ 0.5 as a constraint: the hypervolume counts the feasible points only.
    const half: Problem = { ...zdt1, constraints: 1, evaluate: (p) => ({ ...zdt1.evaluate(p), constraints: [(p['x1'] as number) - 0.5] }) };
    const h = right(runBench({ problem: half, method: 'random', evals: 6, seeds: [1], now: fakeClock() }));
    const pts = replay(zdt1, 'random', 1, 6);
    expect(pts.some((p) => (p['x1'] as number) > 0.5)).toBe(true); // the case is exercised
    const feasible = (k: number) => pts.slice(0, k).filter((p) => (p['x1'] as number) <= 0.5).map((p) => [...zdt1.evaluate(p).objectives]);
    expect(h.runs[0]!.trace).toEqual([1, 2, 3, 4, 5, 6].map((k) => hypervolume(feasible(k), [11, 11])));
  });

  it('a multi-objective problem without a reference point: hypervolume against no objectives (0)', () => {
    const { referencePoint: _ref, ...noRef } = zdt1;
    const r = right(runBench({ problem: noRef, method: 'random', evals: 2, seeds: [1], now: fakeClock() }));
    expect(r.runs[0]!.trace).toEqual([hypervolume([[0.5, 0.5]], []), hypervolume([[0.5, 0.5]], [])]);
  });

  it('an invalid observation (a NaN objective) ends the run as a value', () => {
    const broken: Problem = { ...branin, evaluate: () => ({ objectives: [NaN] }) };
    expect(runBench({ problem: broken, method: 'random', evals: 2, seeds: 1, now: fakeClock() })).toEqual(
      E.left({ _tag: 'InvalidObservation', index: 0, message: 'expected 1 finite objective value(s)' }),
    );
  });

  it('an optimizer failure is returned as a value', () => {
    const impossible: Problem = { ...branin, aPriori: [() => false] };
    expect(runBench({ problem: impossible, method: 'random', evals: 2, seeds: 1, now: fakeClock() })).toEqual(
      E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 }),
    );
  });
});

describe('quantile, quartiles, evalsToTarget', () => {
  it('type-7 quantiles: interpolation, the ends, ties and infinities', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantile([10, 20], 0.3)).toBe(13); // 10 + 0.3·10
    expect(quantile([1, 2, 3, 4, 5], 0.6)).toBe(3.4); // h = 2.4: 3 + 0.4·1
    expect(quantile([Infinity, Infinity], 0.5)).toBe(Infinity); // equal neighbours: no ∞ − ∞
    expect(quantile([-Infinity, 1], 0)).toBe(-Infinity);
    expect(quartiles([4, 1, 3, 2, 5])).toEqual({ median: 3, q25: 2, q75: 4 });
    expect(quartiles([])).toEqual({ median: NaN, q25: NaN, q75: NaN });
  });

  it('evalsToTarget: the first evaluation reaching the target, inclusive, in either direction', () => {
    expect(evalsToTarget([5, 1, 0.5], 1)).toBe(2); // 1 ≤ 1
    expect(evalsToTarget([0.5], 1)).toBe(1);
    expect(evalsToTarget([], 1)).toBe(Infinity);
    expect(evalsToTarget([1, 2, 3], 3, true)).toBe(3);
    expect(evalsToTarget([1, 2, 3], 4, true)).toBe(Infinity);
  });
});
