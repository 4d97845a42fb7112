/**
 * Cost presets against the published figures in docs/reference/published-figures.md (sections "Eyeriss
 * energy model" — ISCA'16 Table IV — and "Horowitz, Computing's energy problem, ISSCC 2014").
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  costFor, EYERISS_MAC_SPLIT, HOROWITZ_MULT16_PJ, lookupPreset, macCostFor, PRESETS, sramPer64, type CostQuery,
} from '../../src/energy/presets.js';

const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left);
  return e.right;
};
const cost = (preset: string, q: CostQuery) => right(costFor(preset, q));

describe('eyeriss-normalized (ISCA 2016 Table IV, reference file "Eyeriss energy model")', () => {
  const q16 = (kind: CostQuery['kind'], extra: Partial<CostQuery> = {}): CostQuery => ({ kind, wordBits: 16, blockWords: 1, ...extra });

  it('DRAM = 200 per 16-bit access', () => expect(cost('eyeriss-normalized', q16('dram')).read).toBe(200));
  it('global buffer (>100 kB) = 6', () => expect(cost('eyeriss-normalized', q16('sram', { capacityBytes: 108 * 1024 })).read).toBe(6));
  it('array (inter-PE) = 2 per word', () => expect(cost('eyeriss-normalized', q16('network')).read).toBe(2));
  it('RF (0.5 kB) = 1', () => expect(cost('eyeriss-normalized', q16('regfile', { capacityBytes: 512 })).write).toBe(1));
  it('MAC = 1, split 0.94 multiply + 0.06 add', () => {
    const m = right(macCostFor('eyeriss-normalized'));
    expect(m.multiplyEnergy + m.addEnergy).toBeCloseTo(1, 12);
    expect(m.multiplyEnergy).toBeCloseTo(0.94, 12);
    expect(m.refBits).toBe(16);
    expect(cost('eyeriss-normalized', q16('mac')).read).toBeCloseTo(1, 12);
  });
  it('the split ratio follows Horowitz 16-bit add / (multiply + add)', () => {
    expect(0.05 / (HOROWITZ_MULT16_PJ + 0.05)).toBeCloseTo(EYERISS_MAC_SPLIT.add, 2);
  });
  it('scales with bits moved: a 64-bit DRAM access (4 × 16 b) costs 800, an 8-bit RF access 0.5', () => {
    expect(cost('eyeriss-normalized', q16('dram', { blockWords: 4 })).read).toBe(800);
    expect(cost('eyeriss-normalized', { kind: 'regfile', wordBits: 8, blockWords: 1 }).read).toBe(0.5);
  });
  it('cites the table row', () => {
    expect(cost('eyeriss-normalized', q16('sram', { capacityBytes: 1 << 17 })).source).toMatch(/ISCA 2016 Table IV.*global buffer/);
  });
});

describe('horowitz-45nm (ISSCC 2014, reference file "Horowitz")', () => {
  const sram = (bytes: number, wordBits = 64) => cost('horowitz-45nm', { kind: 'sram', capacityBytes: bytes, wordBits, blockWords: 1 }).read;

  it('SRAM per 64-bit access: 8 kB 10 pJ, 32 kB 20 pJ, 1 MB 100 pJ', () => {
    expect(sram(8 * 1024)).toBe(10);
    expect(sram(32 * 1024)).toBe(20);
    expect(sram(1024 * 1024)).toBe(100);
  });
  it('SRAM interpolates linearly in log2(capacity): 16 kB → 15 pJ, 256 kB → 68 pJ', () => {
    expect(sram(16 * 1024)).toBeCloseTo(15, 12);
    expect(sram(256 * 1024)).toBeCloseTo(20 + (80 * 3) / 5, 12);
  });
  it('SRAM is flat outside 8 kB – 1 MB', () => {
    expect(sram(512)).toBe(10);
    expect(sram(64 * 1024 * 1024)).toBe(100);
    expect(sramPer64(512).label).toMatch(/flat extrapolation below/);
  });
  it('SRAM needs a capacity', () => {
    expect(E.isLeft(costFor('horowitz-45nm', { kind: 'sram', wordBits: 16, blockWords: 1 }))).toBe(true);
  });
  it('DRAM: midpoint of 1.3–2.6 nJ per 64 b = 1950 pJ; 16 b = 487.5 pJ', () => {
    expect(cost('horowitz-45nm', { kind: 'dram', wordBits: 64, blockWords: 1 }).read).toBe(1950);
    expect(cost('horowitz-45nm', { kind: 'dram', wordBits: 16, blockWords: 1 }).read).toBe(487.5);
  });
  it('RF: 1 pJ per 32-bit access (Han et al. NIPS 2015)', () => {
    expect(cost('horowitz-45nm', { kind: 'regfile', wordBits: 32, blockWords: 1 }).read).toBe(1);
    expect(cost('horowitz-45nm', { kind: 'regfile', wordBits: 16, blockWords: 1 }).read).toBe(0.5);
  });
  it('MAC: 16-bit add 0.05 pJ, 16-bit multiply ≈ 0.8 pJ (√(0.2·3.1))', () => {
    const m = right(macCostFor('horowitz-45nm'));
    expect(m.addEnergy).toBe(0.05);
    expect(m.multiplyEnergy).toBeCloseTo(0.787, 3);
    expect(m.refBits).toBe(16);
    // bits² scaling reproduces the published 8 b and 32 b multiplies within 2 %
    expect(m.multiplyEnergy * (8 / 16) ** 2).toBeCloseTo(0.2, 1);
    expect(Math.abs(m.multiplyEnergy * 4 - 3.1) / 3.1).toBeLessThan(0.02);
  });
  it('network: assumed 0.1 pJ/bit/mm, default 1 mm', () => {
    expect(cost('horowitz-45nm', { kind: 'network', wordBits: 16, blockWords: 1 }).read).toBeCloseTo(1.6, 12);
    expect(cost('horowitz-45nm', { kind: 'network', wordBits: 16, blockWords: 1, hopMm: 0.5 }).read).toBeCloseTo(0.8, 12);
    expect(cost('horowitz-45nm', { kind: 'network', wordBits: 16, blockWords: 1 }).source).toMatch(/ASSUMED/);
  });
});

describe('lookup', () => {
  it('unknown preset is a Left naming the known ones', () => {
    const r = lookupPreset('nope');
    expect(E.isLeft(r) && r.left).toMatch(/eyeriss-normalized, horowitz-45nm/);
  });
  it('every cost is finite, ≥ 0, carries a source, and never decreases with bits moved', () => {
    const kinds: ReadonlyArray<CostQuery['kind']> = ['dram', 'sram', 'regfile', 'network', 'mac'];
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(PRESETS)),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 1 << 26 }),
        (p, kind, wordBits, blockWords, capacityBytes) => {
          const a = cost(p, { kind, wordBits, blockWords, capacityBytes });
          const b = cost(p, { kind, wordBits, blockWords: blockWords + 1, capacityBytes });
          expect(Number.isFinite(a.read) && a.read >= 0 && a.write >= 0).toBe(true);
          expect(a.source.length).toBeGreaterThan(0);
          if (kind !== 'mac') expect(b.read).toBeGreaterThanOrEqual(a.read);
        },
      ),
    );
  });
});
