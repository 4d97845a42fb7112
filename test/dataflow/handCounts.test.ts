/**
 * Hand-derived access counts for tiny layers (derivations in the comments), under the Timeloop convention
 * (docs/reference/counting-semantics.md).
 */
import { describe, expect, it } from 'vitest';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

describe('hand-counted 1-D convolution, DRAM → RF → 1 MAC', () => {
  // P = 4 outputs, R = 3 taps, stride 1 → input window H = (4−1)+(3−1)+1 = 6.
  // DRAM: temporal P4; RF: temporal R3.
  const p = problem({ P: 4, R: 3 });
  const arch = testArch([{}, {}], 1);
  const r = evalOrThrow(arch, p, { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' });
  const [dram, rf] = r.stats.levels;
  it('weights: the RF tile (3 taps) is stationary across P: filled once, read once per MAC', () => {
    expect(rf!.tensors.W.fills).toBe(3);
    expect(rf!.tensors.W.reads).toBe(12); // 12 MACs, one operand read each
    expect(dram!.tensors.W.reads).toBe(3);
  });
  it('inputs: sliding window — 3 on the first P, then 1 new point per step: 3 + 3·1 = 6', () => {
    expect(rf!.tensors.I.fills).toBe(6);
    expect(dram!.tensors.I.reads).toBe(6);
    expect(rf!.tensors.I.reads).toBe(12);
  });
  it('outputs: 12 updates at the RF (one per MAC), 4 partition → 8 RMW reads; 4 drains, 0 fills', () => {
    expect(rf!.tensors.O.updates).toBe(12);
    expect(rf!.tensors.O.reads).toBe(8);
    expect(rf!.tensors.O.drains).toBe(4);
    expect(rf!.tensors.O.fills).toBe(0);
    expect(dram!.tensors.O.updates).toBe(4);
    expect(dram!.tensors.O.reads).toBe(0);
  });
  it('macs and cycles: 12 MACs on one unit, compute-bound', () => {
    expect(r.stats.macs).toBe(12);
    expect(r.stats.cycles).toBe(12);
    expect(r.stats.bottleneck).toBe('compute');
  });
});

describe('halo across spatial children is read once per child delta (union of deltas, not delta of union)', () => {
  // P = 4, R = 3. DRAM: temporal P2 then spatial P2 over 2 RFs; RF: temporal R3.
  // Child tiles at the first step: [0,3) and [1,4) → union 4 points.
  // Temporal P step (shift 2): child 0 needs [3,5), child 1 needs [4,6) → union {3,4,5} = 3 points.
  // DRAM input reads = 4 + 3 = 7 (point 3 is read twice: child 1 held it, child 0 did not).
  const p = problem({ P: 4, R: 3 });
  const arch = testArch([{}, { instances: 2 }], 2);
  const r = evalOrThrow(arch, p, { levels: [lvl([['P', 2]], { P: 2 }), lvl([['R', 3]])], origin: 'test' });
  it('DRAM reads 7 inputs; each RF is filled 3 + 2 = 5', () => {
    expect(r.stats.levels[0]!.tensors.I.reads).toBe(7);
    expect(r.stats.levels[1]!.tensors.I.fills).toBe(5);
  });
  it('weights are multicast: the same 3 taps go to both RFs, read once at DRAM', () => {
    expect(r.stats.levels[0]!.tensors.W.reads).toBe(3);
    expect(r.stats.levels[1]!.tensors.W.fills).toBe(3);
  });
  it('without multicast each child is served separately', () => {
    const noMc = { ...arch, networks: arch.networks.map((n) => ({ ...n, multicast: false })) };
    const r2 = evalOrThrow(noMc, p, { levels: [lvl([['P', 2]], { P: 2 }), lvl([['R', 3]])], origin: 'test' });
    expect(r2.stats.levels[0]!.tensors.W.reads).toBe(6);
    expect(r2.stats.levels[0]!.tensors.I.reads).toBe(10);
  });
});

describe('strided convolution uses the bounding box (Timeloop AAHR)', () => {
  // P = 3, R = 1, stride 2: the RF tile of all 3 outputs touches h ∈ {0, 2, 4}; its box has 5 points.
  const p = problem({ P: 3 }, { strideH: 2 });
  const arch = testArch([{}, {}], 1);
  const r = evalOrThrow(arch, p, { levels: [lvl([]), lvl([['P', 3]])], origin: 'test' });
  it('RF input tile and fills = 5', () => {
    expect(r.stats.levels[1]!.tensors.I.tileElements).toBe(5);
    expect(r.stats.levels[1]!.tensors.I.fills).toBe(5);
  });
});

describe('bypassed data still crosses the array network', () => {
  // DRAM → GLB → RF (2 PEs) → MACs; the RF keeps nothing, so operands go GLB → MAC through both networks.
  // P = 4 outputs over 2 PEs (spatial P2 below the GLB), R = 1: each MAC receives one weight and one input
  // per cycle (4 MACs → 4 W + 4 I deliveries); the GLB→RF network costs 2 per word, RF→MAC 0.
  const p = problem({ P: 4 });
  const base = testArch([{}, { name: 'GLB' }, { name: 'RF', instances: 2, keeps: { W: false, I: false, O: false } }], 2);
  const arch = { ...base, networks: [{ energyPerWord: 0, multicast: true, spatialReduction: true }, { energyPerWord: 2, multicast: true, spatialReduction: true }, { energyPerWord: 0, multicast: true, spatialReduction: true }] };
  const none = { W: false, I: false, O: false };
  const r = evalOrThrow(arch, p, { levels: [lvl([]), lvl([['P', 2]], { P: 2 }), lvl([], {}, none)], origin: 'test' });
  it('charges GLB→RF for every word delivered to a MAC, though the RF is bypassed', () => {
    expect(r.stats.macNetworkWords.W).toBe(4);
    expect(r.stats.macNetworkWords.I).toBe(4);
    expect(r.energy.byNetwork['GLB→RF']).toBe(2 * (4 + 4));
    expect(r.energy.byNetwork['RF→MAC']).toBe(0);
    expect(r.energy.network).toBe(16);
  });
});
