/**
 * Small, fixed cases of the mapper that run inside mutation runs (issue 9): `bound.test.ts` and `search.test.ts`
 * run millions of evaluations and are left out of them (stryker.config.mjs). Here each claim is checked on a few
 * points drawn with a fixed seed, against brute force over every loop order, so that a mutant of `bound.ts`,
 * `search.ts`, `spatial.ts` or `evaluator.ts` that changes a result is seen in seconds:
 * - the bound is exactly compute + Σ_t (each tensor's minimum over every order), a true lower bound of every
 *   order's score (energy, delay, edp), partial past the cutoff, memoised per keep pattern;
 * - exhaustive branch and bound = plain enumeration (energy, delay, edp), the budget stop, the progress
 *   callback, both failure values;
 * - the spatial configurations and the closest factorization in a group.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  ANY_DATAFLOW, fitsPoint, freeLevel, makeMapspace, newPoint, SLOT_KINDS, type Dataflow, type MapPoint, type Mapspace,
} from '../../src/mapping/index.js';
import {
  boundOrders, closestInGroup, makeEvaluator, makeOrderBound, moveToConfig, permutationsOf, resetMinima, score, search,
  spatialGroups, tensorMinimum, type Evaluator,
} from '../../src/mapper/index.js';
import { NUM_DIMS, type Problem } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { allOrders, arch4, bruteCount, close, eachOrder, fixedFactorsCase } from '../helpers/orders.js';
import { problem } from '../helpers/eval.js';

/** DRAM → L1 → L2 (2 instances) → L3 per instance (as in bound.test.ts). */

const orderCount = (ms: Mapspace, p: MapPoint): number => [0, 1, 2].reduce((a, l) => a * allOrders(ms, p, l).length, 1);

const pattern = (p: MapPoint, t: number): number => {
  let k = 0;
  for (let l = 1; l < 4; l++) k |= ((p.keep[l]! >> t) & 1) << (l - 1);
  return k;
};

/**
 * Fixed points (fast-check's `sample` with a fixed seed): layers with sliding windows, strides and dilation, each
 * point fitting, with between 12 and 400 order combinations (several loops to order at more than one level).
 */
const cases: Array<{ ms: Mapspace; p: MapPoint; ev: Evaluator }> = (() => {
  const layer = fc.record({
    N: fc.constantFrom(1, 2), C: fc.constantFrom(1, 2), K: fc.constantFrom(2, 3), P: fc.constantFrom(2, 3, 4), Q: fc.constantFrom(1, 2),
    R: fc.constantFrom(1, 2, 3), S: fc.constantFrom(1, 2), strideH: fc.constantFrom(1, 2), dilationH: fc.constantFrom(1, 2),
  }).map((r): Problem => problem({ N: r.N, C: r.C, K: r.K, P: r.P, Q: r.Q, R: r.R, S: r.S }, { strideH: r.strideH, dilationH: r.dilationH }));
  const arb = fc.tuple(layer, fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }));
  const out: Array<{ ms: Mapspace; p: MapPoint; ev: Evaluator }> = [];
  for (const [pr, picks, keeps] of fc.sample(arb, { seed: 20261203, numRuns: 400 })) {
    const ms = makeMapspace(arch4(), pr, ANY_DATAFLOW);
    const p = newPoint(ms);
    for (let d = 0; d < NUM_DIMS; d++) p.choice[d] = picks[d]! % ms.factorizations[d]!.length;
    p.keep[0] = 7;
    for (let l = 1; l < 4; l++) p.keep[l] = keeps[l]!;
    if (!fitsPoint(ms, p)) continue;
    const n = orderCount(ms, p);
    if (n < 12 || n > 400) continue;
    out.push({ ms, p, ev: makeEvaluator(ms, 'energy') });
    if (out.length === 16) break;
  }
  return out;
})();

describe('order bound on fixed points, against every order', () => {
  it('the cases exercise the bound (16 points; in most, some tensor\'s energy depends on the orders)', () => {
    expect(cases.length).toBe(16);
    let dependent = 0;
    for (const { ms, p, ev } of cases) {
      const seen = [new Set<number>(), new Set<number>(), new Set<number>()];
      eachOrder(ms, p, [0, 1, 2], () => {
        ev.evaluate(p);
        for (let t = 0; t < 3; t++) seen[t]!.add(ev.lastTensorEnergy(t));
      });
      if (seen.some((x) => x.size > 1)) dependent++;
    }
    expect(dependent).toBeGreaterThanOrEqual(8);
  });

  it('a dataflow\'s fixed innermost loops stay innermost in the favoured orders, and the bound is still exact', () => {
    const df: Dataflow = { name: 'pin', description: 'Q then P innermost at L1 and L2', levels: { L1: { ...freeLevel(), permutation: ['Q', 'P'] }, L2: { ...freeLevel(), permutation: ['Q', 'P'] } } };
    let checked = 0;
    for (const { p: p0, ms: ms0 } of cases) {
      const ms = makeMapspace(arch4(), ms0.problem, df);
      const p = newPoint(ms);
      p.keep.set(p0.keep);
      for (let d = 0; d < NUM_DIMS; d++) p.choice[d] = p0.choice[d]! % ms.factorizations[d]!.length;
      if (!fitsPoint(ms, p)) continue;
      const ev = makeEvaluator(ms, 'energy');
      const brute = [Infinity, Infinity, Infinity];
      // every order of each level's free loops, the fixed suffix last (as the search enumerates them)
      const orders = (l: number): Int32Array[] => {
        const fixed = ms.fixedInner[l]!;
        const big: number[] = [];
        const unit: number[] = [];
        for (let d = 0; d < NUM_DIMS; d++) if (!fixed.includes(d)) (ms.factorizations[d]![p.choice[d]!]![l * SLOT_KINDS]! > 1 ? big : unit).push(d);
        return permutationsOf(big).map((o) => Int32Array.from([...unit, ...o, ...fixed]));
      };
      const lists = [0, 1, 2].map(orders);
      for (const a of lists[0]!) for (const b of lists[1]!) for (const c of lists[2]!) {
        p.perm[0]!.set(a);
        p.perm[1]!.set(b);
        p.perm[2]!.set(c);
        ev.evaluate(p);
        for (let t = 0; t < 3; t++) brute[t] = Math.min(brute[t]!, ev.lastTensorEnergy(t));
      }
      const ob = makeOrderBound(ms);
      for (let t = 0; t < 3; t++) {
        expect(tensorMinimum(ms, ob, ev, p, t, pattern(p, t))).toBe(brute[t]);
        // the favoured orders end with the fixed loop
        for (const l of [1, 2]) expect(Array.from(ob.q.perm[l]!.subarray(NUM_DIMS - 2))).toEqual(Array.from(ms.fixedInner[l]!));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('tensorMinimum is each tensor\'s minimum over every order; the bound is compute + Σ of them and below every order', () => {
    for (const { ms, p, ev } of cases) {
      const brute = [Infinity, Infinity, Infinity];
      let minE = Infinity;
      let minD = Infinity;
      let minEdp = Infinity;
      let compute = NaN;
      let computeCycles = NaN;
      eachOrder(ms, p, [0, 1, 2], () => {
        ev.evaluate(p);
        for (let t = 0; t < 3; t++) brute[t] = Math.min(brute[t]!, ev.lastTensorEnergy(t));
        minE = Math.min(minE, ev.last.energy);
        minD = Math.min(minD, ev.last.cycles);
        minEdp = Math.min(minEdp, ev.last.energy * ev.last.cycles);
        compute = ev.lastComputeEnergy();
        computeCycles = ev.lastComputeCycles();
      });
      const ob = makeOrderBound(ms);
      const bE = boundOrders(ms, ob, ev, 'energy', p, Infinity);
      for (let t = 0; t < 3; t++) expect(ob.minima[t * ob.patterns + pattern(p, t)]).toBe(brute[t]);
      expect(ob.computeEnergy).toBe(compute);
      expect(ob.computeCycles).toBe(computeCycles);
      expect(bE).toBe(compute + brute[0]! + brute[1]! + brute[2]!);
      expect(bE).toBeLessThanOrEqual(minE * (1 + 1e-12));
      // every other memo entry is still unknown
      expect(Array.from(ob.minima).filter((v) => !Number.isNaN(v)).length).toBe(3);
      const bD = boundOrders(ms, ob, ev, 'delay', p, Infinity);
      expect(bD).toBe(computeCycles);
      expect(bD).toBeLessThanOrEqual(minD);
      const bEdp = boundOrders(ms, ob, ev, 'edp', p, Infinity);
      expect(bEdp).toBe(score('edp', bE, computeCycles));
      expect(bEdp).toBeLessThanOrEqual(minEdp * (1 + 1e-12));
      // a cutoff below compute + the first tensor's minimum stops after it
      expect(boundOrders(ms, ob, ev, 'energy', p, compute)).toBe(compute + brute[0]!);
      expect(boundOrders(ms, ob, ev, 'energy', p, compute + brute[0]! + brute[1]! - 1e-9)).toBe(compute + brute[0]! + brute[1]!);
      // tensorMinimum called directly agrees, and leaves the compute figures
      const ob2 = makeOrderBound(ms);
      for (let t = 0; t < 3; t++) expect(tensorMinimum(ms, ob2, ev, p, t, pattern(p, t))).toBe(brute[t]);
      expect(ob2.computeEnergy).toBe(compute);
      resetMinima(ob);
      expect(Array.from(ob.minima).every((v) => Number.isNaN(v))).toBe(true);
    }
  });

  it('a tensor\'s minimum depends on its own keep pattern only; another pattern is memoised separately', () => {
    const { ms, p, ev } = cases[0]!;
    const ob = makeOrderBound(ms);
    const b1 = boundOrders(ms, ob, ev, 'energy', p, Infinity);
    // bypass W everywhere below DRAM: W's pattern becomes 0, the others stay
    const q: MapPoint = { choice: p.choice, perm: p.perm, keep: Int32Array.from(p.keep, (k, l) => (l === 0 ? 7 : k & ~1)) };
    const b2 = boundOrders(ms, ob, ev, 'energy', q, Infinity);
    const fresh = makeOrderBound(ms);
    expect(b2).toBe(boundOrders(ms, fresh, ev, 'energy', q, Infinity));
    expect(ob.minima[1 * ob.patterns + pattern(p, 1)]).toBe(fresh.minima[1 * fresh.patterns + pattern(p, 1)]);
    expect(ob.minima[0 * ob.patterns + 0]).toBe(fresh.minima[0]);
    if (pattern(p, 0) !== 0) expect(ob.minima[pattern(p, 0)]).not.toBeNaN();
    void b1;
  });
});

/** Golden [evaluated, pruned] of the branch and bound per `layer objective` (seed 1). */
const PRUNING: Record<string, [number, number]> = {
  '0 energy': [2099, 2645], '0 delay': [2992, 1568], '0 edp': [2015, 2645],
  '1 energy': [2665, 3262], '1 delay': [4243, 1600], '1 edp': [2559, 3262],
  '2 energy': [2388, 4134], '2 delay': [4617, 2008], '2 edp': [2419, 4128],
};

describe('exhaustive search on fixed tiny layers', () => {
  const arch3 = testArch([{ read: 50, write: 50 }, { capacityWords: 24, read: 6, write: 6 }, { capacityWords: 6, read: 1, write: 1, instances: 2 }], 2);
  // the third has loops to order at two levels (K and P at the DRAM and at L1): there the level-by-level minimum and
  // the full enumeration differ in how many orders they evaluate
  const layers = [problem({ K: 2, P: 3, R: 2 }), problem({ C: 2, K: 2, P: 2 }, { strideH: 2 }), problem({ K: 4, P: 4 })];

  it('branch and bound = plain enumeration of every keep choice × factorization × order (energy, delay, edp)', () => {
    let pruned = 0;
    for (const [li, pr] of layers.entries()) {
      for (const objective of ['energy', 'delay', 'edp'] as const) {
        const ms = makeMapspace(arch3, pr, ANY_DATAFLOW);
        const bb = search(ms, { objective, strategy: 'exhaustive', seed: 1 });
        const plain = search(ms, { objective, strategy: 'exhaustive', seed: 1, prune: false });
        if (E.isLeft(bb) || E.isLeft(plain)) throw new Error('no mapping');
        expect(bb.right.complete && plain.right.complete).toBe(true);
        expect(close(bb.right.score, plain.right.score)).toBe(true);
        expect(bb.right.score).toBe(score(objective, bb.right.energy, bb.right.cycles));
        // fewer evaluations than the plain enumeration, which prunes nothing
        expect(bb.right.evaluated).toBeLessThan(plain.right.evaluated);
        expect(plain.right.pruned).toBe(0);
        if (li === 2) expect(plain.right.evaluated).toBe(6896);
        pruned += bb.right.pruned ?? 0;
        // golden: how much the bound prunes, and the evaluations left (heuristic incumbent included)
        expect([bb.right.evaluated, bb.right.pruned]).toEqual(PRUNING[`${li} ${objective}`]);
        // the heuristic (a small one) finds the same optimum on these tiny spaces, and reports no pruning
        const h = search(ms, { objective, strategy: 'heuristic', seed: 3, samples: 60, climbs: 6 });
        if (E.isLeft(h)) throw new Error('no mapping');
        expect(close(h.right.score, plain.right.score)).toBe(true);
        expect(h.right.pruned).toBeUndefined();
        expect(h.right.mapping.origin).toContain('seed 3');
      }
    }
    expect(pruned).toBeGreaterThan(0);
  });

  it('golden: the default heuristic on a 3-level, 4-wide layer (evaluations and score for seed 7)', () => {
    // A regression pin of the search's trajectory (sampling, descent, kicks, victory, spatial rounds with their
    // defaults): any change to them shows here. The exhaustive search finds the same scores (8508 pJ; EDP 918,864).
    const arch = testArch([{ read: 50, write: 50 }, { capacityWords: 64, read: 1, write: 1, instances: 4 }, { capacityWords: 8, read: 0.5, write: 0.5, instances: 4 }], 4);
    const got = (['energy', 'edp'] as const).map((objective) => {
      const r = search(makeMapspace(arch, problem({ C: 4, K: 6, P: 6, R: 3 }), ANY_DATAFLOW), { objective, strategy: 'heuristic', seed: 7 });
      if (E.isLeft(r)) throw new Error('no mapping');
      return [r.right.evaluated, r.right.score];
    });
    expect(got).toEqual([[3977, 8508], [3933, 918_864]]);
  });

  it('one factorization with loops to order at two levels: the level-by-level search = every order (energy, delay, edp)', () => {
    // fixedFactorsCase: every factor fixed by the dataflow, so the search is over keep choices and orders only, and
    // the best orders of both levels are not the first ones.
    const c = fixedFactorsCase();
    const ms = makeMapspace(c.arch, c.problem, c.df);
    expect(ms.factorizations.every((f) => f.length === 1)).toBe(true);
    for (const objective of ['energy', 'delay', 'edp'] as const) {
      const bb = search(ms, { objective, strategy: 'exhaustive', seed: 1 });
      const plain = search(ms, { objective, strategy: 'exhaustive', seed: 1, prune: false });
      if (E.isLeft(bb) || E.isLeft(plain)) throw new Error('no mapping');
      expect(close(bb.right.score, plain.right.score)).toBe(true);
      expect(plain.right.evaluated).toBe(9216); // 8 · 8 keep choices × 3! · 4! orders
      if (objective === 'energy') expect(bb.right.score).toBe(30_696);
      // golden: heuristic incumbent + the orders searched (level by level for energy, every combination otherwise)
      expect([bb.right.evaluated, bb.right.pruned]).toEqual({ energy: [1746, 46], delay: [10_408, 0], edp: [3816, 46] }[objective]);
    }
  });

  it('the plain enumeration visits every factorization × keep choice × order', () => {
    // only K = 2 is not 1, on DRAM → L1 with a fan-out of 1: K sits at DRAM or at L1 (one order each), so the
    // enumeration is (K's factorizations) × (L1's keep choices)
    const arch2 = testArch([{ read: 10, write: 10 }, { capacityWords: 1 << 10, read: 1, write: 1 }], 1);
    const ms = makeMapspace(arch2, problem({ K: 2 }), ANY_DATAFLOW);
    const plain = search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 1, prune: false });
    if (E.isLeft(plain)) throw new Error('no mapping');
    expect(ms.factorizations.reduce((a, f) => a * f.length, 1)).toBe(2);
    expect(ms.keepChoices[1]!.length).toBe(8);
    expect(plain.right.evaluated).toBe(16);
  });

  it('stops at the budget and says so; reports progress every `progressEvery` evaluations', () => {
    const ms = makeMapspace(arch3, layers[0]!, ANY_DATAFLOW);
    const r = search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 1, prune: false, budget: 50 });
    if (E.isLeft(r)) throw new Error('no mapping');
    expect(r.right.complete).toBe(false);
    // the budget is checked before each factorization: the one that crosses it is finished (golden: 384 and 128 evaluations)
    expect(r.right.evaluated).toBe(384);
    // a budget met exactly at a factorization's start stops there (≥, not >)
    const exact = search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 1, prune: false, budget: 384 });
    expect(E.isRight(exact) && [exact.right.evaluated, exact.right.complete]).toEqual([384, false]);
    const r2 = search(makeMapspace(arch3, layers[2]!, ANY_DATAFLOW), { objective: 'energy', strategy: 'exhaustive', seed: 1, prune: false, budget: 50 });
    expect(E.isRight(r2) && [r2.right.evaluated, r2.right.complete]).toEqual([128, false]);
    const calls: Array<[number, number]> = [];
    const full = search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 1, prune: false, onProgress: (n, b) => calls.push([n, b]), progressEvery: 100 });
    if (E.isLeft(full)) throw new Error('no mapping');
    expect(full.right.complete).toBe(true);
    expect(calls.length).toBe(Math.floor(full.right.evaluated / 100));
    calls.forEach(([n], i) => expect(n).toBe((i + 1) * 100));
    for (let i = 1; i < calls.length; i++) expect(calls[i]![1]).toBeLessThanOrEqual(calls[i - 1]![1]);
    expect(calls[calls.length - 1]![1]).toBeGreaterThanOrEqual(full.right.score);
    // the default interval is 100,000 evaluations: none here
    const quiet: number[] = [];
    search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 1, onProgress: (n) => quiet.push(n) });
    expect(quiet).toEqual([]);
  });

  it('no factorization → EmptyMapspace; nothing fits → NoValidMapping', () => {
    const arch2 = testArch([{ read: 10, write: 10 }, { capacityWords: 1, read: 1, write: 1 }], 1);
    const exact5: Dataflow = { name: 'k5', description: 'K = 5 at L1', levels: { L1: { ...freeLevel(), temporal: { K: { kind: 'exact', n: 5 } } } } };
    const empty = search(makeMapspace(arch2, problem({ K: 2 }), exact5), { objective: 'energy', strategy: 'exhaustive', seed: 1 });
    expect(E.isLeft(empty) && empty.left._tag).toBe('EmptyMapspace');
    if (E.isLeft(empty)) expect(empty.left.message).toBe("dataflow 'k5' admits no factorization of this layer on this architecture");
    const keepW: Dataflow = { name: 'kw', description: 'W at L1, K all at L1', levels: { L1: { ...freeLevel(), keep: ['W'], temporal: { K: { kind: 'all' } } } } };
    for (const strategy of ['exhaustive', 'heuristic'] as const) {
      const none = search(makeMapspace(arch2, problem({ K: 4 }), keepW), { objective: 'energy', strategy, seed: 1, samples: 10 });
      expect(E.isLeft(none) && none.left._tag).toBe('NoValidMapping');
      if (E.isLeft(none) && none.left._tag === 'NoValidMapping') {
        expect(none.left.message).toBe(`no mapping of the ${strategy} search fits the architecture (capacity or fan-out)`);
        expect(none.left.evaluated).toBe(0);
      }
    }
  });

  it('the returned mapping says how it was found', () => {
    const ms = makeMapspace(arch3, layers[0]!, ANY_DATAFLOW);
    const r = search(ms, { objective: 'edp', strategy: 'exhaustive', seed: 1 });
    if (E.isLeft(r)) throw new Error('no mapping');
    expect(r.right.mapping.origin).toBe(`mapper: exhaustive (dataflow ${ms.dataflow.name}), objective edp`);
  });
});

describe('spatial configurations on a fixed layer', () => {
  // K = 4, C = 2 under a fan-out of 4 (one level with 4 instances, X only)
  const arch = testArch([{ read: 50, write: 50 }, { capacityWords: 64, read: 1, write: 1, instances: 4 }], 4);
  const ms = makeMapspace(arch, problem({ C: 2, K: 4 }), ANY_DATAFLOW);

  it('groups factorizations by their spatial part and keeps the combinations that fit the fan-out', () => {
    const sg = spatialGroups(ms, 10_000);
    // C spatial ∈ {1, 2}, K spatial ∈ {1, 2, 4} at the level above the MACs: products ≤ 4 → 5 of the 6
    const dC = 2; // DIMS order N G C K …
    const dK = 3;
    const spatialOf = (d: number, g: number): number => {
      const v = ms.factorizations[d]![sg.groups[d]![g]![0]!]!;
      let s = 1;
      for (let l = 0; l < ms.numLevels; l++) s *= v[l * SLOT_KINDS + 1]! * v[l * SLOT_KINDS + 2]!;
      return s;
    };
    expect(sg.groups[dC]!.map((_, g) => spatialOf(dC, g)).sort()).toEqual([1, 2]);
    expect(sg.groups[dK]!.map((_, g) => spatialOf(dK, g)).sort()).toEqual([1, 2, 4]);
    expect(sg.numConfigs).toBe(5);
    const products = Array.from({ length: sg.numConfigs }, (_, c) => spatialOf(dC, sg.configs[c * NUM_DIMS + dC]!) * spatialOf(dK, sg.configs[c * NUM_DIMS + dK]!));
    expect(products.every((x) => x <= 4)).toBe(true);
    // every factorization belongs to the group listing it
    sg.groups.forEach((gs, d) => gs.forEach((is, g) => is.forEach((i) => expect(sg.groupOf[d]![i]).toBe(g))));
    // the limit caps the enumeration
    expect(spatialGroups(ms, 3).numConfigs).toBe(3);
    expect(spatialGroups(ms, 1).numConfigs).toBe(1);
  });

  it('moving a point keeps the tile extents as close as the new group allows, ties to the smaller tile', () => {
    const sg = spatialGroups(ms, 10_000);
    const dK = 3;
    const L = ms.numLevels;
    const ext = (i: number) => Array.from({ length: L }, (_, l) => ms.innerExt[dK]![i * L + l]!);
    for (let g = 0; g < sg.groups[dK]!.length; g++) {
      for (let i = 0; i < ms.factorizations[dK]!.length; i++) {
        const j = closestInGroup(ms, sg, dK, i, g);
        expect(sg.groupOf[dK]![j]).toBe(g);
        // brute force: the smallest Σ_l |log ratio| of the extents below DRAM, then the smallest tile
        const dist = (k: number) => ext(k).slice(1).reduce((s, e, l) => s + Math.abs(Math.log(e / ext(i)[l + 1]!)), 0);
        const size = (k: number) => ext(k).slice(1).reduce((s, e) => s + Math.log(e), 0);
        const best = [...sg.groups[dK]![g]!].sort((a, b) => dist(a) - dist(b) || size(a) - size(b))[0]!;
        expect(dist(j)).toBeCloseTo(dist(best), 9);
        expect(size(j)).toBeCloseTo(size(best), 9);
      }
    }
    const q = newPoint(ms);
    const memo = sg.groups.map((g) => new Int32Array(g.length).fill(-1));
    for (let c = 0; c < sg.numConfigs; c++) {
      moveToConfig(ms, sg, q, c, memo);
      for (let d = 0; d < NUM_DIMS; d++) expect(sg.groupOf[d]![q.choice[d]!]).toBe(sg.configs[c * NUM_DIMS + d]);
    }
  });
});

describe('spatial configurations against brute force', () => {

  it('a 2-D fan-out (X 4, Y 2) and a dataflow that fixes K = 2 on the DRAM\'s X (half the X fan-out always used)', () => {
    const arch = testArch([{ read: 50, write: 50 }, { capacityWords: 64, read: 1, write: 1, instances: 8, meshX: 4, meshY: 2 }], 8, { x: 4, y: 2 });
    const fixedK: Dataflow = {
      name: 'k2', description: '',
      levels: { DRAM: { ...freeLevel(), spatialX: { ...freeLevel().spatialX, K: { kind: 'exact', n: 2 } }, spatialY: { ...freeLevel().spatialY, K: { kind: 'one' } } } },
    };
    for (const df of [ANY_DATAFLOW, fixedK]) {
      const ms = makeMapspace(arch, problem({ C: 4, K: 4, P: 2 }), df);
      const sg = spatialGroups(ms, 10_000);
      expect(sg.numConfigs).toBe(bruteCount(ms, sg));
      expect(sg.numConfigs).toBe(df === fixedK ? 8 : 31);
      // with K fixed, K has one group (X 2 at the DRAM): a fixed base the other dimensions' configurations must fit beside
      if (df === fixedK) expect(sg.groups[3]!.length).toBe(1);
      const q = newPoint(ms);
      const memo = sg.groups.map((g) => new Int32Array(g.length).fill(-1));
      for (let c = 0; c < sg.numConfigs; c++) {
        moveToConfig(ms, sg, q, c, memo);
        for (let d = 0; d < NUM_DIMS; d++) expect(sg.groupOf[d]![q.choice[d]!]).toBe(sg.configs[c * NUM_DIMS + d]);
      }
    }
  });

  it('closest factorization: equal distances go to the smaller tiles', () => {
    // K = 4 on DRAM → L1 → L2, no fan-out: from K at L1 (tiles 4, 1 below DRAM) the candidates K4@DRAM (1, 1) and
    // K4@L2 (4, 4) are both log 4 away; the smaller tiles win
    const arch = testArch([{ read: 50, write: 50 }, { capacityWords: 64, read: 1, write: 1 }, { capacityWords: 64, read: 1, write: 1 }], 1);
    const ms = makeMapspace(arch, problem({ K: 4 }), ANY_DATAFLOW);
    const sg = spatialGroups(ms, 100);
    const dK = 3;
    const L = ms.numLevels;
    const at = (t: number[]) => ms.factorizations[dK]!.findIndex((v) => t.every((f, l) => v[l * SLOT_KINDS] === f));
    const i = at([1, 4, 1]);
    const candidates = sg.groups[dK]![0]!.filter((j) => j !== i);
    const dist = (j: number) => [1, 2].reduce((s, l) => s + Math.abs(Math.log(ms.innerExt[dK]![j * L + l]! / ms.innerExt[dK]![i * L + l]!)), 0);
    expect(dist(at([4, 1, 1]))).toBeCloseTo(dist(at([1, 1, 4])), 12);
    // the factorization itself is the closest; without it, the tie goes to K4@DRAM
    expect(closestInGroup(ms, sg, dK, i, 0)).toBe(i);
    const sub = { ...sg, groups: sg.groups.map((gs, d) => (d === dK ? [candidates.filter((j) => j === at([4, 1, 1]) || j === at([1, 1, 4]))] : gs)) };
    expect(closestInGroup(ms, sub, dK, i, 0)).toBe(at([4, 1, 1]));
    const rev = { ...sg, groups: sg.groups.map((gs, d) => (d === dK ? [[at([1, 1, 4]), at([4, 1, 1])]] : gs)) };
    expect(closestInGroup(ms, rev, dK, i, 0)).toBe(at([4, 1, 1]));
  });
});
