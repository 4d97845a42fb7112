/**
 * `explainNoMapping` on exact cases, one per branch (issue 9: its mutants survived `explain.test.ts`, whose
 * exact messages cover three cases): the whole explanation — tag, every blocker's site and message, `dataflowOnly`
 * — or, for `SearchMissed`, the example's forced factors. Each expected message is written out from the rule and
 * the arch by hand (comments give the numbers).
 */
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../src/arch/index.js';
import { explainNoMapping, freeLevel, type Dataflow, type LevelConstraint, type NoMappingExplanation } from '../../src/mapping/index.js';
import type { Dim } from '../../src/workload/index.js';
import { testArch } from '../helpers/arch.js';
import { problem } from '../helpers/eval.js';

/** DRAM (fan-out 1) → L1 (1000 words; fan-out X 2 × Y 2) → 4 × L2 (2 words each; fan-out 1) → 4 MACs. */
const a = testArch([{}, { capacityWords: 1000 }, { capacityWords: 2, instances: 4, meshX: 2, meshY: 2 }], 4, { x: 2, y: 2 });
/** DRAM (fan-out X 2, Y 1) → 2 × L1 (fan-out 1) → 2 × L2 (fan-out X 2 to the MACs) → 4 MACs in a row. */
const b = testArch([{}, { capacityWords: 1000, instances: 2 }, { capacityWords: 1000, instances: 2 }], 4);

const df = (name: string, levels: Record<string, Partial<LevelConstraint>>): Dataflow => ({
  name, description: '', levels: Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, { ...freeLevel(), ...v }])),
});
const exact = (n: number) => ({ kind: 'exact' as const, n });
const all = { kind: 'all' as const };

/** The non-1 factors of an example mapping, per level: `T:C2 X:K2 Y:…`. */
const factors = (ex: NoMappingExplanation): string[] => {
  if (ex._tag !== 'SearchMissed') return [ex._tag];
  return ex.example.levels.map((lm) => ([['T', 'temporal'], ['X', 'spatialX'], ['Y', 'spatialY']] as const)
    .map(([k, s]) => `${k}:${(Object.entries(lm[s]) as Array<[Dim, number]>).filter(([, f]) => f !== 1).map(([d, f]) => `${d}${f}`).join('')}`).join(' '));
};

describe('rules no factorization can satisfy', () => {
  it('a spatial rule where the level has no fan-out on that axis is void (the slot holds 1), as in the mapspace', () => {
    // arch b: the DRAM fans out 2 along X and 1 along Y. K: all on the DRAM's Y is void (K stays at the DRAM's
    // temporal loop); C: 2 on its X is applied (C = 4: X2 at the DRAM, the other 2 temporal there)
    const ex = explainNoMapping(b, problem({ C: 4, K: 2 }), df('y-void', { DRAM: { spatialX: { C: exact(2) }, spatialY: { K: all } } }));
    expect(factors(ex)).toEqual(['T:C2K2 X:C2 Y:', 'T: X: Y:', 'T: X: Y:']);
    expect(ex._tag === 'SearchMissed' && ex.example.origin).toBe("smallest mapping allowed by dataflow 'y-void'");
  });

  it('a forced spatial factor above the fan-out: the rule, the level and the MACs below the innermost level', () => {
    // arch b: L2 fans out 2 along X to the MACs; K: 4 on L2's X needs 4. K = 2 does not take the forced 4 either, but
    // only the fan-out is reported (the divisibility check runs only when no rule overflows)
    for (const K of [4, 2]) {
      const ex = explainNoMapping(b, problem({ K }), df('x4', { L2: { spatialX: { K: exact(4) } } }));
      expect(ex).toEqual({
        _tag: 'Blocked',
        blockers: [{
          site: { _tag: 'DataflowRule', level: 'L2', slot: 'spatialX', dim: 'K' },
          message: "dataflow 'x4' needs K = 4 on spatial X below L2 (rule K: 4); the array has 2 MAC instances along X (columns)",
        }],
        dataflowOnly: true,
      });
    }
  });

  it('a forced spatial factor above the backing store\'s own fan-out is a rule blocker too', () => {
    // arch b: the DRAM fans out 2 along X; K: 4 on its X needs 4 (only its temporal slot is free of rules)
    expect(explainNoMapping(b, problem({ K: 4 }), df('dx4', { DRAM: { spatialX: { K: exact(4) } } }))).toEqual({
      _tag: 'Blocked',
      blockers: [{
        site: { _tag: 'DataflowRule', level: 'DRAM', slot: 'spatialX', dim: 'K' },
        message: "dataflow 'dx4' needs K = 4 on spatial X below DRAM (rule K: 4); the array has 2 L1 instances along X (columns)",
      }],
      dataflowOnly: true,
    });
  });

  it('forced factors that do not divide the bound: each forced site listed, the last one named', () => {
    const one = explainNoMapping(a, problem({ K: 4 }), df('k3', { L1: { temporal: { K: exact(3) } } }));
    expect(one).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'DataflowRule', level: 'L1', slot: 'temporal', dim: 'K' }, message: "dataflow 'k3' forces K factors 3 (L1 temporal), which do not divide the layer's K = 4" }],
      dataflowOnly: true,
    });
    // 2 · 4 = 8 > 4
    const two = explainNoMapping(a, problem({ K: 4 }), df('k2k4', { L1: { temporal: { K: exact(2) } }, L2: { temporal: { K: exact(4) } } }));
    expect(two).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'DataflowRule', level: 'L2', slot: 'temporal', dim: 'K' }, message: "dataflow 'k2k4' forces K factors 2 (L1 temporal) × 4 (L2 temporal), which do not divide the layer's K = 4" }],
      dataflowOnly: true,
    });
  });

  it('a rule on the backing store\'s temporal loop is void (it takes what the inner loops leave)', () => {
    // K: 3 on the DRAM's temporal slot with K = 4: no blocker; K stays at the DRAM
    const ex = explainNoMapping(a, problem({ K: 4 }), df('dram3', { DRAM: { temporal: { K: exact(3) } } }));
    expect(factors(ex)).toEqual(['T:K4 X: Y:', 'T: X: Y:', 'T: X: Y:']);
  });
});

describe('the smallest mapping the dataflow allows is invalid', () => {
  it('forced spatial factors of two dimensions overflow an axis together (Y, then X)', () => {
    // each of C: 2 and K: 2 fits L1's 2 along an axis alone; together they use 4
    const y = explainNoMapping(a, problem({ C: 2, K: 2 }), df('cky', { L1: { spatialY: { C: exact(2), K: exact(2) } } }));
    expect(y).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'DataflowRule', level: 'L1', slot: 'spatialY', dim: 'C' }, message: "dataflow 'cky' needs C = 2 × K = 2 = 4 on spatial Y below L1; the array has 2 L2 instances along Y (rows)" }],
      dataflowOnly: true,
    });
    const x = explainNoMapping(a, problem({ C: 2, K: 2 }), df('ckx', { L1: { spatialX: { C: exact(2), K: exact(2) } } }));
    expect(x).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'DataflowRule', level: 'L1', slot: 'spatialX', dim: 'C' }, message: "dataflow 'ckx' needs C = 2 × K = 2 = 4 on spatial X below L1; the array has 2 L2 instances along X (columns)" }],
      dataflowOnly: true,
    });
  });

  // R: all at L2 with R = 3: the weights tile there is 3 words, the inputs tile 3 (a window of 3), the outputs 1
  const r3 = problem({ R: 3 });
  const keepAt = (name: string, keep: LevelConstraint['keep']) => df(name, { L2: { temporal: { R: all }, keep } });
  const l2 = (o: Partial<Arch['levels'][number]>, arch: Arch = a): Arch => ({ ...arch, levels: arch.levels.map((lv, i) => (i === 2 ? { ...lv, ...o } : lv)) });

  it('a tile over the capacity: the level, the tensors kept, the words', () => {
    expect(explainNoMapping(a, r3, keepAt('ws', ['W']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: "L2: the weights tile needs at least 3 words (the smallest that dataflow 'ws' allows, which keeps weights in L2), but the capacity is 2 words" }],
      dataflowOnly: true,
    });
    // two tensors: 3 + 3 words
    expect(explainNoMapping(a, r3, keepAt('wis', ['W', 'I']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: "L2: the weights, inputs tiles needs at least 6 words (the smallest that dataflow 'wis' allows, which keeps weights, inputs in L2), but the capacity is 2 words" }],
      dataflowOnly: true,
    });
  });

  it('a tile over its partition; tiles over the shared part of a partitioned level', () => {
    const part = l2({ capacityWords: 10, partitionWords: { W: 2, I: null, O: null } });
    expect(explainNoMapping(part, r3, keepAt('ws', ['W']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'partitionWords', tensor: 'W' }, message: "L2: the weights tile needs at least 3 words (the smallest that dataflow 'ws' allows, which keeps weights in L2), but the weights partition is 2 words" }],
      dataflowOnly: true,
    });
    // weights and inputs kept, only the weights over their partition (the inputs' 3 words fit the shared 8): the
    // blocker names the weights alone
    expect(explainNoMapping(part, r3, keepAt('wis', ['W', 'I']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'partitionWords', tensor: 'W' }, message: "L2: the weights tile needs at least 3 words (the smallest that dataflow 'wis' allows, which keeps weights in L2), but the weights partition is 2 words" }],
      dataflowOnly: true,
    });
    // 10 words, 8 of them the outputs' partition: weights and inputs share 2
    const shared = l2({ capacityWords: 10, partitionWords: { W: null, I: null, O: 8 } });
    expect(explainNoMapping(shared, r3, keepAt('wis', ['W', 'I']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'partitionWords' }, message: "L2: the weights, inputs tiles needs at least 6 words (the smallest that dataflow 'wis' allows, which keeps weights, inputs in L2), but the shared capacity is 2 words" }],
      dataflowOnly: true,
    });
  });

  it('multi-word elements are named when access energy scales with bits (and only then)', () => {
    // 32-bit outputs in 16-bit words: the outputs tile (1 element) takes 2 words; with the weights, 3 + 2 = 5 words
    const p32 = { ...r3, bits: { W: 16, I: 16, O: 32 } };
    expect(explainNoMapping({ ...a, scaleAccessEnergyWithBits: true }, p32, keepAt('wos', ['W', 'O']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: "L2: the weights, outputs tiles needs at least 5 words (the smallest that dataflow 'wos' allows, which keeps weights, outputs in L2), but the capacity is 2 words (outputs are 32-bit in 16-bit words: 2 words each)" }],
      dataflowOnly: true,
    });
    // 32-bit weights too: 3 · 2 + 2 = 8 words, two notes
    const w32 = { ...r3, bits: { W: 32, I: 16, O: 32 } };
    expect(explainNoMapping({ ...a, scaleAccessEnergyWithBits: true }, w32, keepAt('wos', ['W', 'O']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: "L2: the weights, outputs tiles needs at least 8 words (the smallest that dataflow 'wos' allows, which keeps weights, outputs in L2), but the capacity is 2 words (weights are 32-bit in 16-bit words: 2 words each; outputs are 32-bit in 16-bit words: 2 words each)" }],
      dataflowOnly: true,
    });
    // without bit scaling an element is a word: 3 + 1 = 4 words, no note
    expect(explainNoMapping(a, p32, keepAt('wos', ['W', 'O']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: "L2: the weights, outputs tiles needs at least 4 words (the smallest that dataflow 'wos' allows, which keeps weights, outputs in L2), but the capacity is 2 words" }],
      dataflowOnly: true,
    });
  });

  it('a dataflow named \'any\' is taken for the unconstrained one: no "smallest that dataflow allows", not dataflowOnly', () => {
    expect(explainNoMapping(a, r3, keepAt('any', ['W']))).toEqual({
      _tag: 'Blocked',
      blockers: [{ site: { _tag: 'LevelLimit', level: 'L2', key: 'capacityWords' }, message: 'L2: the weights tile needs at least 3 words, but the capacity is 2 words' }],
      dataflowOnly: false,
    });
  });
});

describe('nothing fits even without the dataflow', () => {
  // a backing store that cannot keep the weights: no mapping is valid (KeepNotAllowed, which names no rule or limit)
  const noW: Arch = { ...a, levels: a.levels.map((lv, i) => (i === 0 ? { ...lv, keeps: { W: false, I: true, O: true } } : lv)) };
  it('the unconstrained dataflow: blocked, with no blocker to name and not by the dataflow', () => {
    expect(explainNoMapping(noW, problem({ K: 2 }), { name: 'any', description: '', levels: {} })).toEqual({ _tag: 'Blocked', blockers: [], dataflowOnly: false });
  });
  it('a rule that cannot be met: its blocker, but not dataflowOnly', () => {
    const ex = explainNoMapping(noW, problem({ K: 4 }), df('k3', { L1: { temporal: { K: exact(3) } } }));
    expect(ex._tag === 'Blocked' && [ex.blockers.length, ex.dataflowOnly]).toEqual([1, false]);
  });
});
