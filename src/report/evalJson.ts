/**
 * The `codesim eval --json` document (schema documented in README.md):
 * { arch, network, energyUnit, costSources, layers: [{ name, kind, macs, effectualMacs, cycles, utilization,
 *   mapping, computeCycles, macActions: { random, gated, skipped }, levelCycles: { <level>: n },
 *   energy: { unit, total, compute, network, perMac, byLevel, byTensor, byNetwork, byLevelTensor },
 *   accesses: { <level>: { weights: { reads, writes, fills, updates, readBits, writeBits, split, metadata }, inputs: {…},
 *   outputs: {…} } } }], total: { macs, effectualMacs, cycles, latencyUs, energy: {…} } }
 * Access counts are totals over all instances, in elements, after sparsity (gated accesses included,
 * skipped excluded); writes = fills + updates; `readBits` / `writeBits` = elements × the tensor's bit width.
 * Pool / add layers: their backing-store traffic (inputs read once, outputs written once) and `bottleneck` =
 * the backing store (their cycles are its bandwidth bound).
 * `split` gives each action's { random, gated, skipped } totals; `metadata` the metadata { reads, writes } in
 * vector accesses (totals); `compression` the elements (de)compressed (totals); `levelCycles` the cycles each level's bandwidth alone would need (0: unconstrained);
 * `byLevelTensor` the storage energy of each (level, tensor).
 * Pure: returns a plain object.
 */
import type { Arch } from '../arch/index.js';
import type { LayerResult, NetworkResult } from '../codesign/index.js';
import { levelAccessTotals, type AccessTotals, type ActionSplit, type LevelStats } from '../dataflow/index.js';
import type { EnergyBreakdown } from '../energy/index.js';

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

const energyJson = (e: EnergyBreakdown, macs: number) => ({
  unit: e.unit,
  total: e.total,
  compute: e.compute,
  network: e.network,
  perMac: macs > 0 ? e.total / macs : null,
  byLevel: e.byLevel,
  byTensor: { weights: e.byTensor.W, inputs: e.byTensor.I, outputs: e.byTensor.O },
  byNetwork: e.byNetwork,
  ...(e.byLevelTensor !== undefined
    ? { byLevelTensor: Object.fromEntries(Object.entries(e.byLevelTensor).map(([k, v]) => [k, { weights: v.W, inputs: v.I, outputs: v.O }])) }
    : {}),
});

const times = (a: ActionSplit, n: number) => ({ random: a.random * n, gated: a.gated * n, skipped: a.skipped * n });

/** Per tensor at a level: totals, bits, the random / gated / skipped split of every action and the metadata accesses. */
const tensorJson = (lv: LevelStats, t: 'W' | 'I' | 'O', a: AccessTotals, bits: number) => {
  const s = lv.tensors[t];
  const n = lv.utilizedInstances;
  return {
    ...withBits(a, bits),
    split: { reads: times(s.actual.reads, n), fills: times(s.actual.fills, n), updates: times(s.actual.updates, n) },
    metadata: { reads: s.vectorAccesses.metadataReads * n, writes: s.vectorAccesses.metadataWrites * n },
    compression: { decompressed: s.decompressed * n, compressed: s.compressed * n },
  };
};

const withBits = (a: AccessTotals, bits: number) => ({ ...a, readBits: a.reads * bits, writeBits: a.writes * bits });

const layerJson = (l: LayerResult) => ({
  name: l.name,
  kind: l.kind,
  macs: l.macs,
  effectualMacs: l.effectualMacs,
  cycles: l.cycles,
  utilization: l.utilization,
  mapping: l.mapping ? l.mapping.origin : null,
  bottleneck: l.stats ? l.stats.bottleneck : l.traffic ? l.traffic.level : null,
  ...(l.stats
    ? {
        computeCycles: l.stats.computeCycles,
        macActions: l.stats.macActions,
        levelCycles: Object.fromEntries(l.stats.levels.map((lv) => [lv.name, lv.cycleBound])),
      }
    : {}),
  energy: energyJson(l.energy, l.macs),
  accesses: l.stats
    ? Object.fromEntries(
        l.stats.levels.map((lv) => {
          const t = levelAccessTotals(lv);
          const b = l.problem!.bits;
          return [lv.name, { weights: tensorJson(lv, 'W', t.W, b.W), inputs: tensorJson(lv, 'I', t.I, b.I), outputs: tensorJson(lv, 'O', t.O, b.O) }];
        }),
      )
    : l.traffic
      ? { [l.traffic.level]: vectorAccesses(l.traffic) }
      : {},
});

/** A vector layer's backing-store accesses: inputs read once, outputs written once (elements; no weights). */
const vectorAccesses = (t: NonNullable<LayerResult['traffic']>) => {
  const none = { reads: 0, writes: 0, fills: 0, updates: 0 };
  return {
    weights: withBits(none, t.bits),
    inputs: withBits({ ...none, reads: t.inputElements }, t.bits),
    outputs: withBits({ ...none, writes: t.outputElements, updates: t.outputElements }, t.bits),
  };
};

/** The JSON document of a network evaluation. */
/** Where each per-access cost of `arch` comes from: level name (and `MAC`) → the cost preset's citation. */
export const costSourcesOf = (arch: Arch): Record<string, string> =>
  Object.fromEntries([...arch.levels.map((l) => [l.name, l.costSource]), ['MAC', arch.compute.costSource]]);

export const evalJson = (arch: Arch, r: NetworkResult) => ({
  arch: arch.name,
  archSource: arch.source,
  network: r.network,
  energyUnit: arch.energyUnit,
  costSources: costSourcesOf(arch),
  clockMHz: arch.clockMHz,
  layers: r.layers.map(layerJson),
  total: {
    macs: r.total.macs,
    effectualMacs: r.total.effectualMacs,
    cycles: r.total.cycles,
    latencyUs: r.total.cycles / arch.clockMHz,
    energy: energyJson(r.total.energy, r.total.macs),
  },
});
