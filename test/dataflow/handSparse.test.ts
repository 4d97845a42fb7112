/**
 * Hand-derived exact counts and energies for the priced features beyond dense counting: compressed formats
 * (rle, bitmask, csr) with their metadata, gating vs skipping (storage and compute), finite bandwidth (stall cycles
 * and the bound named), and bit packing. Each derivation is in the comments; the model must give these numbers
 * exactly. The dense counts underneath are those of `handCounts.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { Arch, FormatSpec, StorageLevel } from '../../src/arch/index.js';
import { levelAccessTotals } from '../../src/dataflow/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

const withLevel = (a: Arch, i: number, f: (l: StorageLevel) => StorageLevel): Arch => ({ ...a, levels: a.levels.map((l, j) => (j === i ? f(l) : l)) });

// A 1-D convolution: P = 16 outputs, R = 3 taps, stride 1 → H = 18 input points. DRAM → RF → 1 MAC.
// Mapping: DRAM temporal P16; RF temporal R3 (the RF holds 3 taps, a 3-point window and one output).
// Dense counts (see handCounts.test.ts for the same structure with P = 4):
//   W: DRAM reads 3; RF fills 3 (stationary across P), RF reads 48 (one per MAC).
//   I: DRAM reads 18 (3 + 15 sliding steps of 1 new point); RF fills 18; RF reads 48.
//   O: RF updates 48, RF reads 48 − 16 = 32 (read-modify-write after the first write), drains 16, fills 0;
//      DRAM updates 16, DRAM reads 0.
// Costs: DRAM read 10, write 20, metadata factor 0.5; RF read 1, write 3, metadata factor 0.25, gated fraction
// 0.5; MAC 1. The RF gates weight reads when the input is zero (Eyeriss), effectual fraction d_I = 0.5:
//   RF W reads 48 → ceil(48 · 0.5) = 24 random + 24 gated: 24·1 + 24·1·0.5 = 36.
// Inputs have density 0.5 and the same compressed format at DRAM and at the RF.
const P = 16;
const conv1d = problem({ P, R: 3 }, { density: { W: 1, I: 0.5, O: 1 } });
const mapping = { levels: [lvl([['P', P]]), lvl([['R', 3]])], origin: 'test' };
const sparseArch = (fmt: FormatSpec): Arch => {
  const a = testArch([{ read: 10, write: 20 }, { name: 'RF', read: 1, write: 3 }], 1);
  return {
    ...a,
    levels: [
      { ...a.levels[0]!, energy: { read: 10, write: 20, gatedFraction: 0, metadataPerWord: 0.5 }, formats: { ...a.levels[0]!.formats, I: fmt } },
      {
        ...a.levels[1]!,
        energy: { read: 1, write: 3, gatedFraction: 0.5, metadataPerWord: 0.25 },
        formats: { ...a.levels[1]!.formats, I: fmt },
        actionOptimizations: [{ kind: 'gating', target: 'W', condition: ['I'] }],
      },
    ],
  };
};
// The weights' and outputs' energy is the same for every format:
//   W: DRAM 3 reads · 10 = 30; RF 3 fills · 3 = 9, reads 36 (above) → 75.
//   O: DRAM 16 updates · 20 = 320; RF 48 updates · 3 = 144, 32 reads · 1 = 32 → 496.
//   MACs: 48 · 1 = 48 (the compute does not exploit sparsity: every MAC is performed).
const W_ENERGY = 75;
const O_ENERGY = 496;
const MAC_ENERGY = 48;

describe('rle inputs at DRAM and the RF, density 0.5 (metadata: 4-bit run lengths, one per non-zero)', () => {
  const r = evalOrThrow(sparseArch({ format: 'rle', metadataBits: 4 }), conv1d, mapping);
  const [dram, rf] = r.stats.levels;
  it('data: ceil(n · 0.5) of each dense count moves (DRAM reads 9, RF fills 9, RF reads 24); none gated or skipped', () => {
    expect(dram!.tensors.I.reads).toBe(18);
    expect(dram!.tensors.I.actual.reads).toEqual({ random: 9, gated: 0, skipped: 0 });
    expect(rf!.tensors.I.actual.fills).toEqual({ random: 9, gated: 0, skipped: 0 });
    expect(rf!.tensors.I.actual.reads).toEqual({ random: 24, gated: 0, skipped: 0 });
  });
  it('metadata: entries = non-zeros, 4 bits each, in 16-bit words: DRAM 9·4 = 36 b → 3 reads; RF fills 3 writes; RF reads 24·4 = 96 b → 6', () => {
    expect(dram!.tensors.I.vectorAccesses).toEqual({ reads: 9, gatedReads: 0, writes: 0, gatedWrites: 0, metadataReads: 3, metadataWrites: 0 });
    expect(rf!.tensors.I.vectorAccesses).toEqual({ reads: 24, gatedReads: 0, writes: 9, gatedWrites: 0, metadataReads: 6, metadataWrites: 3 });
  });
  it('the gated weight reads at the RF: 24 random + 24 gated', () => {
    expect(rf!.tensors.W.actual.reads).toEqual({ random: 24, gated: 24, skipped: 0 });
    expect(rf!.tensors.W.vectorAccesses.gatedReads).toBe(24);
  });
  it('energy: I = DRAM (9·10 + 3·10·0.5 = 105) + RF (24·1 + 9·3 + 6·1·0.25 + 3·3·0.25 = 54.75) = 159.75', () => {
    expect(r.energy.byTensor.I).toBe(159.75);
    expect(r.energy.byTensor.W).toBe(W_ENERGY);
    expect(r.energy.byTensor.O).toBe(O_ENERGY);
    expect(r.energy.compute).toBe(MAC_ENERGY);
    expect(r.energy.byLevel).toEqual({ DRAM: 30 + 320 + 105, RF: 45 + 176 + 54.75 });
    expect(r.energy.total).toBe(778.75);
  });
  it('MACs: all 48 performed; effectual = ceil(48 · d_W · d_I) = 24', () => {
    expect(r.stats.macActions).toEqual({ random: 48, gated: 0, skipped: 0 });
    expect(r.stats.effectualMacs).toBe(24);
  });
});

describe('bitmask inputs (1 bit per dense element)', () => {
  const r = evalOrThrow(sparseArch({ format: 'bitmask', metadataBits: 1 }), conv1d, mapping);
  const [dram, rf] = r.stats.levels;
  it('data as rle; metadata: DRAM 18 b → 2 reads; RF fills 18 b → 2 writes; RF reads 48 b → 3', () => {
    expect(dram!.tensors.I.vectorAccesses).toEqual({ reads: 9, gatedReads: 0, writes: 0, gatedWrites: 0, metadataReads: 2, metadataWrites: 0 });
    expect(rf!.tensors.I.vectorAccesses).toEqual({ reads: 24, gatedReads: 0, writes: 9, gatedWrites: 0, metadataReads: 3, metadataWrites: 2 });
  });
  it('energy: I = DRAM (90 + 2·5 = 100) + RF (24 + 27 + 3·0.25 + 2·0.75 = 53.25) = 153.25', () => {
    expect(r.energy.byTensor.I).toBe(153.25);
    expect(r.energy.total).toBe(W_ENERGY + O_ENERGY + MAC_ENERGY + 153.25);
  });
});

describe('csr inputs (8-bit coordinates, one per non-zero)', () => {
  const r = evalOrThrow(sparseArch({ format: 'csr', metadataBits: 8 }), conv1d, mapping);
  const [dram, rf] = r.stats.levels;
  it('metadata: DRAM 9·8 = 72 b → 5 reads; RF fills 5 writes; RF reads 24·8 = 192 b → 12', () => {
    expect(dram!.tensors.I.vectorAccesses.metadataReads).toBe(5);
    expect(rf!.tensors.I.vectorAccesses.metadataWrites).toBe(5);
    expect(rf!.tensors.I.vectorAccesses.metadataReads).toBe(12);
  });
  it('energy: I = DRAM (90 + 5·5 = 115) + RF (24 + 27 + 12·0.25 + 5·0.75 = 57.75) = 172.75', () => {
    expect(r.energy.byTensor.I).toBe(172.75);
    expect(r.energy.byLevel.RF).toBe(45 + 176 + 57.75);
  });
});

describe('gating vs skipping', () => {
  // P = 4, R = 3 (12 MACs), DRAM → RF → 1 MAC, mapping DRAM P4 / RF R3; d_W = d_I = 0.5, so a MAC is effectual
  // with probability 0.25: ceil(12 · 0.25) = 3 effectual MACs. The RF optimises weight reads on the input
  // (effectual fraction 0.5: 12 → 6 + 6). RF bandwidth 1 word/cycle.
  // Dense RF words per cycle budget: W 12 reads + 3 fills, I 12 + 6, O 8 reads + 12 updates = 53 words.
  const p = problem({ P: 4, R: 3 }, { density: { W: 0.5, I: 0.5, O: 1 } });
  const m = { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' };
  const archOf = (kind: 'gating' | 'skipping'): Arch => {
    const a = testArch([{}, { name: 'RF', bandwidth: 1 }], 1);
    return {
      ...withLevel(a, 1, (l) => ({ ...l, energy: { ...l.energy, gatedFraction: 0.5 }, actionOptimizations: [{ kind, target: 'W', condition: ['I'] }] })),
      compute: { ...a.compute, sparse: kind, gatedFraction: 0.25 },
    };
  };
  const g = evalOrThrow(archOf('gating'), p, m);
  const s = evalOrThrow(archOf('skipping'), p, m);
  it('compute gating: 3 random + 9 gated MACs, energy 3 + 9 · 0.25 = 5.25, compute cycles 12', () => {
    expect(g.stats.macActions).toEqual({ random: 3, gated: 9, skipped: 0 });
    expect(g.energy.compute).toBe(5.25);
    expect(g.stats.computeCycles).toBe(12);
  });
  it('compute skipping: 3 random + 9 skipped MACs, energy 3, compute cycles ceil(12 · 0.25) = 3', () => {
    expect(s.stats.macActions).toEqual({ random: 3, gated: 0, skipped: 9 });
    expect(s.energy.compute).toBe(3);
    expect(s.stats.computeCycles).toBe(3);
  });
  it('RF weight reads: gating 6 + 6 gated (energy 6 + 6 · 0.5 = 9); skipping 6 + 6 skipped (energy 6)', () => {
    expect(g.stats.levels[1]!.tensors.W.actual.reads).toEqual({ random: 6, gated: 6, skipped: 0 });
    expect(s.stats.levels[1]!.tensors.W.actual.reads).toEqual({ random: 6, gated: 0, skipped: 6 });
    // RF W energy: reads + 3 fills (unit costs).
    expect(g.energy.byTensor.W - s.energy.byTensor.W).toBe(3);
  });
  it('bandwidth: gated reads occupy the port (53 words → 53 cycles), skipped ones do not (47 → 47); bound: RF', () => {
    expect(g.stats.cycles).toBe(53);
    expect(s.stats.cycles).toBe(47);
    expect(g.stats.bottleneck).toBe('RF');
    expect(s.stats.bottleneck).toBe('RF');
    // utilization = MACs performed / (cycles × units): gating performs all 12, skipping 3.
    expect(g.stats.utilization).toBe(12 / 53);
    expect(s.stats.utilization).toBe(3 / 47);
  });
});

describe('finite bandwidth: stall cycles rounded up, the bound named', () => {
  // P = 4, R = 3, DRAM P4 / RF R3, dense: RF moves 53 words (above), DRAM 3 W + 6 I reads + 4 O updates = 13.
  const p = problem({ P: 4, R: 3 });
  const m = { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' };
  const run = (dramBw: number, rfBw: number) => evalOrThrow(testArch([{ bandwidth: dramBw }, { name: 'RF', bandwidth: rfBw }], 1), p, m).stats;
  it('RF at 1 word/cycle: 53 cycles, bound RF (compute alone: 12)', () => {
    const s = run(Infinity, 1);
    expect(s.computeCycles).toBe(12);
    expect(s.cycles).toBe(53);
    expect(s.bottleneck).toBe('RF');
  });
  it('RF at 2 words/cycle: ceil(53 / 2) = 27 (not 26)', () => {
    expect(run(Infinity, 2).cycles).toBe(27);
  });
  it('DRAM at 0.25 words/cycle: 13 / 0.25 = 52 > ceil(53 / 2) = 27: bound DRAM', () => {
    const s = run(0.25, 2);
    expect(s.cycles).toBe(52);
    expect(s.bottleneck).toBe('DRAM');
  });
  it('DRAM at 2 words/cycle, RF unbounded: ceil(13 / 2) = 7 < 12 MAC cycles: compute-bound', () => {
    const s = run(2, Infinity);
    expect(s.cycles).toBe(12);
    expect(s.bottleneck).toBe('compute');
  });
  it('DRAM at 1 word/cycle with 4-word blocks: bandwidth counts words, not blocks: 13 words → 13 cycles (> 12 MAC cycles)', () => {
    const s = evalOrThrow(testArch([{ bandwidth: 1, blockWords: 4 }, {}], 1), p, m).stats;
    expect(s.cycles).toBe(13);
    expect(s.bottleneck).toBe('DRAM');
  });
});

describe('bit packing (scaleAccessEnergyWithBits)', () => {
  // P = 4, R = 3, DRAM P4 / RF R3. Element counts: DRAM W reads 3, I reads 6, O updates 4; RF W fills 3 reads 12,
  // I fills 6 reads 12, O updates 12 reads 8. Costs: DRAM read = write = 10, RF 1; MAC multiply 1 at 16 bits,
  // add 0.5 at 16 bits.
  const p8 = problem({ P: 4, R: 3 }, { bits: { W: 8, I: 8, O: 16 } });
  const m = { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' };
  const archOf = (dramWordBits: number, scale: boolean): Arch => {
    const a = testArch([{ read: 10, write: 10 }, { name: 'RF' }], 1);
    return { ...withLevel(a, 0, (l) => ({ ...l, wordBits: dramWordBits })), compute: { ...a.compute, addEnergy: 0.5 }, scaleAccessEnergyWithBits: scale };
  };
  it('8-bit W and I in 16-bit words: 2 per word — DRAM W 3 → 2 reads, I 6 → 3; RF W 12 → 6 reads, fills 3 → 2 writes', () => {
    const r = evalOrThrow(archOf(16, true), p8, m);
    const [dram, rf] = r.stats.levels;
    expect(dram!.tensors.W.vectorAccesses.reads).toBe(2);
    expect(dram!.tensors.I.vectorAccesses.reads).toBe(3);
    expect(dram!.tensors.O.vectorAccesses.writes).toBe(4);
    expect(rf!.tensors.W.vectorAccesses).toMatchObject({ reads: 6, writes: 2 });
    expect(rf!.tensors.I.vectorAccesses).toMatchObject({ reads: 6, writes: 3 });
    expect(rf!.tensors.O.vectorAccesses).toMatchObject({ reads: 8, writes: 12 });
    // Energy: DRAM (2 + 3 + 4) · 10 = 90; RF 6 + 2 + 6 + 3 + 8 + 12 = 37;
    // MAC = 1 · (8·8)/16² + 0.5 · 16/16 = 0.75, × 12 = 9.
    expect(r.energy.byLevel).toEqual({ DRAM: 90, RF: 37 });
    expect(r.energy.compute).toBe(9);
    expect(r.energy.total).toBe(136);
  });
  it('in 64-bit DRAM words: 8 per word (W 3 → 1, I 6 → 1), 16-bit outputs 4 per word (4 → 1)', () => {
    const r = evalOrThrow(archOf(64, true), p8, m);
    const dram = r.stats.levels[0]!;
    expect(dram.tensors.W.vectorAccesses.reads).toBe(1);
    expect(dram.tensors.I.vectorAccesses.reads).toBe(1);
    expect(dram.tensors.O.vectorAccesses.writes).toBe(1);
    expect(r.energy.byLevel.DRAM).toBe(30);
  });
  it('32-bit partial sums in 16-bit words take 2 words each: RF O updates 12 → 24 writes, reads 8 → 16', () => {
    const r = evalOrThrow(archOf(16, true), { ...p8, bits: { W: 8, I: 8, O: 32 } }, m);
    expect(r.stats.levels[1]!.tensors.O.vectorAccesses).toMatchObject({ reads: 16, writes: 24 });
    expect(r.stats.levels[0]!.tensors.O.vectorAccesses.writes).toBe(8);
    // MAC = 0.25 + 0.5 · 32/16 = 1.25, × 12 = 15.
    expect(r.energy.compute).toBe(15);
  });
  it('without bit scaling one access per element whatever the width (Timeloop-equivalent); the MAC still scales', () => {
    const r = evalOrThrow(archOf(64, false), p8, m);
    const [dram, rf] = r.stats.levels;
    expect(dram!.tensors.W.vectorAccesses.reads).toBe(3);
    expect(dram!.tensors.I.vectorAccesses.reads).toBe(6);
    expect(rf!.tensors.W.vectorAccesses).toMatchObject({ reads: 12, writes: 3 });
    expect(r.energy.compute).toBe(9);
  });
});

describe('access totals over all instances (levelAccessTotals, the JSON `accesses`)', () => {
  // Gated accesses are performed (counted), skipped ones are not; totals multiply per-instance counts by the
  // utilized instances.
  const p = problem({ P: 4, R: 3 }, { density: { W: 0.5, I: 0.5, O: 1 } });
  const archOf = (kind: 'gating' | 'skipping'): Arch =>
    withLevel(testArch([{}, { name: 'RF', instances: 4 }], 4), 1, (l) => ({ ...l, actionOptimizations: [{ kind, target: 'W', condition: ['I'] }] }));
  // DRAM: spatial P2 over 2 of the 4 RFs (each RF: P2 temporal × R3): per RF 6 MACs, W reads 6 → 3 + 3 (gated or
  // skipped); W fills 3; I fills 4 (window of 2 outputs × 3 taps), I reads 6; O updates 6, reads 4.
  const m = { levels: [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]])], origin: 'test' };
  it('gating: the RF W reads total (3 + 3) · 2 = 12; writes = fills + updates', () => {
    const r = evalOrThrow(archOf('gating'), p, m);
    const rf = r.stats.levels[1]!;
    expect(rf.utilizedInstances).toBe(2);
    expect(levelAccessTotals(rf).W).toEqual({ reads: 12, writes: 6, fills: 6, updates: 0 });
    expect(levelAccessTotals(rf).I).toEqual({ reads: 12, writes: 8, fills: 8, updates: 0 });
    expect(levelAccessTotals(rf).O).toEqual({ reads: 8, writes: 12, fills: 0, updates: 12 });
    expect(r.stats.spatialUtilization).toBe(0.5); // 2 of 4 MAC units
  });
  it('skipping: the skipped W reads are not accesses: 3 · 2 = 6', () => {
    const rf = evalOrThrow(archOf('skipping'), p, m).stats.levels[1]!;
    expect(levelAccessTotals(rf).W).toEqual({ reads: 6, writes: 6, fills: 6, updates: 0 });
  });
});
