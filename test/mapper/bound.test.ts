/**
 * The exact exhaustive search's three claims (src/mapper/bound.ts), each against brute force over every loop
 * order, on tiny layers with sliding windows, strides and dilation on a 4-level hierarchy with a spatial level:
 * 1. energy splits by tensor (compute + Σ_t tensorEnergy = priceTotal), and a tensor's energy depends on its own
 *    keep choices only;
 * 2. the innermost level's loop order changes no energy and no cycle count;
 * 3. each tensor's minimum over every order is reached among its favoured orders (`tensorMinimum`);
 * 4. orders of different levels never interact, so the energy minimum over every order is the level-by-level one;
 * and, end to end, branch and bound = plain enumeration of every keep choice × factorization × order.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ANY_DATAFLOW, fitsPoint, makeMapspace, newPoint, type MapPoint, type Mapspace } from '../../src/mapping/index.js';
import { makeEvaluator, makeOrderBound, search, tensorMinimum, type Evaluator } from '../../src/mapper/index.js';
import { NUM_DIMS, type Problem } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { allOrders, arch4, close, eachOrder } from '../helpers/orders.js';
import { tinyProblem } from '../helpers/arbitraries.js';
import { problem } from '../helpers/eval.js';

/** DRAM → L1 → L2 (2 instances) → L3 per instance: three levels whose orders matter, one innermost. */

const orderCount = (ms: Mapspace, p: MapPoint, levels: number[]): number => levels.reduce((a, l) => a * allOrders(ms, p, l).length, 1);

/** A random point (factorization index per dimension, keep mask per level) that fits, with canonical orders. */
/** Half the layers have N = G = C = 1: no loop stops the inputs' walk, which then crosses every level above a child. */
const layerArb = fc.oneof(tinyProblem(3), tinyProblem(3).map((p) => ({ ...p, bounds: { ...p.bounds, N: 1, G: 1, C: 1 } })));
const pointArb = fc.tuple(layerArb, fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }));

const setUp = (pr: Problem, picks: number[], keeps: number[]): { ms: Mapspace; p: MapPoint; ev: Evaluator } | null => {
  const ms = makeMapspace(arch4(), pr, ANY_DATAFLOW);
  const p = newPoint(ms);
  for (let d = 0; d < NUM_DIMS; d++) p.choice[d] = picks[d]! % ms.factorizations[d]!.length;
  p.keep[0] = 7;
  for (let l = 1; l < 4; l++) p.keep[l] = keeps[l]!;
  if (!fitsPoint(ms, p)) return null;
  return { ms, p, ev: makeEvaluator(ms, 'energy') };
};

describe('order bound (exact exhaustive search)', () => {
  it('energy splits by tensor, and a tensor\'s energy depends on its own keep choices only', () => {
    fc.assert(fc.property(pointArb, fc.integer({ min: 0, max: 7 }), ([pr, picks, keeps], other) => {
      const s = setUp(pr, picks, keeps);
      if (!s) return;
      const { ms, p, ev } = s;
      ev.evaluate(p);
      const parts = [0, 1, 2].map((t) => ev.lastTensorEnergy(t));
      expect(close(ev.lastComputeEnergy() + parts[0]! + parts[1]! + parts[2]!, ev.last.energy)).toBe(true);
      // Change every other tensor's keep bits: t's energy stays.
      for (let t = 0; t < 3; t++) {
        const q: MapPoint = { choice: p.choice, perm: p.perm, keep: Int32Array.from(p.keep, (k, l) => (l === 0 ? 7 : (k & (1 << t)) | (other & ~(1 << t)))) };
        ev.evaluate(q);
        expect(ev.lastTensorEnergy(t)).toBe(parts[t]);
      }
      void ms;
    }), { numRuns: 150 });
  });

  it('the innermost level\'s loop order changes no energy and no cycle count', () => {
    fc.assert(fc.property(pointArb, ([pr, picks, keeps]) => {
      const s = setUp(pr, picks, keeps);
      if (!s || orderCount(s.ms, s.p, [3]) > 720) return;
      const { ms, p, ev } = s;
      ev.evaluate(p);
      const e0 = ev.last.energy;
      const c0 = ev.last.cycles;
      eachOrder(ms, p, [3], () => {
        ev.evaluate(p);
        expect(ev.last.energy).toBe(e0);
        expect(ev.last.cycles).toBe(c0);
      });
    }), { numRuns: 150 });
  });

  it('each tensor\'s minimum over every order is reached among its favoured orders', () => {
    let checked = 0;
    fc.assert(fc.property(pointArb, ([pr, picks, keeps]) => {
      const s = setUp(pr, picks, keeps);
      if (!s || orderCount(s.ms, s.p, [0, 1, 2]) > 20_000) return;
      const { ms, p, ev } = s;
      const brute = [Infinity, Infinity, Infinity];
      eachOrder(ms, p, [0, 1, 2], () => {
        ev.evaluate(p);
        for (let t = 0; t < 3; t++) brute[t] = Math.min(brute[t]!, ev.lastTensorEnergy(t));
      });
      const ob = makeOrderBound(ms);
      for (let t = 0; t < 3; t++) {
        let pattern = 0;
        for (let l = 1; l < 4; l++) pattern |= ((p.keep[l]! >> t) & 1) << (l - 1);
        const m = tensorMinimum(ms, ob, ev, p, t, pattern);
        expect(m).toBe(brute[t]);
      }
      checked++;
    }), { numRuns: 400 });
    expect(checked).toBeGreaterThan(50);
  });

  it('the energy minimum over every order = the level-by-level minimum (each level\'s orders with the others held)', () => {
    let checked = 0;
    fc.assert(fc.property(pointArb, ([pr, picks, keeps]) => {
      const s = setUp(pr, picks, keeps);
      if (!s || orderCount(s.ms, s.p, [0, 1, 2]) > 20_000) return;
      const { ms, p, ev } = s;
      let brute = Infinity;
      eachOrder(ms, p, [0, 1, 2], () => {
        ev.evaluate(p);
        brute = Math.min(brute, ev.last.energy);
      });
      for (let l = 0; l < 3; l++) p.perm[l]!.set(allOrders(ms, p, l)[0]!);
      let e = Infinity;
      for (let l = 0; l < 3; l++) {
        let bestO = Int32Array.from(p.perm[l]!);
        eachOrder(ms, p, [l], () => {
          ev.evaluate(p);
          if (ev.last.energy < e) {
            e = ev.last.energy;
            bestO = Int32Array.from(p.perm[l]!);
          }
        });
        p.perm[l]!.set(bestO);
      }
      expect(close(e, brute)).toBe(true);
      checked++;
    }), { numRuns: 200 });
    expect(checked).toBeGreaterThan(50);
  });

  it('orders of different levels never interact: E(a, b) + E(a\', b\') = E(a\', b) + E(a, b\')', () => {
    let interacting = 0;
    // Larger layers than elsewhere, so that several levels have several loops to order.
    const rich = fc.record({
      N: fc.constantFrom(1, 2), C: fc.constantFrom(1, 2, 4), K: fc.constantFrom(2, 4, 6), P: fc.constantFrom(4, 6, 8), Q: fc.constantFrom(2, 4),
      R: fc.constantFrom(1, 2, 3), S: fc.constantFrom(1, 2), strideH: fc.constantFrom(1, 2), dilationH: fc.constantFrom(1, 2),
    }).map((r) => problem({ N: r.N, C: r.C, K: r.K, P: r.P, Q: r.Q, R: r.R, S: r.S }, { strideH: r.strideH, dilationH: r.dilationH }));
    const richPoint = fc.tuple(rich, fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }));
    fc.assert(fc.property(richPoint, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), ([pr, picks, keeps], orderPicks) => {
      const s = setUp(pr, picks, keeps);
      if (!s) return;
      const { ms, p, ev } = s;
      // Two orders per level (0 and 1), chosen at random among all orders of the level.
      const alt = [0, 1, 2].map((l) => {
        const os = allOrders(ms, p, l);
        return [os[orderPicks[2 * l]! % os.length]!, os[orderPicks[2 * l + 1]! % os.length]!];
      });
      const energyWith = (pick: (l: number) => number): number => {
        for (let l = 0; l < 3; l++) p.perm[l]!.set(alt[l]![pick(l)]!);
        ev.evaluate(p);
        return ev.last.energy;
      };
      for (let i = 0; i < 3; i++) {
        for (let j = i + 1; j < 3; j++) {
          const e00 = energyWith(() => 0);
          const e10 = energyWith((l) => (l === i ? 1 : 0));
          const e01 = energyWith((l) => (l === j ? 1 : 0));
          const e11 = energyWith((l) => (l === i || l === j ? 1 : 0));
          if (e10 !== e00 && e01 !== e00) interacting++;
          expect(close(e11 + e00, e10 + e01)).toBe(true);
        }
      }
    }), { numRuns: 1000 });
    // Both levels' orders matter in many of the cases checked (the property is not vacuous).
    expect(interacting).toBeGreaterThan(25);
  });

  it('branch and bound = plain enumeration of every keep choice × factorization × order (energy, delay, edp)', () => {
    const small = tinyProblem(2).filter((p) => Object.values(p.bounds).reduce((a, b) => a * b, 1) <= 24);
    const arch3 = testArch([{ read: 50, write: 50 }, { capacityWords: 24, read: 6, write: 6 }, { capacityWords: 6, read: 1, write: 1, instances: 2 }], 2);
    fc.assert(fc.property(small, fc.constantFrom('energy', 'delay', 'edp') as fc.Arbitrary<'energy' | 'delay' | 'edp'>, (pr, objective) => {
      const ms = makeMapspace(arch3, pr, ANY_DATAFLOW);
      const bb = search(ms, { objective, strategy: 'exhaustive', seed: 1 });
      const plain = search(ms, { objective, strategy: 'exhaustive', seed: 1, prune: false });
      expect(E.isRight(bb)).toBe(E.isRight(plain));
      if (E.isRight(bb) && E.isRight(plain)) {
        expect(bb.right.complete && plain.right.complete).toBe(true);
        expect(close(bb.right.score, plain.right.score)).toBe(true);
      }
    }), { numRuns: 40 });
  });
});
