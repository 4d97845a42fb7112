/** `withStorage` (config/dataflow.ts): a dataflow's storage re-allocation replaces the named levels' capacities only. */
import { describe, expect, it } from 'vitest';
import { withStorage } from '../../src/config/index.js';
import type { Dataflow } from '../../src/mapping/index.js';
import { testArch } from '../helpers/arch.js';

describe('withStorage', () => {
  const dataflow = { name: 'd', levels: [] } as unknown as Dataflow; // withStorage reads only `storage`
  const arch = testArch([{ name: 'DRAM' }, { name: 'constructor', capacityWords: 64 }, { name: 'RF', capacityWords: 16 }]);
  it('sets the named level to its new capacity in words (no partitions) and leaves the others', () => {
    const out = withStorage(arch, { dataflow, storage: { RF: 32 } });
    expect(out.levels.map((l) => l.capacityWords)).toEqual([Infinity, 64, 32]);
    expect(out.levels[2]!.partitionWords).toBeNull();
  });
  it('a level named like an Object.prototype member keeps its capacity', () => {
    expect(withStorage(arch, { dataflow, storage: { RF: 32 } }).levels[1]!.capacityWords).toBe(64);
  });
  it('an empty re-allocation returns the arch itself', () => {
    expect(withStorage(arch, { dataflow, storage: {} })).toBe(arch);
  });
});
