/**
 * The mapspace against oracles that do not share its code (issue 9: `mapspace.ts` scored against its own tests):
 * - `fitsPoint` (the search's pre-check, on flat lookup tables) = `validateMapping` (the `Mapping`-level check) of
 *   `pointToMapping`, on random points of several archs: partitions, compressed formats, bit packing, 2-D fan-outs;
 *   a partial check (`assigned` < 8) never rejects a point whose full check passes;
 * - `flattenPoint` = `flatten ∘ pointToMapping`;
 * - the factorizations = a brute-force enumeration of every factor vector that honours the rules and the fan-outs;
 *   the keep choices = every mask the hardware and the dataflow allow;
 * - a fresh point, its copy, the canonical loop order, on exact small cases.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { decodeArch } from '../../src/config/arch.js';
import {
  ANY_DATAFLOW, canonicalOrder, copyPoint, fitsPoint, flatten, flattenPoint, freeLevel, makeMapspace, newFlat, newPoint, nonEmpty,
  pointToMapping, SLOT_KINDS, validateMapping, type Dataflow,
} from '../../src/mapping/index.js';
import { NUM_DIMS, type Problem } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { tinyProblem } from '../helpers/arbitraries.js';
import { problem } from '../helpers/eval.js';

const eyeriss = decodeArch(parse(readFileSync(new URL('../../configs/eyeriss.yaml', import.meta.url), 'utf8')));
if (E.isLeft(eyeriss)) throw new Error('configs/eyeriss.yaml does not decode');
const small = testArch([{}, { capacityWords: 30 }, { capacityWords: 6, instances: 4, meshX: 2, meshY: 2 }], 4, { x: 2, y: 2 });
const partitioned: Arch = { ...small, levels: small.levels.map((l, i) => (i === 1 ? { ...l, capacityWords: 40, partitionWords: { W: 12, I: null, O: 8 } } : l)) };
const packed: Arch = { ...small, scaleAccessEnergyWithBits: true, levels: small.levels.map((l, i) => (i === 2 ? { ...l, wordBits: 32 } : l)) };
const compressed: Arch = {
  ...small,
  levels: small.levels.map((l, i) => (i === 1 ? { ...l, formats: { ...l.formats, W: { format: 'bitmask' as const, metadataBits: 1 } } } : l)),
};
// partitions on the innermost level (weights 2 words; outputs 0: they cannot be kept there), below a plain L1
const innerPartitioned: Arch = { ...small, levels: small.levels.map((l, i) => (i === 2 ? { ...l, partitionWords: { W: 2, I: null, O: 0 } } : l)) };
const ARCHS: ReadonlyArray<[string, Arch]> = [
  ['eyeriss', eyeriss.right], ['small', small], ['partitioned', partitioned], ['inner partitions', innerPartitioned], ['packed', packed], ['compressed', compressed],
];

/** A random point of the mapspace (any factorization, keep choice and order; it may not fit). */
const pointArb = fc.tuple(fc.array(fc.nat(), { minLength: NUM_DIMS, maxLength: NUM_DIMS }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }));

const withDensity = (p: Problem): Problem => ({ ...p, density: { W: 0.5, I: 0.75, O: 1 }, bits: { W: 8, I: 16, O: 32 } });

describe('fitsPoint = validateMapping ∘ pointToMapping', () => {
  for (const [name, arch] of ARCHS) {
    it(`on ${name}`, () => {
      const seen = { fit: 0, not: 0 };
      fc.assert(
        fc.property(tinyProblem(4).map(withDensity), pointArb, (pr, [picks, keeps, rot]) => {
          const ms = makeMapspace(arch, pr, ANY_DATAFLOW);
          const p = newPoint(ms);
          for (let d = 0; d < NUM_DIMS; d++) p.choice[d] = picks[d]! % ms.factorizations[d]!.length;
          for (let l = 0; l < ms.numLevels; l++) {
            p.keep[l] = ms.keepChoices[l]![keeps[l]! % ms.keepChoices[l]!.length]!;
            // a rotated order (orders do not change the verdict, but must survive the round trip)
            const o = Array.from(p.perm[l]!);
            const r = rot[l]! % NUM_DIMS;
            p.perm[l]!.set([...o.slice(r), ...o.slice(0, r)]);
          }
          const m = pointToMapping(ms, p, 'test');
          const want = E.isRight(validateMapping(arch, pr, m));
          const got = fitsPoint(ms, p);
          expect(got).toBe(want);
          if (got) seen.fit++;
          else seen.not++;
          // a partial check passes whenever the full one does (tiles and fan-out only grow with factors), and is the
          // full check of the point whose unassigned dimensions sit wholly at the backing store (every inner factor 1)
          const q = copyPoint(p);
          for (let k = NUM_DIMS; k >= 0; k--) {
            if (got) expect(fitsPoint(ms, p, k)).toBe(true);
            expect(fitsPoint(ms, p, k)).toBe(fitsPoint(ms, q));
            if (k > 0) q.choice[k - 1] = ms.factorizations[k - 1]!.findIndex((v) => v.every((f, s) => s === 0 || f === 1));
          }
          expect(fitsPoint(ms, p, NUM_DIMS)).toBe(got);
          // the flat form written in place = flatten of the Mapping
          const fm = newFlat(ms);
          flattenPoint(ms, p, fm);
          const ref = flatten(m);
          expect([fm.n, fm.numLevels]).toEqual([ref.n, ref.numLevels]);
          expect(Array.from(fm.dim.subarray(0, fm.n))).toEqual(Array.from(ref.dim.subarray(0, ref.n)));
          expect(Array.from(fm.factor.subarray(0, fm.n))).toEqual(Array.from(ref.factor.subarray(0, ref.n)));
          expect(Array.from(fm.level.subarray(0, fm.n))).toEqual(Array.from(ref.level.subarray(0, ref.n)));
          expect(Array.from(fm.spatial.subarray(0, fm.n))).toEqual(Array.from(ref.spatial.subarray(0, ref.n)));
          expect(Array.from(fm.keep)).toEqual(Array.from(ref.keep));
          // the Mapping keeps what the mask says, in W, I, O bit order, and lists every dimension in each order
          m.levels.forEach((lm, l) => {
            expect([lm.keep.W, lm.keep.I, lm.keep.O]).toEqual([0, 1, 2].map((t) => ((p.keep[l]! >> t) & 1) === 1));
            expect(new Set(lm.permutation).size).toBe(NUM_DIMS);
          });
        }),
        { numRuns: 120, seed: 9 },
      );
      // both verdicts occur (the comparison is not vacuous)
      expect(seen.fit).toBeGreaterThan(5);
      expect(seen.not).toBeGreaterThan(5);
    });
  }
});

/** Brute force: every vector of L·3 factors whose product is the bound, honouring `rule(slot)` and the fan-outs. */
const bruteVectors = (bound: number, L: number, fan: (s: number) => number, rule: (s: number) => 'free' | 'one' | number | 'all'): string[] => {
  const out: string[] = [];
  const S = L * SLOT_KINDS;
  const rec = (s: number, left: number, v: number[]): void => {
    if (s === S) {
      if (left === 1) out.push(v.join(','));
      return;
    }
    for (let f = 1; f <= left; f++) {
      if (left % f !== 0 || f > fan(s)) continue;
      const r = rule(s);
      if (r === 'one' && f !== 1) continue;
      if (typeof r === 'number' && f !== r) continue;
      if (r === 'all' && f !== bound) continue;
      rec(s + 1, left / f, [...v, f]);
    }
  };
  rec(0, bound, []);
  return out.sort();
};

describe('factorizations and keep choices against brute force', () => {
  const arch = testArch([{}, { capacityWords: 64, keeps: { W: true, I: false, O: true } }, { capacityWords: 8, instances: 4, meshX: 2, meshY: 2 }], 4, { x: 2, y: 2 });
  const fanOf = (s: number): number => {
    const l = Math.floor(s / SLOT_KINDS);
    const k = s % SLOT_KINDS;
    return k === 0 ? Infinity : l === 1 ? 2 : 1; // only L1 fans out (2 × 2)
  };

  it('free dimensions: every vector over the slots with fan-out', () => {
    const ms = makeMapspace(arch, problem({ K: 12, C: 4, P: 1 }), ANY_DATAFLOW);
    for (const [d, bound] of [[3, 12], [2, 4], [4, 1]] as const) {
      const got = ms.factorizations[d]!.map((v) => Array.from(v).join(',')).sort();
      expect(got).toEqual(bruteVectors(bound, 3, fanOf, () => 'free'));
    }
    // K = 12 over DRAM, L1 (T, X ≤ 2, Y ≤ 2), L2: by hand, 12 = 2²·3 over 3 temporal slots with the 2s also allowed on X and Y
    expect(ms.factorizations[3]!.length).toBe(bruteVectors(12, 3, fanOf, () => 'free').length);
    expect(ms.factorizations[4]!.length).toBe(1);
  });

  it('rules: one, an exact number, all; a rule on a slot without fan-out holds 1; two `all` slots admit nothing', () => {
    const df: Dataflow = {
      name: 'r', description: '',
      levels: {
        DRAM: { ...freeLevel(), spatialX: { K: { kind: 'all' } } }, // the DRAM has no fan-out: void
        L1: { ...freeLevel(), temporal: { K: { kind: 'exact', n: 3 }, C: { kind: 'one' } }, spatialY: { C: { kind: 'all' } }, spatialX: { K: { kind: 'exact', n: 2 } } },
        L2: { ...freeLevel(), temporalDefault: 'one' },
      },
    };
    const ms = makeMapspace(arch, problem({ K: 12, C: 2, P: 2 }), df);
    const rule = (d: string) => (s: number): 'free' | 'one' | number | 'all' => {
      const l = Math.floor(s / SLOT_KINDS);
      const k = s % SLOT_KINDS;
      if (l === 0) return k === 0 ? 'free' : 'one';
      if (l === 1) {
        if (k === 0) return d === 'K' ? 3 : d === 'C' ? 'one' : 'free';
        if (k === 1) return d === 'K' ? 2 : 'one';
        return d === 'C' ? 'all' : 'one';
      }
      return 'one';
    };
    const got = (d: number) => ms.factorizations[d]!.map((v) => Array.from(v).join(',')).sort();
    expect(got(3)).toEqual(bruteVectors(12, 3, fanOf, rule('K'))); // K: 3 at L1, X 2 at L1, the 2 left at the DRAM
    expect(got(3)).toEqual(['2,1,1,3,2,1,1,1,1']);
    expect(got(2)).toEqual(['1,1,1,1,1,2,1,1,1']); // C: all on L1's Y
    expect(got(4)).toEqual(bruteVectors(2, 3, fanOf, rule('P')));
    expect(got(4)).toEqual(['1,1,1,2,1,1,1,1,1', '2,1,1,1,1,1,1,1,1']);
    // C: all on L1's Y with C = 4 > 2: nothing; all on two slots: nothing
    expect(makeMapspace(arch, problem({ C: 4 }), df).factorizations[2]!.length).toBe(0);
    const two: Dataflow = { name: 'two', description: '', levels: { L1: { ...freeLevel(), temporal: { K: { kind: 'all' } }, spatialX: { K: { kind: 'all' } } } } };
    const m2 = makeMapspace(arch, problem({ K: 2 }), two);
    expect(m2.factorizations[3]!.length).toBe(0);
    expect(nonEmpty(m2)).toBe(false);
    expect(nonEmpty(ms)).toBe(true);
    // all with an exact rule elsewhere other than 1: nothing; with an exact 1 elsewhere: the one vector
    const allExact = (n: number): Dataflow => ({ name: 'ae', description: '', levels: { L1: { ...freeLevel(), temporal: { K: { kind: 'all' } } }, L2: { ...freeLevel(), temporal: { K: { kind: 'exact', n } } } } });
    expect(makeMapspace(arch, problem({ K: 2 }), allExact(2)).factorizations[3]!.map((v) => Array.from(v).join(','))).toEqual([]);
    expect(makeMapspace(arch, problem({ K: 2 }), allExact(1)).factorizations[3]!.map((v) => Array.from(v).join(','))).toEqual(['1,1,1,2,1,1,1,1,1']);
    // an exact rule larger than the fan-out, or not dividing what is left: nothing
    const x4: Dataflow = { name: 'x4', description: '', levels: { L1: { ...freeLevel(), spatialX: { K: { kind: 'exact', n: 4 } } } } };
    expect(makeMapspace(arch, problem({ K: 4 }), x4).factorizations[3]!.length).toBe(0);
    const t3: Dataflow = { name: 't3', description: '', levels: { L1: { ...freeLevel(), temporal: { K: { kind: 'exact', n: 3 } } } } };
    expect(makeMapspace(arch, problem({ K: 4 }), t3).factorizations[3]!.length).toBe(0);
    // a forced rule on a Y axis without fan-out is void too (arch b-like: the DRAM fans out 2 along X, 1 along Y)
    const xOnly = testArch([{}, { capacityWords: 64, instances: 2 }], 2);
    const yAll: Dataflow = { name: 'y', description: '', levels: { DRAM: { ...freeLevel(), spatialY: { K: { kind: 'all' } } } } };
    const anyK = makeMapspace(xOnly, problem({ K: 2 }), ANY_DATAFLOW).factorizations[3]!.map((v) => Array.from(v).join(','));
    expect(makeMapspace(xOnly, problem({ K: 2 }), yAll).factorizations[3]!.map((v) => Array.from(v).join(','))).toEqual(anyK);
    expect(anyK.length).toBe(3); // K at the DRAM, on its X, at L1
    // the backing store's temporal slot takes what is left whatever its rule says (K: one there, every other slot 1)
    const dram: Dataflow = { name: 'd', description: '', levels: { DRAM: { ...freeLevel(), temporal: { K: { kind: 'one' } } }, L1: { ...freeLevel(), temporalDefault: 'one', spatialX: {}, spatialY: {} }, L2: { ...freeLevel(), temporalDefault: 'one' } } };
    expect(makeMapspace(arch, problem({ K: 2 }), dram).factorizations[3]!.map((v) => Array.from(v).join(','))).toEqual(['2,1,1,1,1,1,1,1,1']);
  });

  it('keep choices: every mask the hardware and the dataflow allow; the backing store keeps everything', () => {
    const ms = makeMapspace(arch, problem({ K: 2 }), ANY_DATAFLOW);
    // L1 cannot keep inputs (bit 1): masks without bit 1
    expect(ms.keepChoices.map((k) => [...k])).toEqual([[7], [0, 1, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7]]);
    const df: Dataflow = { name: 'k', description: '', levels: { L1: { ...freeLevel(), keep: ['W'] }, L2: { ...freeLevel(), bypass: ['O'], keep: ['I'] } } };
    expect(makeMapspace(arch, problem({ K: 2 }), df).keepChoices.map((k) => [...k])).toEqual([[7], [1, 5], [2, 3]]);
    // a fresh point takes the last (largest) keep choice, the first factorization, the canonical orders
    const p = newPoint(ms);
    expect([...p.keep]).toEqual([7, 5, 7]);
    expect([...p.choice]).toEqual(new Array<number>(NUM_DIMS).fill(0));
    expect(p.perm.map((o) => [...o])).toEqual([0, 1, 2].map(() => [0, 1, 2, 3, 4, 5, 6, 7]));
  });
});

describe('points', () => {
  it('canonicalOrder: the free dimensions in order, then the fixed ones in their order', () => {
    expect([...canonicalOrder([4, 2])]).toEqual([0, 1, 3, 5, 6, 7, 4, 2]);
    expect([...canonicalOrder([])]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const df: Dataflow = { name: 'f', description: '', levels: { L1: { ...freeLevel(), permutation: ['Q', 'P'] } } };
    const ms = makeMapspace(testArch([{}, { capacityWords: 64 }], 1), problem({ P: 2, Q: 2 }), df);
    expect(ms.fixedInner.map((f) => [...f])).toEqual([[], [5, 4]]);
    expect(newPoint(ms).perm.map((o) => [...o])).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 6, 7, 5, 4]]);
  });

  it('copyPoint is deep', () => {
    const ms = makeMapspace(testArch([{}, { capacityWords: 64 }], 1), problem({ K: 4 }), ANY_DATAFLOW);
    const p = newPoint(ms);
    const q = copyPoint(p);
    q.choice[3] = 2;
    q.perm[1]![0] = 7;
    q.keep[1] = 0;
    expect([p.choice[3], p.perm[1]![0], p.keep[1]]).toEqual([0, 0, 7]);
    expect(pointToMapping(ms, q, 'o').origin).toBe('o');
  });
});
