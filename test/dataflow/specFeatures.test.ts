/**
 * Issue 13, spec features, hand-derived: the compute's sparse condition operands (Sparseloop's actual computes),
 * gated vs skipped cycles, separate read / write / shared bandwidth per level with each level's cycle bound, and
 * the eval JSON's new fields (energy per (level, tensor), action splits, metadata, level cycles).
 *
 * Set-up: 1-D convolution P4 R3 (12 MACs), DRAM → RF → 1 MAC; DRAM temporal P4, RF temporal R3. Dense counts
 * (handCounts.test.ts): DRAM reads W 3, I 6; DRAM O updates 4; RF reads W 12, I 12, O 8; RF fills W 3, I 6;
 * RF O updates 12; T = 12 temporal iterations.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Arch, ComputeSpec, StorageLevel } from '../../src/arch/index.js';
import { evaluateNetwork } from '../../src/codesign/index.js';
import { analyze, analyzeCost, makeContext, prepareCost, Slot, slotBase } from '../../src/dataflow/index.js';
import { buildErt, priceTotal } from '../../src/energy/index.js';
import { flatten } from '../../src/mapping/index.js';
import { decodeArch, decodeNetwork } from '../../src/config/index.js';
import { evalJson } from '../../src/report/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

const mapping = { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' };
const withCompute = (c: Partial<ComputeSpec>, levels: (l: StorageLevel, i: number) => StorageLevel = (l) => l): Arch => {
  const a = testArch([{}, {}], 1);
  return { ...a, compute: { ...a.compute, ...c }, levels: a.levels.map(levels) };
};
const p = problem({ P: 4, R: 3 }, { density: { W: 0.5, I: 0.25, O: 1 } });

describe("the compute's sparse condition operands (Sparseloop)", () => {
  it('gating on inputs only: actual computes ⌈12 · 0.25⌉ = 3, gated 9; effectual ⌈12 · 0.125⌉ = 2 either way', () => {
    const s = evalOrThrow(withCompute({ sparse: 'gating', sparseCondition: ['I'] }), p, mapping).stats;
    expect(s.macActions).toEqual({ random: 3, gated: 9, skipped: 0 });
    expect(s.effectualMacs).toBe(2);
    expect(s.computeCycles).toBe(12); // gated computes still take their cycle
  });
  it('skipping on weights only: actual 6, skipped 6, compute cycles ⌈12 · 0.5⌉ = 6', () => {
    const s = evalOrThrow(withCompute({ sparse: 'skipping', sparseCondition: ['W'] }), p, mapping).stats;
    expect(s.macActions).toEqual({ random: 6, gated: 0, skipped: 6 });
    expect(s.computeCycles).toBe(6);
  });
  it('default (both operands): actual ⌈12 · 0.125⌉ = 2; skipping takes 2 cycles, gating 12', () => {
    const sk = evalOrThrow(withCompute({ sparse: 'skipping' }), p, mapping).stats;
    expect(sk.macActions).toEqual({ random: 2, gated: 0, skipped: 10 });
    expect(sk.computeCycles).toBe(2);
    const g = evalOrThrow(withCompute({ sparse: 'gating' }), p, mapping).stats;
    expect(g.macActions).toEqual({ random: 2, gated: 10, skipped: 0 });
    expect(g.computeCycles).toBe(12);
  });
  it('the arch file: `compute.condition: [inputs]`, checked', () => {
    const doc = (compute: object) => ({ name: 'a', clockMHz: 100, costs: 'eyeriss-normalized', levels: [{ name: 'DRAM', kind: 'dram' }], compute: { instances: 1, ...compute } });
    const ok = decodeArch(doc({ sparse: 'gating', condition: ['inputs'] }));
    expect(E.isRight(ok) && ok.right.compute.sparseCondition).toEqual(['I']);
    const both = decodeArch(doc({ sparse: 'gating', condition: ['weights', 'inputs'] }));
    expect(E.isRight(both) && both.right.compute.sparseCondition).toBe(undefined); // the default, not stored
    const bad = decodeArch(doc({ condition: ['outputs'] }));
    expect(E.isLeft(bad) && bad.left.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'compute.condition: a condition needs `sparse: gating` or `sparse: skipping`',
      'compute.condition.0: the compute can be conditioned on weights and inputs only',
    ]);
  });
});

describe('gated vs skipped storage actions and bandwidth', () => {
  // DRAM input reads 6 dense, conditioned on weights (d_W 0.5): 3 actual, 3 gated or skipped. DRAM words per
  // cycle 1: gating → 3 + 6 + 4 = 13 words (gated reads occupy the port), skipping → 3 + 3 + 4 = 10.
  const opt = (kind: 'gating' | 'skipping') => (l: StorageLevel, i: number): StorageLevel =>
    i === 0 ? { ...l, bandwidthWordsPerCycle: 1, actionOptimizations: [{ kind, target: 'I', condition: ['W'] }] } : l;
  it('gating: split 3 / 3 / 0, the level bound 13 cycles; skipping: 3 / 0 / 3, 10 cycles', () => {
    const g = evalOrThrow(withCompute({}, opt('gating')), p, mapping).stats;
    expect(g.levels[0]!.tensors.I.actual.reads).toEqual({ random: 3, gated: 3, skipped: 0 });
    expect(g.levels[0]!.cycleBound).toBe(13);
    expect([g.cycles, g.bottleneck]).toEqual([13, 'DRAM']);
    const s = evalOrThrow(withCompute({}, opt('skipping')), p, mapping).stats;
    expect(s.levels[0]!.tensors.I.actual.reads).toEqual({ random: 3, gated: 0, skipped: 3 });
    expect(s.levels[0]!.cycleBound).toBe(10);
    expect([s.cycles, s.bottleneck]).toEqual([12, 'compute']);
  });
});

describe('separate read / write / shared bandwidth per level', () => {
  // Dense: DRAM reads 3 + 6 = 9 words, writes (O updates) 4; RF reads 12 + 12 + 8 = 32, writes 3 + 6 + 12 = 21.
  const dense = problem({ P: 4, R: 3 });
  const bw = (dram: Partial<StorageLevel>, rf: Partial<StorageLevel>) => withCompute({}, (l, i) => ({ ...l, ...(i === 0 ? dram : rf) }));
  it('DRAM read port 1 → 9 cycles; write port 1 → 4; shared 2 → ⌈13 / 2⌉ = 7; all three → 9', () => {
    const b = (d: Partial<StorageLevel>) => evalOrThrow(bw(d, {}), dense, mapping).stats.levels[0]!.cycleBound;
    expect(b({ readBandwidthWordsPerCycle: 1 })).toBe(9);
    expect(b({ writeBandwidthWordsPerCycle: 1 })).toBe(4);
    expect(b({ bandwidthWordsPerCycle: 2 })).toBe(7);
    expect(b({ bandwidthWordsPerCycle: 2, readBandwidthWordsPerCycle: 1, writeBandwidthWordsPerCycle: 1 })).toBe(9);
    expect(b({})).toBe(0);
  });
  it('RF read port 2 → 16 cycles, write port 1 → 21: the RF bounds the layer at 21 cycles (compute 12)', () => {
    const s = evalOrThrow(bw({}, { readBandwidthWordsPerCycle: 2, writeBandwidthWordsPerCycle: 1 }), dense, mapping).stats;
    expect(s.levels[1]!.cycleBound).toBe(21);
    expect([s.cycles, s.bottleneck]).toEqual([21, 'L1']);
    const r = evalOrThrow(bw({}, { readBandwidthWordsPerCycle: 2 }), dense, mapping).stats;
    expect([r.levels[1]!.cycleBound, r.cycles, r.bottleneck]).toEqual([16, 16, 'L1']);
  });
  it('the arch file: readBandwidthWordsPerCycle / writeBandwidthWordsPerCycle', () => {
    const a = decodeArch({ name: 'a', clockMHz: 100, costs: 'eyeriss-normalized', levels: [{ name: 'DRAM', kind: 'dram', readBandwidthWordsPerCycle: 4, writeBandwidthWordsPerCycle: 2 }], compute: { instances: 1 } });
    expect(E.isRight(a) && [a.right.levels[0]!.readBandwidthWordsPerCycle, a.right.levels[0]!.writeBandwidthWordsPerCycle]).toEqual([4, 2]);
  });
});

describe('eval --json: energy per (level, tensor), action splits, metadata, level cycle bounds', () => {
  it('on a one-layer network: exact values', () => {
    const arch = withCompute({}, (l, i) => (i === 0 ? { ...l, bandwidthWordsPerCycle: 2, formats: { ...l.formats, I: { format: 'rle', metadataBits: 4 } } } : l));
    const net = decodeNetwork({ name: 'n', layers: [{ name: 'c', type: 'conv2d', inChannels: 1, outChannels: 1, inHeight: 6, inWidth: 1, kernel: [3, 1], density: { inputs: 0.5 } }] });
    if (E.isLeft(net)) throw new Error('net');
    const r = evaluateNetwork(arch, net.right, new Map([['c', mapping]]));
    if (E.isLeft(r)) throw new Error('eval');
    const j = evalJson(arch, r.right).layers[0]!;
    // DRAM inputs: 6 dense reads, rle at d_I 0.5 → 3 actual; metadata 3 entries × 4 bits = 12 bits → 1 word.
    const dramI = (j.accesses['DRAM'] as unknown as { inputs: { split: { reads: unknown }; metadata: unknown } }).inputs;
    expect(dramI.split.reads).toEqual({ random: 3, gated: 0, skipped: 0 });
    expect(dramI.metadata).toEqual({ reads: 1, writes: 0 });
    // Energy per (level, tensor), unit energies: DRAM W 3 reads, I 3 reads + 1 metadata word, O 4 updates.
    expect(j.energy.byLevelTensor!['DRAM']).toEqual({ weights: 3, inputs: 4, outputs: 4 });
    expect(j.energy.byLevel['DRAM']).toBe(11);
    // DRAM words: 3 (W) + 3 (I) + 1 (metadata) + 4 (O) = 11 at 2 per cycle → 6; the RF is unconstrained.
    expect(j.levelCycles).toEqual({ DRAM: 6, L1: 0 });
    expect([j.computeCycles, j.macActions]).toEqual([12, { random: 12, gated: 0, skipped: 0 }]);
  });
});

describe('update energy distinct from write (Timeloop / Accelergy `update`)', () => {
  // Dense, unit energies but the RF's update costs 5: RF reads 12 + 12 + 8 = 32, writes 3 + 6 + 12 = 21 (12 of them
  // output updates) → 32 + 21 + 12 · (5 − 1) = 101.
  const arch = withCompute({}, (l, i) => (i === 1 ? { ...l, energy: { ...l.energy, update: 5 } } : l));
  const dense = problem({ P: 4, R: 3 });
  it('the RF energy is 101 (update 5 instead of write 1 for its 12 output updates); the DRAM unchanged', () => {
    const r = evalOrThrow(arch, dense, mapping);
    expect(r.energy.byLevel['L1']).toBe(101);
    expect(r.energy.byLevelTensor!['L1']).toEqual({ W: 12 + 3, I: 12 + 6, O: 8 + 12 * 5 });
    expect(r.stats.levels[1]!.tensors.O.vectorAccesses.writes).toBe(12); // still counted as writes
  });
  it('the fused evaluation (the mapper) is bit-identical to pricing the counts, dense and compressed', () => {
    const sparse = withCompute({}, (l, i) => (i === 1 ? { ...l, energy: { ...l.energy, update: 5 }, formats: { ...l.formats, O: { format: 'rle', metadataBits: 4 } } } : l));
    for (const [a, q] of [[arch, dense], [sparse, problem({ P: 4, R: 3 }, { density: { W: 1, I: 1, O: 0.5 } })]] as const) {
      const ctx = makeContext(a, q);
      const fm = flatten(mapping);
      const r = analyze(ctx, fm, new Float64Array(ctx.resultLength));
      const ert = buildErt(a, q);
      expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, r, ctx.numLevels))).toBe(true);
    }
  });
  it('the arch file and the Timeloop ERT carry it', () => {
    const a = decodeArch({ name: 'a', clockMHz: 100, costs: 'eyeriss-normalized', levels: [{ name: 'DRAM', kind: 'dram', energy: { read: 2, write: 3, update: 4 } }], compute: { instances: 1 } });
    expect(E.isRight(a) && a.right.levels[0]!.energy.update).toBe(4);
  });
});

describe('explicit metadata read / write energies (Sparseloop metadata_read / metadata_write)', () => {
  // The JSON test's set-up: DRAM inputs rle (4-bit metadata) at d_I 0.5: 3 actual reads, 1 metadata read (vector
  // access). Unit energies: inputs cost 3 + 1 = 4 at the DRAM; with metadataRead 7: 3 + 7 = 10.
  const arch = (meta: Partial<StorageLevel['energy']>) =>
    withCompute({}, (l, i) => (i === 0 ? { ...l, energy: { ...l.energy, ...meta }, formats: { ...l.formats, I: { format: 'rle', metadataBits: 4 } } } : l));
  const q = problem({ P: 4, R: 3 }, { density: { W: 1, I: 0.5, O: 1 } });
  it('DRAM inputs energy 4 by default, 10 with metadataRead 7; the fused path stays bit-identical', () => {
    expect(evalOrThrow(arch({}), q, mapping).energy.byLevelTensor!['DRAM']!.I).toBe(4);
    const a = arch({ metadataRead: 7, metadataWrite: 9 });
    const r = evalOrThrow(a, q, mapping);
    expect(r.energy.byLevelTensor!['DRAM']!.I).toBe(10);
    const ctx = makeContext(a, q);
    const fm = flatten(mapping);
    const res = analyze(ctx, fm, new Float64Array(ctx.resultLength));
    const ert = buildErt(a, q);
    expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, res, ctx.numLevels))).toBe(true);
  });
  it('the arch file takes energy.metadataRead / metadataWrite', () => {
    const d = decodeArch({ name: 'a', clockMHz: 100, costs: 'eyeriss-normalized', levels: [{ name: 'DRAM', kind: 'dram', energy: { metadataRead: 2, metadataWrite: 3 } }], compute: { instances: 1 } });
    expect(E.isRight(d) && [d.right.levels[0]!.energy.metadataRead, d.right.levels[0]!.energy.metadataWrite]).toEqual([2, 3]);
  });
});

describe('(de)compression energies', () => {
  // DRAM keeps inputs and outputs rle (4-bit metadata), the RF uncompressed. d_I 0.5: the DRAM sends 3 actual input
  // elements to the RF (decompressed) and receives 4 output updates from it (compressed, d_O 1). Unit read / write.
  // Inputs at the DRAM: 3 reads + 1 metadata read + 3 × decompress 2 = 10. Outputs: 4 updates + metadata writes
  // (4 entries × 4 bits = 16 bits: 1 word) + 4 × compress 5 = 25.
  const rle = { format: 'rle' as const, metadataBits: 4 };
  const a = withCompute({}, (l, i) => (i === 0 ? { ...l, energy: { ...l.energy, decompress: 2, compress: 5 }, formats: { ...l.formats, I: rle, O: rle } } : l));
  const q = problem({ P: 4, R: 3 }, { density: { W: 1, I: 0.5, O: 1 } });
  it('decompressed 3, compressed 4; energies 10 and 25; fused = priced', () => {
    const r = evalOrThrow(a, q, mapping);
    expect(r.energy.byLevelTensor!['DRAM']).toEqual({ W: 3, I: 10, O: 25 });
    expect([r.stats.levels[0]!.tensors.I.decompressed, r.stats.levels[0]!.tensors.O.compressed, r.stats.levels[0]!.tensors.W.decompressed]).toEqual([3, 4, 0]);
    const ctx = makeContext(a, q);
    const fm = flatten(mapping);
    const res = analyze(ctx, fm, new Float64Array(ctx.resultLength));
    expect([res[slotBase(0, 1) + Slot.Decompressed], res[slotBase(0, 2) + Slot.Compressed]]).toEqual([3, 4]);
    const ert = buildErt(a, q);
    expect(Object.is(analyzeCost(ctx, fm, prepareCost(ert, ctx.numLevels)), priceTotal(ert, res, ctx.numLevels))).toBe(true);
  });
  // DRAM → MID → RF → 1 MAC; MID bypasses the inputs, the RF keeps them rle; d_I 0.5. The RF's keeping parent for
  // the inputs is the DRAM, not MID: it compresses its ⌈6 · 0.5⌉ = 3 actual fills when the DRAM holds them
  // uncompressed, and none when the DRAM holds them rle too (MID's own format for the inputs does not matter).
  // It decompresses its ⌈12 · 0.5⌉ = 6 actual reads for the MACs either way.
  it('a compressed level compresses its fills from its keeping parent, across a level that bypasses the tensor', () => {
    const bypassMid = { levels: [lvl([['P', 4]]), lvl([], {}, { W: true, I: false, O: true }), lvl([['R', 3]])], origin: 'test' };
    const rfInputs = (dramI: typeof rle | undefined) => {
      const base = testArch([{}, {}, {}], 1);
      const arch: Arch = {
        ...base,
        levels: base.levels.map((l, i) =>
          i === 2 ? { ...l, formats: { ...l.formats, I: rle } } : i === 0 && dramI ? { ...l, formats: { ...l.formats, I: dramI } } : l,
        ),
      };
      const r = evalOrThrow(arch, problem({ P: 4, R: 3 }, { density: { W: 1, I: 0.5, O: 1 } }), bypassMid);
      const ctx = makeContext(arch, problem({ P: 4, R: 3 }, { density: { W: 1, I: 0.5, O: 1 } }));
      const res = analyze(ctx, flatten(bypassMid), new Float64Array(ctx.resultLength).fill(NaN));
      const b = slotBase(2, 1);
      return [r.stats.levels[2]!.tensors.I.compressed, r.stats.levels[2]!.tensors.I.decompressed, res[b + Slot.Compressed], res[b + Slot.Decompressed]];
    };
    expect(rfInputs(undefined)).toEqual([3, 6, 3, 6]);
    expect(rfInputs(rle)).toEqual([0, 6, 0, 6]);
  });
});
