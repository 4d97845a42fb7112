/**
 * The pricing step pinned by exact values: the ERT a (arch, layer) pair gets (MAC scaling with operand widths,
 * network costs by child level, sources), the attribution of network energy to each network a bypassing tensor
 * crosses, the breakdown sum, and the cost presets' sources, errors and SRAM interpolation labels.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { addBreakdowns, buildErt, emptyBreakdown, type EnergyBreakdown } from '../../src/energy/index.js';
import { costFor, sramPer64, type CostQuery } from '../../src/energy/presets.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

describe('buildErt', () => {
  const base = testArch([{ read: 3, write: 5 }, { name: 'RF', read: 1, write: 2 }], 1);
  const arch: Arch = {
    ...base,
    networks: [{ energyPerWord: 0.5, multicast: true, spatialReduction: true }, { energyPerWord: 0.25, multicast: true, spatialReduction: true }],
    compute: { ...base.compute, multiplyEnergy: 2, addEnergy: 0.5, refBits: 16, gatedFraction: 0.1, costSource: 'mac-src' },
  };
  it('MAC = E_mul · (b_W · b_I) / ref² + E_add · b_O / ref: 2 · (8·4)/256 + 0.5 · 32/16 = 1.25; gated = 0.1 of it', () => {
    const ert = buildErt(arch, problem({ P: 1 }, { bits: { W: 8, I: 4, O: 32 } }));
    expect(ert.mac).toBe(1.25);
    expect(ert.macGated).toBe(0.125);
  });
  it('network costs are indexed by child level (0 unused), storage costs per level, sources by level name and MAC', () => {
    const ert = buildErt({ ...arch, levels: arch.levels.map((l, i) => ({ ...l, costSource: `src${i}` })) }, problem({ P: 1 }));
    expect([...ert.networkPerWord]).toEqual([0, 0.5, 0.25]);
    expect([...ert.read]).toEqual([3, 1]);
    expect([...ert.write]).toEqual([5, 2]);
    expect(ert.sources).toEqual({ MAC: 'mac-src', DRAM: 'src0', RF: 'src1' });
  });
});

describe('network energy attribution: a tensor bypassing a level crosses both networks', () => {
  // DRAM → GLB → RF → 1 MAC; P = 4, R = 3; DRAM P4, the GLB keeps nothing, RF R3. Networks (by child): DRAM→GLB
  // 0.5, GLB→RF 2, RF→MAC 0.25 per word. The RF's keeping parent is DRAM for every tensor, so its fills cross
  // DRAM→GLB and GLB→RF: W 3 words → 1.5 + 6; I 6 words → 3 + 12. The MACs read 12 W and 12 I from the RF:
  // (12 + 12) · 0.25 = 6. Outputs: one RF and one MAC, so no partial sums are combined in a network (0 words).
  const base = testArch([{}, { name: 'GLB' }, { name: 'RF' }], 1);
  const arch: Arch = { ...base, networks: [0.5, 2, 0.25].map((e) => ({ energyPerWord: e, multicast: true, spatialReduction: true })) };
  const none = { W: false, I: false, O: false };
  const r = evalOrThrow(arch, problem({ P: 4, R: 3 }), { levels: [lvl([['P', 4]]), lvl([], {}, none), lvl([['R', 3]])], origin: 'test' });
  it('byNetwork names every network and charges each crossing', () => {
    expect(r.energy.byNetwork).toEqual({ 'DRAM→GLB': 4.5, 'GLB→RF': 18, 'RF→MAC': 6 });
    expect(r.energy.network).toBe(28.5);
  });
  it('the network energy is attributed to its tensor (storage at unit cost + network)', () => {
    // W: DRAM 3 reads, RF 3 fills + 12 reads (18 accesses) + network 7.5 + 3.
    expect(r.energy.byTensor.W).toBe(3 + 15 + 10.5);
    expect(r.energy.byTensor.I).toBe(6 + 18 + 18);
    expect(r.energy.byTensor.O).toBe(4 + 20);
    expect(r.energy.byLevel).toEqual({ DRAM: 13, GLB: 0, RF: 53 });
  });
});

describe('addBreakdowns / emptyBreakdown (sum of layers)', () => {
  const a: EnergyBreakdown = { unit: 'pJ', total: 10, compute: 1, byLevel: { A: 2, B: 3 }, byTensor: { W: 1, I: 2, O: 3 }, byNetwork: { 'A→B': 4 }, network: 4 };
  const b: EnergyBreakdown = { unit: 'pJ', total: 20, compute: 2, byLevel: { B: 5, C: 7 }, byTensor: { W: 10, I: 20, O: 30 }, byNetwork: { 'B→C': 6, 'A→B': 1 }, network: 7 };
  it('adds every field, merging the level and network names', () => {
    expect(addBreakdowns(a, b)).toEqual({
      unit: 'pJ', total: 30, compute: 3, byLevel: { A: 2, B: 8, C: 7 }, byTensor: { W: 11, I: 22, O: 33 }, byNetwork: { 'A→B': 5, 'B→C': 6 }, network: 11,
    });
  });
  it('emptyBreakdown is its identity', () => {
    expect(addBreakdowns(emptyBreakdown('pJ'), a)).toEqual(a);
    expect(addBreakdowns(a, emptyBreakdown('pJ'))).toEqual(a);
    expect(emptyBreakdown('MAC-normalized')).toEqual({ unit: 'MAC-normalized', total: 0, compute: 0, byLevel: {}, byTensor: { W: 0, I: 0, O: 0 }, byNetwork: {}, network: 0 });
  });
});

describe('cost presets: sources, errors, SRAM labels', () => {
  const q = (kind: CostQuery['kind'], extra: Partial<CostQuery> = {}): CostQuery => ({ kind, wordBits: 16, blockWords: 1, ...extra });
  const src = (preset: string, query: CostQuery): string => {
    const c = costFor(preset, query);
    if (E.isLeft(c)) throw new Error(c.left);
    return c.right.source;
  };
  const err = (preset: string, query: CostQuery): string => {
    const c = costFor(preset, query);
    if (E.isRight(c)) throw new Error('expected an error');
    return c.left;
  };
  it('eyeriss-normalized names its row, and the scaling when more or fewer bits move', () => {
    expect(src('eyeriss-normalized', q('dram'))).toBe('eyeriss-normalized: Chen, Emer, Sze ISCA 2016 Table IV, DRAM = 200 per 16-bit access');
    expect(src('eyeriss-normalized', q('dram', { blockWords: 4 }))).toBe('eyeriss-normalized: Chen, Emer, Sze ISCA 2016 Table IV, DRAM = 200 per 16-bit access × 64/16 bits moved');
    expect(src('eyeriss-normalized', q('regfile'))).toBe('eyeriss-normalized: Chen, Emer, Sze ISCA 2016 Table IV, RF (0.5 kB) = 1 per 16-bit access');
    expect(src('eyeriss-normalized', q('network'))).toBe('eyeriss-normalized: Chen, Emer, Sze ISCA 2016 Table IV, array (inter-PE, 1-2 mm) = 2 (hop length ignored) per 16-bit access');
    expect(src('eyeriss-normalized', q('mac', { wordBits: 8 }))).toMatch(/; scaled to 8-bit operands$/);
  });
  it('horowitz-45nm names its source per kind', () => {
    expect(src('horowitz-45nm', q('dram', { wordBits: 64 }))).toBe('horowitz-45nm: Horowitz ISSCC 2014 (45 nm, 0.9 V), DRAM 1.3-2.6 nJ per 64 b (midpoint 1.95 nJ used)');
    expect(src('horowitz-45nm', q('regfile'))).toBe('horowitz-45nm: Han et al. NIPS 2015 Fig. 1, register file 1 pJ per 32 b × 16/32 bits moved');
    expect(src('horowitz-45nm', q('sram', { capacityBytes: 32 * 1024 }))).toBe('horowitz-45nm: Horowitz ISSCC 2014 (45 nm, 0.9 V), SRAM per 64 b 32 kB 20 pJ × 16/64 bits moved');
    const net = costFor('horowitz-45nm', q('network', { hopMm: 0.5, blockWords: 2 }));
    expect(net).toEqual(E.right({ read: 1.6, write: 1.6, source: "horowitz-45nm: ASSUMED on-chip wire 0.1 pJ/bit/mm (not in Horowitz's table) × 0.5 mm × 32 b" }));
    expect(E.isRight(costFor('horowitz-45nm', q('network', { hopMm: 0 })))).toBe(true);
  });
  it('rejects what it cannot price, as values', () => {
    expect(err('horowitz-45nm', q('sram'))).toBe('horowitz-45nm: SRAM energy depends on capacity; capacityBytes (> 0) is required');
    expect(err('horowitz-45nm', q('sram', { capacityBytes: 0 }))).toMatch(/capacityBytes \(> 0\) is required/);
    expect(err('horowitz-45nm', q('network', { hopMm: -1 }))).toBe('horowitz-45nm: hopMm must be a finite number >= 0, got -1');
    expect(err('horowitz-45nm', q('network', { hopMm: Infinity }))).toMatch(/hopMm must be a finite number/);
    expect(err('horowitz-45nm', q('network', { hopMm: NaN }))).toMatch(/hopMm must be a finite number/);
    expect(err('eyeriss-normalized', q('dram', { wordBits: 0 }))).toBe('eyeriss-normalized: wordBits and blockWords must be positive, got 0 and 1');
    expect(err('eyeriss-normalized', q('dram', { blockWords: 0 }))).toMatch(/must be positive, got 16 and 0/);
    expect(err('eyeriss-normalized', q('dram', { blockWords: NaN }))).toMatch(/must be positive/);
    // The presets' access tables do not price MACs (the `mac` kind goes through the MAC entry in costFor).
    const eyeriss = costFor('eyeriss-normalized', q('mac'));
    expect(E.isRight(eyeriss) && eyeriss.right.read).toBeCloseTo(1, 12);
  });
  it('MAC cost scales as multiply · r² + add · r with r = bits / ref', () => {
    const c = costFor('eyeriss-normalized', q('mac', { wordBits: 32 }));
    expect(E.isRight(c) && c.right.read).toBeCloseTo(0.94 * 4 + 0.06 * 2, 12);
    const h = costFor('eyeriss-normalized', q('mac', { wordBits: 8 }));
    expect(E.isRight(h) && h.right.read).toBeCloseTo(0.94 / 4 + 0.06 / 2, 12);
  });
  it('SRAM per 64 b: flat below 8 kB and above 1 MB, log2 interpolation between, labels saying which', () => {
    expect(sramPer64(4 * 1024)).toEqual({ pJ: 10, label: '8 kB 10 pJ (flat extrapolation below 8 kB)' });
    expect(sramPer64(8 * 1024)).toEqual({ pJ: 10, label: '8 kB 10 pJ' });
    expect(sramPer64(16 * 1024)).toEqual({ pJ: 15, label: '15.00 pJ (log2-capacity interpolation between 8 kB 10 pJ and 32 kB 20 pJ)' });
    expect(sramPer64(32 * 1024)).toEqual({ pJ: 20, label: '32 kB 20 pJ' });
    expect(sramPer64(128 * 1024)).toEqual({ pJ: 20 + 0.4 * 80, label: '52.00 pJ (log2-capacity interpolation between 32 kB 20 pJ and 1 MB 100 pJ)' });
    expect(sramPer64(1024 * 1024)).toEqual({ pJ: 100, label: '1 MB 100 pJ' });
    expect(sramPer64(2048 * 1024)).toEqual({ pJ: 100, label: '1 MB 100 pJ (flat extrapolation above 1 MB)' });
  });
});
