/**
 * Exact cases for `strideReset.ts` that the random closed-form-vs-brute-force properties (conventions.test.ts)
 * did not pin (surviving mutants, docs/testing.md): the wrap-back of a loop over w with a move ≠ 1, and stale
 * per-loop scratch when a context evaluates a mapping with fewer loops after one with more.
 * Arch: DRAM → L1 → RF → 1 MAC, unit energies (`testArch`); counts derived by hand in the comments, and checked
 * against the brute-force enumeration as well.
 */
import { describe, expect, it } from 'vitest';
import { analyze, makeContext, Slot, slotBase } from '../../src/dataflow/index.js';
import { flatten, type Mapping } from '../../src/mapping/index.js';
import type { Arch, CountingConvention } from '../../src/arch/index.js';
import { bruteForce, expectCountsMatch } from '../helpers/bruteForce.js';
import { testArch } from '../helpers/arch.js';
import { lvl, problem } from '../helpers/eval.js';

const arch = (c: CountingConvention): Arch => ({ ...testArch([{}, {}, {}], 1), countingConvention: c });
const noI = { W: true, I: false, O: true };
const rfInputFills = (c: CountingConvention, p: ReturnType<typeof problem>, m: Mapping, ctx = makeContext(arch(c), p)): number =>
  analyze(ctx, flatten(m), new Float64Array(ctx.resultLength))[slotBase(2, 1) + Slot.Fills]!;

describe('Q split over two levels above the RF, stride 2 (a wrap-back of 2 per step)', () => {
  // Conv Q4 S3, strideW 2: inputs w = 2q + s ∈ 0 … 8 (9 points). The RF runs S:3 (tile w ∈ [2q, 2q + 3): 3 points);
  // above it DRAM Q:2 (outer) and L1 Q:2 (inner; L1 bypasses the inputs). The inner Q step moves the tile by
  // 2·1 = 2; the outer one by 2·2 = 4 minus the inner loop's wrap-back (2 − 1)·2 = 2: also +2, the same
  // translation, so Timeloop's rule keeps taking deltas: 3 + 2 + 2 + 2 = 9 under every convention (each point
  // once). Had the outer translation differed, its step would refill the whole tile (3): 10.
  const p = problem({ Q: 4, S: 3 }, { strideW: 2 });
  const m: Mapping = { levels: [lvl([['Q', 2]]), lvl([['Q', 2]], {}, noI), lvl([['S', 3]])], origin: 'test' };
  for (const c of ['ideal', 'timeloop-master', 'timeloop-v3.0.3'] as const) {
    it(`${c}: RF input fills 9 (= brute force)`, () => {
      expect(rfInputFills(c, p, m)).toBe(9);
      expect(bruteForce(p, flatten(m), 3, {}, c).fills[2]![1]).toBe(9);
    });
  }
});

describe('a context reused for a mapping with fewer loops above the child (timeloop-master)', () => {
  // K2 Q4 S3, strideW 2. First mapping: K:2 in the RF, the Q split of the block above (2 loops above the RF).
  // Second: DRAM K:2 alone above an RF holding Q:4 S:3 — the whole input, w ∈ 0 … 8: 9 points; K's step does not
  // move the inputs (a zero translation, never remembered by master), so the RF is filled once: 9, whatever the
  // context evaluated before.
  const p = problem({ K: 2, Q: 4, S: 3 }, { strideW: 2 });
  const more: Mapping = { levels: [lvl([['Q', 2]]), lvl([['Q', 2]], {}, noI), lvl([['S', 3], ['K', 2]])], origin: 'test' };
  const fewer: Mapping = { levels: [lvl([['K', 2]]), lvl([], {}, noI), lvl([['Q', 4], ['S', 3]])], origin: 'test' };
  it('RF input fills 9 on a fresh context and after the other mapping', () => {
    const ctx = makeContext(arch('timeloop-master'), p);
    expect(rfInputFills('timeloop-master', p, fewer)).toBe(9);
    expect(rfInputFills('timeloop-master', p, more, ctx)).toBe(9);
    expect(rfInputFills('timeloop-master', p, fewer, ctx)).toBe(9);
  });
});

describe('translation classes on a reused context (timeloop-v3.0.3; a layer random search found, = brute force)', () => {
  // N2 G2 K2 P8 Q4 R3: two mappings with different loop counts above their children, evaluated A, B, A on one
  // context. Each loop's translation class compares exactly its five tensor dimensions; the second evaluation of A
  // must not see what B left in the per-loop scratch. Too many steps to count by hand: the brute-force
  // enumeration (each iteration's tile as a point set, Timeloop's rule applied literally) is the reference.
  const p = problem({ N: 2, G: 2, K: 2, P: 8, Q: 4, R: 3 });
  const a: Mapping = {
    levels: [lvl([['G', 2], ['Q', 2], ['P', 4], ['R', 3], ['K', 2]], { P: 2 }), lvl([['Q', 2], ['N', 2]], {}, { W: false, I: true, O: true }), lvl([])],
    origin: 'test',
  };
  const b: Mapping = {
    levels: [
      lvl([['Q', 4], ['G', 2], ['R', 3], ['P', 2], ['K', 2]]),
      lvl([['P', 2], ['N', 2]], {}, { W: false, I: false, O: true }),
      lvl([], {}, { W: false, I: true, O: false }, { P: 2 }),
    ],
    origin: 'test',
  };
  it('every kept level\'s reads, fills and updates match the enumeration at each of the three evaluations', () => {
    const c = 'timeloop-v3.0.3';
    const big = { ...testArch([{}, { instances: 2 }, { instances: 4 }], 4), countingConvention: c } as Arch;
    const ctx = makeContext(big, p);
    for (const m of [a, b, a]) {
      const fm = flatten(m);
      expectCountsMatch(analyze(ctx, fm, new Float64Array(ctx.resultLength)), bruteForce(p, fm, 3, {}, c), 3);
    }
  });
});
