/**
 * The `codesim eval --json` document (schema documented in README.md):
 * { arch, network, energyUnit, costSources, layers: [{ name, kind, macs, effectualMacs, cycles, utilization,
 *   mapping, energy: { unit, total, compute, network, perMac, byLevel, byTensor, byNetwork },
 *   accesses: { <level>: { weights: { reads, writes }, inputs: {…}, outputs: {…} } } }],
 *   total: { macs, effectualMacs, cycles, latencyUs, energy: {…} } }
 * Access counts are totals over all instances, in elements, after sparsity (gated accesses included,
 * skipped excluded); writes = fills + updates; `readBits` / `writeBits` = elements × the tensor's bit width.
 * Pool / add layers: their backing-store traffic (inputs read once, outputs written once) and `bottleneck` =
 * the backing store (their cycles are its bandwidth bound).
 * Pure: returns a plain object.
 */
import type { Arch } from '../arch/index.js';
import type { LayerResult, NetworkResult } from '../codesign/index.js';
import { levelAccessTotals, type AccessTotals } from '../dataflow/index.js';
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
});

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
  energy: energyJson(l.energy, l.macs),
  accesses: l.stats
    ? Object.fromEntries(
        l.stats.levels.map((lv) => {
          const t = levelAccessTotals(lv);
          const b = l.problem!.bits;
          return [lv.name, { weights: withBits(t.W, b.W), inputs: withBits(t.I, b.I), outputs: withBits(t.O, b.O) }];
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
export const evalJson = (arch: Arch, r: NetworkResult) => ({
  arch: arch.name,
  archSource: arch.source,
  network: r.network,
  energyUnit: arch.energyUnit,
  costSources: Object.fromEntries([...arch.levels.map((l) => [l.name, l.costSource]), ['MAC', arch.compute.costSource]]),
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
