/**
 * The mapper: exhaustive = brute force on tiny spaces (an independent enumeration of `Mapping`s through the
 * validated evaluation path); results are valid mappings; never worse than the default mapping; dataflow
 * constraints hold in every returned mapping; the heuristic is deterministic for a seed.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { evaluateProblem } from '../../src/codesign/index.js';
import { DATA_SPACES } from '../../src/core/index.js';
import {
  ANY_DATAFLOW, checkDataflow, defaultMapping, freeLevel, makeMapspace, newPoint, validateMapping,
  type Dataflow, type LevelMapping, type Mapping,
} from '../../src/mapping/index.js';
import { moveToConfig, search, spatialGroups } from '../../src/mapper/index.js';
import { DIMS, dimVector, type Dim, type Problem } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { problem } from '../helpers/eval.js';
import { bruteCount } from '../helpers/orders.js';

const divisors = (n: number): number[] => [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
const permutations = <A>(xs: A[]): A[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r])));

/** Brute force: every factor assignment over (level × {T, X}) slots, every order of non-unit loops, every keep subset. */
const bruteForceBest = (arch: Arch, p: Problem, df: Dataflow): number => {
  const L = arch.levels.length;
  const slots = L * 2;
  const assignments = (n: number, k: number): number[][] => (k === 1 ? [[n]] : divisors(n).flatMap((f) => assignments(n / f, k - 1).map((r) => [f, ...r])));
  const perDim = DIMS.map((d) => assignments(p.bounds[d], slots));
  let best = Infinity;
  const keeps = [...Array(8).keys()];
  const rec = (di: number, chosen: number[][]): void => {
    if (di < DIMS.length) {
      for (const a of perDim[di]!) rec(di + 1, [...chosen, a]);
      return;
    }
    const factor = (d: number, l: number, s: number) => chosen[d]![l * 2 + s]!;
    const ordersPerLevel = Array.from({ length: L }, (_, l) => permutations(DIMS.filter((_, d) => factor(d, l, 0) > 1)));
    const recL = (l: number, levels: LevelMapping[]): void => {
      if (l === L) {
        const m: Mapping = { levels, origin: 'brute' };
        if (E.isLeft(validateMapping(arch, p, m)) || checkDataflow(df, arch, m).length > 0) return;
        const r = evaluateProblem(arch, p, m);
        if (E.isRight(r)) best = Math.min(best, r.right.energy.total);
        return;
      }
      for (const order of ordersPerLevel[l]!) {
        for (const km of l === 0 ? [7] : keeps) {
          const vec = (s: number) => dimVector(Object.fromEntries(DIMS.map((d, di) => [d, factor(di, l, s)])) as Record<Dim, number>);
          recL(l + 1, [...levels, {
            temporal: vec(0), spatialX: vec(1), spatialY: dimVector(),
            permutation: [...order, ...DIMS.filter((d) => !order.includes(d))],
            keep: { W: (km & 1) === 1, I: (km & 2) === 2, O: (km & 4) === 4 },
          }]);
        }
      }
    };
    recL(0, []);
  };
  rec(0, []);
  return best;
};

const tinyArb = fc.record({
  C: fc.constantFrom(1, 2, 4), K: fc.constantFrom(1, 2, 3), P: fc.constantFrom(1, 2, 3), R: fc.constantFrom(1, 2),
}).map((b) => problem(b));
const smallArch = (cap: number): Arch => testArch([{ read: 50, write: 50 }, { capacityWords: cap, read: 1, write: 1, instances: 2 }], 2);

describe('mapper search', () => {
  it('exhaustive = brute force on tiny mapspaces (energy objective)', () => {
    fc.assert(fc.property(tinyArb, fc.constantFrom(3, 6, 64), (p, cap) => {
      const arch = smallArch(cap);
      const ms = makeMapspace(arch, p, ANY_DATAFLOW);
      const r = search(ms, { objective: 'energy', strategy: 'exhaustive', seed: 0 });
      const brute = bruteForceBest(arch, p, ANY_DATAFLOW);
      if (brute === Infinity) {
        expect(E.isLeft(r)).toBe(true);
        return;
      }
      expect(E.isRight(r)).toBe(true);
      if (E.isRight(r)) {
        expect(r.right.complete).toBe(true);
        expect(r.right.energy).toBeCloseTo(brute, 6);
      }
    }), { numRuns: 25 });
  });
  it('results are valid, satisfy the dataflow, and are never worse than the default mapping', () => {
    const ws: Dataflow = {
      name: 'ws-test', description: 'weights stay in L1; spatial only over K',
      levels: { L1: { ...freeLevel(), keep: ['W'], bypass: ['I'], spatialX: { K: { kind: 'free' } }, spatialY: {}, permutation: ['P'] } },
    };
    fc.assert(fc.property(tinyArb, fc.constantFrom('exhaustive', 'heuristic') as fc.Arbitrary<'exhaustive' | 'heuristic'>, fc.integer({ min: 0, max: 1000 }), (p, strategy, seed) => {
      const arch = smallArch(64);
      for (const df of [ANY_DATAFLOW, ws]) {
        const r = search(makeMapspace(arch, p, df), { objective: 'energy', strategy, seed });
        if (E.isLeft(r)) continue;
        const m = r.right.mapping;
        expect(E.isRight(validateMapping(arch, p, m))).toBe(true);
        expect(checkDataflow(df, arch, m)).toEqual([]);
        const ev = evaluateProblem(arch, p, m);
        expect(E.isRight(ev) && ev.right.energy.total).toBeCloseTo(r.right.energy, 6);
        if (df === ANY_DATAFLOW) {
          const d = defaultMapping(arch, p);
          if (E.isRight(d)) {
            const de = evaluateProblem(arch, p, d.right);
            if (E.isRight(de)) expect(r.right.energy).toBeLessThanOrEqual(de.right.energy.total + 1e-9);
          }
        }
        for (const ds of DATA_SPACES) if (df === ws && ds === 'W') expect(m.levels[1]!.keep.W).toBe(true);
      }
    }), { numRuns: 25 });
  });
  it('the heuristic is deterministic for a seed', () => {
    const arch = smallArch(64);
    const p = problem({ C: 4, K: 3, P: 3, R: 2 });
    const a = search(makeMapspace(arch, p, ANY_DATAFLOW), { objective: 'edp', strategy: 'heuristic', seed: 7 });
    const b = search(makeMapspace(arch, p, ANY_DATAFLOW), { objective: 'edp', strategy: 'heuristic', seed: 7 });
    expect(a).toEqual(b);
  });
  it('spatial configurations: exactly the group combinations that fit the fan-out; moving a point there sets those groups', () => {
    fc.assert(fc.property(tinyArb, fc.constantFrom(2, 3, 4), (p, instances) => {
      const arch = testArch([{ read: 50, write: 50 }, { capacityWords: 64, read: 1, write: 1, instances }], instances);
      const ms = makeMapspace(arch, p, ANY_DATAFLOW);
      const sg = spatialGroups(ms, 10_000);
      // Brute force over every combination of groups.
      const fitting = bruteCount(ms, sg);
      expect(sg.numConfigs).toBe(fitting);
      for (let c = 0; c < sg.numConfigs; c++) {
        const q = newPoint(ms);
        moveToConfig(ms, sg, q, c, sg.groups.map((g) => new Int32Array(g.length).fill(-1)));
        for (let d = 0; d < DIMS.length; d++) expect(sg.groupOf[d]![q.choice[d]!]).toBe(sg.configs[c * DIMS.length + d]);
      }
    }), { numRuns: 25 });
  });
});
