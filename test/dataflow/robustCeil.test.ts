/**
 * Issue 13, R3: compressed counts are ⌈n·density⌉ computed robustly. 200 × 0.275 is 55.00000000000001 in doubles;
 * a plain ceil gave 56 DRAM input reads. Exact hand-derived values.
 */
import { describe, expect, it } from 'vitest';
import { ceilCount } from '../../src/dataflow/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

describe('ceilCount', () => {
  it('rounds products that are integers in exact arithmetic to that integer', () => {
    expect(200 * 0.275).toBeGreaterThan(55); // the double is 55.00000000000001
    expect(ceilCount(200 * 0.275)).toBe(55);
    expect(ceilCount(1000 * 0.1 * 0.3)).toBe(30);
    expect(ceilCount(3 * 0.1)).toBe(1); // 0.30000000000000004 → 1 (genuinely fractional)
  });
  it('still rounds genuine fractions up', () => {
    expect(ceilCount(200 * 0.2751)).toBe(56);
    expect(ceilCount(55.001)).toBe(56);
    expect(ceilCount(0)).toBe(0);
    expect(ceilCount(7)).toBe(7);
  });
});

describe('R3: FC 200 → 1, input density 0.275, DRAM inputs rle', () => {
  // DRAM → RF → 1 MAC. DRAM: temporal C200; RF: nothing. The RF's input tile is 1 element, refilled per C step:
  // DRAM input reads (dense) = 200, actual (rle) = ⌈200 · 0.275⌉ = 55. Compute without sparse support: 200 MACs,
  // effectual ⌈200 · 1 · 0.275⌉ = 55.
  const base = testArch([{}, {}], 1);
  const arch = {
    ...base,
    levels: base.levels.map((l, i) => (i === 0 ? { ...l, formats: { ...l.formats, I: { format: 'rle' as const, metadataBits: 5 } } } : l)),
  };
  const p = problem({ C: 200 }, { density: { W: 1, I: 0.275, O: 1 } });
  const r = evalOrThrow(arch, p, { levels: [lvl([['C', 200]]), lvl([])], origin: 'test' });
  const dramI = r.stats.levels[0]!.tensors.I;
  it('DRAM reads 200 inputs dense and 55 actual (not 56)', () => {
    expect(dramI.reads).toBe(200);
    expect(dramI.actual.reads.random).toBe(55);
    expect(dramI.vectorAccesses.reads).toBe(55);
  });
  it('rle metadata: one 5-bit entry per non-zero, 55 × 5 bits = 275 bits = ⌈275 / 16⌉ = 18 words', () => {
    expect(dramI.vectorAccesses.metadataReads).toBe(18);
  });
  it('effectual MACs ⌈200 · 0.275⌉ = 55', () => {
    expect(r.stats.macs).toBe(200);
    expect(r.stats.effectualMacs).toBe(55);
  });
});
