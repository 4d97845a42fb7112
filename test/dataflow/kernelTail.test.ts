/**
 * Exact cases for the end of the kernel (`analyze.ts`: the parent's settlement, `applySparsity`'s (de)compression
 * and read-port words, the offset scratch of `buildOffsets`) and for `cost.ts`'s extra actions that surviving mutants
 * showed no test pinned (docs/testing.md, "Surviving mutants", `analyze.ts:421-788` and the re-score). Every count is derived by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { analyze, analyzeCost, Global, makeContext, prepareCost, Slot, slotBase } from '../../src/dataflow/index.js';
import { buildErt, priceTotal } from '../../src/energy/index.js';
import { flatten, type Mapping } from '../../src/mapping/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

const run = (arch: Arch, p: ReturnType<typeof problem>, m: Mapping, ctx = makeContext(arch, p)) =>
  analyze(ctx, flatten(m), new Float64Array(ctx.resultLength));

// DRAM → L1 → L2 → RF → 1 MAC, unit energies; L2 and the RF keep the inputs rle (4-bit run lengths, one per
// non-zero), DRAM and L1 keep them uncompressed; L1 moves 2-word blocks (so its blocks are not plain: they take the
// sparsity path, uncompressed). Problem C16 (K = P = Q = R = S = 1): W = I = 16 elements, O = 1.
// Mapping C:2 at each of the four levels. No input is reused (K = 1): every level reads 16 and is filled 16 dense
// inputs (the RF's 2-input tile is refilled at each of the 2·2·2 = 8 steps above it: 16; L2's 4-input tile at each
// of the 4 steps above it: 16; L1's 8 at each of 2: 16). d_I = 0.5: a compressed level keeps ⌈16 · 0.5⌉ = 8 of them.
const rle = { format: 'rle' as const, metadataBits: 4 };
const base = testArch([{}, {}, {}, {}], 1);
const compressedArch = (rf: { read?: number; write?: number } = {}): Arch => ({
  ...base,
  levels: base.levels.map((l, i) => ({
    ...l,
    blockWords: i === 1 ? 2 : l.blockWords,
    formats: i >= 2 ? { ...l.formats, I: rle } : l.formats,
    ...(i === 3 && rf.read !== undefined ? { readBandwidthWordsPerCycle: rf.read } : {}),
    ...(i === 3 && rf.write !== undefined ? { writeBandwidthWordsPerCycle: rf.write } : {}),
  })),
});
const c16 = problem({ C: 16 }, { density: { W: 1, I: 0.5, O: 1 } });
const chain: Mapping = { levels: [lvl([['C', 2]]), lvl([['C', 2]]), lvl([['C', 2]]), lvl([['C', 2]])], origin: 'test' };

describe('(de)compression between compressed and uncompressed levels below the backing store', () => {
  it('L2 compresses the 8 inputs it receives from the uncompressed L1 and decompresses none for the compressed RF; the RF decompresses its 8 reads for the MACs', () => {
    const out = run(compressedArch(), c16, chain);
    const l2 = slotBase(2, 1);
    const rf = slotBase(3, 1);
    expect([out[l2 + Slot.FillsRandom], out[l2 + Slot.Compressed], out[l2 + Slot.Decompressed]]).toEqual([8, 8, 0]);
    // the RF's parent (L2) is compressed: nothing to compress; its reader (the MACs) is not: 8 decompressed.
    // (Its block is not plain: 8 random reads, not the 16 dense of the fast path.)
    expect([out[rf + Slot.ReadsRandom], out[rf + Slot.Compressed], out[rf + Slot.Decompressed]]).toEqual([8, 0, 8]);
    // the RF's 16 output updates are 16 update vector accesses (plain block), whatever the sparse MACs write after
    expect(out[slotBase(3, 2) + Slot.VUpdatesRandom]).toBe(16);
    // the uncompressed levels move no (de)compressed elements (L1 on the sparsity path too)
    for (const l of [0, 1]) expect([out[slotBase(l, 1) + Slot.Compressed], out[slotBase(l, 1) + Slot.Decompressed]]).toEqual([0, 0]);
  });
});

describe('the fused evaluation with (de)compression energies on every level', () => {
  // The fused path settles each block that is not plain in one reused scratch block: an uncompressed one must
  // write its (de)compressed counts as 0 rather than keep a compressed block's (L1's outputs, settled after the
  // RF's compressed inputs, would otherwise price the RF's 8 decompressed inputs at L1's decompress energy).
  it('is bit-identical to pricing the counts', () => {
    const a = compressedArch();
    const arch: Arch = { ...a, levels: a.levels.map((l) => ({ ...l, energy: { ...l.energy, decompress: 2, compress: 5 } })) };
    const ctx = makeContext(arch, c16);
    const fm = flatten(chain);
    const res = analyze(ctx, fm, new Float64Array(ctx.resultLength));
    const ert = buildErt(arch, c16);
    expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, res, ctx.numLevels))).toBe(true);
  });
});

describe('the energy of a block with extra actions (cost.ts `extraActionsCost`), exact', () => {
  // Every level: read 2, write 3, metadata factor 0.5 (a metadata vector access costs half a data one). L2 compresses
  // at 5 per element (and decompresses for free); the RF decompresses at 2 (and compresses for free) and writes
  // metadata at an explicit 7. Vector accesses = elements here (1-element words and blocks).
  // L2 inputs: 8 reads · 2 + 8 fills · 3 + 2 metadata reads · 2 · 0.5 + 2 metadata writes · 3 · 0.5 + 8 compressed · 5
  // = 16 + 24 + 2 + 3 + 40 = 85. RF inputs: 16 + 24 + 2 + 2 metadata writes · 7 + 8 decompressed · 2 = 72.
  const a = compressedArch();
  const arch: Arch = {
    ...a,
    levels: a.levels.map((l, i) => ({
      ...l,
      energy: { ...l.energy, read: 2, write: 3, metadataPerWord: 0.5, ...(i === 2 ? { compress: 5 } : {}), ...(i === 3 ? { decompress: 2, metadataWrite: 7 } : {}) },
    })),
  };
  it('L2 inputs 85, RF inputs 72; the fused evaluation is bit-identical to pricing the counts', () => {
    const r = evalOrThrow(arch, c16, chain);
    expect([r.energy.byLevelTensor!['L2']!.I, r.energy.byLevelTensor!['L3']!.I]).toEqual([85, 72]);
    const ctx = makeContext(arch, c16);
    const fm = flatten(chain);
    const res = analyze(ctx, fm, new Float64Array(ctx.resultLength));
    const ert = buildErt(arch, c16);
    expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, res, ctx.numLevels))).toBe(true);
  });
});

describe('update energies on every level, with gated output updates at the RF, exact', () => {
  // Every level: update 3 (write 1: 2 more per update). The RF gates its output reads and updates on the weights
  // (d_W 0.5) at gated fraction 0.5: reads 15 → 8 random + 7 gated, updates 16 → 8 + 8. RF outputs: reads
  // 8 + 7 · 0.5 = 11.5, writes (the updates) 8 + 8 · 0.5 = 12, their update extra 8 · 2 + 8 · 2 · 0.5 = 24: 47.5.
  const a = compressedArch();
  const arch: Arch = {
    ...a,
    levels: a.levels.map((l, i) => ({
      ...l,
      energy: { ...l.energy, update: 3, ...(i === 3 ? { gatedFraction: 0.5 } : {}) },
      ...(i === 3 ? { actionOptimizations: [{ kind: 'gating' as const, target: 'O' as const, condition: ['W' as const] }] } : {}),
    })),
  };
  const q = problem({ C: 16 }, { density: { W: 0.5, I: 0.5, O: 1 } });
  it('RF outputs 47.5; the fused evaluation (every level pricing updates) is bit-identical to pricing the counts', () => {
    expect(evalOrThrow(arch, q, chain).energy.byLevelTensor!['L3']!.O).toBe(47.5);
    const ctx = makeContext(arch, q);
    const fm = flatten(chain);
    const res = analyze(ctx, fm, new Float64Array(ctx.resultLength));
    const ert = buildErt(arch, q);
    expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, res, ctx.numLevels))).toBe(true);
  });
});

describe('gated updates compressed at the RF', () => {
  // The RF keeps the outputs rle (d_O 1: all 16 updates stored) and gates them on the weights (d_W 0.5): 8 random +
  // 8 gated. Its reader and writer of updates are the MACs (uncompressed): it compresses all 16, gated ones included.
  it('16 compressed', () => {
    const a = compressedArch();
    const arch: Arch = {
      ...a,
      levels: a.levels.map((l, i) => (i === 3 ? { ...l, formats: { ...l.formats, O: rle }, actionOptimizations: [{ kind: 'gating' as const, target: 'O' as const, condition: ['W' as const] }] } : l)),
    };
    const out = run(arch, problem({ C: 16 }, { density: { W: 0.5, I: 0.5, O: 1 } }), chain);
    const rf = slotBase(3, 2);
    expect([out[rf + Slot.UpdatesRandom], out[rf + Slot.UpdatesGated], out[rf + Slot.Compressed]]).toEqual([8, 8, 16]);
  });
});

describe('gated output updates at the innermost level with dense MACs', () => {
  // d_W = d_I = 1 (every MAC effectual, the dense MAC path), d_O 0.5; the RF gates its output updates on the outputs
  // themselves: 16 → 8 random + 8 gated, 8 + 8 vector updates. The MACs' write must leave them (the global block
  // follows the RF's output block).
  it('8 + 8 vector updates', () => {
    const a = compressedArch();
    const arch: Arch = { ...a, levels: a.levels.map((l, i) => (i === 3 ? { ...l, actionOptimizations: [{ kind: 'gating' as const, target: 'O' as const, condition: ['O' as const] }] } : l)) };
    const out = run(arch, problem({ C: 16 }, { density: { W: 1, I: 1, O: 0.5 } }), chain);
    expect([out[slotBase(3, 2) + Slot.VUpdatesRandom], out[slotBase(3, 2) + Slot.VUpdatesGated]]).toEqual([8, 8]);
  });
});

describe("the RF's read and write ports count the words of a compressed block", () => {
  // RF reads: W 16 (plain block, one per MAC); I 8 data words + metadata: 8 entries × 4 bits = 32 bits = 2 16-bit
  // words; O 15 (16 updates, the 1-output partition: 16 − 1 read-modify-write reads). 16 + 10 + 15 = 41.
  // RF words moved: W 16 reads + 16 fills; I 8 reads + 8 fills + metadata 2 reads + 2 writes = 20; O 15 reads + 16
  // updates (its tile never leaves: no fills) = 31. 32 + 20 + 31 = 83, of which 83 − 41 = 42 writes.
  // Compute: 16 MACs on one unit, 16 cycles.
  it('read port 1 word/cycle: 41 cycles, bound by the RF — on a fresh context and again after another mapping', () => {
    const arch = compressedArch({ read: 1 });
    const ctx = makeContext(arch, c16);
    const g = ctx.numLevels * 3 * (slotBase(0, 1) - slotBase(0, 0));
    const first = run(arch, c16, chain, ctx);
    expect([first[g + Global.ComputeCycles], first[g + Global.Cycles], first[g + Global.Bottleneck]]).toEqual([16, 41, 3]);
    // the read words start from 0 at every evaluation
    run(arch, c16, { levels: [lvl([]), lvl([]), lvl([['C', 4]]), lvl([['C', 4]])], origin: 'test' }, ctx);
    expect(run(arch, c16, chain, ctx)[g + Global.Cycles]).toBe(41);
  });
  it('gating the RF\'s input and output actions on the weights (d_W 0.5): still 8 decompressed and 41 cycles', () => {
    // The 8 stored input reads: ⌈8 · 0.5⌉ = 4 random, 4 gated; a gated read is still read out of the compressed RF
    // (decompressed) and still occupies its read port. Outputs: 16 updates → 8 random + 8 gated (8 + 8 vector
    // updates), 15 reads → 8 + 7, still 15 words on the port. The MACs stay 16 cycles (the compute does not skip).
    const a = compressedArch({ read: 1 });
    const opts = [{ kind: 'gating' as const, target: 'I' as const, condition: ['W' as const] }, { kind: 'gating' as const, target: 'O' as const, condition: ['W' as const] }];
    const arch: Arch = { ...a, levels: a.levels.map((l, i) => (i === 3 ? { ...l, actionOptimizations: opts } : l)) };
    const q = problem({ C: 16 }, { density: { W: 0.5, I: 0.5, O: 1 } });
    const ctx = makeContext(arch, q);
    const out = run(arch, q, chain, ctx);
    const rf = slotBase(3, 1);
    const g = ctx.numLevels * 3 * (slotBase(0, 1) - slotBase(0, 0));
    expect([out[rf + Slot.ReadsRandom], out[rf + Slot.ReadsGated], out[rf + Slot.Decompressed]]).toEqual([4, 4, 8]);
    expect([out[slotBase(3, 2) + Slot.VUpdatesRandom], out[slotBase(3, 2) + Slot.VUpdatesGated]]).toEqual([8, 8]);
    expect(out[g + Global.Cycles]).toBe(41);
  });
  it('a gating or skipping compute leaves the RF\'s output vector updates as they are: 8 random + 8 gated', () => {
    // The global block follows the RF's output block; the compute's split writes only global slots.
    const a = compressedArch();
    const q = problem({ C: 16 }, { density: { W: 0.5, I: 0.5, O: 1 } });
    for (const sparse of ['gating', 'skipping'] as const) {
      const arch: Arch = {
        ...a,
        compute: { ...a.compute, sparse },
        levels: a.levels.map((l, i) => (i === 3 ? { ...l, actionOptimizations: [{ kind: 'gating' as const, target: 'O' as const, condition: ['W' as const] }] } : l)),
      };
      const out = run(arch, q, chain);
      expect([out[slotBase(3, 2) + Slot.VUpdatesRandom], out[slotBase(3, 2) + Slot.VUpdatesGated]]).toEqual([8, 8]);
    }
  });
  it('2-word blocks at the RF: still 41 cycles (the 2 metadata words are 1 vector read of 2 words)', () => {
    // W 16 and O 15 reads are words (the block width does not change the words read); I 8 data words and
    // ⌈2 / 2⌉ = 1 metadata vector read of 2 words: 16 + 8 + 2 + 15 = 41.
    const a = compressedArch({ read: 1 });
    const arch: Arch = { ...a, levels: a.levels.map((l, i) => (i === 3 ? { ...l, blockWords: 2 } : l)) };
    const ctx = makeContext(arch, c16);
    const out = run(arch, c16, chain, ctx);
    const g = ctx.numLevels * 3 * (slotBase(0, 1) - slotBase(0, 0));
    expect([out[slotBase(3, 1) + Slot.VMetaReads], out[g + Global.Cycles]]).toEqual([1, 41]);
  });
  it('write port 0.5 words/cycle: 42 / 0.5 = 84 cycles', () => {
    const arch = compressedArch({ write: 0.5 });
    const ctx = makeContext(arch, c16);
    const g = ctx.numLevels * 3 * (slotBase(0, 1) - slotBase(0, 0));
    expect(run(arch, c16, chain, ctx)[g + Global.Cycles]).toBe(84);
  });
});

describe('the offset scratch grows for an explicit list that does not fit (buildOffsets)', () => {
  // Inputs' h = p + r·D (stride 1, dilation D = 5201). DRAM spatial P:2600 and R:2 (one over X, the other over Y);
  // the RF's children each hold P:2 (temporal), so the P loop's offsets step by 2: {0, 2, …, 5198}; R's are {0, D}.
  // Neither run nests in the other (D ≠ 2600 · 2, 2 ≠ 2 · D), so h takes an explicit list: the run of the loop met
  // first (the kernel lists a level's Y loops before its X loops) is written out, then merged with the other:
  // {2i} ∪ {2i + 5201}, 5200 values. DRAM reads of the inputs = |∪ [o, o + 2)| over the list (one DRAM instance, no
  // temporal loop above the RF): h = 0 … 5199 and 5201 … 10400, 5200 + 5200 = 10400.
  const p = problem({ P: 5200, R: 2 }, { dilationH: 5201 });
  const arch = testArch([{}, { instances: 5200 }], 5200);
  it('P over Y: the P run (2600 entries, more than twice the initial 1,280) grows the scratch before it is written; 10400 inputs read', () => {
    const m: Mapping = { levels: [lvl([], { R: 2 }, undefined, { P: 2600 }), lvl([['P', 2]])], origin: 'test' };
    expect(run(arch, p, m)[slotBase(0, 1) + Slot.Reads]).toBe(10400);
  });
  it('P over X: the R run (2 entries) is written, the merge (5200 entries, more than twice the scratch) grows it; 10400 inputs read', () => {
    const m: Mapping = { levels: [lvl([], { P: 2600 }, undefined, { R: 2 }), lvl([['P', 2]])], origin: 'test' };
    expect(run(arch, p, m)[slotBase(0, 1) + Slot.Reads]).toBe(10400);
  });
  it('a context reused after a longer run reads only its own list: the same counts as on a fresh context', () => {
    // P 8, R 6, dilation 5 (h = p + 5r). First mapping: DRAM spatial R:3 over Y (the RF holds R:2: offsets {0, 10,
    // 20}, written to entries 0–2) and P:4 over X; second: R:2 over Y (RF R:3: offsets {0, 15}, entries 0–1) and
    // P:4 over X. The second's merge must read its 2 entries, not the first's stale third (20).
    const q = problem({ P: 8, R: 6 }, { dilationH: 5 });
    const arch2 = testArch([{}, { instances: 12 }], 12);
    const first: Mapping = { levels: [lvl([], { P: 4 }, undefined, { R: 3 }), lvl([['P', 2], ['R', 2]])], origin: 'test' };
    const second: Mapping = { levels: [lvl([], { P: 4 }, undefined, { R: 2 }), lvl([['P', 2], ['R', 3]])], origin: 'test' };
    const fresh = Array.from(run(arch2, q, second));
    const ctx = makeContext(arch2, q);
    run(arch2, q, first, ctx);
    expect(Array.from(run(arch2, q, second, ctx))).toEqual(fresh);
  });
});

describe('the offset scratch: the merge grows it for the run it writes, and a later list reads only its own entries', () => {
  // Inputs' h = p + 1001·r, w = q + s (strides 1, dilation H 1001, W 1). DRAM spatial Y {R:2, S:2}, X {P:1000, Q:600};
  // the RF's children hold S:2 (temporal). The kernel lists Y before X, each in N G C K P Q R S order: R, S, P, Q.
  // - R: h's offsets {0, 1001} (kind 1). S: w's {0, 2} (S's step is the RF's S:2).
  // - P (gap 1, 1000 offsets): no nesting (1 ≠ 2·1001, 1001 ≠ 1000·1), so R's run is written (entries 0–1), and
  //   the merge (2 × 1000 = 2000 entries, more than the 256 of the merge buffer) grows the scratch to
  //   max(2 + 2000, 2 · 1280) = 2560 entries (both arrays); its 2000 distinct sums {0 … 999} ∪ {1001 … 2000} are
  //   entries 2–2001.
  // - Q (gap 1, 600 offsets): no nesting (1 ≠ 2·2, 2 ≠ 600), S's run is written (entries 2002–2003); the merge has
  //   2 × 600 = 1200 ≤ 2560 entries (the buffer is large enough) but 2004 + 1200 = 3204 > 2560: only the second
  //   growth clause grows the scratch. Its 602 distinct sums {0 … 601} are entries 2004–2605 (past 2560 without the
  //   growth: read back as undefined, whose NaN gaps each count the whole extent 2 instead of 1).
  // Children's tile: h extent 1, w extent 1 + (2 − 1) = 2. DRAM input reads = U(1, h) · U(2, w) with
  // U(1, h) = 2000 (distinct offsets, extent 1) and U(2, w) = 2 + 601 · min(1, 2) = 603: 2000 · 603 = 1,206,000.
  it('a second list whose merge overflows the grown scratch (2004 + 1200 > 2560) grows it again: 1,206,000 inputs read', () => {
    const p = problem({ P: 1000, R: 2, Q: 600, S: 4 }, { dilationH: 1001 });
    const n = 1000 * 2 * 600 * 2;
    const arch = testArch([{}, { instances: n }], n);
    const m: Mapping = { levels: [lvl([], { P: 1000, Q: 600 }, undefined, { R: 2, S: 2 }), lvl([['S', 2]])], origin: 'test' };
    expect(run(arch, p, m)[slotBase(0, 1) + Slot.Reads]).toBe(1206000);
  });
  // P 4, R 2, Q 4, S 2; h = p + 5r, w = q + 9s (dilations 5 and 9). DRAM spatial Y {R:2, S:2}, X {P:…, Q:4}.
  // First mapping, X {P:4}: h's {0, 5} (entries 0–1), merged with P's {0 … 3} into {0,1,2,3,5,6,7,8} (2–9); w's
  // {0, 9} (10–11), merged into {0,1,2,3,9,10,11,12} (12–19).
  // Second, X {P:2} and the RF holding P:2 (P's gap 2): h's {0, 5} (0–1) merged into {0, 2, 5, 7} (2–5); w's {0, 9}
  // is written at 6–7 — its list starts at 6, so its length is used − start = 2 (not used + start = 14, which would
  // take the first mapping's stale 7, 8, 0, 9, … into w's offsets). Children's tile: h extent 2, w extent 1.
  // DRAM input reads = U(2, {0, 2, 5, 7}) · U(1, {0,1,2,3,9,10,11,12}) = (2 + 2 + 2 + 2) · 8 = 64, fresh or reused.
  it('a context reused after longer lists: a list written after another one reads its own 2 entries (64 inputs read)', () => {
    const q = problem({ P: 4, R: 2, Q: 4, S: 2 }, { dilationH: 5, dilationW: 9 });
    const arch = testArch([{}, { instances: 64 }], 64);
    const first: Mapping = { levels: [lvl([], { P: 4, Q: 4 }, undefined, { R: 2, S: 2 }), lvl([])], origin: 'test' };
    const second: Mapping = { levels: [lvl([], { P: 2, Q: 4 }, undefined, { R: 2, S: 2 }), lvl([['P', 2]])], origin: 'test' };
    const fresh = run(arch, q, second);
    expect(fresh[slotBase(0, 1) + Slot.Reads]).toBe(64);
    const ctx = makeContext(arch, q);
    run(arch, q, first, ctx);
    expect(Array.from(run(arch, q, second, ctx))).toEqual(Array.from(fresh));
  });
});

describe("the context's action optimisations read their own level and tensor", () => {
  // DRAM keeps the outputs rle and skips output actions on O; the RF (inputs uncompressed) gates input reads on the
  // inputs themselves. The RF's (level 1) I entry is index 1·3 + 1 = 4; the DRAM's O entry 0·3 + 2 = 2 (= 1·3 − 1).
  // RF: I is not compressed there, so its own density counts: frac = d_I = 0.5, kind gating (1) — not the DRAM O's
  // compression (which would drop d_I: frac 1) nor its skipping (kind 2).
  // Problem C4, d_I 0.5; mapping: the RF runs C:4. The RF reads 4 inputs (one per MAC): ⌈4 · 0.5⌉ = 2 random,
  // 4 − 2 = 2 gated, 0 skipped.
  const base2 = testArch([{}, {}], 1);
  const arch: Arch = {
    ...base2,
    levels: base2.levels.map((l, i) =>
      i === 0
        ? { ...l, formats: { ...l.formats, O: rle }, actionOptimizations: [{ kind: 'skipping' as const, target: 'O' as const, condition: ['O' as const] }] }
        : { ...l, actionOptimizations: [{ kind: 'gating' as const, target: 'I' as const, condition: ['I' as const] }] },
    ),
  };
  const q = problem({ C: 4 }, { density: { W: 1, I: 0.5, O: 1 } });
  it('gating at the RF on I, beside a compressed, skipped O at DRAM: frac 0.5, gating; 2 random + 2 gated reads', () => {
    const ctx = makeContext(arch, q);
    expect([ctx.optFrac[4], ctx.optKind[4], ctx.optKind[2]]).toEqual([0.5, 1, 2]);
    const out = run(arch, q, { levels: [lvl([]), lvl([['C', 4]])], origin: 'test' }, ctx);
    const rf = slotBase(1, 1);
    expect([out[rf + Slot.Reads], out[rf + Slot.ReadsRandom], out[rf + Slot.ReadsGated], out[rf + Slot.ReadsSkipped]]).toEqual([4, 2, 2, 0]);
  });
});
