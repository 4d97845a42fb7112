/** Fault-rate table lookup, V² scaling, the three mitigations on single words, and seeded injection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/index.js';
import { DEFAULT_FAULT_TABLE, faultRateAt, faultyWord, injectFaults, voltageEnergyFactor, type FaultRateTable } from '../../src/compress/faults.js';
import { scaleLevels } from '../../src/compress/energy.js';
import { decodeArch } from '../../src/config/arch.js';
import * as E from 'fp-ts/lib/Either.js';

const table: FaultRateTable = {
  nominalVoltage: 1,
  points: [{ voltage: 1, bitFaultRate: 0 }, { voltage: 0.8, bitFaultRate: 1e-6 }, { voltage: 0.6, bitFaultRate: 1e-2 }],
  source: 'test',
};

describe('fault-rate table', () => {
  it('listed voltages give their rate exactly; log-linear between, clamped outside', () => {
    expect(faultRateAt(table, 1)).toBe(0);
    expect(faultRateAt(table, 0.8)).toBe(1e-6);
    expect(faultRateAt(table, 0.6)).toBe(1e-2);
    expect(faultRateAt(table, 0.7)).toBeCloseTo(1e-4, 12); // geometric mean of 1e-6 and 1e-2
    expect(faultRateAt(table, 0.9)).toBeCloseTo(5e-7, 15); // linear where one end is 0
    expect(faultRateAt(table, 0.5)).toBe(1e-2);
    expect(faultRateAt(table, 1.2)).toBe(0);
  });
  it('the default table is fault-free at nominal and monotone', () => {
    expect(faultRateAt(DEFAULT_FAULT_TABLE, DEFAULT_FAULT_TABLE.nominalVoltage)).toBe(0);
    const vs = DEFAULT_FAULT_TABLE.points.map((p) => p.voltage).sort((a, b) => b - a);
    for (let i = 1; i < vs.length; i++) expect(faultRateAt(DEFAULT_FAULT_TABLE, vs[i]!)).toBeGreaterThan(faultRateAt(DEFAULT_FAULT_TABLE, vs[i - 1]!));
  });
  it('energy scales with (V / V_nominal)²', () => {
    expect(voltageEnergyFactor(0.9, 0.9)).toBe(1);
    expect(voltageEnergyFactor(0.45, 0.9)).toBe(0.25);
    expect(voltageEnergyFactor(0.72, 0.9)).toBeCloseTo(0.64, 14);
  });
  it('scaleLevels multiplies the read and write energy of the named levels only', () => {
    const doc = {
      name: 't', clockMHz: 200, costs: 'eyeriss-normalized',
      levels: [
        { name: 'DRAM', kind: 'dram', wordBits: 16 },
        { name: 'GLB', kind: 'sram', capacityWords: 1024, wordBits: 16, keeps: ['weights', 'inputs', 'outputs'] },
      ],
      compute: { instances: 1 },
    };
    const a = decodeArch(doc);
    if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
    const s = scaleLevels(a.right, ['GLB'], 0.25);
    expect(s.levels[1]!.energy.read).toBe(a.right.levels[1]!.energy.read * 0.25);
    expect(s.levels[1]!.energy.write).toBe(a.right.levels[1]!.energy.write * 0.25);
    expect(s.levels[0]).toEqual(a.right.levels[0]);
  });
});

describe('mitigations on one 4-bit word (sign bit = bit 3)', () => {
  it('none flips the bit', () => {
    expect(faultyWord(5, 1, 4, 'none')).toBe(7); // 0101 → 0111
    expect(faultyWord(5, 3, 4, 'none')).toBe(-3); // 0101 → 1101
    expect(faultyWord(-3, 0, 4, 'none')).toBe(-4); // 1101 → 1100
  });
  it('mask-word reads 0', () => {
    expect(faultyWord(5, 2, 4, 'mask-word')).toBe(0);
    expect(faultyWord(-8, 0, 4, 'mask-word')).toBe(0);
  });
  it('round-bit replaces the bit by the sign: |value| never grows', () => {
    expect(faultyWord(5, 2, 4, 'round-bit')).toBe(1); // 0101 → 0001
    expect(faultyWord(5, 1, 4, 'round-bit')).toBe(5); // bit already 0
    expect(faultyWord(-6, 0, 4, 'round-bit')).toBe(-5); // 1010 → 1011
    fc.assert(fc.property(fc.integer({ min: -128, max: 127 }), fc.integer({ min: 0, max: 7 }), (k, b) => {
      expect(Math.abs(faultyWord(k, b, 8, 'round-bit'))).toBeLessThanOrEqual(Math.abs(k));
    }));
  });
});

describe('injection', () => {
  const f = { intBits: 1, fracBits: 6 };
  it('rate 0 changes nothing (the same array comes back)', () => {
    fc.assert(fc.property(fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { maxLength: 50 }), fc.integer(), (ws, seed) => {
      const w = Float32Array.from(ws);
      const r = injectFaults(w, new Uint8Array(w.length).fill(1), f, 0, 'none', makeRng(seed));
      expect(r.weights).toBe(w);
      expect(r.faultyBits).toBe(0);
    }));
  });
  it('is seeded, touches only kept weights, and hits about rate × bits', () => {
    const n = 20000;
    const w = new Float32Array(n).fill(0.5);
    const mask = new Uint8Array(n).map((_, i) => (i % 2 === 0 ? 1 : 0));
    const a = injectFaults(w, mask, f, 0.01, 'mask-word', makeRng(3));
    const b = injectFaults(w, mask, f, 0.01, 'mask-word', makeRng(3));
    expect(a.weights).toEqual(b.weights);
    for (let i = 1; i < n; i += 2) expect(a.weights[i]).toBe(0.5);
    const expected = (n / 2) * 8 * 0.01; // 800 faulty bits expected
    expect(a.faultyBits).toBeGreaterThan(expected * 0.85);
    expect(a.faultyBits).toBeLessThan(expected * 1.15);
    const zeroed = a.weights.filter((x, i) => i % 2 === 0 && x === 0).length;
    expect(zeroed).toBeGreaterThan(0);
    expect(zeroed).toBeLessThanOrEqual(a.faultyBits);
  });
});
