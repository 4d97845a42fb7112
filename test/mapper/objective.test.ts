/**
 * The mapper's objectives on a known pair of mappings whose energy and cycles are derived by hand: the energy,
 * delay and EDP (= E·D) objectives pick different mappings, and the scores are exactly E, D and E·D.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { search, score, tieBreak, better } from '../../src/mapper/index.js';
import { ANY_DATAFLOW, makeMapspace } from '../../src/mapping/index.js';
import { testArch } from '../helpers/arch.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

// P = 4 outputs, R = 3 taps (12 MACs). DRAM (read = write = 10) → RF (read = write = 1, 1 word/cycle) → 1 MAC (1).
// M1: DRAM P4, RF R3, the RF keeps everything (handCounts.test.ts): DRAM W 3 + I 6 reads + O 4 updates = 13 accesses
//     → 130; RF W 3 + 12, I 6 + 12, O 12 updates + 8 reads = 53 → 53; MACs 12. E1 = 195. The RF moves 53 words at
//     1 word/cycle: D1 = 53 cycles.
// M2: the RF keeps nothing; DRAM runs P4 then R3 and feeds the MAC directly: every MAC reads W and I and updates O
//     at DRAM: 12 + 12 + 12 updates + (12 − 4) reads = 44 accesses → 440; MACs 12. E2 = 452. The RF moves nothing:
//     D2 = 12 (compute).
// Energy picks M1 (195 < 452); delay picks M2 (12 < 53); EDP picks M2 (452·12 = 5,424 < 195·53 = 10,335) — while
// E + D would pick M1 (248 < 464).
const p = problem({ P: 4, R: 3 });
const arch = testArch([{ read: 10, write: 10 }, { name: 'RF', bandwidth: 1 }], 1);
const none = { W: false, I: false, O: false };
const m1 = evalOrThrow(arch, p, { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'M1' });
const m2 = evalOrThrow(arch, p, { levels: [lvl([['P', 4], ['R', 3]]), lvl([], {}, none)], origin: 'M2' });

describe('objectives on a known pair of mappings', () => {
  it('the pair: E1 = 195, D1 = 53; E2 = 452, D2 = 12', () => {
    expect([m1.energy.total, m1.stats.cycles]).toEqual([195, 53]);
    expect([m2.energy.total, m2.stats.cycles]).toEqual([452, 12]);
  });
  it('scores: energy = E, delay = D, edp = E·D', () => {
    expect(score('energy', 195, 53)).toBe(195);
    expect(score('delay', 195, 53)).toBe(53);
    expect(score('edp', 195, 53)).toBe(10_335);
    expect(score('edp', 452, 12)).toBe(5_424);
  });
  it('energy picks M1, delay and EDP pick M2', () => {
    const pickBy = (o: 'energy' | 'delay' | 'edp'): string => {
      const [a, b] = [m1, m2].map((m) => ({ s: score(o, m.energy.total, m.stats.cycles), t: tieBreak(o, m.energy.total, m.stats.cycles) }));
      return better(a!.s, a!.t, b!.s, b!.t) ? 'M1' : 'M2';
    };
    expect(pickBy('energy')).toBe('M1');
    expect(pickBy('delay')).toBe('M2');
    expect(pickBy('edp')).toBe('M2');
  });
  it('ties break on the other quantity: cycles for energy, energy for delay and EDP', () => {
    expect(tieBreak('energy', 195, 53)).toBe(53);
    expect(tieBreak('delay', 195, 53)).toBe(195);
    expect(tieBreak('edp', 195, 53)).toBe(195);
    expect(better(100, 5, 100, 6)).toBe(true);
    expect(better(100, 6, 100, 5)).toBe(false);
    expect(better(100 * (1 + 1e-13), 5, 100, 6)).toBe(true); // within the relative tolerance: the tie-break decides
    expect(better(100 * (1 + 1e-9), 5, 100, 6)).toBe(false);
  });
  it('the mapper reports score = E·D (edp) and = D (delay) for the mapping it returns', () => {
    const ms = () => makeMapspace(arch, p, ANY_DATAFLOW);
    const edp = search(ms(), { objective: 'edp', strategy: 'exhaustive', seed: 1 });
    const delay = search(ms(), { objective: 'delay', strategy: 'exhaustive', seed: 1 });
    if (E.isLeft(edp) || E.isLeft(delay)) throw new Error('no mapping');
    expect(edp.right.score).toBe(edp.right.energy * edp.right.cycles);
    expect(edp.right.score).toBeLessThanOrEqual(5_424); // M2 is in the mapspace
    expect(delay.right.score).toBe(delay.right.cycles);
    expect(delay.right.cycles).toBe(12); // nothing is faster than the compute
  });
});
