/**
 * An on-chip backing store (levels[0] of kind sram: the whole network resident across inferences, no DRAM;
 * Minerva-like designs): decoding and its checks, hand-derived counts and energy, and equality with the same
 * hierarchy whose levels[0] is a DRAM of the same costs (the kind changes nothing in counting or pricing).
 *
 * Hand-derived set-up (the counts of test/dataflow/specFeatures.test.ts): 1-D convolution P4 R3 (12 MACs),
 * SRAM → RF → 1 MAC; SRAM temporal P4, RF temporal R3. SRAM reads W 3, I 6 and O updates 4 (each output
 * finished in the RF, written once); RF reads W 12, I 12, O 8, fills W 3, I 6, O updates 12.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../src/codesign/index.js';
import { decodeArch } from '../../src/config/index.js';
import { lenet5, mnistMlp } from '../../src/workload/zoo/index.js';
import { evalOrThrow, lvl, problem } from '../helpers/eval.js';

const doc = (level0: object, more: object[] = []) => ({
  name: 'resident', clockMHz: 100, costs: 'horowitz-45nm',
  levels: [
    { name: 'SRAM', kind: 'sram', capacityWords: 1 << 20, energy: { read: 5, write: 5 }, ...level0 },
    { name: 'RF', kind: 'regfile', capacityWords: 64, energy: { read: 0.5, write: 0.5 } },
    ...more,
  ],
  compute: { instances: 1, energy: { multiply: 1, add: 0, refBits: 16 } },
});
const issues = (d: unknown): string[] => {
  const r = decodeArch(d);
  return E.isLeft(r) ? r.left.map((i) => `${i.path.join('.')}: ${i.message}`) : [];
};

describe('levels[0] as an on-chip SRAM backing store', () => {
  it('decodes: kind sram, its capacity, every tensor kept', () => {
    const r = decodeArch(doc({}));
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      expect(r.right.levels[0]!.kind).toBe('sram');
      expect(r.right.levels[0]!.capacityWords).toBe(1 << 20);
      expect(r.right.levels[0]!.keeps).toEqual({ W: true, I: true, O: true });
    }
  });
  it('is checked: a capacity is required, every tensor kept, not a regfile; a DRAM below it is refused', () => {
    expect(issues(doc({ capacityWords: undefined }))).toEqual(['levels.0: missing required key "capacityWords" (only the DRAM is unbounded)']);
    expect(issues(doc({ keeps: ['weights', 'inputs'] }))).toEqual(['levels.0.keeps: the on-chip backing store must keep every tensor (missing: outputs)']);
    expect(issues(doc({ kind: 'regfile' }))).toEqual(['levels.0.kind: levels[0] is the backing store: kind dram (off chip, unbounded) or sram (on chip, weights resident across inferences), got kind regfile']);
    expect(issues(doc({}, [{ name: 'D', kind: 'dram' }]))).toContain('levels.2.kind: only levels[0] may be a dram (the backing store is the outermost level)');
  });
  it('hand-derived energy: SRAM (3 + 6) reads × 5 + 4 updates × 5 = 65; RF (32 reads + 9 fills + 12 updates) × 0.5 = 26.5; MACs 12; total 103.5', () => {
    const a = decodeArch(doc({}));
    if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
    const r = evalOrThrow(a.right, problem({ P: 4, R: 3 }), { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' });
    expect(r.energy.byLevel).toEqual({ SRAM: 65, RF: 26.5 });
    expect(r.energy.compute).toBe(12);
    expect(r.energy.total).toBe(103.5);
  });
  it('the tiles at levels[0] (whole tensors) must fit its capacity, as at any level', () => {
    const a = decodeArch(doc({ capacityWords: 12 })); // W 3 + I 6 + O 4 = 13 words > 12
    if (E.isLeft(a)) throw new Error(JSON.stringify(a.left));
    expect(() => evalOrThrow(a.right, problem({ P: 4, R: 3 }), { levels: [lvl([['P', 4]]), lvl([['R', 3]])], origin: 'test' })).toThrow(/CapacityOverflow/);
  });
  it('counts and energies equal those of the same hierarchy with a DRAM of the same costs at levels[0] (MNIST MLP, LeNet-5)', () => {
    const sram = decodeArch(doc({}));
    const dram = decodeArch(doc({ kind: 'dram', capacityWords: undefined }));
    if (E.isLeft(sram) || E.isLeft(dram)) throw new Error('decode');
    for (const net of [mnistMlp({ batch: 1 }), lenet5({ batch: 1 })]) {
      const s = evaluateNetwork(sram.right, net, new Map());
      const d = evaluateNetwork(dram.right, net, new Map());
      if (E.isLeft(s) || E.isLeft(d)) throw new Error('evaluate');
      expect(s.right.layers.map((l) => [l.energy.total, l.stats?.levels.map((x) => x.tensors) ?? null])).toEqual(d.right.layers.map((l) => [l.energy.total, l.stats?.levels.map((x) => x.tensors) ?? null]));
      expect(s.right.total.energy.byLevel['SRAM']).toBe(d.right.total.energy.byLevel['SRAM']);
    }
  });
});
