// Exact checks of the baselines (src/optimize/baselines): random search's draws are the seeded generator's,
// NSGA-II's children are replayed by hand from the saved generator state (binary tournament, SBX and polynomial
// mutation transcribed from Deb & Agrawal 1995 / Deb et al. 2002), environmental selection on hand-made pools
// with hand-computed crowding distances, the bookkeeping of ask/tell, and every failure value (issue 9).
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fromState, makeRng, type Rng } from '../../src/core/rng.js';
import { nsga2, select, type Individual, type NsgaState } from '../../src/optimize/baselines/nsga2.js';
import { randomSearch } from '../../src/optimize/baselines/randomSearch.js';
import { continuous, decode, encode, integer, makeSpace, sample, type Param, type Point, type Space } from '../../src/optimize/space/space.js';
import { right } from '../helpers/askTell.js';

const mk = (ps: ReadonlyArray<Param>): Space => right(makeSpace(ps));
const unit2 = mk([continuous('x', 0, 1), continuous('y', 0, 1)]);

describe('random search', () => {
  it('init: the seeded generator, nothing seen; name "random"', () => {
    const rs = randomSearch({ space: unit2 });
    expect(rs.name).toBe('random');
    expect(rs.init(7)).toEqual({ _tag: 'RandomState', rng: makeRng(7).state(), seen: [] });
  });

  it('asked points are the seeded generator draws in order; the state carries the advanced generator', () => {
    const s = mk([continuous('x', 2, 6), integer('n', 0, 9)]);
    const rs = randomSearch({ space: s });
    const r = makeRng(7);
    const expected = [0, 1, 2].map(() => decode(s, encode(s, sample(s, r))));
    const [pts, st] = right(rs.ask(rs.init(7), 3));
    expect(pts).toEqual(expected);
    expect(st.rng).toEqual(r.state());
    // A discrete space remembers what it asked (duplicate rejection) …
    expect(st.seen).toEqual(expected.map((p) => encode(s, p)));
  });

  it('continuous spaces keep no history; a rejected draw is skipped', () => {
    const rs = randomSearch({ space: unit2, aPriori: [(p) => (p['x'] as number) < 0.5] });
    const r = makeRng(3);
    const expected: Point[] = [];
    while (expected.length < 4) {
      const p = sample(unit2, r);
      if ((p['x'] as number) < 0.5) expected.push(decode(unit2, encode(unit2, p)));
    }
    const [pts, st] = right(rs.ask(rs.init(3), 4));
    expect(pts).toEqual(expected);
    expect(st.seen).toEqual([]);
    const told = right(rs.tell(st, pts, pts.map(() => ({ objectives: [1] }))));
    expect(told).toBe(st); // nothing to remember: the same state
  });

  it('a discrete space: tell adds only encodings not already seen', () => {
    const s = mk([integer('n', 0, 3)]);
    const rs = randomSearch({ space: s });
    const [pts, st] = right(rs.ask(rs.init(1), 2));
    const told = right(rs.tell(st, pts, pts.map(() => ({ objectives: [0] }))));
    expect(told.seen).toEqual(st.seen); // the asked points are already seen
    const other = [0, 1, 2, 3].map((n) => ({ n })).find((p) => !pts.some((q) => q['n'] === p.n))!;
    const more = right(rs.tell(told, [other, other], [{ objectives: [0] }, { objectives: [0] }]));
    expect(more.seen).toEqual([...told.seen, encode(s, other), encode(s, other)]); // one tell is filtered against the old list only
    // The space has 4 points: 2 asked, 1 told on its own — a fourth ask finds the last one, a fifth none.
    const [last, st2] = right(rs.ask(more, 1));
    expect([...pts, other, ...last].map((p) => p['n']).sort()).toEqual([0, 1, 2, 3]);
    expect(rs.ask(st2, 1)).toEqual(E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 }));
  });

  it('failure values: q not a positive integer, every point rejected, a bad tell', () => {
    const rs = randomSearch({ space: unit2 });
    const s = rs.init(1);
    expect(rs.ask(s, 0)).toEqual(E.left({ _tag: 'InvalidRequest', message: 'q must be a positive integer, got 0' }));
    expect(rs.ask(s, 1.5)).toEqual(E.left({ _tag: 'InvalidRequest', message: 'q must be a positive integer, got 1.5' }));
    const none = randomSearch({ space: unit2, aPriori: [() => false] });
    expect(none.ask(none.init(1), 1)).toEqual(E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 }));
    expect(E.isLeft(rs.tell(s, [{ x: 0.5, y: 0.5 }], [{ objectives: [1, 2] }]))).toBe(true);
    const two = randomSearch({ space: unit2, objectives: 2, constraints: 1 });
    expect(E.isRight(two.tell(s, [{ x: 0.5, y: 0.5 }], [{ objectives: [1, 2], constraints: [0] }]))).toBe(true);
    expect(E.isLeft(two.tell(s, [{ x: 0.5, y: 0.5 }], [{ objectives: [1, 2] }]))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// NSGA-II
// ---------------------------------------------------------------------------------------------------------

const ind = (y: number[], c: number[] = [], u: number[] = y): Individual => ({ u, y, c });

describe('NSGA-II environmental selection', () => {
  it('one front: extremes first (infinite crowding), then by crowding distance; ties by position', () => {
    // Points on y₁ + y₂ = 4 at y₁ = 0, 1, 3, 3.5, 4 (given shuffled). Ranges 4 and 4. Crowding of an interior point =
    // Σ over objectives of (next − previous)/4: y₁ = 1 → (3 − 0)/4 + (4 − 1)/4 = 1.5; y₁ = 3 → 2.5/4·2 = 1.25;
    // y₁ = 3.5 → 1/4·2 = 0.5. Keeping 4: the two extremes (in pool order), 1.5, 1.25.
    const pool = [ind([3, 1]), ind([4, 0]), ind([3.5, 0.5]), ind([0, 4]), ind([1, 3])];
    expect(select(pool, 4).map((i) => i.y)).toEqual([[4, 0], [0, 4], [1, 3], [3, 1]]);
    expect(select(pool, 5).map((i) => i.y)).toEqual([[4, 0], [0, 4], [1, 3], [3, 1], [3.5, 0.5]]);
    expect(select(pool, 2).map((i) => i.y)).toEqual([[4, 0], [0, 4]]);
  });

  it('fronts in rank order, then the infeasible by total violation Σ max(cⱼ, 0)', () => {
    const pool = [
      ind([2, 2]), // front 2 (dominated by (1, 1))
      ind([5, 5], [0.5, -3]), // infeasible: violation 0.5 (the −3 does not offset it)
      ind([1, 1]), // front 1
      ind([0, 0], [0.2, 0.2]), // infeasible: violation 0.4, though it dominates everything
      ind([3, 3]), // front 3
      ind([6, 6], [0, 0]), // feasible (c ≤ 0 is feasible): front 4
    ];
    expect(select(pool, 6).map((i) => i.y)).toEqual([[1, 1], [2, 2], [3, 3], [6, 6], [0, 0], [5, 5]]);
    expect(select(pool, 3).map((i) => i.y)).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('one objective: an elitist sort by value', () => {
    expect(select([ind([3]), ind([1]), ind([2]), ind([1.5])], 3).map((i) => i.y)).toEqual([[1], [1.5], [2]]);
  });
});

/**
 * One NSGA-II child replayed from the generator, as Deb & Agrawal define SBX (η 15, p 0.9) and polynomial mutation
 * (η 20, p 1/D); a child equal (‖·‖∞ < 1e-9) to a population member or an earlier point of the batch is drawn again.
 */
const replayChild = (pop: ReadonlyArray<Individual>, r: Rng, D: number, batch: ReadonlyArray<ReadonlyArray<number>>): number[] => {
  const taken = [...pop.map((i) => i.u), ...batch];
  for (;;) {
    const c = replayOnce(pop, r, D);
    if (!taken.some((v) => v.every((x, k) => Math.abs(x - c[k]!) < 1e-9))) return c;
  }
};

const replayOnce = (pop: ReadonlyArray<Individual>, r: Rng, D: number): number[] => {
  const pick = (): ReadonlyArray<number> => pop[Math.min(Math.floor(r.next() * pop.length), Math.floor(r.next() * pop.length))]!.u;
  const a = pick();
  const b = pick();
  const c = [...a];
  if (!(r.next() > 0.9)) {
    for (let k = 0; k < D; k++) {
      if (r.next() > 0.5) continue;
      const u = r.next();
      const beta = u <= 0.5 ? (2 * u) ** (1 / 16) : (1 / (2 * (1 - u))) ** (1 / 16);
      const [x1, x2] = [a[k]!, b[k]!];
      const y = r.next() < 0.5 ? 0.5 * ((1 + beta) * x1 + (1 - beta) * x2) : 0.5 * ((1 - beta) * x1 + (1 + beta) * x2);
      c[k] = Math.min(1, Math.max(0, y));
    }
  }
  for (let k = 0; k < D; k++) {
    if (r.next() >= 1 / D) continue;
    const u = r.next();
    const delta = u < 0.5 ? (2 * u) ** (1 / 21) - 1 : 1 - (2 * (1 - u)) ** (1 / 21);
    c[k] = Math.min(1, Math.max(0, c[k]! + delta));
  }
  return c;
};

describe('NSGA-II ask/tell', () => {
  const zdtLike = (p: Point) => {
    const [x, y] = [p['x'] as number, p['y'] as number];
    return { objectives: [x, 1 + y - Math.sqrt(x)] };
  };

  it('init, name, and the first populationSize points are random draws (as random search draws them)', () => {
    const ga = nsga2({ space: unit2, objectives: 2, populationSize: 4 });
    expect(ga.name).toBe('ga');
    expect(ga.init(5)).toEqual({ _tag: 'NsgaState', rng: makeRng(5).state(), population: [], pending: [], told: 0 });
    const r = makeRng(5);
    const expected = [0, 1, 2].map(() => decode(unit2, encode(unit2, sample(unit2, r))));
    const [pts, st] = right(ga.ask(ga.init(5), 3));
    expect(pts).toEqual(expected);
    expect(st.pending).toEqual(expected.map((p) => encode(unit2, p)));
    expect(st.rng).toEqual(r.state());
    // The fourth point is still random (3 pending + 0 told < 4), even after the first three are told.
    const told = right(ga.tell(st, pts, pts.map(zdtLike)));
    expect(told.told).toBe(3);
    expect(told.pending).toEqual([]);
    expect(told.population.length).toBe(3);
    const [p4] = right(ga.ask(told, 1));
    expect(p4).toEqual([decode(unit2, encode(unit2, sample(unit2, r)))]);
  });

  it('after populationSize told points, each asked point is a child replayed from the saved generator', () => {
    for (const [seed, P] of [[1, 4], [2, 4], [3, 4], [4, 2], [5, 2], [6, 3]] as const) {
      const ga = nsga2({ space: unit2, objectives: 2, populationSize: P });
      const [pts, st] = right(ga.ask(ga.init(seed), P));
      let state: NsgaState = right(ga.tell(st, pts, pts.map(zdtLike)));
      for (let round = 0; round < 3; round++) {
        const r = fromState(state.rng);
        const expected = [replayChild(state.population, r, 2, [])];
        expected.push(replayChild(state.population, r, 2, expected));
        const [kids, s1] = right(ga.ask(state, 2));
        expect(kids.map((p) => encode(unit2, p))).toEqual(expected);
        expect(s1.rng).toEqual(r.state());
        state = right(ga.tell(s1, kids, kids.map(zdtLike)));
        expect(state.population.length).toBe(P);
        expect(state.told).toBe(P + 2 * (round + 1));
      }
    }
  });

  it('when points are random: fewer than populationSize told + pending + asked in this batch, or a population below 2', () => {
    const rnd = (st: NsgaState, n: number): number[][] => {
      const r = fromState(st.rng);
      return Array.from({ length: n }, () => encode(unit2, sample(unit2, r)));
    };
    // Default population 20: after 2 told points the next one is still random.
    const ga20 = nsga2({ space: unit2 });
    const [a, sa] = right(ga20.ask(ga20.init(1), 2));
    const ta = right(ga20.tell(sa, a, [{ objectives: [1] }, { objectives: [2] }]));
    expect(right(ga20.ask(ta, 1))[0].map((p) => encode(unit2, p))).toEqual(rnd(ta, 1));
    // Population 1: the population never reaches 2, so every point is random.
    const ga1 = nsga2({ space: unit2, populationSize: 1 });
    const [b, sb] = right(ga1.ask(ga1.init(2), 1));
    const tb = right(ga1.tell(sb, b, [{ objectives: [1] }]));
    expect(right(ga1.ask(tb, 2))[0].map((p) => encode(unit2, p))).toEqual(rnd(tb, 2));
    // Population 4, 4 asked, 2 told: 2 told + 2 pending = 4 → children (from a population of 2), not random draws.
    const ga4 = nsga2({ space: unit2, populationSize: 4 });
    const [c, sc] = right(ga4.ask(ga4.init(3), 4));
    const tc = right(ga4.tell(sc, c.slice(0, 2), [{ objectives: [1] }, { objectives: [2] }]));
    const r = fromState(tc.rng);
    const kid = replayChild(tc.population, r, 2, [...tc.pending]);
    expect(right(ga4.ask(tc, 1))[0].map((p) => encode(unit2, p))).toEqual([kid]);
  });

  it('a child is tried 100 times (admissible and new), then a random admissible point is drawn', () => {
    // The predicate admits everything until armed, then rejects exactly its next 100 calls: the 100 child tries.
    let calls = 0;
    let gate = -1;
    const pred = (): boolean => (calls++, gate < 0 || calls > gate);
    const ga = nsga2({ space: unit2, populationSize: 2, aPriori: [pred] });
    const [pts, st] = right(ga.ask(ga.init(4), 2));
    const state = right(ga.tell(st, pts, [{ objectives: [1] }, { objectives: [2] }]));
    const r = fromState(state.rng);
    for (let t = 0; t < 100; t++) replayOnce(state.population, r, 2);
    const fallback = encode(unit2, sample(unit2, r));
    gate = calls + 100;
    const [got] = right(ga.ask(state, 1));
    expect(got.map((p) => encode(unit2, p))).toEqual([fallback]);
    expect(calls).toBe(gate + 1);
  });

  it('tell keeps the best populationSize by selection and clears the told pending points only', () => {
    const ga = nsga2({ space: unit2, populationSize: 2 });
    const [pts, st] = right(ga.ask(ga.init(9), 3));
    const vals = [3, 1, 2];
    const told = right(ga.tell(st, pts.slice(0, 2), [{ objectives: [vals[0]!] }, { objectives: [vals[1]!] }]));
    expect(told.pending).toEqual([encode(unit2, pts[2]!)]);
    expect(told.population.map((i) => i.y)).toEqual([[1], [3]]);
    const all = right(ga.tell(told, [pts[2]!], [{ objectives: [2] }]));
    expect(all.population.map((i) => i.y)).toEqual([[1], [2]]);
    expect(all.population.map((i) => i.u)).toEqual([encode(unit2, pts[1]!), encode(unit2, pts[2]!)]);
    expect(all.pending).toEqual([]);
    expect(all.told).toBe(3);
  });

  it('a discrete space: children that duplicate the population or the pending points are retried, then NoFeasibleCandidate', () => {
    // Three values, population 2: the first child must be the third value; asking one more while it is pending
    // leaves no value free (children fail 100 times, the random fallback 10,000 times).
    const s = mk([integer('n', 0, 2)]);
    const ga = nsga2({ space: s, populationSize: 2 });
    const [pts, st] = right(ga.ask(ga.init(2), 2));
    const state = right(ga.tell(st, pts, pts.map((p) => ({ objectives: [p['n'] as number] }))));
    const [third, s3] = right(ga.ask(state, 1));
    expect([...pts, ...third].map((p) => p['n']).sort()).toEqual([0, 1, 2]);
    expect(ga.ask(s3, 1)).toEqual(E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 }));
    // Told, the worst of the three leaves the population (size 2) and may be proposed again.
    const told = right(ga.tell(s3, third, [{ objectives: [third[0]!['n'] as number] }]));
    expect(told.population.map((i) => i.y)).toEqual([[0], [1]]);
    const [again] = right(ga.ask(told, 1));
    expect(again).toEqual([{ n: 2 }]);
  });

  it('a-priori predicates hold for random and child points alike', () => {
    const ga = nsga2({ space: unit2, populationSize: 4, aPriori: [(p) => (p['x'] as number) >= (p['y'] as number)] });
    let state = ga.init(3);
    const seen: Point[] = [];
    for (let i = 0; i < 6; i++) {
      const [pts, s1] = right(ga.ask(state, 2));
      seen.push(...pts);
      state = right(ga.tell(s1, pts, pts.map((p) => ({ objectives: [(p['x'] as number) + (p['y'] as number)] }))));
    }
    expect(seen.every((p) => (p['x'] as number) >= (p['y'] as number))).toBe(true);
  });

  it('failure values: q, everything rejected, a bad tell', () => {
    const ga = nsga2({ space: unit2 });
    const s = ga.init(1);
    expect(ga.ask(s, 0)).toEqual(E.left({ _tag: 'InvalidRequest', message: 'q must be a positive integer, got 0' }));
    expect(ga.ask(s, 2.5)).toEqual(E.left({ _tag: 'InvalidRequest', message: 'q must be a positive integer, got 2.5' }));
    const none = nsga2({ space: unit2, aPriori: [() => false] });
    expect(none.ask(none.init(1), 1)).toEqual(E.left({ _tag: 'NoFeasibleCandidate', tried: 10_000 }));
    expect(E.isLeft(ga.tell(s, [{ x: 2, y: 0 }], [{ objectives: [1] }]))).toBe(true);
    const con = nsga2({ space: unit2, objectives: 2, constraints: 1 });
    const ok = con.tell(s, [{ x: 0.5, y: 0.5 }], [{ objectives: [1, 2], constraints: [0.5] }]);
    expect(E.isRight(ok) && ok.right.population[0]!.c).toEqual([0.5]);
    expect(E.isLeft(con.tell(s, [{ x: 0.5, y: 0.5 }], [{ objectives: [1, 2] }]))).toBe(true);
  });
});
