/**
 * validateMapping: every kind of invalid mapping is reported (all at once), with exact fields and messages, and
 * capacity is checked per partition, on the shared rest, and with packing and compression.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { describeInvalid, tileWords, validateMapping, type MappingInvalid } from '../../src/mapping/index.js';
import { testArch } from '../helpers/arch.js';
import { lvl, problem } from '../helpers/eval.js';

const errors = (arch: Arch, p: ReturnType<typeof problem>, levels: ReturnType<typeof lvl>[]): ReadonlyArray<MappingInvalid> => {
  const r = validateMapping(arch, p, { levels, origin: 'test' });
  return E.isLeft(r) ? r.left : [];
};

describe('validateMapping', () => {
  // DRAM → RF (2 instances, 10 words) → 2 MACs; P = 4, R = 3.
  const arch = testArch([{}, { name: 'RF', instances: 2, capacityWords: 10, keeps: { W: true, I: true, O: false } }], 2);
  const p = problem({ P: 4, R: 3 });
  it('accepts a valid mapping', () => {
    expect(errors(arch, p, [lvl([['P', 2]], { P: 2 }), lvl([['R', 3]], {}, { W: true, I: true, O: false })])).toEqual([]);
  });
  it('wrong level count: reported alone', () => {
    const e = errors(arch, p, [lvl([['P', 4], ['R', 3]])]);
    expect(e).toEqual([{ _tag: 'LevelCount', expected: 2, got: 1 }]);
    expect(describeInvalid(e[0]!)).toBe('mapping has 1 levels but the architecture has 2');
  });
  it('reports every problem at once: factor products, spatial overflow, keeps, backing store, permutation', () => {
    const bad = { ...lvl([['P', 2]], { P: 4 }, { W: true, I: false, O: true }), permutation: ['P', 'P', 'N', 'G', 'C', 'K', 'Q', 'R'] as const };
    const e = errors(arch, p, [bad as ReturnType<typeof lvl>, lvl([['R', 3]], {}, { W: true, I: true, O: true })]);
    expect(e.map(describeInvalid)).toEqual([
      "factors of P multiply to 8, but the layer's P is 4",
      'DRAM: permutation [P, P, N, G, C, K, Q, R] must list each of N G C K P Q R S exactly once',
      'DRAM: spatial X factors use 4 instances but the fan-out has 2',
      'DRAM: the backing store must keep inputs',
      'RF: cannot keep outputs (the hardware level bypasses them)',
    ]);
    expect(e[2]).toEqual({ _tag: 'SpatialOverflow', level: 'DRAM', axis: 'X', used: 4, available: 2 });
  });
  it('capacity is checked only once the factors are valid: a wrong product is reported alone, even with a huge tile', () => {
    // P8 R3 in the RF would need W 3 + I 10 = 13 > 10 words, but P multiplies to 8, not 4: only that is reported
    const e = errors(arch, p, [lvl([]), lvl([['P', 8], ['R', 3]], {}, { W: true, I: true, O: false })]);
    expect(e.map(describeInvalid)).toEqual(["factors of P multiply to 8, but the layer's P is 4"]);
  });
  it('spatial Y overflow is checked on its own axis', () => {
    const e = errors(arch, p, [lvl([['P', 2]], {}, undefined, { P: 2 }), lvl([['R', 3]], {}, { W: true, I: true, O: false })]);
    expect(e).toEqual([{ _tag: 'SpatialOverflow', level: 'DRAM', axis: 'Y', used: 2, available: 1 }]);
  });
  it('capacity: all kept tensors share the level (W 3 + I 3 + 0 = 6 ≤ 10; with P2 in the RF: W 3 + I 4 = 7; R3·P4: 3 + 6 = 9)', () => {
    expect(tileWords(arch, p, { levels: [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]], {}, { W: true, I: true, O: false })], origin: 't' })).toEqual([
      { W: 3, I: 6, O: 4 }, { W: 3, I: 4, O: 0 },
    ]);
    const tight = { ...arch, levels: [arch.levels[0]!, { ...arch.levels[1]!, capacityWords: 6 }] };
    const e = errors(tight, p, [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]], {}, { W: true, I: true, O: false })]);
    expect(e).toEqual([{ _tag: 'CapacityOverflow', level: 'RF', tensor: 'all', words: 7, capacityWords: 6 }]);
    expect(describeInvalid(e[0]!)).toBe('RF: tile of all kept tensors needs 7 words, capacity is 6');
  });
  it('capacity with partitions: each partitioned tensor against its own, the others against the rest', () => {
    const part = { ...arch, levels: [arch.levels[0]!, { ...arch.levels[1]!, capacityWords: 8, partitionWords: { W: 2, I: null, O: null } }] };
    const e = errors(part, p, [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]], {}, { W: true, I: true, O: false })]);
    // W needs 3 > 2; I needs 4 ≤ 8 − 2 = 6.
    expect(e).toEqual([{ _tag: 'CapacityOverflow', level: 'RF', tensor: 'W', words: 3, capacityWords: 2 }]);
    expect(describeInvalid(e[0]!)).toBe('RF: tile of weights needs 3 words, capacity is 2');
    const rest = { ...part, levels: [part.levels[0]!, { ...part.levels[1]!, capacityWords: 6, partitionWords: { W: 3, I: null, O: null } }] };
    expect(errors(rest, p, [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]], {}, { W: true, I: true, O: false })])).toEqual([
      { _tag: 'CapacityOverflow', level: 'RF', tensor: 'all', words: 4, capacityWords: 3 },
    ]);
  });
  it('tile words pack by bit width and shrink with compression (ceil(n · density))', () => {
    const packed: Arch = { ...arch, scaleAccessEnergyWithBits: true, levels: [arch.levels[0]!, { ...arch.levels[1]!, formats: { ...arch.levels[1]!.formats, I: { format: 'rle', metadataBits: 4 } } }] };
    const q = problem({ P: 4, R: 3 }, { bits: { W: 8, I: 16, O: 16 }, density: { W: 1, I: 0.5, O: 1 } });
    // RF: W 3 taps at 8 bits → 2 words; I 6 points → ceil(6 · 0.5) = 3 words.
    expect(tileWords(packed, q, { levels: [lvl([], {}), lvl([['P', 4], ['R', 3]], {}, { W: true, I: true, O: false })], origin: 't' })[1]).toEqual({ W: 2, I: 3, O: 0 });
    // an uncompressed format stores every element whatever the density: pruned W (density 0.5) still takes 3 taps → 2 words
    const pruned = { ...q, density: { W: 0.5, I: 0.5, O: 1 } };
    expect(tileWords(packed, pruned, { levels: [lvl([], {}), lvl([['P', 4], ['R', 3]], {}, { W: true, I: true, O: false })], origin: 't' })[1]).toEqual({ W: 2, I: 3, O: 0 });
  });
  it('boundaries: a shared rest met exactly is valid; outputs count against a shared level; spatial Y and wide psums count', () => {
    const exact = { ...arch, levels: [arch.levels[0]!, { ...arch.levels[1]!, capacityWords: 7, partitionWords: { W: 3, I: null, O: null } }] };
    expect(errors(exact, p, [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]], {}, { W: true, I: true, O: false })])).toEqual([]); // I 4 = 7 − 3
    const withO = testArch([{}, { name: 'RF', instances: 2, capacityWords: 8 }], 2);
    // RF keeps W 3 + I 4 + O 2 = 9 > 8 (O alone tips it over).
    expect(errors(withO, p, [lvl([], { P: 2 }), lvl([['P', 2], ['R', 3]])])).toEqual([{ _tag: 'CapacityOverflow', level: 'RF', tensor: 'all', words: 9, capacityWords: 8 }]);
    const wide: Arch = { ...withO, scaleAccessEnergyWithBits: true };
    const q = problem({ P: 4, R: 3 }, { bits: { W: 16, I: 16, O: 32 } });
    // 32-bit psums take 2 words each: the RF's 2 outputs need 4 words; DRAM's whole tensors: spatial Y counts too.
    expect(tileWords(wide, q, { levels: [lvl([], {}, undefined, { P: 2 }), lvl([['P', 2], ['R', 3]])], origin: 't' })).toEqual([
      { W: 3, I: 6, O: 8 }, { W: 3, I: 4, O: 4 },
    ]);
  });
  it('describes the other reasons', () => {
    expect(describeInvalid({ _tag: 'NoMapping', reason: 'x' })).toBe('no mapping found: x');
  });
});
