/**
 * Exact cases for parts of the kernel body (`analyze.ts`: the loop tables, the level-0 block, bypassed blocks, the
 * per-level word totals) that surviving mutants showed no test pinned (docs/testing.md, "Surviving mutants").
 * Every count is derived by hand in the comments. Arch: DRAM → L1 → MACs, unit energies, from `testArch`.
 */
import { describe, expect, it } from 'vitest';
import { analyze, Global, makeContext, Slot, slotBase } from '../../src/dataflow/index.js';
import { flatten, type Mapping } from '../../src/mapping/index.js';
import { bruteForce } from '../helpers/bruteForce.js';
import { testArch } from '../helpers/arch.js';
import { lvl, problem } from '../helpers/eval.js';

const run = (arch: ReturnType<typeof testArch>, p: ReturnType<typeof problem>, m: Mapping, ctx = makeContext(arch, p)) =>
  analyze(ctx, flatten(m), new Float64Array(ctx.resultLength));

describe('the backing store block (level 0) in analyze\'s result', () => {
  // Conv1D K2 C3 P4 (R1): W = K·C = 6, I = C·H with H = P + R − 1 = 4: 12, O = K·P = 8 elements.
  const p = problem({ K: 2, C: 3, P: 4 });
  const m: Mapping = { levels: [lvl([['K', 2]]), lvl([['C', 3], ['P', 4]])], origin: 'test' };
  it('tile and partition are the whole tensor, one instance, kept', () => {
    const out = run(testArch([{}, {}]), p, m);
    const sizes = [6, 12, 8];
    for (let t = 0; t < 3; t++) {
      const b = slotBase(0, t);
      expect([out[b + Slot.Tile], out[b + Slot.Partition], out[b + Slot.Utilized], out[b + Slot.Kept]]).toEqual([sizes[t], sizes[t], 1, 1]);
    }
  });
});

describe('a bypassed block', () => {
  // DRAM spatial K:2 over L1's 2 instances; L1 bypasses W (keeps I and O). The bypassed (L1, W) block is all 0
  // except its instance count: 2 utilized instances (the K:2 fan-out above L1).
  const p = problem({ K: 2, C: 3, P: 4 });
  const m: Mapping = { levels: [lvl([['C', 3]], { K: 2 }), lvl([['P', 4]], {}, { W: false, I: true, O: true })], origin: 'test' };
  it('is 0 but for Utilized = the instances in use; not kept', () => {
    const out = run(testArch([{}, { instances: 2 }], 2), p, m);
    const b = slotBase(1, 0);
    expect(out[b + Slot.Utilized]).toBe(2);
    expect(out[b + Slot.Kept]).toBe(0);
    expect([out[b + Slot.Tile], out[b + Slot.Fills], out[b + Slot.Reads], out[b + Slot.Updates]]).toEqual([0, 0, 0, 0]);
  });
});

describe('the loop tables of levels above every loop', () => {
  // G2 K2 with every loop at L1 and none at DRAM: L1's tile of W is the whole of W, G·K = 4 elements (the G
  // extent comes from the pass over the levels that no loop sits at or below), and DRAM reads each weight once.
  const p = problem({ G: 2, K: 2 });
  const m: Mapping = { levels: [lvl([]), lvl([['G', 2], ['K', 2]])], origin: 'test' };
  it('L1 holds all 4 weights; DRAM reads 4', () => {
    const out = run(testArch([{}, {}]), p, m);
    expect(out[slotBase(1, 0) + Slot.Tile]).toBe(4);
    expect(out[slotBase(0, 0) + Slot.Reads]).toBe(4);
  });
});

describe('the per-level word totals behind the bandwidth bound start from 0 at every evaluation', () => {
  // DRAM at 1 word/cycle, the mapping of the first block: T = K·C·P = 24 cycles of 1 MAC. DRAM moves W 6 reads
  // (L1's W tile is C = 3, replaced at each of the 2 K steps), I 12 reads (L1 holds all of I; K does not move it),
  // O 8 updates (the K step replaces L1's 4-output tile: 2 × 4 drains, each output's first write: no read), 26 words
  // > 24: 26 cycles, bound by level 0.
  const p = problem({ K: 2, C: 3, P: 4 });
  const m: Mapping = { levels: [lvl([['K', 2]]), lvl([['C', 3], ['P', 4]])], origin: 'test' };
  const other: Mapping = { levels: [lvl([['P', 4]]), lvl([['K', 2], ['C', 3]])], origin: 'test' };
  const arch = testArch([{ bandwidth: 1 }, {}]);
  it('26 cycles bound by DRAM, on a fresh context and again after evaluating other mappings on it', () => {
    const ctx = makeContext(arch, p);
    const g = ctx.numLevels * 3 * (slotBase(0, 1) - slotBase(0, 0));
    const first = run(arch, p, m, ctx);
    expect(first[g + Global.ComputeCycles]).toBe(24);
    expect(first[g + Global.Cycles]).toBe(26);
    expect(first[g + Global.Bottleneck]).toBe(0);
    run(arch, p, other, ctx);
    const again = run(arch, p, m, ctx);
    expect(again[g + Global.Cycles]).toBe(26);
  });
});

describe('phase 3: two loops over a dimension the inputs ignore, outside a sliding loop', () => {
  // K4 P2 R3 (1-D conv, stride 1): DRAM K:2 → L1 K:2, P:2 (L1 bypasses the inputs) → RF R:3 (its input tile:
  // h ∈ [p, p + 3), 3 points). From the inside out: each of the 4 P steps (+1) brings 1 new point; each of the
  // 2 steps of L1's K wraps P back (−1): 1 new point; the DRAM K step likewise (the overlap of an irrelevant step,
  // reused from L1's K): 1. RF input fills 3 + 4 + 2 + 1 = 10 (ideal), = brute force; DRAM, its only parent, reads
  // the same 10.
  const p = problem({ K: 4, P: 2, R: 3 });
  const m: Mapping = { levels: [lvl([['K', 2]]), lvl([['K', 2], ['P', 2]], {}, { W: true, I: false, O: true }), lvl([['R', 3]])], origin: 'test' };
  it('RF input fills 10, DRAM input reads 10', () => {
    const fm = flatten(m);
    const out = run(testArch([{}, {}, {}]), p, m);
    expect(out[slotBase(2, 1) + Slot.Fills]).toBe(10);
    expect(bruteForce(p, fm, 3).fills[2]![1]).toBe(10);
    expect(out[slotBase(0, 1) + Slot.Reads]).toBe(10);
  });
});
