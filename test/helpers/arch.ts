/** Small hand-built architectures for tests (no YAML): DRAM → ... → MACs, unit energies unless given. */
import type { Arch, NetworkSpec, StorageLevel } from '../../src/arch/index.js';

const fmt = { format: 'uncompressed' as const, metadataBits: 0 };

export interface LevelOpts {
  name?: string;
  instances?: number;
  meshX?: number;
  meshY?: number;
  capacityWords?: number;
  read?: number;
  write?: number;
  keeps?: { W: boolean; I: boolean; O: boolean };
  bandwidth?: number;
  blockWords?: number;
}

export const level = (i: number, o: LevelOpts = {}): StorageLevel => ({
  name: o.name ?? (i === 0 ? 'DRAM' : `L${i}`),
  kind: i === 0 ? 'dram' : 'sram',
  capacityWords: i === 0 ? Infinity : (o.capacityWords ?? 1 << 20),
  partitionWords: null,
  wordBits: 16,
  blockWords: o.blockWords ?? 1,
  instances: o.instances ?? 1,
  meshX: o.meshX ?? o.instances ?? 1,
  meshY: o.meshY ?? 1,
  bandwidthWordsPerCycle: o.bandwidth ?? Infinity,
  keeps: o.keeps ?? { W: true, I: true, O: true },
  energy: { read: o.read ?? 1, write: o.write ?? 1, gatedFraction: 0, metadataPerWord: 1 },
  formats: { W: fmt, I: fmt, O: fmt },
  actionOptimizations: [],
  costSource: 'test',
});

export const net = (o: Partial<NetworkSpec> = {}): NetworkSpec => ({
  energyPerWord: o.energyPerWord ?? 0,
  multicast: o.multicast ?? true,
  spatialReduction: o.spatialReduction ?? true,
});

/** An arch from level options; the MAC array has `macs` units arranged macs × 1 unless meshes are given. */
export const testArch = (levels: LevelOpts[], macs = levels[levels.length - 1]?.instances ?? 1, macMesh?: { x: number; y: number }): Arch => ({
  name: 'test',
  source: 'test',
  clockMHz: 200,
  energyUnit: 'MAC-normalized',
  levels: levels.map((o, i) => level(i, o)),
  networks: levels.map(() => net()),
  compute: {
    instances: macs,
    meshX: macMesh?.x ?? macs,
    meshY: macMesh?.y ?? 1,
    multiplyEnergy: 1,
    addEnergy: 0,
    refBits: 16,
    sparse: 'none',
    gatedFraction: 0,
    costSource: 'test',
  },
  scaleAccessEnergyWithBits: false,
});
