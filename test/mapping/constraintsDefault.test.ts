/**
 * Dataflow constraints and the default mapping on hand-worked cases (issue 9's mutation testing; before this,
 * `checkDataflow` and `defaultMapping` were reached only by the mapper's search tests, which mutation runs leave
 * out): every kind of violation with its exact message, level and dataflow; the rules' defaults; the greedy default
 * mapping derived step by step; the divisor and prime-factor helpers.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  ANY_DATAFLOW, checkDataflow, defaultMapping, freeLevel, largestDivisorAtMost, levelConstraint, primeFactors, ruleOf,
  type Dataflow, type LevelMapping, type Mapping,
} from '../../src/mapping/index.js';
import { DIMS } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { lvl, problem } from '../helpers/eval.js';

// DRAM → L1 (2 instances on X, 2 on Y) → 4 MACs per L1 on X
const arch = testArch([{}, { name: 'L1', instances: 4, meshX: 2, meshY: 2 }], 16, { x: 8, y: 2 });
const m = (levels: LevelMapping[]): Mapping => ({ levels, origin: 'test' });
const msgs = (df: Dataflow, mm: Mapping) => checkDataflow(df, arch, mm).map((v) => `${v.level}: ${v.message}`);

describe('checkDataflow', () => {
  it('the free dataflow accepts anything', () => {
    expect(checkDataflow(ANY_DATAFLOW, arch, m([lvl([['K', 2]], { K: 2 }), lvl([['P', 4]], { C: 4 })]))).toEqual([]);
  });

  it('`all`: the slot holds the whole bound (product over every level and slot)', () => {
    const df: Dataflow = { name: 'kall', description: '', levels: { L1: { ...freeLevel(), temporal: { K: { kind: 'all' } }, spatialX: { ...freeLevel().spatialX, C: { kind: 'all' } } } } };
    expect(msgs(df, m([lvl([]), lvl([['K', 6]], { C: 4 })]))).toEqual([]);
    const v = checkDataflow(df, arch, m([lvl([['K', 2]], { C: 2 }), lvl([['K', 3]], { C: 2 })]));
    expect(v).toEqual([
      { _tag: 'ConstraintViolation', dataflow: 'kall', level: 'L1', message: 'temporal factor of K must hold all of K (6), is 3' },
      { _tag: 'ConstraintViolation', dataflow: 'kall', level: 'L1', message: 'spatial X factor of C must hold all of C (4), is 2' },
    ]);
    // spatial Y `all` is checked on its own axis
    const dy: Dataflow = { name: 'yall', description: '', levels: { DRAM: { ...freeLevel(), spatialY: { ...freeLevel().spatialY, P: { kind: 'all' } } } } };
    expect(msgs(dy, m([lvl([], {}, undefined, { P: 2 }), lvl([['P', 2]])]))).toEqual(['DRAM: spatial Y factor of P must hold all of P (4), is 2']);
    expect(msgs(dy, m([lvl([], {}, undefined, { P: 4 }), lvl([])]))).toEqual([]);
  });

  it('`one` and `exact` on each slot, unlisted spatial dimensions are 1, unlisted temporal ones follow the default', () => {
    const df: Dataflow = {
      name: 'ex', description: '',
      levels: {
        L1: {
          ...freeLevel(), temporalDefault: 'one', temporal: { P: { kind: 'exact', n: 3 }, K: { kind: 'free' } },
          spatialX: { C: { kind: 'exact', n: 2 } }, spatialY: { K: { kind: 'one' } },
        },
      },
    };
    expect(msgs(df, m([lvl([]), lvl([['P', 3], ['K', 5]], { C: 2 })]))).toEqual([]);
    expect(msgs(df, m([lvl([]), lvl([['P', 2], ['R', 3]], { C: 1, K: 2 }, undefined, { K: 2, S: 3 })]))).toEqual([
      // dimension by dimension (N G C K P Q R S), each T, X, Y
      'L1: spatial X factor of C must be 2, is 1',
      'L1: spatial X factor of K must be 1, is 2',
      'L1: spatial Y factor of K must be 1, is 2',
      'L1: temporal factor of P must be 3, is 2',
      'L1: temporal factor of R must be 1, is 3',
      'L1: spatial Y factor of S must be 1, is 3',
    ]);
  });

  it('fixed innermost loops: the listed loops of extent > 1 are the innermost, in order', () => {
    const df: Dataflow = { name: 'perm', description: '', levels: { L1: { ...freeLevel(), permutation: ['P', 'R'] } } };
    const level = (perm: Array<[Parameters<typeof lvl>[0][number][0], number]>): LevelMapping => lvl(perm);
    expect(msgs(df, m([lvl([]), level([['K', 2], ['P', 4], ['R', 3]])]))).toEqual([]);
    // a unit loop anywhere does not count
    expect(msgs(df, m([lvl([]), level([['K', 2], ['P', 4], ['C', 1], ['R', 3]])]))).toEqual([]);
    // P has extent 1 here: only R must be innermost
    expect(msgs(df, m([lvl([]), level([['K', 2], ['R', 3]])]))).toEqual([]);
    expect(msgs(df, m([lvl([]), level([['P', 4], ['K', 2], ['R', 3]])]))).toEqual(['L1: innermost loops must be [P, R] in this order, are [K, R]']);
    expect(msgs(df, m([lvl([]), level([['K', 2], ['R', 3], ['P', 4]])]))).toEqual(['L1: innermost loops must be [P, R] in this order, are [R, P]']);
    expect(msgs(df, m([lvl([]), level([['R', 3], ['K', 2]])]))).toEqual(['L1: innermost loops must be [R] in this order, are [K]']);
  });

  it('keep and bypass', () => {
    const df: Dataflow = { name: 'kb', description: '', levels: { L1: { ...freeLevel(), keep: ['W', 'O'], bypass: ['I'] } } };
    expect(msgs(df, m([lvl([]), lvl([], {}, { W: true, I: false, O: true })]))).toEqual([]);
    expect(msgs(df, m([lvl([]), lvl([], {}, { W: false, I: true, O: false })]))).toEqual(['L1: must keep W', 'L1: must bypass I', 'L1: must keep O']);
  });

  it('rules: unlisted levels are free; unlisted spatial dimensions are `one`; temporal follows the default', () => {
    const lc = levelConstraint({ name: 'x', description: '', levels: { L1: { ...freeLevel(), temporalDefault: 'one', spatialX: {} } } }, 'L1');
    expect(ruleOf(lc, 'T', 'K')).toEqual({ kind: 'one' });
    expect(ruleOf(lc, 'X', 'K')).toEqual({ kind: 'one' });
    expect(ruleOf(lc, 'Y', 'K')).toEqual({ kind: 'free' });
    const free = levelConstraint(ANY_DATAFLOW, 'L1');
    expect(free).toEqual(freeLevel());
    for (const d of DIMS) for (const s of ['T', 'X', 'Y'] as const) expect(ruleOf(free, s, d)).toEqual({ kind: 'free' });
    expect(freeLevel()).toEqual({
      temporal: {}, temporalDefault: 'free',
      spatialX: Object.fromEntries(DIMS.map((d) => [d, { kind: 'free' }])), spatialY: Object.fromEntries(DIMS.map((d) => [d, { kind: 'free' }])),
      permutation: [], keep: [], bypass: [],
    });
  });
});

describe('defaultMapping, derived by hand', () => {
  it('DRAM → L1 (2 instances, 8 words) → 2 MACs; K = 4, P = 3, R = 3', () => {
    // 1. DRAM's fan-out is 2 on X: K takes largestDivisorAtMost(4, 2) = 2 (tiles of 1 word each fit); P gets room 1.
    //    L1's fan-out to the MACs is 1.
    // 2. L1 from R: R3 fits (W 3 + I 3 + O 1 = 7 ≤ 8); P3 would need W 3 + I 5 + O 3 = 11: reverted, P stops;
    //    K2 would need W 6 + I 3 + O 2 = 11: reverted. DRAM keeps K2 P3.
    const a = testArch([{}, { capacityWords: 8, instances: 2 }], 2);
    const r = defaultMapping(a, problem({ K: 4, P: 3, R: 3 }));
    if (E.isLeft(r)) throw new Error('invalid');
    const one = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
    expect(r.right.origin).toBe('default: greedy fill (no search)');
    expect(r.right.levels).toEqual([
      { temporal: { ...one, K: 2, P: 3 }, permutation: DIMS, spatialX: { ...one, K: 2 }, spatialY: one, keep: { W: true, I: true, O: true } },
      { temporal: { ...one, R: 3 }, permutation: DIMS, spatialX: one, spatialY: one, keep: { W: true, I: true, O: true } },
    ]);
  });

  it('Y takes C, X takes K then P within the room left; a level keeps what its hardware keeps', () => {
    // DRAM → L1 (1 instance, 64 words, bypasses O) → 6 × 2 MACs: L1's fan-out is X 6, Y 2.
    // X: K = 2 → 2 (room 3 left), P = 6 → largestDivisorAtMost(6, 3) = 3; Y: C = 4 → 2.
    // L1's temporal loops then take what is left (R2, C2, P2: it all fits in 64 words); the DRAM's are all 1.
    const a = testArch([{}, { capacityWords: 64, keeps: { W: true, I: true, O: false } }], 12, { x: 6, y: 2 });
    const r = defaultMapping(a, problem({ C: 4, K: 2, P: 6, R: 2 }));
    if (E.isLeft(r)) throw new Error('invalid');
    const one = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
    expect(r.right.levels[1]!.spatialX).toEqual({ ...one, K: 2, P: 3 });
    expect(r.right.levels[1]!.spatialY).toEqual({ ...one, C: 2 });
    expect(r.right.levels[1]!.temporal).toEqual({ ...one, C: 2, P: 2, R: 2 });
    expect(r.right.levels[0]!.temporal).toEqual(one);
    expect(r.right.levels[1]!.keep).toEqual({ W: true, I: true, O: false });
  });

  it('a prime factor that does not fit stops that dimension at the level, the next dimension is still tried', () => {
    const a = testArch([{}, { capacityWords: 4 }], 1);
    const r = defaultMapping(a, problem({ K: 2, R: 4 }));
    if (E.isLeft(r)) throw new Error('invalid');
    const one = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
    // R2: W 2 + I 2 + O 1 = 5 > 4 → reverted; K2: W 2 + I 1 + O 2 = 5 → reverted: everything stays at the DRAM
    expect(r.right.levels[1]!.temporal).toEqual(one);
    expect(r.right.levels[0]!.temporal).toEqual({ ...one, K: 2, R: 4 });
    const b = testArch([{}, { capacityWords: 5 }], 1);
    const rb = defaultMapping(b, problem({ K: 2, R: 4 }));
    if (E.isLeft(rb)) throw new Error('invalid');
    // 5 words: R2 fits (5), the second R2 (W 4 + I 4 + O 1) does not; K2 then needs W 4 + I 2 + O 2: no
    expect(rb.right.levels[1]!.temporal).toEqual({ ...one, R: 2 });
    expect(rb.right.levels[0]!.temporal).toEqual({ ...one, K: 2, R: 2 });
  });

  it('a spatial factor that overflows the level is taken back; X takes N and Q, Y takes R, S, then P and Q', () => {
    const one = { N: 1, G: 1, C: 1, K: 1, P: 1, Q: 1, R: 1, S: 1 };
    // L1 (4 words) feeds 4 MACs: K4 on X would make L1 hold W 4 + I 1 + O 4 = 9 words: reverted; K2 temporal
    // (W 2 + I 1 + O 2 = 5) does not fit either: K stays at the DRAM
    const small = defaultMapping(testArch([{}, { capacityWords: 4 }], 4), problem({ K: 4 }));
    if (E.isLeft(small)) throw new Error('invalid');
    expect(small.right.levels[1]!.spatialX).toEqual(one);
    expect(small.right.levels[0]!.temporal).toEqual({ ...one, K: 4 });
    // the room of a reverted factor goes to the next dimension: K4 on X would need W 4 + I 1 + O 4 = 9 > 8 words in
    // L1; the room stays 4, and N2 fits (W 1 + I 2 + O 2 = 5)
    const room = defaultMapping(testArch([{}, { capacityWords: 8 }], 4), problem({ K: 4, N: 2 }));
    if (E.isLeft(room)) throw new Error('invalid');
    expect(room.right.levels[1]!.spatialX).toEqual({ ...one, N: 2 });
    // X 4 × Y 4 under L1: X takes N2 then Q2 (K and P are 1); Y takes R2 then S2 (C is 1)
    const wide = defaultMapping(testArch([{}, { capacityWords: 1 << 10 }], 16, { x: 4, y: 4 }), problem({ N: 2, Q: 2, R: 2, S: 2 }));
    if (E.isLeft(wide)) throw new Error('invalid');
    expect(wide.right.levels[1]!.spatialX).toEqual({ ...one, N: 2, Q: 2 });
    expect(wide.right.levels[1]!.spatialY).toEqual({ ...one, R: 2, S: 2 });
    // X 1 × Y 4: Y takes P2 then Q2
    const tall = defaultMapping(testArch([{}, { capacityWords: 1 << 10 }], 4, { x: 1, y: 4 }), problem({ P: 2, Q: 2 }));
    if (E.isLeft(tall)) throw new Error('invalid');
    expect(tall.right.levels[1]!.spatialY).toEqual({ ...one, P: 2, Q: 2 });
  });

  it('helpers: largest divisor ≤ cap, prime factors with multiplicity', () => {
    expect(largestDivisorAtMost(12, 5)).toBe(4);
    expect(largestDivisorAtMost(7, 3)).toBe(1);
    expect(largestDivisorAtMost(6, 6)).toBe(6);
    expect(largestDivisorAtMost(6, 100)).toBe(6);
    expect(largestDivisorAtMost(5, 0)).toBe(1);
    expect(primeFactors(1)).toEqual([]);
    expect(primeFactors(12)).toEqual([2, 2, 3]);
    expect(primeFactors(49)).toEqual([7, 7]);
    expect(primeFactors(13)).toEqual([13]);
    expect(primeFactors(2)).toEqual([2]);
    expect(primeFactors(90)).toEqual([2, 3, 3, 5]);
  });
});
